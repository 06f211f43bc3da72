/**
 * What a connection string in .env points at (role, database, compute host), so that saving a
 * connection over a variable that points somewhere else is asked first, while a new password for
 * the same place is not. Pure: no file, no vscode. Nothing here returns or shows a password.
 */
import { connectionEnv, resolveKeyNames, type ConnectionUris, type EnvKeyNames } from './connection';
import { ENV_KEY_PATTERN } from './merge';
import * as l10n from '@vscode/l10n';

export interface ConnectionPlace {
  user: string;
  database: string;
  /** The compute's host, without Neon's `-pooler` suffix: pooled and direct reach the same compute. */
  host: string;
  port: string;
  /**
   * The compute named in `options=endpoint=…` (without `-pooler`), which a client without SNI
   * sends: two URLs to one host and port then still lead to different computes (branches).
   */
  endpoint?: string;
}

/**
 * The compute a libpq `options` value names (`endpoint=ep-x-123` or `ep-x-123-pooler`, as written):
 * Neon's way for a client without SNI, and the emulator's data plane.
 */
export function endpointInOptions(options: string | null | undefined): string | undefined {
  return /(?:^|\s)endpoint=([A-Za-z0-9-]+)/.exec(options ?? '')?.[1];
}

/** The place a postgres:// URL points at; undefined when the value is not such a URL. */
export function connectionPlaceOf(value: string | undefined): ConnectionPlace | undefined {
  if (!value) return undefined;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') return undefined;
  let user: string;
  let database: string;
  try {
    user = decodeURIComponent(url.username);
    database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  } catch {
    return undefined;
  }
  const endpoint = endpointInOptions(url.searchParams.get('options'))?.toLowerCase().replace(/-pooler$/, '');
  return { user, database, host: computeHost(url.hostname), port: url.port || '5432', ...(endpoint ? { endpoint } : {}) };
}

/**
 * Whether a connection string goes through Neon's pooler: its host's first label ends in `-pooler`,
 * or the compute it names in `options=endpoint=` does (a client without SNI, the emulator's data
 * plane: walk 39 found a pooled URL of that kind switched to a direct one).
 */
export function isPooledUri(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return false;
  }
  const endpoint = endpointInOptions(url.searchParams.get('options'));
  return /-pooler$/i.test(endpoint ?? url.hostname.split('.')[0] ?? '');
}

/** `ep-x-123-pooler.region.aws.neon.tech` → `ep-x-123.region.aws.neon.tech`; lower case. */
export function computeHost(host: string): string {
  const [first = '', ...rest] = host.toLowerCase().replace(/^\[(.*)\]$/, '$1').split('.');
  return [first.replace(/-pooler$/, ''), ...rest].join('.');
}

export function samePlace(a: ConnectionPlace, b: ConnectionPlace): boolean {
  return a.user === b.user && a.database === b.database && a.host === b.host && a.port === b.port && a.endpoint === b.endpoint;
}

export type Replacement =
  /** The variable is not set (or empty): nothing to ask. */
  | { kind: 'new' }
  /** Same role, database and compute (perhaps another password): nothing to ask. */
  | { kind: 'same' }
  /** It points somewhere else (`current` undefined: it holds something that is not a postgres URL). */
  | { kind: 'elsewhere'; current?: ConnectionPlace; next: ConnectionPlace };

/** Whether writing `next` over `current` changes where the variable points. */
export function compareConnection(current: string | undefined, next: string): Replacement {
  if (current === undefined || current.trim() === '') return { kind: 'new' };
  const to = connectionPlaceOf(next);
  if (!to) throw new Error(l10n.t('The new value is not a postgres:// connection string'));
  const from = connectionPlaceOf(current);
  if (from && samePlace(from, to)) return { kind: 'same' };
  return from ? { kind: 'elsewhere', current: from, next: to } : { kind: 'elsewhere', next: to };
}

/**
 * How a place is named to a person: `role@project/branch` when `where` is given, else
 * `role@host`; with `withDatabase`, the database is added.
 */
export function placeLabel(p: ConnectionPlace, where?: string, withDatabase = false): string {
  return `${p.user}@${where ?? p.host}${withDatabase ? l10n.t(' (database {0})', p.database) : ''}`;
}

