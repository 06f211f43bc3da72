/**
 * The one error type the API client throws, plus helpers to recognise cancellation.
 * Nothing here may hold a reference to a request, its headers or the API key.
 */
import * as l10n from '@vscode/l10n';

export type NeonErrorKind =
  | 'badRequest' // 400
  | 'auth' // 401
  | 'forbidden' // 403
  | 'notFound' // 404
  | 'notAcceptable' // 406 (transfer limits, consumption range)
  | 'conflict' // 409
  | 'preconditionFailed' // 412 (e.g. stored passwords disabled)
  | 'unprocessable' // 422 (transfer: projects with integrations)
  | 'locked' // 423
  | 'rateLimited' // 429
  | 'http' // any other 4xx
  | 'server' // 5xx
  | 'network'
  | 'timeout'
  | 'invalidResponse'
  | 'invalidArgument' // rejected by the client before sending
  | 'operationFailed' // waitForOperations: an operation ended failed/error/cancelled
  | 'cancelled';

export interface TransferLimit {
  name: string;
  expected?: string;
  actual?: string;
}

export interface ProjectIntegration {
  id: string;
  integration?: string;
}

export interface NeonApiErrorInit {
  kind: NeonErrorKind;
  message: string;
  status?: number;
  code?: string;
  requestId?: string;
  method?: string;
  path?: string;
  limits?: TransferLimit[];
  projects?: ProjectIntegration[];
  retryAfter?: number;
  timeoutMs?: number;
  host?: string;
  /** network: the proxy the request went through (host:port), and what it did, if known. */
  proxy?: string;
  proxyProblem?: string;
  fieldPath?: string;
  /** invalidResponse: a 2xx whose body is not JSON at all (cut off or garbled on the way). */
  bodyNotJson?: boolean;
  operationId?: string;
  attempts?: number;
  cause?: unknown;
}

/**
 * A network failure before any connection was made (refused, no route, no DNS, connect timeout):
 * the API is out of reach, unlike a connection dropped mid-answer. Not through a proxy: that has
 * its own sentence naming the proxy.
 */
export function isUnreachable(e: { kind?: string; message?: string; proxy?: string }): boolean {
  return e.kind === 'network' && !e.proxy && /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH|ENETDOWN|ETIMEDOUT|UND_ERR_CONNECT_TIMEOUT)\b/.test(e.message ?? '');
}

/**
 * A change sent whose answer never came back: the connection broke after it was sent, or the wait
 * for the answer timed out. Neon may have made it, unlike when no connection was made at all.
 */
export function isLostAnswer(e: { kind?: string; message?: string; proxy?: string; method?: string }): boolean {
  return ((e.kind === 'network' && !isUnreachable(e)) || e.kind === 'timeout') && typeof e.method === 'string' && !['GET', 'HEAD', 'OPTIONS'].includes(e.method.toUpperCase());
}

/** The legacy personal → organization transfer (past its sunset). */
export const PERSONAL_TRANSFER_PATH = '/users/me/projects/transfer';

export function kindForStatus(status: number): NeonErrorKind {
  switch (status) {
    case 400:
      return 'badRequest';
    case 401:
      return 'auth';
    case 403:
      return 'forbidden';
    case 404:
      return 'notFound';
    case 406:
      return 'notAcceptable';
    case 409:
      return 'conflict';
    case 412:
      return 'preconditionFailed';
    case 422:
      return 'unprocessable';
    case 423:
      return 'locked';
    case 429:
      return 'rateLimited';
    default:
      return status >= 500 ? 'server' : 'http';
  }
}

export class NeonApiError extends Error {
  override readonly name = 'NeonApiError';
  readonly kind: NeonErrorKind;
  /** HTTP status, 0 when no response was received. */
  readonly status: number;
  /** The API's `code` (often ""). */
  readonly code: string;
  readonly requestId?: string;
  readonly method?: string;
  /** Templated path such as `/projects/{project_id}/branches` — never a query string or a secret. */
  readonly path?: string;
  /** 406 on transfer: limits the destination organization does not satisfy. */
  readonly limits?: TransferLimit[];
  /** 422 on transfer: projects that have integrations. */
  readonly projects?: ProjectIntegration[];
  /** Seconds to wait (from Retry-After) when rate limited. */
  readonly retryAfter?: number;
  readonly timeoutMs?: number;
  readonly host?: string;
  readonly proxy?: string;
  readonly proxyProblem?: string;
  /** invalidResponse: the field path that broke the schema, e.g. `projects[3].id`. */
  readonly fieldPath?: string;
  /** invalidResponse: the body was not JSON at all, so it was damaged on the way (a read may be tried again). */
  readonly bodyNotJson?: boolean;
  readonly operationId?: string;
  /** How many HTTP attempts were made. */
  readonly attempts?: number;

