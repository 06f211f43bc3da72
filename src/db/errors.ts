// A failed connection, said as one sentence: what happened and what to do. node-postgres reports
// server refusals with a SQLSTATE (`code`), Node reports network and TLS failures with an errno or
// OpenSSL code, and a timeout as a plain message; Neon's proxy adds its own wording for computes
// that are suspended, starting or disabled. Pure: no vscode, no pg. The password and the URI are
// scrubbed from anything quoted from the server.

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
  const m = typeof e.message === 'string' ? e.message : String(e.message ?? 'unknown error');
  return scrub(m.replace(/\s+/g, ' ').trim().slice(0, 300), ctx.secrets);
}

export function classifyConnectError(err: unknown, ctx: ConnectContext): ConnectFailure {
  const e = (typeof err === 'object' && err !== null ? err : { message: String(err) }) as ErrLike;
  const code = typeof e.code === 'string' ? e.code : undefined;
  const msg = quoted(e, ctx);
  const where = ctx.where ? ` on ${ctx.where}` : '';
  const addr = `${ctx.host}${ctx.port && ctx.port !== 5432 ? `:${ctx.port}` : ''}`;
  const wasIdle = ctx.computeState === 'idle' || ctx.computeState === 'suspended' || ctx.computeState === 'init';
  const out = (kind: ConnectFailureKind, sentence: string, retryable: boolean): ConnectFailure => ({ kind, sentence: scrub(sentenceOf(sentence), ctx.secrets), retryable, ...(code ? { code } : {}) });

  // Neon's proxy: the compute behind the endpoint is not there (yet).
  if (/endpoint (is )?disabled|compute (is )?disabled/i.test(msg)) {
    return out('disabled', `The compute${where} is disabled, so it accepts no connections (${msg}). Enable it in the Neon Console`, false);
  }
  if (/suspend|waking|wake_compute|could ?n[o']t connect to compute|compute node|starting up|not yet accepting connections|cannot_connect_now/i.test(msg) || code === '57P03') {
    const suspended = /suspend/i.test(msg) || wasIdle;
    return out(
      suspended ? 'suspended' : 'starting',
      suspended
        ? `The compute${where} is suspended and did not start in time for this connection (${code ?? msg}). Neon starts it on the next connection: try again in a few seconds`
        : `The compute${where} is starting (${code ?? msg}). Try again in a few seconds`,
      true,
    );
  }

  switch (code) {
    case '28P01':
      return out('password', `Postgres refused the password of role ${ctx.role}${where} (28P01): the password was reset since, or the role was deleted. Reset the password to get a new one`, false);
    case '28000':
      return out('role', `Postgres refused role ${ctx.role}${where} (28000): ${msg}. The role may have been deleted; refresh the branch`, false);
    case '3D000':
      return out('database', `Database ${ctx.database} does not exist${where} (3D000). It may have been deleted; refresh the branch`, false);
    case '53300':
    case '53400':
      return out('limit', `The compute${where} has no connection slot free (${code}): ${msg}. Close idle sessions or use the pooled connection string`, true);
    case '57P01':
    case '57P02':
      return out('closed', `The compute${where} shut the connection (${code}), as it does while being suspended or restarted. Try again in a few seconds`, true);
    case 'ECONNREFUSED':
      return out(
        'network',
        wasIdle
          ? `Nothing accepts connections at ${addr} (ECONNREFUSED): the compute${where} is suspended and did not start. Try again in a few seconds`
          : `Nothing accepts connections at ${addr} (ECONNREFUSED): the compute is stopped, or a firewall or VPN blocks the port. Check the network and try again`,
        true,
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return out('dns', `The host name ${ctx.host} could not be resolved (${code}): check the network connection or DNS, then try again`, true);
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ENETDOWN':
      return out('network', `${addr} cannot be reached (${code}): check the network connection, a VPN or a firewall that blocks the port, then try again`, true);
    case 'ECONNRESET':
    case 'EPIPE':
      return out('closed', `The connection to ${addr} was cut (${code}), by the network or the server. Try again`, true);
  }
  if (code && TLS_CODES.test(code)) {
    return out('tls', `The TLS handshake with ${addr} failed (${code}): ${msg}. The connection string asks for sslmode=${ctx.sslmode ?? 'require'}; check the server's certificate, or a proxy that intercepts TLS`, false);
  }
  if (/does not support SSL|SSL connection|ssl negotiation|TLS|certificate/i.test(msg)) {
    return out('tls', `TLS failed with ${addr}: ${msg}. The connection string asks for sslmode=${ctx.sslmode ?? 'require'}`, false);
  }
  if (/timeout|timed out/i.test(msg)) {
    return out(
      wasIdle ? 'suspended' : 'timeout',
      wasIdle
        ? `The compute${where} is suspended and did not answer in time while starting. Try again in a few seconds`
        : `${addr} did not answer in time (${msg}). Check the network connection and try again`,
      true,
    );
  }
  if (/terminated unexpectedly|Connection terminated|socket hang up/i.test(msg)) {
    return out('closed', `The server closed the connection to ${addr} before it was ready (${msg}). Try again`, true);
  }
  if (code && /^[0-9A-Z]{5}$/.test(code)) {
    return out('other', `Postgres refused the connection (${code}): ${msg}`, false);
  }
  return out('other', `Connecting to ${addr} failed${code ? ` (${code})` : ''}: ${msg}`, false);
}
