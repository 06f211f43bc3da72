/**
 * Request core: one instance per account, on ky. ky carries the per-attempt timeout, the retries
 * (./retry: statuses, methods, Retry-After, backoff) and the hooks that give every attempt its
 * credentials, a fresh X-Request-ID and its log lines. Hand-written only what ky cannot do, as it
 * sees one request at a time: the account's limiter (./limiter). Errors are always NeonApiError
 * and never carry the API key, request headers or ky objects.
 */
import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import ky, { isHTTPError, isTimeoutError, type BeforeRequestHook, type BeforeRetryHook, type KyInstance, type RetryOptions as KyRetryOptions } from 'ky';
import type * as z from 'zod/mini';
import { NeonApiError, cancelledError, isNeonApiError, kindForStatus, type ProjectIntegration, type TransferLimit } from './errors';
import { AccountLimiter } from './limiter';
import { proxiedFetch, resolveProxy, type ProxyConfig } from './proxy';
import { DEFAULT_RETRY, isIdempotent, parseRetryAfter, retryPolicy, type RetryOptions } from './retry';
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

/** A 429 whose Retry-After the account waits for: no request of the account starts before `until`. */
export interface RateLimitWait {
  /** Epoch ms at which requests go on. */
  until: number;
  /** The Retry-After Neon sent, in ms. */
  retryAfterMs: number;
  route: string;
  requestId: string;
  /**
   * Nothing of the account waits any more (the requests that waited were cancelled, e.g. by Stop
   * Loading), though the pause still holds for new ones: a request that comes to wait says so again.
   */
  idle?: boolean;
}

export interface RequestSpec<T> {
  method: HttpMethod;
  /** Templated path, e.g. `/projects/{project_id}`; used in errors and logs. */
  route: string;
  params?: Record<string, string | number>;
  query?: Record<string, QueryValue>;
  body?: unknown;
  schema: z.ZodMiniType<T>;
  /** A one-pass check of the same shape (schemas/shapeCheck.ts): an answer it accepts is used as parsed, without zod's copy. */
  accepts?: (json: unknown) => boolean;
  signal?: AbortSignal;
  /** Returned for 204 / an empty body; without it an empty body is an invalid response. */
  empty?: () => T;
  /**
   * Sees a 2xx answer's parsed JSON before the schema checks it, so a pager can ask for the next
   * page while this one is validated. It must not trust the shape (nothing is checked yet).
   */
  peek?: (json: unknown) => void;
}

/** One `request()` across its attempts: reaches ky's hooks as `context.call`, the transport through `HttpCore.calls`. */
interface Call {
  readonly method: HttpMethod;
  readonly route: string;
  readonly signal?: AbortSignal;
  /**
   * What ky is given instead of `signal` for a change (POST/PATCH/DELETE/PUT): it follows the
   * caller's abort only while no attempt is on the wire. A change already sent cannot be taken
   * back, so a Cancel then waits for its answer (bounded by the timeout) and the caller gets it.
   */
  readonly stop?: AbortController;
  /** An attempt is on the wire (from the transport's send until its answer was read). */
  onWire: boolean;
  /** The caller aborted while an attempt was on the wire. */
  cancelledOnWire: boolean;
  attempt: number;
  /** Ours for the attempt on the wire; the one the API echoes once it answered. */
  requestId: string;
  /** Frees the account slot the attempt on the wire holds. */
  release?: () => void;
  endedAt: number;
  /** The last answer, read whole while its slot was held. */
  status: number;
  text: string;
  json?: unknown;
  retryAfter?: number;
}

export class HttpCore {
  private readonly limiter: AccountLimiter;
  private readonly retry: RetryOptions;
  /** ky retry options for GET/HEAD and for changes (./retry). */
  private readonly reads: KyRetryOptions;
  private readonly writes: KyRetryOptions;
  private readonly ky: KyInstance;
  private readonly baseUrl: string;
  private readonly host: string;
  /** host:port of the proxy requests go through, if any. */
  readonly proxy?: string;
  /** Told when Neon asks this account to slow down (429 + a Retry-After it will wait for). */
  private readonly rateLimitListeners = new Set<(wait: RateLimitWait) => void>();
  /** Requests of this account not settled yet (queued, waiting out a 429, on the wire or between tries). */
  private live = 0;
  /** Listeners know of the current 429 pause and were not told since that nothing waits for it. */
  private waitTold = false;
  /** The call each attempt belongs to, from ky's beforeRequest hook to the transport (ky hands fetch only the Request). */
  private readonly calls = new WeakMap<Request, Call>();
  private readonly opts: Omit<HttpCoreOptions, 'apiKey'>;
  /** ES private: invisible to util.inspect, JSON.stringify and Object.keys. */
  readonly #apiKey: string;