  constructor(init: NeonApiErrorInit) {
    super(init.message, init.cause !== undefined ? { cause: init.cause } : undefined);
    this.kind = init.kind;
    this.status = init.status ?? 0;
    this.code = init.code ?? '';
    if (init.requestId !== undefined) this.requestId = init.requestId;
    if (init.method !== undefined) this.method = init.method;
    if (init.path !== undefined) this.path = init.path;
    if (init.limits !== undefined) this.limits = init.limits;
    if (init.projects !== undefined) this.projects = init.projects;
    if (init.retryAfter !== undefined) this.retryAfter = init.retryAfter;
    if (init.timeoutMs !== undefined) this.timeoutMs = init.timeoutMs;
    if (init.host !== undefined) this.host = init.host;
    if (init.proxy !== undefined) this.proxy = init.proxy;
    if (init.proxyProblem !== undefined) this.proxyProblem = init.proxyProblem;
    if (init.fieldPath !== undefined) this.fieldPath = init.fieldPath;
    if (init.bodyNotJson) this.bodyNotJson = true;
    if (init.operationId !== undefined) this.operationId = init.operationId;
    if (init.attempts !== undefined) this.attempts = init.attempts;
  }

  /** `GET /projects/{project_id}` */
  get endpoint(): string | undefined {
    return this.method && this.path ? `${this.method} ${this.path}` : this.path;
  }

  get isCancellation(): boolean {
    return this.kind === 'cancelled';
  }

