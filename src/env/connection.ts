/**
 * What gets written to .env for a role: pure functions from the connection URIs
 * returned by `GET /projects/{id}/connection_uri` (once with pooled=true, once
 * without) to key/value pairs. Errors never include a URI: it holds a password.
 */
import { validateEnvKey } from './merge';
import * as l10n from '@vscode/l10n';

export interface EnvKeyNames {
  databaseUrl: string;
  databaseUrlUnpooled: string;
  pgHost: string;
  pgHostUnpooled: string;
  pgUser: string;
  pgDatabase: string;
  pgPassword: string;
}

/** The names the Neon/Vercel integration uses, so existing code keeps working. */
export const DEFAULT_ENV_KEY_NAMES: Readonly<EnvKeyNames> = Object.freeze({
  databaseUrl: 'DATABASE_URL',
  databaseUrlUnpooled: 'DATABASE_URL_UNPOOLED',
  pgHost: 'PGHOST',
  pgHostUnpooled: 'PGHOST_UNPOOLED',
  pgUser: 'PGUSER',
  pgDatabase: 'PGDATABASE',
  pgPassword: 'PGPASSWORD',
});

export interface ConnectionUris {
  pooled: string;
  unpooled: string;
}

export interface ConnectionEnvOptions {
  /** Overrides for key names (from settings); unspecified ones use the defaults. */
  names?: Partial<EnvKeyNames>;
  /**
   * Also write PGHOST, PGHOST_UNPOOLED, PGUSER, PGDATABASE, PGPASSWORD, and what else libpq needs
   * to connect as DATABASE_URL does (PGPORT, PGSSLMODE, PGCHANNELBINDING, PGOPTIONS; see pgExtras).
   */
  includePgVars?: boolean;
}

export class ConnectionUriError extends Error {
  override name = 'ConnectionUriError';
}

export interface ParsedConnectionUri {
  host: string;
  /** The URI's port, when it names one. */
  port?: string;
  user: string;
  password: string;
  database: string;
  /** Its query parameters (sslmode, channel_binding, options…). */
  params: URLSearchParams;
}

function decode(part: string, what: string, label: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new ConnectionUriError(l10n.t('The {0} connection URI has a badly percent-encoded {1}.', label, what));
  }
}

/** Splits a postgres:// URI; `label` ("pooled"/"unpooled") is used in error messages instead of the URI. */
export function parseConnectionUri(uri: string, label = 'connection'): ParsedConnectionUri {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw new ConnectionUriError(l10n.t('The {0} connection URI is not a valid URL.', label));
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConnectionUriError(l10n.t('The {0} connection URI must start with postgresql:// (got {1}//).', label, url.protocol));
  }
  // IPv6 literals come back bracketed; libpq wants them bare in PGHOST.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const user = decode(url.username, l10n.t('user name'), label);
  const database = decode(url.pathname.replace(/^\//, ''), l10n.t('database name'), label);
  if (!host || !user || !database) {
    throw new ConnectionUriError(l10n.t('The {0} connection URI lacks a {1}.', label, !host ? 'host' : !user ? l10n.t('user name') : l10n.t('database name')));
  }
  return { host, ...(url.port ? { port: url.port } : {}), user, password: decode(url.password, 'password', label), database, params: url.searchParams };
}

/** Resolves key names against the defaults and checks they are valid and distinct. */
export function resolveKeyNames(names: Partial<EnvKeyNames> = {}): EnvKeyNames {
  const out = { ...DEFAULT_ENV_KEY_NAMES };
  for (const [k, v] of Object.entries(names) as Array<[keyof EnvKeyNames, string | undefined]>) {
    if (v !== undefined && v !== '') out[k] = v;
  }
  const values = Object.values(out);
  values.forEach(validateEnvKey);
  const dup = values.find((v, i) => values.indexOf(v) !== i);
  if (dup) throw new ConnectionUriError(l10n.t('The setting uses {0} for two different variables; give each its own name.', dup));
  return out;
}

/** `{DATABASE_URL, DATABASE_URL_UNPOOLED}` plus, optionally, the libpq PG* variables. */
export function connectionEnv(uris: ConnectionUris, opts: ConnectionEnvOptions = {}): Record<string, string> {
  const n = resolveKeyNames(opts.names);
  const pooled = parseConnectionUri(uris.pooled, 'pooled');
  const direct = parseConnectionUri(uris.unpooled, 'unpooled');
  if (pooled.user !== direct.user || pooled.database !== direct.database || pooled.password !== direct.password) {
    throw new ConnectionUriError(l10n.t('The pooled and unpooled connection URIs are for different roles or databases.'));
  }
  const env: Record<string, string> = { [n.databaseUrl]: uris.pooled, [n.databaseUrlUnpooled]: uris.unpooled };
  if (opts.includePgVars) {
    Object.assign(env, {
      [n.pgHost]: pooled.host,
      [n.pgHostUnpooled]: direct.host,
      [n.pgUser]: direct.user,
      [n.pgDatabase]: direct.database,
      [n.pgPassword]: direct.password,
      ...pgExtras(pooled),
    });
  }
  return env;
}

/** libpq's own variables for what a URI says besides host, user, database and password. */
const LIBPQ_PARAMS: ReadonlyArray<readonly [param: string, variable: string]> = [
  ['sslmode', 'PGSSLMODE'],
  ['channel_binding', 'PGCHANNELBINDING'],
  ['options', 'PGOPTIONS'],
];

/**
 * Without these, the PG* variables alone do not connect where the URI does: a port other than
 * 5432, an endpoint named in `options` (a client without SNI), or a weaker sslmode than the URI's
 * (libpq's default, prefer, would fall back to plain text). Read from the pooled URI, as PGHOST is;
 * libpq reads them by these names only, so they are not renamed by the variableNames setting.
 */
function pgExtras(uri: ParsedConnectionUri): Record<string, string> {
  const out: Record<string, string> = {};
  if (uri.port && uri.port !== '5432') out.PGPORT = uri.port;
  for (const [param, variable] of LIBPQ_PARAMS) {
    const value = uri.params.get(param);
    if (value) out[variable] = value;
  }
  return out;
}

/** The entry for a Neon API key. */
export function apiKeyEntry(token: string, name = 'NEON_API_KEY'): Record<string, string> {
  validateEnvKey(name);
  if (!token) throw new ConnectionUriError(l10n.t('The API key is empty.'));
  return { [name]: token };
}