/** The compute a place leads to: the endpoint in `options`, else the host's first label (`ep-…`). */
export function computeIdOf(p: ConnectionPlace): string {
  return p.endpoint ?? p.host.split('.')[0]!;
}

/** The Neon branch a connection string leads to, by name. */
export interface BranchName {
  project: string;
  branch: string;
}

/**
 * The question before `key` is written over, and the new place's label (for the name input's
 * title). With both branches known: "DATABASE_URL connects to branch main (neondb_owner) —
 * replace it with branch walk-b (neondb_owner)?", the project named when the two differ, the
 * database when the two differ. Otherwise `role@host` against `role@project/branch`.
 */
export function replacementQuestion(key: string, r: Extract<Replacement, { kind: 'elsewhere' }>, from: BranchName | undefined, to: BranchName): { text: string; next: string } {
  const db = !r.current || r.current.database !== r.next.database;
  if (r.current && from) {
    const withProject = from.project !== to.project;
    const label = (p: ConnectionPlace, b: BranchName) => {
      const who = db ? l10n.t('{0}, database {1}', p.user, p.database) : p.user;
      return withProject ? l10n.t('branch {0} of project {1} ({2})', b.branch, b.project, who) : l10n.t('branch {0} ({1})', b.branch, who);
    };
    const next = label(r.next, to);
    return { text: l10n.t('{0} connects to {1} — replace it with {2}?', key, label(r.current, from), next), next };
  }
  const current = r.current ? placeLabel(r.current, undefined, db) : l10n.t('a value that is not a postgres:// connection string');
  const next = placeLabel(r.next, `${to.project}/${to.branch}`, db);
  return { text: l10n.t('{0} points at {1} — replace with {2}?', key, current, next), next };
}

/** Names a shell sourcing the file (`set -a; . ./.env`) can read, so the rule says so. */
const NAME_RULE = () => l10n.t('Use letters, digits and _ only, starting with a letter or _ (a name a shell can read)');

/** The unpooled variable that goes with `name`: `NAME_UNPOOLED`. */
export function unpooledName(name: string): string {
  return `${name}_UNPOOLED`;
}

/**
 * For "Use another variable name…" of a secret that is not a connection (an API key): undefined
 * when `name` is free in the file or already holds this very value, else why not.
 */
export function secretNameProblem(name: string, existing: ReadonlyMap<string, string>, next: string): string | undefined {
  const n = name.trim();
  if (n === '') return l10n.t('Enter a variable name, e.g. NEON_API_KEY_CI');
  if (!ENV_KEY_PATTERN.test(n)) return NAME_RULE();
  const there = existing.get(n);
  if (there !== undefined && there !== '' && there !== next) return l10n.t('{0} is already set in the file; choose another name', n);
  return undefined;
}

/** `base` plus `_<label>` in upper case (then _2, _3…): a variable name the file does not use yet. */
export function freeSecretName(base: string, label: string, existing: ReadonlyMap<string, string>): string {
  const stem = `${base}_${label.toUpperCase().replace(/[^A-Z0-9_]+/g, '_').replace(/^_+|_+$/g, '') || 'NEW'}`;
  for (let i = 1; ; i++) {
    const name = i === 1 ? stem : `${stem}_${i}`;
    if (!existing.get(name)) return name;
  }
}

/**
 * For "Use another variable name…": undefined when `name` can take the connection, else why not.
 * `existing` is the file's current variables; `next` the connection string to write.
 */
export function otherNameProblem(name: string, existing: ReadonlyMap<string, string>, next: string, avoid: readonly string[] = []): string | undefined {
  const n = name.trim();
  if (n === '') return l10n.t('Enter a variable name, e.g. DATABASE_URL_APP');
  if (!ENV_KEY_PATTERN.test(n)) return NAME_RULE();
  if (avoid.includes(n)) return l10n.t('{0} is the variable being replaced; choose another name', n);
  for (const key of [n, unpooledName(n)]) {
    const r = compareConnection(existing.get(key), next);
    if (r.kind !== 'elsewhere') continue;
    // The value itself is not shown: it may be a secret.
    return r.current
      ? l10n.t('{0} already holds a connection string to another database in this file; choose another name', key)
      : l10n.t('{0} is already set in this file (to something else): choose another name', key);
  }
  return undefined;
}

