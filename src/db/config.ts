// From a postgres:// connection string (as Neon hands it out, or as a .env file holds it) to what
// node-postgres and psql are given. TLS follows libpq's meaning of `sslmode`, the meaning the string
// has for psql: `require` encrypts without checking the certificate, `verify-ca` checks the chain,
// `verify-full` the chain and the host name; `prefer` (libpq's default) tries TLS and falls back to
// plain when the server has none. Pure: no vscode, no pg. Errors never repeat the string.
import { parseConnectionUri } from '../env/connection';
import * as l10n from '@vscode/l10n';

export type SslMode = 'disable' | 'allow' | 'prefer' | 'require' | 'verify-ca' | 'verify-full';
const SSL_MODES: readonly SslMode[] = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'];

/** What a connection string says, split into its parts. Holds the password: never log it. */
export interface ConnectionSpec {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  sslmode: SslMode;
  /** `channel_binding=require|prefer|disable` (libpq 13+; Neon's console adds `require`). */
  channelBinding?: 'require' | 'prefer' | 'disable';
  /** `options=…`, e.g. `endpoint=ep-…` for clients without SNI. */
  options?: string;
  /** `connect_timeout`, seconds. */
  connectTimeoutSeconds?: number;
}

export class ConnectionConfigError extends Error {
  override name = 'ConnectionConfigError';
}

/** Splits a postgres:// URI; `label` names it in errors ("The DATABASE_URL connection URI …") instead of the URI. */
export function parseConnectionSpec(uri: string, label = 'given'): ConnectionSpec {
  let base;
  try {
    base = parseConnectionUri(uri, label);
  } catch (e) {
    throw new ConnectionConfigError((e as Error).message);
  }
  const url = new URL(uri);
  const port = url.port === '' ? 5432 : Number(url.port);
  const q = url.searchParams;
  const sslmode = (q.get('sslmode') ?? 'prefer') as SslMode;
  if (!SSL_MODES.includes(sslmode)) {
    throw new ConnectionConfigError(l10n.t('The {0} connection URI has sslmode={1}, which is not one of {2}.', label, sslmode.slice(0, 20), SSL_MODES.join(', ')));
  }
  const cb = q.get('channel_binding');
  if (cb !== null && cb !== 'require' && cb !== 'prefer' && cb !== 'disable') {
    throw new ConnectionConfigError(l10n.t('The {0} connection URI has channel_binding={1}, which is not one of require, prefer, disable.', label, cb.slice(0, 20)));
  }
  const timeout = q.get('connect_timeout');
  return {
    host: base.host,
    user: base.user,
    password: base.password,
    database: base.database,
    port,
    sslmode,
    ...(cb ? { channelBinding: cb } : {}),
    ...(q.get('options') ? { options: q.get('options')! } : {}),
    ...(timeout && Number(timeout) > 0 ? { connectTimeoutSeconds: Number(timeout) } : {}),
  };
}

/** The TLS part of a node-postgres config for an sslmode; `false` = no TLS. */
export function tlsOptions(spec: Pick<ConnectionSpec, 'sslmode' | 'host'>): false | { rejectUnauthorized: boolean; checkServerIdentity?: () => undefined } {
  switch (spec.sslmode) {
    case 'disable':
      return false;
    case 'verify-full':
      return { rejectUnauthorized: true };
    case 'verify-ca':
      // The chain must be trusted; the host name may differ (libpq's verify-ca).
      return { rejectUnauthorized: true, checkServerIdentity: () => undefined };
    default:
      return { rejectUnauthorized: false };
  }
}

/** The subset of pg.ClientConfig we fill (structural, so this module needs no pg import). */
export interface PgClientConfig {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  ssl: false | { rejectUnauthorized: boolean; checkServerIdentity?: () => undefined };
  enableChannelBinding: boolean;
  options?: string;
  application_name: string;
  connectionTimeoutMillis: number;
  query_timeout: number;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 15_000;

/**
 * The node-postgres config for a spec. A suspended Neon compute takes a few seconds to start on
 * the first connection, hence a connect timeout of 15 s unless the string sets `connect_timeout`.
 */
export function clientConfig(spec: ConnectionSpec, opts: { applicationName?: string; timeoutMs?: number } = {}): PgClientConfig {
  const timeout = opts.timeoutMs ?? (spec.connectTimeoutSeconds ? spec.connectTimeoutSeconds * 1000 : DEFAULT_CONNECT_TIMEOUT_MS);
  return {
    host: spec.host,
    port: spec.port,
    user: spec.user,
    password: spec.password,
    database: spec.database,
    ssl: tlsOptions(spec),
    enableChannelBinding: spec.channelBinding !== undefined && spec.channelBinding !== 'disable' && spec.sslmode !== 'disable',
    ...(spec.options ? { options: spec.options } : {}),
    application_name: opts.applicationName ?? 'Neon Explorer',
    connectionTimeoutMillis: timeout,
    query_timeout: timeout,
  };
}

/** Whether a failed TLS attempt may be retried in plain text (libpq's allow/prefer). */
export function mayFallBackToPlain(spec: Pick<ConnectionSpec, 'sslmode'>): boolean {
  return spec.sslmode === 'prefer' || spec.sslmode === 'allow';
}
