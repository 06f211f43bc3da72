/**
 * What one account's requests share, hand-written because ky retries each request on its own
 * and knows nothing of the others: the cap on requests on the wire, and the hold-back after a 429.
 */
import { Semaphore } from './semaphore';
import { sleep } from './sleep';

export class AccountLimiter {
  private readonly slots: Semaphore;
  /** Epoch ms before which no new attempt starts (set by 429 + Retry-After). */
  private pausedUntil = 0;
  /** Epoch ms after which a success restores the full cap lowered by a 429. */
  private calmAfter = 0;

  /** Epoch ms before which no new attempt starts (0 when no 429 was ever waited for). */
  get pausedUntilMs(): number {
    return this.pausedUntil;
  }

  constructor(maxConcurrent: number) {
    this.slots = new Semaphore(maxConcurrent);
  }

  /**
   * Resolves with the release of a slot on the wire. After a 429 the whole account holds back,
   * not only the request that got it: also requests that were already waiting for a slot.
   */
  async enter(signal: AbortSignal | undefined, onAbort: () => Error): Promise<() => void> {
    for (;;) {
      const pause = this.pausedUntil - Date.now();
      if (pause > 0) await sleep(pause, signal, onAbort);
      const release = await this.slots.acquire(signal, onAbort);
      if (this.pausedUntil <= Date.now()) return release;
      release();
    }
  }

  /**
   * A 429 whose Retry-After will be waited for: the bucket is empty. After the pause, one request
   * at a time until a whole Retry-After period passes without a 429, so a queue of many does not
   * spend the refilled bucket on more 429s (bench/rate-limit.ts).
   */
  rateLimited(retryAfterMs: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + retryAfterMs);
    this.calmAfter = this.pausedUntil + retryAfterMs;
    this.slots.setLimit(1);
  }

  /** A 2xx: back to the full cap once a whole Retry-After period has passed without a 429. */
  succeeded(): void {
    if (this.slots.limit < this.slots.capacity && Date.now() >= this.calmAfter) this.slots.setLimit(this.slots.capacity);
  }
}
