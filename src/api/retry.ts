/** Retry policy: which failures may be retried, and how long to wait. */

export interface RetryOptions {
  /** Total attempts including the first (default 5). */
  maxAttempts: number;
  /** First backoff ceiling in ms (default 250). */
  baseDelayMs: number;
  /** Backoff ceiling in ms (default 8000). */
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for; the 429/503 is thrown (default 60000). */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryOptions = {
  maxAttempts: 5,
  baseDelayMs: 250,
  maxDelayMs: 8000,
  maxRetryAfterMs: 60_000,
};

export type AttemptFailure =
  | { type: 'status'; status: number }
  | { type: 'network' }
  | { type: 'timeout' };

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isIdempotent(method: string): boolean {
  return IDEMPOTENT.has(method.toUpperCase());
}

/**
 * As the API document allows: GET/HEAD on network errors, timeouts and 5xx; any method on 503,
 * 423 Locked and 429 (rejected before any work is done). POST/PATCH/DELETE are never re-sent
 * after a timeout or a network error, because the first one may have been applied.
 */
export function isRetryable(method: string, failure: AttemptFailure): boolean {
  if (failure.type !== 'status') return isIdempotent(method);
  const s = failure.status;
  if (s === 503 || s === 423 || s === 429) return true;
  if (s >= 500 && s !== 501 && s !== 505) return isIdempotent(method);
  return false;
}

/** Full jitter: random in [0, min(cap, base * 2^(attempt-1))). `attempt` is the one that just failed (1-based). */
export function backoffDelay(attempt: number, opts: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs'>, random: () => number = Math.random): number {
  const ceiling = Math.min(opts.maxDelayMs, opts.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

/** Retry-After as seconds (delta-seconds or HTTP-date), or undefined when absent/unparseable. */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const v = value.trim();
  if (v === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(v)) return Number(v);
  const t = Date.parse(v);
  if (Number.isNaN(t)) return undefined;
  return Math.max(0, (t - now) / 1000);
}
