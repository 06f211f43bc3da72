/**
 * Request core: one instance per account. Every request goes through the semaphore, gets a
 * fresh X-Request-ID, a per-attempt timeout, the retry loop and schema validation. Errors are
 * always NeonApiError and never carry the API key, request headers or ky objects.
 */
import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import ky, { type KyInstance } from 'ky';
import type * as z from 'zod/mini';
import { NeonApiError, cancelledError, isNeonApiError, kindForStatus, type ProjectIntegration, type TransferLimit } from './errors';
import { DEFAULT_RETRY, backoffDelay, isIdempotent, isRetryable, parseRetryAfter, type AttemptFailure, type RetryOptions } from './retry';
import { proxiedFetch, resolveProxy, type ProxyConfig } from './proxy';
import { Semaphore } from './semaphore';
import { describeIssue, formatIssuePath } from './validate';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFn = (level: LogLevel, msg: string) => void;
export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';
export type QueryValue = string | number | boolean | Date | readonly string[] | undefined;

export interface HttpCoreOptions {
  baseUrl: string;
  apiKey: string;
  userAgent: string;
  timeoutMs: number;
  maxConcurrent: number;
  log?: LogFn;
  fetch?: typeof fetch;
  /** Send every request through a proxy (unless NO_PROXY exempts the API's host). Ignored with `fetch`. */
  proxy?: ProxyConfig;
  retry?: Partial<RetryOptions>;
  random?: () => number;
}

export interface RequestSpec<T> {
  method: HttpMethod;
  /** Templated path, e.g. `/projects/{project_id}`; used in errors and logs. */
  route: string;
  params?: Record<string, string | number>;
  query?: Record<string, QueryValue>;
  body?: unknown;
  schema: z.ZodMiniType<T>;
  signal?: AbortSignal;
  /** Returned for 204 / an empty body; without it an empty body is an invalid response. */
  empty?: () => T;
}

export class HttpCore {
  private readonly semaphore: Semaphore;
  private readonly retry: RetryOptions;
  private readonly ky: KyInstance;
  private readonly baseUrl: string;
  private readonly host: string;
  /** host:port of the proxy requests go through, if any. */
  readonly proxy?: string;
  private readonly random: () => number;
  /** Epoch ms before which no new attempt starts (set by 429 + Retry-After). */
  private pausedUntil = 0;
  /** Epoch ms after which a success restores the full concurrency cap lowered by a 429. */
  private calmAfter = 0;
  private readonly opts: Omit<HttpCoreOptions, 'apiKey'>;
  /** ES private: invisible to util.inspect, JSON.stringify and Object.keys. */
  readonly #apiKey: string;

  constructor(options: HttpCoreOptions) {
    const { apiKey, ...opts } = options;
    this.#apiKey = apiKey;
    this.opts = opts;
    this.semaphore = new Semaphore(opts.maxConcurrent);
    this.retry = { ...DEFAULT_RETRY, ...opts.retry };
    this.random = opts.random ?? Math.random;
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
    let host = '';
    try {
      const u = new URL(this.baseUrl);
      host = u.host;
    } catch {
      throw new NeonApiError({ kind: 'invalidArgument', message: 'The Neon API URL is not a valid URL' });
    }
    this.host = host;
    let viaProxy: typeof fetch | undefined;
    if (!opts.fetch && opts.proxy) {
      let proxy;
      try {
        proxy = resolveProxy(this.baseUrl, opts.proxy);
      } catch (e) {
        throw new NeonApiError({ kind: 'invalidArgument', message: (e as Error).message });
      }
      if (proxy) {
        viaProxy = proxiedFetch(proxy, opts.proxy.strictSSL !== false);
        this.proxy = proxy.label;
      }
    }
    const f = opts.fetch ?? viaProxy;
    this.ky = ky.create({
      retry: 0,
      timeout: false,
      throwHttpErrors: false,
      ...(f ? { fetch: f } : {}),
    });
  }

  get inFlight(): number {
    return this.semaphore.inFlight;
  }
  get peakInFlight(): number {
    return this.semaphore.peakInFlight;
  }
  get queued(): number {
    return this.semaphore.queued;
  }
  resetPeak(): void {
    this.semaphore.resetPeak();
  }