  constructor(options: HttpCoreOptions) {
    const { apiKey, ...opts } = options;
    this.#apiKey = apiKey;
    this.opts = opts;
    this.limiter = new AccountLimiter(opts.maxConcurrent);
    this.retry = { ...DEFAULT_RETRY, ...opts.retry };
    this.reads = retryPolicy(true, this.retry, opts.random);
    this.writes = retryPolicy(false, this.retry, opts.random);
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
    // The global fetch is looked up per request, as ky does: VS Code's extension host replaces it.
    const send: typeof fetch = opts.fetch ?? viaProxy ?? ((input, init) => globalThis.fetch(input, init));
    const t = opts.timeoutMs;
    this.ky = ky.create({
      // Per attempt. Infinity, <= 0 or more than a timer can hold (2^31-1 ms) mean no timeout.
      timeout: Number.isFinite(t) && t > 0 && t <= MAX_TIMER_MS ? t : false,
      headers: { Accept: 'application/json', 'User-Agent': opts.userAgent },
      fetch: (input, init) => this.transport(send, input as Request, init),
      // No afterResponse hook: ky would clone every answer for it.
      hooks: { beforeRequest: [this.beforeRequest], beforeRetry: [this.beforeRetry] },
    });
  }

  /**
   * Listens for this account's rate-limit waits (see RateLimitWait); returns the unsubscribe.
   * Listeners run synchronously and must not throw (a throw is swallowed).
   */
  onRateLimit(listener: (wait: RateLimitWait) => void): () => void {
    this.rateLimitListeners.add(listener);
    return () => this.rateLimitListeners.delete(listener);
  }

  /** Epoch ms until which this account holds back after a 429 (0 or past: it does not). */
  get rateLimitedUntil(): number {
    return this.limiter.pausedUntilMs;
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
    if (signal?.aborted) throw cancelledError(method, route);
    const stop = signal && !isIdempotent(method) ? new AbortController() : undefined;
    const call: Call = { method, route, signal, stop, onWire: false, cancelledOnWire: false, attempt: 0, requestId: '', endedAt: 0, status: 0, text: '' };
    const follow = () => {
      if (call.onWire) call.cancelledOnWire = true;
      else stop?.abort();
    };
    if (stop) signal!.addEventListener('abort', follow, { once: true });
    this.live++;
    try {
      await this.ky(url, {
        method,
        ...(spec.body === undefined ? {} : { json: spec.body }),
        ...(stop ? { signal: stop.signal } : signal ? { signal } : {}),
        retry: isIdempotent(method) ? this.reads : this.writes,
        context: { call },
      });
    } catch (e) {
      const error = this.toError(e, call);
      if (error.kind !== 'cancelled') {
        const level = error.status >= 400 && error.status < 500 ? 'info' : 'warn';
        this.log(level, `${method} ${route} failed: ${error.kind}${error.status ? ` ${error.status}` : ''} (request id ${error.requestId ?? '-'}, attempt ${call.attempt})`);
      }
      throw error;
    } finally {
      if (stop) signal!.removeEventListener('abort', follow);
      this.settled(call);
    }
    if (spec.peek && call.json !== undefined) {
      spec.peek(call.json);
      // Validating is synchronous: let whatever the peek started (the next page's request) reach
      // the wire first, or it would wait for the check it is meant to overlap.
      await new Promise((resolve) => setImmediate(resolve));
    }
    return this.parse(spec, call);
  }

  /** Every attempt: credentials, a fresh request id, then a slot of the account (not counted in ky's timeout). */
  private readonly beforeRequest: BeforeRequestHook = async (request, options) => {
    const call = options.context.call as Call;
    // A retry after a Cancel: the attempt before was refused (423, 429, 503), so nothing is made.
    if (call.signal?.aborted) throw cancelledError(call.method, call.route);
    call.attempt++;
    call.requestId = randomUUID();
    request.headers.set('Authorization', `Bearer ${this.#apiKey}`);
    request.headers.set('X-Request-ID', call.requestId);
    // A pause nothing waited for any more (said idle): this request waits for it, so say it again.
    const until = this.limiter.pausedUntilMs;
    if (!this.waitTold && until > Date.now()) {
      this.waitTold = true;
      this.tellRateLimit({ until, retryAfterMs: until - Date.now(), route: call.route, requestId: call.requestId });
    }
    call.release = await this.limiter.enter(call.signal, () => cancelledError(call.method, call.route));
    this.calls.set(request, call);
    this.log('debug', `→ ${call.method} ${call.route} (request id ${call.requestId}${call.attempt > 1 ? `, attempt ${call.attempt}` : ''})`);
  };