/** libpq's variables that connectionEnv writes under their own names (see pgExtras there). */
const LIBPQ_EXTRAS = ['PGPORT', 'PGSSLMODE', 'PGCHANNELBINDING', 'PGOPTIONS'] as const;

/** The PG* variables of a connection, by the configured names. */
export function pgKeysOf(names: Partial<EnvKeyNames> = {}): string[] {
  const n = resolveKeyNames(names);
  return [n.pgHost, n.pgHostUnpooled, n.pgUser, n.pgDatabase, n.pgPassword, ...LIBPQ_EXTRAS];
}

/** Whether a connection string goes through Neon's pooler (`-pooler` in the host, or in `options=endpoint=…`). */
function isPooledUrl(value: string | undefined): boolean | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value.trim());
    if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') return undefined;
    const endpoint = endpointInOptions(url.searchParams.get('options'));
    return /-pooler$/i.test(url.hostname.split('.')[0] ?? '') || /-pooler$/i.test(endpoint ?? '');
  } catch {
    return undefined;
  }
}

/**
 * The entries that put a connection into the variables a warning named (`keys`), under those very
 * names: a connection string stays pooled or direct as it was (by its host; by an `_UNPOOLED` name
 * when it holds none); a PG* variable gets its part of the connection. Once any PG* variable is
 * named, the other PG* variables the file sets come along: together they are one connection.
 * URL keys come first (the check after the write connects with the first one).
 */
export function entriesForNamed(current: ReadonlyMap<string, string>, keys: readonly string[], uris: ConnectionUris, names: Partial<EnvKeyNames> = {}): Record<string, string> {
  const pg = pgKeysOf(names);
  const full = connectionEnv(uris, { names, includePgVars: true });
  const out: Record<string, string> = {};
  for (const key of keys) {
    if (pg.includes(key)) continue;
    const pooled = isPooledUrl(current.get(key)) ?? !/_UNPOOLED$/.test(key);
    out[key] = pooled ? uris.pooled : uris.unpooled;
  }
  if (keys.some((k) => pg.includes(k))) {
    for (const key of pg) if (full[key] !== undefined && (keys.includes(key) || (current.get(key) ?? '') !== '')) out[key] = full[key]!;
  }
  return out;
}

/** The compute a set of PG* variables leads to: the endpoint in PGOPTIONS, else the host's first label. */
export function pgComputeId(env: ReadonlyMap<string, string>, names: Partial<EnvKeyNames> = {}): string | undefined {
  const n = resolveKeyNames(names);
  const endpoint = endpointInOptions(env.get('PGOPTIONS'));
  const host = env.get(n.pgHost) || env.get(n.pgHostUnpooled);
  const id = endpoint ?? (host ? computeHost(host).split('.')[0] : undefined);
  return id ? id.toLowerCase().replace(/-pooler$/, '') : undefined;
}

/**
 * Before the PG* variables are written: those the file already sets to another host, compute,
 * port, role or database than `entries` do (a new password or sslmode is no other place), with
 * their current values for the question. None of them is a password.
 */
export function pgClash(current: ReadonlyMap<string, string>, entries: Readonly<Record<string, string>>, names: Partial<EnvKeyNames> = {}): Array<[key: string, value: string]> {
  const n = resolveKeyNames(names);
  const endpointOf = (v: string) => endpointInOptions(v)?.toLowerCase().replace(/-pooler$/, '') ?? v;
  const same: Record<string, (a: string, b: string) => boolean> = {
    [n.pgHost]: (a, b) => computeHost(a) === computeHost(b),
    [n.pgHostUnpooled]: (a, b) => computeHost(a) === computeHost(b),
    [n.pgUser]: (a, b) => a === b,
    [n.pgDatabase]: (a, b) => a === b,
    PGPORT: (a, b) => a.trim() === b.trim(),
    PGOPTIONS: (a, b) => endpointOf(a) === endpointOf(b),
  };
  const out: Array<[string, string]> = [];
  for (const [key, equal] of Object.entries(same)) {
    const was = current.get(key);
    const next = entries[key];
    if (next === undefined || was === undefined || was.trim() === '' || equal(was.trim(), next)) continue;
    out.push([key, was.trim()]);
  }
  return out;
}
