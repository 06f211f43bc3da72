// Latency, rate limiting and injected faults: the misbehaviour a client must survive.
import type { EmulatorConfig, FaultKind } from './config';
import { prng, type Rand } from './ids';

export class Faults {
  private buckets = new Map<string, { tokens: number; at: number }>();
  private rand: Rand = prng('faults');

  reset(): void {
    this.buckets.clear();
    this.rand = prng('faults');
  }

  delayMs(cfg: EmulatorConfig): number {
    return cfg.latencyMs + (cfg.jitterMs > 0 ? this.rand() * cfg.jitterMs : 0);
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

  pick(cfg: EmulatorConfig): FaultKind | undefined {
    if (cfg.faultRate <= 0 || cfg.faults.length === 0) return undefined;
    if (this.rand() >= cfg.faultRate) return undefined;
    return cfg.faults[Math.floor(this.rand() * cfg.faults.length)];
  }
}
