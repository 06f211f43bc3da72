/** Retry policy, as ky retry options: which failures may be retried, and how long to wait. */
import { isHTTPError, type RetryOptions as KyRetryOptions } from 'ky';
import { isNeonApiError } from './errors';

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

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isIdempotent(method: string): boolean {
  return IDEMPOTENT.has(method.toUpperCase());
}

/** Rejected before any work is done: 423 Locked, 429, 503. */
const NOTHING_DONE = [423, 429, 503];
/** 5xx except 501 Not Implemented and 505 HTTP Version Not Supported, which would fail again. */
const SERVER_ERRORS = Array.from({ length: 100 }, (_x, i) => 500 + i).filter((s) => s !== 501 && s !== 505);

/**
 * As the API document allows: GET/HEAD on network errors, timeouts and 5xx; any method on 503,
 * 423 Locked and 429. POST/PATCH/DELETE are never re-sent after a timeout or a network error,
 * because the first one may have been applied. A GET whose 2xx body is not JSON (cut or garbled on
 * the way) is read again. Retry-After (seconds or HTTP date) is honoured up to `maxRetryAfterMs`,
 * else the 429/503 is thrown; otherwise full jitter `random() * min(maxDelayMs, baseDelayMs * 2^n)`.
 */
export function retryPolicy(idempotent: boolean, o: RetryOptions, random: () => number = Math.random): KyRetryOptions {
  const statusCodes = idempotent ? [...new Set([...NOTHING_DONE, ...SERVER_ERRORS])] : NOTHING_DONE;
  return {
    limit: Math.max(0, o.maxAttempts - 1),
    methods: idempotent ? ['get', 'head', 'options'] : ['post', 'put', 'patch', 'delete'],
    statusCodes,
    afterStatusCodes: statusCodes,
    maxRetryAfter: o.maxRetryAfterMs,
    retryOnTimeout: idempotent,
    delay: (n) => Math.min(o.maxDelayMs, o.baseDelayMs * 2 ** (n - 1)),
    jitter: (ms) => Math.floor(random() * ms),
    backoffLimit: o.maxDelayMs,
    shouldRetry: ({ error }) => {
      // The client's own errors: a failed connection or a garbled 2xx body (only reads are sent
      // again), a cancellation (never).
      if (isNeonApiError(error)) return idempotent && (error.kind === 'network' || error.bodyNotJson === true);
      if (error.name === 'AbortError') return false;
      // ky would wait maxRetryAfter instead of a longer Retry-After: give up at once and say how long.
      if (isHTTPError(error)) {
        const after = parseRetryAfter(error.response.headers.get('retry-after'));
        if (after !== undefined && after * 1000 > o.maxRetryAfterMs) return false;
      }
      return undefined;
    },
  };
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