  /** A sentence (or two) a user can act on. Never contains the API key. */
  userMessage(): string {
    const api = this.message ? l10n.t(' Neon said: "{0}".', trimSentence(this.message)) : '';
    const rid = this.requestId ? l10n.t(' (request id {0})', this.requestId) : '';
    // Deprecated, sunset 2026-07-01: "Personal accounts have been migrated to organizations".
    if (this.path === PERSONAL_TRANSFER_PATH && (this.status === 404 || this.status === 410)) {
      return l10n.t('Neon no longer transfers projects from personal accounts ({0}): personal accounts have been moved into organizations. Refresh the tree, then transfer the project from the organization it now belongs to.{1}', this.status, rid);
    }
    switch (this.kind) {
      case 'cancelled':
        return l10n.t('The request was cancelled.');
      case 'auth':
        return l10n.t('Neon rejected the API key (401): it is wrong, expired or revoked. Update the key for this account and try again.{0}', rid);
      case 'forbidden':
        if (this.path?.startsWith('/consumption_history')) {
          return l10n.t('Usage history is not available here (403).{0} It depends on the organization\'s plan and on being a member of the organization.{1}', api, rid);
        }
        return l10n.t('This API key is not allowed to do that (403).{0} Organization and project-scoped keys cannot manage members, invitations or organization API keys, and members cannot delete organization projects; use a personal key of an organization admin.{1}', api, rid);
      case 'notFound':
        return l10n.t('Neon could not find it (404): it may have been deleted, or this key cannot see it. Refresh the view.{0}', rid);
      case 'notAcceptable':
        if (this.limits && this.limits.length > 0) {
          const parts = this.limits.map(
            (l) => `${l.name}${l.expected !== undefined || l.actual !== undefined ? l10n.t(' (allowed {0}, would be {1})', l.expected ?? '?', l.actual ?? '?') : ''}`,
          );
          return l10n.t('The destination organization\'s plan does not allow this transfer (406): {0}. Upgrade its plan, transfer fewer projects, or pick another organization.{1}', parts.join('; '), rid);
        }
        return l10n.t('Neon cannot serve this request as asked (406).{0} For usage data, pick a shorter range (hourly: last 7 days, daily: last 60 days, monthly: last year, not before March 2024).{1}', api, rid);
      case 'conflict':
        return l10n.t('It already exists or conflicts with the current state (409).{0} Choose another name or refresh and try again.{1}', api, rid);
      case 'preconditionFailed':
        return l10n.t('Neon refused because a precondition is not met (412).{0} If stored passwords are disabled for this project, reset the password instead of revealing it.{1}', api, rid);
      case 'unprocessable':
        if (this.projects && this.projects.length > 0) {
          const parts = this.projects.map((p) => (p.integration ? `${p.id} (${p.integration})` : p.id));
          return l10n.t('These projects have integrations and cannot be transferred (422): {0}. Remove the GitHub/Vercel integration first, then try again.{1}', parts.join(', '), rid);
        }
        return l10n.t('Neon could not process the request (422).{0}{1}', api, rid);
      case 'locked':
        return l10n.t('The project is busy with another operation (423). Wait a few seconds and try again.{0}', rid);
      case 'rateLimited':
        return l10n.t('Too many requests to Neon (429).{0} and try again.{1}', this.retryAfter !== undefined ? l10n.t(' Wait {0} s', Math.ceil(this.retryAfter)) : l10n.t(' Wait a moment'), rid);
      case 'server':
        return l10n.t('Neon had a problem on its side ({0}). Try again in a minute; if it persists check https://neonstatus.com.{1}', this.status, rid);
      case 'network': {
        // A change whose answer never came may have been made: that comes first, then what to check.
        const change = this.method !== undefined && this.method !== 'GET' && this.method !== 'HEAD';
        if (this.proxy) {
          return l10n.t('Could not reach the Neon API{0} through the proxy {1}{2}. Check VS Code\'s http.proxy setting (or HTTPS_PROXY / HTTP_PROXY), and http.proxyAuthorization if the proxy asks for credentials, then try again.{3}', this.host ? ` at ${this.host}` : '', this.proxy, this.proxyProblem ? `: ${this.proxyProblem}` : '', change ? l10n.t(' The change may have been made: refresh to see whether it was before you try again.') : '');
        }
        if (!isUnreachable(this)) {
          return change
            ? l10n.t('The connection to the Neon API{0} broke before Neon answered, so the change may have been made. Refresh to see whether it was before you try again; if this keeps happening, check your network connection and proxy settings.', this.host ? ` at ${this.host}` : '')
            : l10n.t('Could not reach the Neon API{0}. Check your network connection and proxy settings, then try again.{1}', this.host ? ` at ${this.host}` : '', '');
        }
        // One sentence: the tree marks the account offline and reloads it by itself when the API answers.
        return l10n.t('You are offline: the Neon API{0} could not be reached (check the network connection and proxy settings); the view keeps what it showed and reloads by itself when Neon answers again{1}', this.host ? ` at ${this.host}` : '', change ? l10n.t('. The change was not sent (no connection was made): make it again once Neon answers.') : '.');
      }
      case 'timeout':
        return this.method !== undefined && this.method !== 'GET' && this.method !== 'HEAD'
          ? l10n.t('Neon did not answer within {0}, so the change may have been made. Refresh to see whether it was before you try again.', this.timeoutMs !== undefined ? formatSeconds(this.timeoutMs) : l10n.t('the time limit'))
          : l10n.t('Neon did not answer within {0}. Try again{1}.', this.timeoutMs !== undefined ? formatSeconds(this.timeoutMs) : l10n.t('the time limit'), '');
      case 'invalidResponse':
        if (this.bodyNotJson) {
          // Cut off or garbled on the way: for a change, Neon may well have made it.
          return this.method && this.method !== 'GET' && this.method !== 'HEAD'
            ? l10n.t('Neon\'s answer to {0} was cut off or garbled, so it is not known whether the change was made. Refresh to check before trying again.{1}', this.endpoint ?? l10n.t('the request'), rid)
            : l10n.t('Neon\'s answers to {0} were cut off or garbled. Try again.{1}', this.endpoint ?? l10n.t('the request'), rid);
        }
        return l10n.t('Neon answered {0} with data this extension does not understand{1}. Update the extension or report the problem.{2}', this.endpoint ?? l10n.t('a request'), this.fieldPath ? ` (field ${this.fieldPath})` : '', rid);
      case 'invalidArgument':
        return `${trimSentence(this.message)}.`;
      case 'operationFailed':
        return l10n.t('A Neon operation did not complete.{0} Refresh and try again.', api);
      case 'badRequest':
        // Wording only: what the tree does never depends on the words of a 400 (tree/loading.ts).
        if (/org_id is required/i.test(this.message)) {
          return l10n.t('This account has no personal project space: choose an organization and try again.');
        }
        return l10n.t('Neon rejected the request (400).{0}{1}', api, rid);
      default:
        return l10n.t('The Neon API answered {0}.{1}{2}', this.status || l10n.t('with an error'), api, rid);
    }
  }

  /** Plain, secret-free representation (JSON.stringify uses it). */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      status: this.status,
      code: this.code,
      message: this.message,
      requestId: this.requestId,
      method: this.method,
      path: this.path,
      limits: this.limits,
      projects: this.projects,
      retryAfter: this.retryAfter,
      fieldPath: this.fieldPath,
      operationId: this.operationId,
      attempts: this.attempts,
    };
  }
}

function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${s < 10 ? Number(s.toFixed(1)) : Math.round(s)} s`;
}

function trimSentence(s: string): string {
  return s.trim().replace(/[.\s]+$/, '');
}

export function isNeonApiError(e: unknown): e is NeonApiError {
  return e instanceof NeonApiError;
}

/** True for a cancelled request (our NeonApiError kind 'cancelled' or a bare AbortError). */
export function isCancellation(e: unknown): boolean {
  if (e instanceof NeonApiError) return e.kind === 'cancelled';
  return typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'AbortError';
}

export function cancelledError(method?: string, path?: string): NeonApiError {
  return new NeonApiError({ kind: 'cancelled', message: l10n.t('Request cancelled'), method, path });
}
