// Runtime knobs, changeable from the CLI, startEmulator() and POST /__control/config.

export type FaultKind = '5xx' | 'drop' | 'malformed';

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
  /** Probability (0..1) that a mutation's last operation ends `failed` instead of `finished`. */
  operationFailRate: number;
  /** GET /users/me/organizations with an org key: 'owning' (spec 2.7.3) or 'forbidden' (older 403). */
  orgKeyOrganizations: 'owning' | 'forbidden';
  /** Validate every API response against the OpenAPI document and log violations. */
  validateResponses: boolean;
}

export function defaultConfig(): EmulatorConfig {
  return {
    latencyMs: 0,
    jitterMs: 0,
    rateLimit: null,
    faultRate: 0,
    faults: ['5xx'],
    operationMs: 30,
    operationFailRate: 0,
    orgKeyOrganizations: 'owning',
    validateResponses: false,
  };
}

/** Applies a partial config from JSON; throws a message for bad values. */
export function applyConfig(cfg: EmulatorConfig, patch: Record<string, unknown>): void {
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
    if (!Array.isArray(f) || !f.every((x) => x === '5xx' || x === 'drop' || x === 'malformed')) throw new Error('faults must be an array of "5xx" | "drop" | "malformed"');
    cfg.faults = f as FaultKind[];
  }
  if (patch.orgKeyOrganizations !== undefined) {
    if (patch.orgKeyOrganizations !== 'owning' && patch.orgKeyOrganizations !== 'forbidden') throw new Error('orgKeyOrganizations must be "owning" or "forbidden"');
    cfg.orgKeyOrganizations = patch.orgKeyOrganizations;
  }
  if (patch.validateResponses !== undefined) cfg.validateResponses = patch.validateResponses === true;
}
