/**
 * A counting semaphore whose waiters can be cancelled with an AbortSignal. Its `limit` can be
 * lowered below the capacity for a while (the client does after a 429) and raised back.
 * Hand-written: p-limit and p-queue hold a slot for the run of one function, and here a slot is
 * taken in ky's beforeRequest hook and freed in ky's fetch, two separate calls.
 */
export class Semaphore {
  /** Slots taken now. */
  private running = 0;
  private current: number;
  private readonly waiters: Array<{ grant: () => void }> = [];

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`Semaphore capacity must be a positive integer, got ${capacity}`);
    this.current = capacity;
  }

  /** Slots granted at once now (1 … capacity). */
  get limit(): number {
    return this.current;
  }

  setLimit(n: number): void {
    this.current = Math.max(1, Math.min(this.capacity, Math.floor(n)));
    while (this.running < this.current && this.waiters.length) this.waiters.shift()!.grant();
  }

  /**
   * Resolves with a release function once a slot is free. Rejects with `onAbort()` if the
   * signal fires while waiting (the waiter is removed from the queue, nothing leaks).
   */
  acquire(signal: AbortSignal | undefined, onAbort: () => Error): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(onAbort());
    if (this.running < this.current && this.waiters.length === 0) {
      this.running++;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve, reject) => {
      const waiter = {
        grant: () => {
          signal?.removeEventListener('abort', abort);
          this.running++;
          resolve(this.releaser());
        },
      };
      const abort = () => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(onAbort());
      };
      signal?.addEventListener('abort', abort, { once: true });
      this.waiters.push(waiter);
    });
  }

  private releaser(): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.running--;
      if (this.running < this.current) this.waiters.shift()?.grant();
    };
  }
}