  /** ky calls it once the wait before a retry is over. */
  private readonly beforeRetry: BeforeRetryHook = ({ options, error, retryCount }) => {
    const call = options.context.call as Call;
    this.log('warn', `${call.method} ${call.route} ${describeFailure(error, call)}; retrying after ${Date.now() - call.endedAt} ms (attempt ${retryCount + 1}/${this.retry.maxAttempts})`);
  };

  /**
   * ky's fetch: one attempt on the wire. It holds its account slot until the whole answer is read,
   * so the cap counts requests until their answer has arrived, and parses a 2xx body here, where a
   * body that is not JSON can still make ky read it again. ky then looks only at status and headers.
   */
  private async transport(send: typeof fetch, request: Request, init: RequestInit | undefined): Promise<Response> {
    const call = this.calls.get(request)!;
    const started = Date.now();
    call.json = undefined;
    call.status = 0;
    call.onWire = true;
    try {
      const res = await send(request, init);
      call.text = await res.text();
      call.status = res.status;
      this.log('debug', `← ${res.status} ${call.method} ${call.route} in ${Date.now() - started} ms (request id ${call.requestId})`);
      call.requestId = res.headers.get('x-neon-ret-request-id') ?? res.headers.get('x-request-id') ?? call.requestId;
      call.retryAfter = parseRetryAfter(res.headers.get('retry-after'));
      if (res.status === 429 && call.retryAfter !== undefined && call.retryAfter * 1000 <= this.retry.maxRetryAfterMs) this.rateLimited(call);
      if (res.ok) {
        this.limiter.succeeded();
        if (call.text.trim() !== '') call.json = this.parseJson(call);
      }
      return res;
    } catch (e) {
      // ky's timeout or the caller aborted it; ky reports that itself.
      if (isNeonApiError(e) || request.signal.aborted) throw e;
      throw this.networkError(call, e);
    } finally {
      call.onWire = false;
      // Cancelled while on the wire and answered "not made" (refused, or failed): the Cancel now
      // holds, and ky's wait before a retry ends. No answer at all stays what it is (may be made).
      if (call.cancelledOnWire && call.status > 0 && !(call.status >= 200 && call.status < 300)) call.stop?.abort();
      call.endedAt = Date.now();
      call.release?.();
      call.release = undefined;
    }
  }

  /** A 429 that will be waited for: the whole account holds back, and whoever shows a wait is told. */
  private rateLimited(call: Call): void {
    const retryAfterMs = call.retryAfter! * 1000;
    this.limiter.rateLimited(retryAfterMs);
    this.waitTold = true;
    this.log('warn', `${call.method} ${call.route} answered 429: Neon asks this account to wait ${Math.ceil(retryAfterMs / 1000)} s (request id ${call.requestId})`);
    this.tellRateLimit({ until: this.limiter.pausedUntilMs, retryAfterMs, route: call.route, requestId: call.requestId });
  }

  /** A request settled: when it was the last one and a 429 pause still holds, nothing waits for it any more. */
  private settled(call: Call): void {
    this.live--;
    if (this.live > 0 || !this.waitTold || this.limiter.pausedUntilMs <= Date.now()) return;
    this.waitTold = false;
    this.tellRateLimit({ until: this.limiter.pausedUntilMs, retryAfterMs: 0, route: call.route, requestId: call.requestId, idle: true });
  }

  private tellRateLimit(wait: RateLimitWait): void {
    for (const listener of this.rateLimitListeners) {
      try {
        listener(wait);
      } catch {
        // a broken listener must not break requests
      }
    }
  }

  private parseJson(call: Call): unknown {
    try {
      return JSON.parse(call.text);
    } catch {
      // Cut or garbled on the way (a shape mismatch is not: it would fail again); reads are sent again (./retry).
      const { method, route } = call;
      throw new NeonApiError({ kind: 'invalidResponse', status: call.status, message: `Response from ${method} ${route} is not JSON`, bodyNotJson: true, method, path: route, requestId: call.requestId, attempts: call.attempt });
    }
  }

