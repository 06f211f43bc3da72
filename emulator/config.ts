// Runtime knobs, changeable from the CLI, startEmulator() and POST /__control/config.

export type FaultKind = '5xx' | 'drop' | 'malformed';
const FAULT_KINDS: readonly FaultKind[] = ['5xx', 'drop', 'malformed'];

export interface EmulatorConfig {
  /** Fixed delay added to every API response. */
  latencyMs: number;
  /** Extra uniformly random delay in [0, jitterMs). */
  jitterMs: number;
  /** Per-route token bucket; null = unlimited. Excess answers 429 with Retry-After. */
  rateLimit: { perSecond: number } | null;
  /** Probability (0..1) that an API request gets one of `faults` instead of its answer. */
  faultRate: number;
  faults: FaultKind[];
  /** How long operations stay running (their branch answers 423 meanwhile). */
  operationMs: number;
  /** Per-kind probabilities (summing to ≤ 1); when set they replace faultRate + faults. */
  faultRates: Partial<Record<FaultKind, number>> | null;
  /** Latency spikes: a share of requests (rate 0..1) waits `ms` more before its answer. */
  spikes: { rate: number; ms: number } | null;
  /** 429 bursts: the last `durationMs` of every `everyMs` window answers every request 429 + Retry-After. */
  bursts: { everyMs: number; durationMs: number } | null;
  /** Seed of the fault dice (jitter, faults, spikes): the same seed and request order give the same faults. */
  faultSeed: number;
  /** Probability (0..1) that a mutation's last operation ends `failed` instead of `finished`. */
  operationFailRate: number;
  /** GET /users/me/organizations with an org key: 'owning' (spec 2.7.3) or 'forbidden' (older 403). */
  orgKeyOrganizations: 'owning' | 'forbidden';
  /** Validate every API response against the OpenAPI document and log violations. */
  validateResponses: boolean;
  /**
   * GET /projects pages "cut short by the API's timeout": the last N projects of every page are
   * listed only by id in `unavailable_project_ids` (0 = off).
   */
  unavailableProjects: number;
  /**
   * One fault for the next API request of `method` (any method when absent), then cleared: a
   * change whose answer is lost (`drop` after a POST), while the reads around it are answered.
   */
  faultNext: { method?: string; kind: FaultKind } | null;
}

export function defaultConfig(): EmulatorConfig {
  return {
    latencyMs: 0,
    jitterMs: 0,
    rateLimit: null,
    faultRate: 0,
    faults: ['5xx'],
    faultRates: null,
    spikes: null,
    bursts: null,
    faultSeed: 0,
    operationMs: 30,
    operationFailRate: 0,
    orgKeyOrganizations: 'owning',
    validateResponses: false,
    unavailableProjects: 0,
    faultNext: null,
  };
}

/**
 * Named fault profiles (`{"profile": "chaos"}` in a config patch, `--profile chaos`, or
 * startEmulator({faultProfile})). `chaos` is what the integration suite's fault run uses: 10 %
 * server errors, 2 % dropped connections, 2 % malformed bodies, 3 % of answers 2 s late, and a
 * 1 s burst of 429s every 8 s. `none` switches all of it off.
 */
export const FAULT_PROFILES = {
  chaos: {
    faultRates: { '5xx': 0.1, drop: 0.02, malformed: 0.02 },
    spikes: { rate: 0.03, ms: 2000 },
    bursts: { everyMs: 8000, durationMs: 1000 },
  },
  none: { faultRate: 0, faultRates: null, spikes: null, bursts: null, rateLimit: null },
} as const satisfies Record<string, Partial<EmulatorConfig>>;

export type FaultProfile = keyof typeof FAULT_PROFILES;

