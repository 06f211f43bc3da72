// Poll until an assertion passes: tree state and UI settle after API calls return.

export interface EventuallyOptions {
  /** Give up after this many ms (default 10 000). */
  timeout?: number;
  /** Wait this many ms between attempts (default 100). */
  interval?: number;
  /** Prefix for the error thrown at time-out. */
  message?: string;
}

/**
 * Calls `fn` until it returns (or resolves) without throwing, and returns its value.
 * At time-out, throws the last error, prefixed with `message` if given.
 */
export async function eventually<T>(fn: () => T | Promise<T>, opts: EventuallyOptions = {}): Promise<T> {
  const timeout = opts.timeout ?? 10_000;
  const interval = opts.interval ?? 100;
  const deadline = Date.now() + timeout;
  let lastError: unknown;
  let attempts = 0;
  for (;;) {
    attempts++;
    try {
      return await fn();
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) break;
    await sleep(Math.min(interval, Math.max(0, deadline - Date.now())));
  }
  const base = lastError instanceof Error ? lastError : new Error(String(lastError));
  const err = new Error(`${opts.message ? `${opts.message}: ` : ''}still failing after ${timeout} ms (${attempts} attempts): ${base.message}`);
  err.stack = `${err.message}\n${base.stack ?? ''}`;
  Object.assign(err, { actual: (base as { actual?: unknown }).actual, expected: (base as { expected?: unknown }).expected });
  throw err;
}

/** Resolves when `predicate` returns truthy; the truthy value is returned. */
export async function waitFor<T>(predicate: () => T | Promise<T>, opts: EventuallyOptions = {}): Promise<NonNullable<T>> {
  return eventually(async () => {
    const v = await predicate();
    if (!v) throw new Error('condition not met');
    return v as NonNullable<T>;
  }, opts);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