  private parse<T>(spec: RequestSpec<T>, call: Call): T {
    const { method, route } = spec;
    const endpoint = `${method} ${route}`;
    const attempts = call.attempt;
    if (call.status === 204 || call.text.trim() === '') {
      if (spec.empty) return spec.empty();
      throw new NeonApiError({ kind: 'invalidResponse', status: call.status, message: `Empty response from ${endpoint}`, method, path: route, requestId: call.requestId, attempts });
    }
    if (spec.accepts?.(call.json)) return call.json as T;
    const result = spec.schema.safeParse(call.json);
    if (result.success) return result.data;
    const issue = result.error.issues[0];
    const fieldPath = issue ? formatIssuePath(issue.path) : '';
    const what = issue ? describeIssue(issue) : 'does not match the expected shape';
    throw new NeonApiError({
      kind: 'invalidResponse',
      status: call.status,
      message: `Unexpected response from ${endpoint}: ${fieldPath || '(root)'}: ${what}`,
      method,
      path: route,
      requestId: call.requestId,
      fieldPath: fieldPath || '(root)',
      attempts,
    });
  }

  private toError(e: unknown, call: Call): NeonApiError {
    const { method, route } = call;
    // A change cancelled on the wire whose answer never came (timeout, broken connection) may
    // have been made: that is said, not a cancel (only `stop` aborted means nothing was made).
    if (call.stop ? call.stop.signal.aborted : call.signal?.aborted) return cancelledError(method, route);
    if (isNeonApiError(e)) return e;
    if (isTimeoutError(e)) {
      const timeoutMs = this.opts.timeoutMs;
      return new NeonApiError({ kind: 'timeout', message: `${method} ${route} timed out after ${timeoutMs} ms`, method, path: route, requestId: call.requestId, timeoutMs, host: this.host, attempts: call.attempt });
    }
    if (isHTTPError(e)) return this.httpError(call);
    return this.networkError(call, e);
  }

  private networkError(call: Call, e: unknown): NeonApiError {
    const { method, route } = call;
    const detail = errorDetail(e);
    const cause = new Error(this.scrub(detail));
    cause.name = 'NetworkError';
    const via = this.proxy ? { proxy: this.proxy, ...proxyProblem(detail) } : {};
    return new NeonApiError({ kind: 'network', message: `${method} ${route} could not reach ${this.host}${this.proxy ? ` through the proxy ${this.proxy}` : ''}: ${this.scrub(detail)}`, method, path: route, requestId: call.requestId, host: this.host, attempts: call.attempt, cause, ...via });
  }

  private httpError(call: Call): NeonApiError {
    const { method, route, status } = call;
    const body = safeJson(call.text);
    const obj = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    // `message` per the document; older transfer errors (seeds) carried `error` instead.
    const apiMessage = typeof obj.message === 'string' && obj.message ? obj.message : typeof obj.error === 'string' && obj.error ? obj.error : `HTTP ${status}`;
    const limits = Array.isArray(obj.limits) ? obj.limits.filter(isObj).map(toLimit) : undefined;
    const projects = Array.isArray(obj.projects) ? obj.projects.filter(isObj).map(toIntegration) : undefined;
    return new NeonApiError({
      kind: kindForStatus(status),
      status,
      code: typeof obj.code === 'string' ? this.scrub(obj.code) : '',
      message: this.scrub(apiMessage),
      requestId: typeof obj.request_id === 'string' && obj.request_id ? obj.request_id : call.requestId,
      method,
      path: route,
      limits: status === 406 ? limits : undefined,
      projects: status === 422 ? projects : undefined,
      retryAfter: call.retryAfter,
      host: this.host,
      attempts: call.attempt,
    });
  }
}

const MAX_TIMER_MS = 2 ** 31 - 1;
const unlimitedSignals = new WeakSet<AbortSignal>();

/** What went wrong with an attempt ky is about to repeat, for the log. */
function describeFailure(error: Error, call: Call): string {
  if (isHTTPError(error)) return `answered ${error.response.status}`;
  if (isTimeoutError(error)) return 'timed out';
  if (isNeonApiError(error) && error.bodyNotJson) return `answered ${call.status} with a body that is not JSON`;
  return 'network error';
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
