// Turns any thrown value into what the user is shown: one sentence saying what happened and what
// to do, the API's request id, and the buttons that help. Duck-typed over NeonApiError so it
// also copes with errors from VS Code or Node.
import { redact } from '../util/redact';

export interface Failure {
  readonly message: string;
  readonly requestId?: string;
  readonly status?: number;
  readonly authRejected: boolean;
  readonly retryable: boolean;
  readonly cancelled: boolean;
}

interface ApiErrorLike {
  status?: number;
  requestId?: string;
  kind?: string;
  userMessage?: () => string;
  name?: string;
  message?: string;
}

export function isCancelled(err: unknown): boolean {
  const e = err as ApiErrorLike | undefined;
  return !!e && (e.kind === 'cancelled' || e.name === 'AbortError' || e.name === 'Canceled' || e.name === 'CancellationError');
}

export function describeFailure(action: string, err: unknown): Failure {
  const e = (err ?? {}) as ApiErrorLike;
  const cancelled = isCancelled(err);
  const requestId = typeof e.requestId === 'string' ? e.requestId : undefined;
  const raw = typeof e.userMessage === 'function' ? e.userMessage() : e.message ? String(e.message) : String(err);
  // userMessage() may name the request id already: it is given once, at the end.
  const base = requestId ? raw.split(` (request id ${requestId})`).join('') : raw;
  const sentence = /[.!?]$/.test(base.trim()) ? base.trim() : `${base.trim()}.`;
  const status = typeof e.status === 'number' ? e.status : undefined;
  return {
    message: redact(`Couldn't ${action}: ${sentence}${requestId ? ` (request id ${requestId})` : ''}`),
    requestId,
    status,
    authRejected: status === 401 || e.kind === 'auth',
    retryable: !cancelled && (status === undefined || status === 423 || status === 429 || status >= 500 || e.kind === 'network' || e.kind === 'timeout'),
    cancelled,
  };
}
