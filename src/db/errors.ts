// A failed connection, said as one sentence: what happened and what to do. node-postgres reports
// server refusals with a SQLSTATE (`code`), Node reports network and TLS failures with an errno or
// OpenSSL code, and a timeout as a plain message; Neon's proxy adds its own wording for computes
// that are suspended, starting or disabled. Pure: no vscode, no pg. The password and the URI are
// scrubbed from anything quoted from the server.
import * as l10n from '@vscode/l10n';

export type ConnectFailureKind =
  | 'password'
  | 'role'
  | 'database'
  | 'starting'
  | 'suspended'
  | 'disabled'
  | 'limit'
  | 'network'
  | 'dns'
  | 'tls'
  | 'timeout'
  | 'closed'
  | 'other';

export interface ConnectFailure {
  kind: ConnectFailureKind;
  /** One sentence (or two), ending with a full stop. */
  sentence: string;
  /** SQLSTATE, errno or OpenSSL code when there is one. */
  code?: string;
  /** Trying again in a moment may work (a starting compute, a dropped network). */
  retryable: boolean;
}

export interface ConnectContext {
  role: string;
  database: string;
  host: string;
  port?: number;
  /** "branch main", for the sentence; optional. */
  where?: string;
  /** The endpoint's state from the API before connecting ('idle' = suspended), when known. */
  computeState?: string;
  sslmode?: string;
  /** Values that must not appear in the sentence (the password, the URI). */
  secrets?: readonly string[];
}

interface ErrLike {
  code?: unknown;
  message?: unknown;
  errno?: unknown;
  syscall?: unknown;
}

const TLS_CODES = /^(ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_(VERIFY|GET)_|EPROTO$|ERR_OSSL_)/;

function scrub(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const s of secrets) {
    if (!s) continue;
    out = out.split(s).join('«redacted»');
    const enc = encodeURIComponent(s);
    if (enc !== s) out = out.split(enc).join('«redacted»');
  }
  return out.replace(/(postgres(?:ql)?:\/\/[^:/@\s]+:)[^@\s]+@/gi, '$1«redacted»@');
}

function sentenceOf(text: string): string {
  const t = text.trim().replace(/\s+/g, ' ');
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

/** The server's (or Node's) own words, trimmed to a clause and scrubbed. */
function quoted(e: ErrLike, ctx: ConnectContext): string {
  const m = typeof e.message === 'string' ? e.message : String(e.message ?? l10n.t('unknown error'));
  return scrub(m.replace(/\s+/g, ' ').trim().slice(0, 300), ctx.secrets);
}

export function classifyConnectError(err: unknown, ctx: ConnectContext): ConnectFailure {
  const e = (typeof err === 'object' && err !== null ? err : { message: String(err) }) as ErrLike;
  const code = typeof e.code === 'string' ? e.code : undefined;
  const msg = quoted(e, ctx);
  const where = ctx.where ? l10n.t(' on {0}', ctx.where) : '';
  const addr = `${ctx.host}${ctx.port && ctx.port !== 5432 ? `:${ctx.port}` : ''}`;
  const wasIdle = ctx.computeState === 'idle' || ctx.computeState === 'suspended' || ctx.computeState === 'init';
  const out = (kind: ConnectFailureKind, sentence: string, retryable: boolean): ConnectFailure => ({ kind, sentence: scrub(sentenceOf(sentence), ctx.secrets), retryable, ...(code ? { code } : {}) });

  // Neon's proxy: the compute behind the endpoint is not there (yet).
  if (/endpoint (is )?disabled|compute (is )?disabled/i.test(msg)) {
    return out('disabled', l10n.t('The compute{0} is disabled, so it accepts no connections ({1}). Enable it in the Neon Console', where, msg), false);
  }
  if (/suspend|waking|wake_compute|could ?n[o']t connect to compute|compute node|starting up|not yet accepting connections|cannot_connect_now/i.test(msg) || code === '57P03') {
    const suspended = /suspend/i.test(msg) || wasIdle;
    return out(
      suspended ? 'suspended' : 'starting',
      suspended
        ? l10n.t('The compute{0} is suspended and did not start in time for this connection ({1}). Neon starts it on the next connection: try again in a few seconds', where, code ?? msg)
        : l10n.t('The compute{0} is starting ({1}). Try again in a few seconds', where, code ?? msg),
      true,
    );
  }

  switch (code) {
    case '28P01':
      return out('password', l10n.t('Postgres refused the password of role {0}{1} (28P01): the password was reset since, or the role was deleted. Reset the password to get a new one', ctx.role, where), false);
    case '28000':
      return out('role', l10n.t('Postgres refused role {0}{1} (28000): {2}. The role may have been deleted; refresh the branch', ctx.role, where, msg), false);
    case '3D000':
      return out('database', l10n.t('Database {0} does not exist{1} (3D000). It may have been deleted; refresh the branch', ctx.database, where), false);
    case '53300':
    case '53400':
      return out('limit', l10n.t('The compute{0} has no connection slot free ({1}): {2}. Close idle sessions or use the pooled connection string', where, code, msg), true);
    case '57P01':
    case '57P02':
      return out('closed', l10n.t('The compute{0} shut the connection ({1}), as it does while being suspended or restarted. Try again in a few seconds', where, code), true);
    case 'ECONNREFUSED':
      return out(
        'network',
        wasIdle
          ? l10n.t('Nothing accepts connections at {0} (ECONNREFUSED): the compute{1} is suspended and did not start. Try again in a few seconds', addr, where)
          : l10n.t('Nothing accepts connections at {0} (ECONNREFUSED): the compute is stopped, or a firewall or VPN blocks the port. Check the network and try again', addr),
        true,
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return out('dns', l10n.t('The host name {0} could not be resolved ({1}): check the network connection or DNS, then try again', ctx.host, code), true);
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ENETDOWN':
      return out('network', l10n.t('{0} cannot be reached ({1}): check the network connection, a VPN or a firewall that blocks the port, then try again', addr, code), true);
    case 'ECONNRESET':
    case 'EPIPE':
      return out('closed', l10n.t('The connection to {0} was cut ({1}), by the network or the server. Try again', addr, code), true);
  }
  if (code && TLS_CODES.test(code)) {
    return out('tls', l10n.t('The TLS handshake with {0} failed ({1}): {2}. The connection string asks for sslmode={3}; check the server\'s certificate, or a proxy that intercepts TLS', addr, code, msg, ctx.sslmode ?? 'require'), false);
  }
  if (/does not support SSL|SSL connection|ssl negotiation|TLS|certificate/i.test(msg)) {
    return out('tls', `TLS failed with ${addr}: ${msg}. The connection string asks for sslmode=${ctx.sslmode ?? 'require'}`, false);
  }
  if (/timeout|timed out/i.test(msg)) {
    return out(
      wasIdle ? 'suspended' : 'timeout',
      wasIdle
        ? l10n.t('The compute{0} is suspended and did not answer in time while starting. Try again in a few seconds', where)
        : l10n.t('{0} did not answer in time ({1}). Check the network connection and try again', addr, msg),
      true,
    );
  }
  if (/terminated unexpectedly|Connection terminated|socket hang up/i.test(msg)) {
    return out('closed', l10n.t('The server closed the connection to {0} before it was ready ({1}). Try again', addr, msg), true);
  }
  if (code && /^[0-9A-Z]{5}$/.test(code)) {
    return out('other', l10n.t('Postgres refused the connection ({0}): {1}', code, msg), false);
  }
  return out('other', l10n.t('Connecting to {0} failed{1}: {2}', addr, code ? ` (${code})` : '', msg), false);
}
