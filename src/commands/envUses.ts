// Which workspace .env files log in as a role, or lead to a branch: after a role's password is
// reset, or before a role or a branch is deleted, the connection strings there stop working, and
// the person is told (a reset left .env with a dead password and said nothing; a delete did too).
// Read-only; values never leave this module.
import { promises as fsp } from 'node:fs';
import * as vscode from 'vscode';
import type { NeonClient } from '../api';
import { parseEnv } from '../env/parse';
import { endpointIdOfUri } from '../git/mapping';
import type { BranchPlace, RoleRef } from '../tree/refs';
import { envFileOf } from './envFileOf';

export interface EnvUse {
  file: string;
  /** The file as the workspace names it, e.g. `.env` or `api/.env`. */
  display: string;
  keys: string[];
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
    return usesIn(folders, await computes, role.roleName, except);
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

function computesOf(client: NeonClient, branch: BranchPlace, signal?: AbortSignal): Promise<Set<string>> {
  return client.listBranchEndpoints(branch.projectId, branch.branchId, { signal }).then((eps) => new Set(eps.map((e) => e.id)));
}

/** `roleName`: only values logging in as that role (and, with `except`, with another password). */
async function usesIn(folders: readonly vscode.WorkspaceFolder[], computes: ReadonlySet<string>, roleName?: string, except?: string): Promise<EnvUse[]> {
  const uses: EnvUse[] = [];
  for (const folder of folders) {
    const { file } = envFileOf(folder);
    const text = await fsp.readFile(file, 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    const keys = [...parseEnv(text)]
      .filter(([, value]) => {
        const l = login(value);
        const id = endpointIdOfUri(value);
        return !!l && (roleName === undefined || l.user === roleName) && !!id && computes.has(id) && (except === undefined || l.password !== except);
      })
      .map(([key]) => key);
    if (keys.length) uses.push({ file, display: vscode.workspace.asRelativePath(file), keys });
  }
  return uses;
}

/** "`.env` (DATABASE_URL, DATABASE_URL_UNPOOLED)", joined for several files. */
export function describeUses(uses: readonly EnvUse[]): string {
  return uses.map((u) => vscode.l10n.t('{0} ({1})', u.display, u.keys.join(', '))).join(', ');
}
