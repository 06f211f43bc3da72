// Latency, rate limiting and injected faults: the misbehaviour a client must survive. One seeded
// dice stream (cfg.faultSeed) decides jitter, faults and spikes, so a run can be replayed.
import type { EmulatorConfig, FaultKind } from './config';
import { prng, type Rand } from './ids';

export class Faults {
  private buckets = new Map<string, { tokens: number; at: number }>();
  private rand: Rand = prng('faults');
  private seededWith = 0;
  /** Burst windows are counted from when bursts were switched on (or the last reset). */
  private burstOrigin = Date.now();
  private burstKey = '';

  reset(): void {
    this.buckets.clear();
    this.rand = prng('faults');
    this.seededWith = 0;
    this.burstOrigin = Date.now();
    this.burstKey = '';
  }

  /** Seed 0 keeps the historical stream; any other seed starts its own. */
  private dice(cfg: EmulatorConfig): Rand {
    if (cfg.faultSeed !== this.seededWith) {
      this.seededWith = cfg.faultSeed;
      this.rand = cfg.faultSeed ? prng(cfg.faultSeed) : prng('faults');
    }
    return this.rand;
  }

  delayMs(cfg: EmulatorConfig): number {
    return cfg.latencyMs + (cfg.jitterMs > 0 ? this.dice(cfg)() * cfg.jitterMs : 0);
  }

  /** Extra delay of a latency spike for this request (0 for most). */
  spikeMs(cfg: EmulatorConfig): number {
    if (!cfg.spikes || cfg.spikes.rate <= 0) return 0;
    return this.dice(cfg)() < cfg.spikes.rate ? cfg.spikes.ms : 0;
  }

  /** Token bucket per route (Neon limits bursts per route); returns Retry-After seconds when empty. */
  rateLimited(cfg: EmulatorConfig, route: string, now = Date.now()): number | undefined {
    if (!cfg.rateLimit) return undefined;
    const rate = cfg.rateLimit.perSecond;
    const b = this.buckets.get(route) ?? { tokens: rate, at: now };
    b.tokens = Math.min(rate, b.tokens + ((now - b.at) / 1000) * rate);
    b.at = now;
    this.buckets.set(route, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return undefined;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / rate));
  }

  /** Inside a 429 burst window: Retry-After seconds until it ends (at least 1). */
  inBurst(cfg: EmulatorConfig, now = Date.now()): number | undefined {
    const b = cfg.bursts;
    if (!b || b.durationMs <= 0) return undefined;
    const key = `${b.everyMs}/${b.durationMs}`;
    if (key !== this.burstKey) {
      this.burstKey = key;
      this.burstOrigin = now;
    }
    const into = (now - this.burstOrigin) % b.everyMs;
    const start = b.everyMs - b.durationMs;
    if (into < start) return undefined;
    return Math.max(1, Math.ceil((b.everyMs - into) / 1000));
  }

  pick(cfg: EmulatorConfig): FaultKind | undefined {
    if (cfg.faultRates) {
      const r = this.dice(cfg)();
      let edge = 0;
      for (const kind of ['5xx', 'drop', 'malformed'] as const) {
        edge += cfg.faultRates[kind] ?? 0;
        if (r < edge) return kind;
      }
      return undefined;
    }
    if (cfg.faultRate <= 0 || cfg.faults.length === 0) return undefined;
    const rand = this.dice(cfg);
    if (rand() >= cfg.faultRate) return undefined;
    return cfg.faults[Math.floor(rand() * cfg.faults.length)];
  }
}
