// Linking hands the .env's DATABASE_URL and DATABASE_URL_UNPOOLED to Neon Explorer: the link
// points them at a Neon branch now and on every git checkout. A value there that leads to no
// compute of the project (a local database, another project's branch) would be overwritten
// without a word, so the person is asked first. The first (safe) choice keeps a copy under
// <NAME>_BEFORE_NEON in the same file; the values are never shown (host, role and database only).
// So is a value into the project that the link would move to another role, database or branch.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { NeonClient } from '../api';
import { resolveKeyNames } from '../env/connection';
import { parseEnv } from '../env/parse';
import { connectionPlaceOf, placeLabel } from '../env/target';
import { writeEnvFile } from '../env/write';
import { endpointIdOfUri } from '../git/mapping';
import type { Services } from '../services';
import { registerSecret } from '../util/redact';
import { configuredKeyNames } from './connection';

export const KEEP_COPY = vscode.l10n.t('Link, Keeping a Copy');
export const LINK_AND_REPLACE = vscode.l10n.t('Link and Replace');

/** `<key>_BEFORE_NEON` (then _2, _3…) unless the file uses it for another value. */
function copyName(key: string, existing: ReadonlyMap<string, string>, value: string): string {
  for (let i = 1; ; i++) {
    const name = i === 1 ? `${key}_BEFORE_NEON` : `${key}_BEFORE_NEON_${i}`;
    const there = existing.get(name);
    if (!there || there === value) return name;
  }
}

/** A connection variable of the .env that leads into the project being linked: as whom, to which database, on which branch. */
export interface EnvInProject {
  key: string;
  user: string;
  database: string;
  branchId: string;
}

/** The .env's connection variables as the link finds them (read once: the role question and the review both use them). */
export interface EnvBeforeLink {
  current: ReadonlyMap<string, string>;
  /** The connection variables that are set, DATABASE_URL first. */
  set: string[];
  /** Those that lead to no compute of the project. */
  foreign: string[];
  /** Those that lead to a compute of the project. */
  inProject: EnvInProject[];
}

/** Reads the .env before a link; undefined when it does not exist or sets no connection variable. */
export async function readEnvBeforeLink(client: NeonClient, envFile: string, projectId: string): Promise<EnvBeforeLink | undefined> {
  const text = await fsp.readFile(envFile, 'utf8').catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return undefined;
    throw new Error(vscode.l10n.t('{0} could not be read ({1}); the folder was not linked', envFile, e.code ?? 'error'));
  });
  if (text === undefined) return undefined;
  const current = parseEnv(text.replace(/^\uFEFF/, ''));
  const keys = resolveKeyNames(configuredKeyNames());
  const set = [keys.databaseUrl, keys.databaseUrlUnpooled].filter((k) => (current.get(k) ?? '').trim() !== '');
  if (set.length === 0) return undefined;
  const branchOf = new Map((await client.listProjectEndpoints(projectId)).map((e) => [e.id, e.branch_id]));
  const foreign: string[] = [];
  const inProject: EnvInProject[] = [];
  for (const key of set) {
    const id = endpointIdOfUri(current.get(key));
    const branchId = id ? branchOf.get(id) : undefined;
    const place = connectionPlaceOf(current.get(key));
    if (branchId && place) inProject.push({ key, user: place.user, database: place.database, branchId });
    else foreign.push(key);
  }
  return { current, set, foreign, inProject };
}

/** What the link will connect the .env as: the role and database, and the branch when it changes the .env's (its name). */
export interface LinkNext {
  roleName: string;
  databaseName: string;
  /** Set when the link moves the .env to another branch than the one it connects to: how that branch is named. */
  branch?: (from: string) => string | undefined;
}

/**
 * Asks before a link takes over connection variables that lead elsewhere (another project, a local
 * database), or into the project as another role or database, or (a folder not linked before) to
 * another branch than the link will use (walk 41: a role and database chosen with Save Connection
 * to .env were replaced by the default ones without a word). True: go on (nothing changes, replaced,
 * or a copy kept); false: the person cancelled, nothing was written.
 */
export async function reviewEnvBeforeLink(
  s: Services,
  env: EnvBeforeLink | undefined,
  o: { folder: string; envFile: string; projectName: string; next: LinkNext; branchName: (id: string) => string },
): Promise<boolean> {
  if (!env) return true;
  const { current, foreign } = env;
  const file = path.relative(o.folder, o.envFile) || o.envFile;
  let asked: string[];
  let question: string;
  if (foreign.length > 0) {
    const place = connectionPlaceOf(current.get(foreign[0]!));
    const where = place ? placeLabel(place, undefined, true) : vscode.l10n.t('a value that is not a postgres:// connection string');
    asked = foreign;
    question = foreign.length === 1
      ? vscode.l10n.t('{0} in {1} leads to {2}, not to project {3}. Linking points it at a Neon branch of {3}, now and on every git checkout.', foreign[0]!, file, where, o.projectName)
      : vscode.l10n.t('{0} and {1} in {2} lead to {3}, not to project {4}. Linking points them at a Neon branch of {4}, now and on every git checkout.', foreign[0]!, foreign[1]!, file, where, o.projectName);
  } else {
    const next = `${o.next.roleName}@${o.next.databaseName}`;
    const changed = env.inProject.filter((p) => `${p.user}@${p.database}` !== next || o.next.branch?.(p.branchId) !== undefined);
    if (changed.length === 0) return true;
    const first = changed[0]!;
    const was = `${first.user}@${first.database}`;
    const toBranch = o.next.branch?.(first.branchId);
    asked = changed.map((p) => p.key);
    question = toBranch !== undefined
      ? vscode.l10n.t('{0} connects to project {1} as {2} on branch {3} ({4}). Linking connects it as {5} on {6} instead, now and on every git checkout.', file, o.projectName, was, o.branchName(first.branchId), asked.join(', '), next, toBranch)
      : vscode.l10n.t('{0} connects to project {1} as {2} ({3}). Linking connects it as {4} instead, now and on every git checkout.', file, o.projectName, was, asked.join(', '), next);
  }
  asked.forEach((k) => registerSecret(current.get(k)!));
  const copies = asked.map((k) => ({ key: k, name: copyName(k, current, current.get(k)!) }));
  const choice = await s.prompt.message(
    'warning',
    question,
    {
      modal: true,
      detail: copies.length === 1
        ? vscode.l10n.t('"{0}" keeps the current value as {1} in the same file. "{2}" overwrites it.', KEEP_COPY, copies[0]!.name, LINK_AND_REPLACE)
        : vscode.l10n.t('"{0}" keeps the current values as {1} and {2} in the same file. "{3}" overwrites them.', KEEP_COPY, copies[0]!.name, copies[1]!.name, LINK_AND_REPLACE),
    },
    KEEP_COPY,
    LINK_AND_REPLACE,
  );
  if (choice === LINK_AND_REPLACE) return true;
  if (choice !== KEEP_COPY) return false;
  await writeEnvFile(o.envFile, Object.fromEntries(copies.map((c) => [c.name, current.get(c.key)!])), { workspaceRoot: o.folder });
  s.log.info(`link: kept ${copies.map((c) => `${c.key} as ${c.name}`).join(', ')} in ${o.envFile}`);
  return true;
}
