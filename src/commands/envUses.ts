// Which workspace .env files log in as a role, or lead to a branch: after a role's password is
// reset, or before a role or a branch is deleted, the connection strings there stop working, and
// the person is told (a reset left .env with a dead password and said nothing; a delete did too).
// Read-only; values never leave this module.
import { promises as fsp } from 'node:fs';
import * as vscode from 'vscode';
import type { NeonClient } from '../api';
import { resolveKeyNames, type EnvKeyNames } from '../env/connection';
import { parseEnv } from '../env/parse';
import { endpointInOptions, pgComputeId } from '../env/target';
import { endpointIdOfUri } from '../git/mapping';
import type { BranchPlace, DatabaseRef, RoleRef } from '../tree/refs';
import { configuredKeyNames } from './connection';
import { envFileOf } from './envFileOf';

export interface EnvUse {
  file: string;
  /** The file as the workspace names it, e.g. `.env` or `api/.env`. */
  display: string;
  /** Its workspace folder: a write there must not follow a link out of it. */
  root: string;
  keys: string[];
}

/** Which values count: logging in as a role (with a password other than `except`), or connecting to a database. */
interface UseFilter {
  roleName?: string;
  except?: string;
  database?: string;
}

/** The user and password a postgres:// value logs in with, or undefined. */
function login(value: string): { user: string; password: string } | undefined {
  try {
    const u = new URL(value.trim());
    if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') return undefined;
    return { user: decodeURIComponent(u.username), password: decodeURIComponent(u.password) };
  } catch {
    return undefined;
  }
}

/**
 * A reader of the .env file (neonExplorer.envFile) of each workspace folder: which connection
 * strings log in as `role` on a compute of its branch, with a password other than `except` (when
 * given). The branch's computes are read once, on the first call; the files on every call.
 */
export function envUsesOfRole(client: NeonClient, role: RoleRef): (except?: string, signal?: AbortSignal) => Promise<EnvUse[]> {
  let computes: Promise<Set<string>> | undefined;
  return async (except, signal) => {
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
    if (folders.length === 0) return [];
    computes ??= computesOf(client, role, signal);
    return usesIn(folders, await computes, { roleName: role.roleName, ...(except !== undefined ? { except } : {}) });
  };
}

/** The connection strings of the workspace .env files that lead to a compute of `branch`, as any role (before it is deleted). */
export async function envUsesOfBranch(client: NeonClient, branch: BranchPlace): Promise<EnvUse[]> {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
  if (folders.length === 0) return [];
  return usesIn(folders, await computesOf(client, branch));
}

/** The connection strings of the workspace .env files that lead to any compute of a project (before it is deleted). */
export async function envUsesOfProject(client: NeonClient, projectId: string, signal?: AbortSignal): Promise<EnvUse[]> {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
  if (folders.length === 0) return [];
  return usesIn(folders, new Set((await client.listProjectEndpoints(projectId, { signal })).map((e) => e.id)));
}

/** The connection strings (and PGDATABASE) of the workspace .env files that connect to `db` on its branch, as any role (before it is deleted). */
export async function envUsesOfDatabase(client: NeonClient, db: DatabaseRef): Promise<EnvUse[]> {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
  if (folders.length === 0) return [];
  return usesIn(folders, await computesOf(client, db), { database: db.databaseName });
}

function computesOf(client: NeonClient, branch: BranchPlace, signal?: AbortSignal): Promise<Set<string>> {
  return client.listBranchEndpoints(branch.projectId, branch.branchId, { signal }).then((eps) => new Set(eps.map((e) => e.id)));
}

function names(): Partial<EnvKeyNames> {
  try {
    return configuredKeyNames();
  } catch {
    return {};
  }
}

/** Where a postgres:// value leads: its role, database and compute. */
function placeOf(value: string): { user: string; database: string; compute?: string } | undefined {
  const l = login(value);
  if (!l) return undefined;
  let database = '';
  try {
    database = decodeURIComponent(new URL(value.trim()).pathname.replace(/^\//, ''));
  } catch {
    // A badly encoded database name matches no database.
  }
  const compute = endpointIdOfUri(value);
  return { user: l.user, database, ...(compute ? { compute } : {}) };
}

/**
 * With a filter: the values that match it. Connection strings count, and so do the PG* variables
 * libpq reads when PGHOST leads to the branch: for a role, PGPASSWORD (when it is another than
 * `except`) and, without `except`, PGUSER; for a database, PGDATABASE; without a filter (a branch
 * or a project), PGHOST and each of PGUSER, PGPASSWORD, PGDATABASE that is set.
 */
async function usesIn(folders: readonly vscode.WorkspaceFolder[], computes: ReadonlySet<string>, filter: UseFilter = {}): Promise<EnvUse[]> {
  const uses: EnvUse[] = [];
  const n = { pgUser: 'PGUSER', pgDatabase: 'PGDATABASE', pgPassword: 'PGPASSWORD', ...names() };
  for (const folder of folders) {
    const { file } = envFileOf(folder);
    const text = await fsp.readFile(file, 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    const env = parseEnv(text.replace(/^\uFEFF/, ''));
    const keys = [...env]
      .filter(([, value]) => {
        const p = placeOf(value);
        if (!p || !p.compute || !computes.has(p.compute)) return false;
        if (filter.roleName !== undefined && p.user !== filter.roleName) return false;
        if (filter.except !== undefined && login(value)!.password === filter.except) return false;
        return filter.database === undefined || p.database === filter.database;
      })
      .map(([key]) => key);
    const pgCompute = pgComputeId(env, names());
    if (pgCompute && computes.has(pgCompute)) {
      const set = (k: string) => (env.get(k) ?? '') !== '';
      if (filter.roleName !== undefined && env.get(n.pgUser) === filter.roleName) {
        if (filter.except === undefined) keys.push(...[n.pgUser, n.pgPassword].filter(set));
        else if (set(n.pgPassword) && env.get(n.pgPassword) !== filter.except) keys.push(n.pgPassword);
      } else if (filter.database !== undefined && env.get(n.pgDatabase) === filter.database) keys.push(n.pgDatabase);
      else if (filter.roleName === undefined && filter.database === undefined) {
        // A branch or a project: every PG* variable of that connection stops working with it.
        const pg = resolveKeyNames(names());
        // PGOPTIONS too when it names the compute (walk 39: it was the variable that led to the branch).
        const options = endpointInOptions(env.get('PGOPTIONS')) ? ['PGOPTIONS'] : [];
        keys.push(...[pg.pgHost, pg.pgHostUnpooled, pg.pgUser, pg.pgPassword, pg.pgDatabase, ...options].filter((k) => set(k) && !keys.includes(k)));
      }
    }
    if (keys.length) uses.push({ file, display: vscode.workspace.asRelativePath(file), root: folder.uri.fsPath, keys });
  }
  return uses;
}

/** "`.env` (DATABASE_URL, DATABASE_URL_UNPOOLED)", joined for several files. */
export function describeUses(uses: readonly EnvUse[]): string {
  return uses.map((u) => vscode.l10n.t('{0} ({1})', u.display, u.keys.join(', '))).join(', ');
}