  /** Replace the API key (and anything that looks like a bearer token) in text that may be shown or logged. */
  scrub(text: string): string {
    let out = text;
    const key = this.#apiKey;
    if (key && key.length >= 4) out = out.split(key).join('[redacted]');
    return out.replace(/(Bearer\s+)[^\s"',;]+/gi, '$1[redacted]');
  }

  private log(level: LogLevel, msg: string): void {
    if (!this.opts.log) return;
    try {
      this.opts.log(level, this.scrub(msg));
    } catch {
      // a broken logger must not break requests
    }
  }

  buildPath(route: string, params: Record<string, string | number> = {}, method: string): string {
    return route.replace(/\{(\w+)\}/g, (_m, name: string) => {
      const v = params[name];
      if (v === undefined || v === null || String(v) === '') {
        throw new NeonApiError({ kind: 'invalidArgument', message: `Missing ${name} for ${method} ${route}`, method, path: route });
      }
      return encodeURIComponent(String(v));
    });
  }

  buildQuery(query: Record<string, QueryValue> | undefined): string {
    if (!query) return '';
    const sp = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined) continue;
      if (Array.isArray(v)) {
        if (v.length > 0) sp.append(k, v.join(','));
      } else if (v instanceof Date) {
        sp.append(k, v.toISOString());
      } else {
        sp.append(k, String(v));
      }
    }
    const s = sp.toString();
    return s ? `?${s}` : '';
  }

  async request<T>(spec: RequestSpec<T>): Promise<T> {
    const { method, route, signal } = spec;
    // One command's signal is often shared by many requests (a tree fan-out): each queued or
    // in-flight request listens on it, which is fine, so don't let Node warn about a leak.
    if (signal && !unlimitedSignals.has(signal)) {
      unlimitedSignals.add(signal);
      try {
        setMaxListeners(0, signal);
      } catch {
        // not a Node EventTarget (a polyfill): nothing to raise
      }
    }
    const url = this.baseUrl + this.buildPath(route, spec.params, method) + this.buildQuery(spec.query);
    const bodyText = spec.body === undefined ? undefined : JSON.stringify(spec.body);
    const endpoint = `${method} ${route}`;

    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted) throw cancelledError(method, route);
      // After a 429 with Retry-After, the whole client holds back, not just the request that got
      // it — including requests that were already waiting for a slot when the 429 came.
      let release: () => void;
      for (;;) {
        const pause = this.pausedUntil - Date.now();
        if (pause > 0) await sleep(pause, signal, () => cancelledError(method, route));
        release = await this.semaphore.acquire(signal, () => cancelledError(method, route));
        if (this.pausedUntil <= Date.now()) break;
        release();
      }
      let outcome: AttemptOutcome;
      try {
        outcome = await this.attempt(url, method, route, bodyText, signal, attempt);
      } finally {
        release();
      }

      if (outcome.type === 'ok') {
        // Back to the full cap once a whole Retry-After period has passed without a 429.
        if (this.semaphore.limit < this.semaphore.capacity && Date.now() >= this.calmAfter) this.semaphore.setLimit(this.semaphore.capacity);
        try {
          return this.parse(spec, outcome, endpoint, attempt);
        } catch (e) {
          // A 2xx whose body is not JSON at all was cut or garbled on the way (a shape mismatch
          // is not: it would fail again). Reading again is safe for GET; a POST may have been applied.
          if (!(isNeonApiError(e) && e.bodyNotJson && isIdempotent(method) && attempt < this.retry.maxAttempts)) throw e;
          const delay = backoffDelay(attempt, this.retry, this.random);
          this.log('warn', `${endpoint} answered ${outcome.status} with a body that is not JSON; retrying in ${Math.round(delay)} ms (attempt ${attempt + 1}/${this.retry.maxAttempts})`);
          await sleep(delay, signal, () => cancelledError(method, route));
          continue;
        }
      }
      if (outcome.type === 'cancelled') throw cancelledError(method, route);

      const failure: AttemptFailure =
        outcome.type === 'http' ? { type: 'status', status: outcome.status } : { type: outcome.type };
      const error = this.toError(outcome, method, route, attempt);