/** Applies a partial config from JSON; throws a message for bad values. */
export function applyConfig(cfg: EmulatorConfig, patch: Record<string, unknown>): void {
  if (patch.profile !== undefined) {
    const name = patch.profile;
    if (typeof name !== 'string' || !Object.hasOwn(FAULT_PROFILES, name)) throw new Error(`profile must be one of ${Object.keys(FAULT_PROFILES).join(', ')}`);
    // The profile first, so explicit knobs in the same patch win.
    applyConfig(cfg, JSON.parse(JSON.stringify(FAULT_PROFILES[name as FaultProfile])) as Record<string, unknown>);
  }
  const num = (k: string, lo: number, hi: number) => {
    const v = patch[k];
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < lo || v > hi) throw new Error(`${k} must be a number in ${lo}..${hi}`);
    return v;
  };
  const latency = num('latencyMs', 0, 600000);
  if (latency !== undefined) cfg.latencyMs = latency;
  const jitter = num('jitterMs', 0, 600000);
  if (jitter !== undefined) cfg.jitterMs = jitter;
  const rate = num('faultRate', 0, 1);
  if (rate !== undefined) cfg.faultRate = rate;
  const op = num('operationMs', 0, 600000);
  if (op !== undefined) cfg.operationMs = op;
  const fail = num('operationFailRate', 0, 1);
  if (fail !== undefined) cfg.operationFailRate = fail;
  if ('rateLimit' in patch) {
    const rl = patch.rateLimit as { perSecond?: unknown } | null;
    if (rl === null) cfg.rateLimit = null;
    else if (typeof rl === 'object' && typeof rl.perSecond === 'number' && rl.perSecond > 0) cfg.rateLimit = { perSecond: rl.perSecond };
    else throw new Error('rateLimit must be null or {perSecond: number > 0}');
  }
  if (patch.faults !== undefined) {
    const f = patch.faults;
    if (!Array.isArray(f) || !f.every((x) => FAULT_KINDS.includes(x as FaultKind))) throw new Error('faults must be an array of "5xx" | "drop" | "malformed"');
    cfg.faults = f as FaultKind[];
  }
  if ('faultRates' in patch) {
    const fr = patch.faultRates as Record<string, unknown> | null;
    if (fr === null) cfg.faultRates = null;
    else {
      const ok = typeof fr === 'object' && !Array.isArray(fr) && Object.entries(fr).every(([k, v]) => FAULT_KINDS.includes(k as FaultKind) && typeof v === 'number' && v >= 0 && v <= 1);
      const sum = ok ? Object.values(fr).reduce<number>((n, v) => n + (v as number), 0) : 2;
      if (!ok || sum > 1) throw new Error('faultRates must be null or {"5xx"?, "drop"?, "malformed"?: 0..1} summing to at most 1');
      cfg.faultRates = { ...(fr as Partial<Record<FaultKind, number>>) };
    }
  }
  if ('spikes' in patch) {
    const sp = patch.spikes as { rate?: unknown; ms?: unknown } | null;
    if (sp === null) cfg.spikes = null;
    else if (typeof sp === 'object' && typeof sp.rate === 'number' && sp.rate >= 0 && sp.rate <= 1 && typeof sp.ms === 'number' && sp.ms >= 0 && sp.ms <= 600000) cfg.spikes = { rate: sp.rate, ms: sp.ms };
    else throw new Error('spikes must be null or {rate: 0..1, ms: 0..600000}');
  }
  if ('bursts' in patch) {
    const b = patch.bursts as { everyMs?: unknown; durationMs?: unknown } | null;
    if (b === null) cfg.bursts = null;
    else if (typeof b === 'object' && typeof b.everyMs === 'number' && typeof b.durationMs === 'number' && b.everyMs > 0 && b.durationMs >= 0 && b.durationMs < b.everyMs) cfg.bursts = { everyMs: b.everyMs, durationMs: b.durationMs };
    else throw new Error('bursts must be null or {everyMs > 0, durationMs: 0..everyMs}');
  }
  const seed = num('faultSeed', 0, 2 ** 32 - 1);
  if (seed !== undefined) cfg.faultSeed = Math.floor(seed);
  if (patch.orgKeyOrganizations !== undefined) {
    if (patch.orgKeyOrganizations !== 'owning' && patch.orgKeyOrganizations !== 'forbidden') throw new Error('orgKeyOrganizations must be "owning" or "forbidden"');
    cfg.orgKeyOrganizations = patch.orgKeyOrganizations;
  }
  if (patch.validateResponses !== undefined) cfg.validateResponses = patch.validateResponses === true;
  if ('faultNext' in patch) {
    const fn = patch.faultNext as { method?: unknown; kind?: unknown } | null;
    if (fn === null) cfg.faultNext = null;
    else if (typeof fn === 'object' && FAULT_KINDS.includes(fn.kind as FaultKind) && (fn.method === undefined || (typeof fn.method === 'string' && /^[A-Za-z]+$/.test(fn.method)))) {
      cfg.faultNext = { kind: fn.kind as FaultKind, ...(typeof fn.method === 'string' ? { method: fn.method.toUpperCase() } : {}) };
    } else throw new Error('faultNext must be null or {kind: "5xx" | "drop" | "malformed", method?: "POST" | …}');
  }
  const unavailable = num('unavailableProjects', 0, 400);
  if (unavailable !== undefined) cfg.unavailableProjects = Math.floor(unavailable);
}