      let delay: number | undefined;
      if (attempt < this.retry.maxAttempts && isRetryable(method, failure)) {
        if (outcome.type === 'http' && outcome.retryAfter !== undefined) {
          const ms = outcome.retryAfter * 1000;
          delay = ms <= this.retry.maxRetryAfterMs ? ms : undefined;
          if (outcome.status === 429 && delay !== undefined) {
            this.pausedUntil = Math.max(this.pausedUntil, Date.now() + delay);
            // The bucket is empty: after the pause, one request at a time until a whole
            // Retry-After period passes without a 429, so a queue of many does not spend the
            // refilled bucket on more 429s (bench/rate-limit.ts).
            this.calmAfter = this.pausedUntil + delay;
            this.semaphore.setLimit(1);
          }
        } else {
          delay = backoffDelay(attempt, this.retry, this.random);
        }
      }
      if (delay === undefined) {
        this.log(outcome.type === 'http' && outcome.status < 500 ? 'info' : 'warn', `${endpoint} failed: ${error.kind}${error.status ? ` ${error.status}` : ''} (request id ${error.requestId ?? '-'}, attempt ${attempt})`);
        throw error;
      }
      this.log('warn', `${endpoint} ${describe(outcome)}; retrying in ${Math.round(delay)} ms (attempt ${attempt + 1}/${this.retry.maxAttempts})`);
      await sleep(delay, signal, () => cancelledError(method, route));
    }
  }

  private async attempt(url: string, method: HttpMethod, route: string, bodyText: string | undefined, signal: AbortSignal | undefined, attempt: number): Promise<AttemptOutcome> {
    const requestId = randomUUID();
    const controller = new AbortController();
    let timedOut = false;
    const t = this.opts.timeoutMs;
    // setTimeout fires at once for Infinity or > 2^31-1: treat those (and <= 0) as "no timeout".
    const timer =
      Number.isFinite(t) && t > 0 && t <= MAX_TIMER_MS
        ? setTimeout(() => {
            timedOut = true;
            controller.abort();
          }, t)
        : undefined;
    const onAbort = () => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const started = Date.now();
    const headers: Record<string, string> = {
      Accept: 'application/json',
      Authorization: `Bearer ${this.#apiKey}`,
      'User-Agent': this.opts.userAgent,
      'X-Request-ID': requestId,
    };
    if (bodyText !== undefined) headers['Content-Type'] = 'application/json';
    this.log('debug', `→ ${method} ${route} (request id ${requestId}${attempt > 1 ? `, attempt ${attempt}` : ''})`);
    try {
      const res = await this.ky(url, { method, headers, body: bodyText, signal: controller.signal });
      const text = await res.text();
      const serverId = res.headers.get('x-neon-ret-request-id') ?? res.headers.get('x-request-id') ?? undefined;
      const ms = Date.now() - started;
      this.log('debug', `← ${res.status} ${method} ${route} in ${ms} ms (request id ${requestId})`);
      if (res.status >= 200 && res.status < 300) {
        return { type: 'ok', status: res.status, text, requestId: serverId ?? requestId };
      }
      return {
        type: 'http',
        status: res.status,
        text,
        requestId: serverId ?? requestId,
        retryAfter: parseRetryAfter(res.headers.get('retry-after')),
      };
    } catch (e) {
      if (signal?.aborted) return { type: 'cancelled' };
      if (timedOut) return { type: 'timeout', requestId };
      return { type: 'network', requestId, detail: errorDetail(e) };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  private parse<T>(spec: RequestSpec<T>, outcome: Extract<AttemptOutcome, { type: 'ok' }>, endpoint: string, attempts: number): T {
    const { method, route } = spec;
    if (outcome.status === 204 || outcome.text.trim() === '') {
      if (spec.empty) return spec.empty();
      throw new NeonApiError({ kind: 'invalidResponse', status: outcome.status, message: `Empty response from ${endpoint}`, method, path: route, requestId: outcome.requestId, attempts });
    }
    let json: unknown;
    try {
      json = JSON.parse(outcome.text);
    } catch {
      throw new NeonApiError({ kind: 'invalidResponse', status: outcome.status, message: `Response from ${endpoint} is not JSON`, bodyNotJson: true, method, path: route, requestId: outcome.requestId, attempts });
    }
    const result = spec.schema.safeParse(json);
    if (result.success) return result.data;
    const issue = result.error.issues[0];
    const fieldPath = issue ? formatIssuePath(issue.path) : '';
    const what = issue ? describeIssue(issue) : 'does not match the expected shape';
    throw new NeonApiError({
      kind: 'invalidResponse',
      status: outcome.status,
      message: `Unexpected response from ${endpoint}: ${fieldPath || '(root)'}: ${what}`,
      method,
      path: route,
      requestId: outcome.requestId,
      fieldPath: fieldPath || '(root)',
      attempts,
    });
  }

  private toError(outcome: Exclude<AttemptOutcome, { type: 'ok' } | { type: 'cancelled' }>, method: HttpMethod, route: string, attempts: number): NeonApiError {
    if (outcome.type === 'timeout') {
      return new NeonApiError({ kind: 'timeout', message: `${method} ${route} timed out after ${this.opts.timeoutMs} ms`, method, path: route, requestId: outcome.requestId, timeoutMs: this.opts.timeoutMs, host: this.host, attempts });
    }
    if (outcome.type === 'network') {
      const cause = new Error(this.scrub(outcome.detail));
      cause.name = 'NetworkError';
      const via = this.proxy ? { proxy: this.proxy, ...proxyProblem(outcome.detail) } : {};
      return new NeonApiError({ kind: 'network', message: `${method} ${route} could not reach ${this.host}${this.proxy ? ` through the proxy ${this.proxy}` : ''}: ${this.scrub(outcome.detail)}`, method, path: route, requestId: outcome.requestId, host: this.host, attempts, cause, ...via });
    }
    const body = safeJson(outcome.text);
    const obj = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    // `message` per the document; older transfer errors (seeds) carried `error` instead.
    const apiMessage =
      typeof obj.message === 'string' && obj.message ? obj.message : typeof obj.error === 'string' && obj.error ? obj.error : `HTTP ${outcome.status}`;
    const limits = Array.isArray(obj.limits) ? obj.limits.filter(isObj).map(toLimit) : undefined;
    const projects = Array.isArray(obj.projects) ? obj.projects.filter(isObj).map(toIntegration) : undefined;
    return new NeonApiError({
      kind: kindForStatus(outcome.status),
      status: outcome.status,
      code: typeof obj.code === 'string' ? this.scrub(obj.code) : '',
      message: this.scrub(apiMessage),
      requestId: typeof obj.request_id === 'string' && obj.request_id ? obj.request_id : outcome.requestId,
      method,
      path: route,
      limits: outcome.status === 406 ? limits : undefined,
      projects: outcome.status === 422 ? projects : undefined,
      retryAfter: outcome.retryAfter,
      host: this.host,
      attempts,
    });
  }
}

const MAX_TIMER_MS = 2 ** 31 - 1;
const unlimitedSignals = new WeakSet<AbortSignal>();

type AttemptOutcome =
  | { type: 'ok'; status: number; text: string; requestId: string }
  | { type: 'http'; status: number; text: string; requestId: string; retryAfter?: number }
  | { type: 'network'; requestId: string; detail: string }
  | { type: 'timeout'; requestId: string }
  | { type: 'cancelled' };

function describe(o: AttemptOutcome): string {
  switch (o.type) {
    case 'http':
      return `answered ${o.status}`;
    case 'network':
      return 'network error';
    case 'timeout':
      return 'timed out';
    default:
      return o.type;
  }
}

/** What a proxy did, in words, from a fetch failure's detail. */
function proxyProblem(detail: string): { proxyProblem?: string } {
  if (/PROXY_407|\b407\b|Proxy Authentication Required/i.test(detail)) return { proxyProblem: 'it asks for credentials (407 Proxy Authentication Required)' };
  if (/ECONNREFUSED/.test(detail)) return { proxyProblem: 'it refused the connection (ECONNREFUSED)' };
  if (/ENOTFOUND|EAI_AGAIN/.test(detail)) return { proxyProblem: 'its host name does not resolve' };
  if (/ETIMEDOUT|UND_ERR_CONNECT_TIMEOUT/.test(detail)) return { proxyProblem: 'it did not answer' };
  if (/CERT|certificate|self.signed/i.test(detail)) return { proxyProblem: 'its TLS certificate is not trusted (see http.proxyStrictSSL and NODE_EXTRA_CA_CERTS)' };
  return {};
}

/** A short description of a fetch failure: error names and codes only, never the request. */
function errorDetail(e: unknown): string {
  const parts: string[] = [];
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur && typeof cur === 'object'; i++) {
    const c = cur as { name?: unknown; code?: unknown; message?: unknown; cause?: unknown };
    const code = typeof c.code === 'string' ? c.code : undefined;
    const msg = typeof c.message === 'string' ? c.message : undefined;
    parts.push(code ?? msg ?? String(c.name ?? 'error'));
    cur = c.cause;
  }
  return parts.length ? parts.join(': ').slice(0, 300) : 'network error';
}

function sleep(ms: number, signal: AbortSignal | undefined, onAbort: () => Error): Promise<void> {
  if (signal?.aborted) return Promise.reject(onAbort());
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', abort);
      resolve();
    }, ms);
    const abort = () => {
      clearTimeout(t);
      reject(onAbort());
    };
    signal?.addEventListener('abort', abort, { once: true });
  });
}

export { sleep };

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function toLimit(v: Record<string, unknown>): TransferLimit {
  const l: TransferLimit = { name: String(v.name ?? '') };
  if (v.expected !== undefined) l.expected = String(v.expected);
  if (v.actual !== undefined) l.actual = String(v.actual);
  return l;
}

function toIntegration(v: Record<string, unknown>): ProjectIntegration {
  const p: ProjectIntegration = { id: String(v.id ?? '') };
  if (v.integration !== undefined) p.integration = String(v.integration);
  return p;
}
