// Save to .env: a connection (or a role's new password) written into the workspace's .env target,
// asking first when DATABASE_URL leads elsewhere (naming both branches), then recorded for a
// linked folder and checked by connecting. In dist/rarelyUsed.js: activation needs none of it.
import * as vscode from 'vscode';
import { isNeonApiError, type NeonClient } from '../api';
import { resolveKeyNames } from '../env/connection';
import { promises as fsp } from 'node:fs';
import { parseEnv } from '../env/parse';
import { envWritten } from '../env/written';
import { recordedProject } from '../tree/envMarks';
import { compareConnection, computeIdOf, connectionPlaceOf, entriesForNamed, otherNameProblem, pgClash, pgKeysOf, placeLabel, replacementQuestion, unpooledName, type BranchName } from '../env/target';
import { gitFeature } from '../git/feature';
import { envFileFor } from '../git/links';
import { readNeonFile } from '../git/neonFile';
import type { Services } from '../services';
import type { RoleRef } from '../tree/refs';
import { registerSecret, registerUri } from '../util/redact';
import { rarelyUsed } from '../rarelyUsedLoader';
import { configuredKeyNames, connectionEntries, describeTarget, fetchUris, resolveConnectionTarget, withPassword, type ConnectionTarget, type UriPair } from './connection';
import { saveSecretsToEnv, type SaveOptions, type SaveOutcome } from './envTarget';
import type { EnvUse } from './envUses';
import { CommandIds } from './ids';
import { readLink } from './pickers';
import type { CommandSpec } from './registry';

export const REPLACE = vscode.l10n.t('Replace');
export const OTHER_NAME = vscode.l10n.t('Use Another Variable Name…');
export const KEEP_PG = vscode.l10n.t('Keep the PG* Variables');

/**
 * Computes by endpoint id → their branches, in the saved branch's project and the workspace's linked
 * one: to name the branch a .env URL connects to. By id, not host: on the emulator's data plane
 * every compute shares one host and only `options=endpoint=…` tells them apart.
 */
async function branchNames(s: Services, client: NeonClient, t: ConnectionTarget, recorded?: { projectId: string; projectName?: string }): Promise<(computeId: string) => BranchName | undefined> {
  const link = await readLink(s);
  const projects = [{ client: Promise.resolve(client), projectId: t.role.projectId, project: t.role.projectName }];
  if (link && link.projectId !== t.role.projectId) projects.push({ client: s.clients.get(link.accountId), projectId: link.projectId, project: link.projectName });
  // The project an earlier write of ours connected this variable to (walk 41: a project neither saved nor linked here showed as a host).
  if (recorded && !projects.some((p) => p.projectId === recorded.projectId)) projects.push({ client: Promise.resolve(client), projectId: recorded.projectId, project: recorded.projectName ?? recorded.projectId });
  const named = new Map<string, BranchName>();
  await Promise.all(
    projects.map(async (p) => {
      try {
        const c = await p.client;
        const [endpoints, branches] = await Promise.all([c.listProjectEndpoints(p.projectId), c.listBranches(p.projectId)]);
        const branchName = new Map(branches.map((b) => [b.id, b.name]));
        for (const e of endpoints) named.set(e.id, { project: p.project, branch: branchName.get(e.branch_id) ?? e.branch_id });
      } catch {
        // Names are a nicety: the question then shows the host.
      }
    }),
  );
  return (id) => named.get(id);
}

/** Whether `file` is the .env of a linked repository whose checkouts switch it without asking. */
async function followsGit(file: string): Promise<boolean> {
  const { links, autopilot } = gitFeature();
  for (const root of autopilot.roots()) {
    if (envFileFor(root, links.settings(root)) !== file || !(await readNeonFile(root).catch(() => undefined))) continue;
    if (vscode.workspace.getConfiguration('neonExplorer', vscode.Uri.file(root)).get<string>('git.autoBranch') === 'always') return true;
  }
  return false;
}

/**
 * Before a connection is written over DATABASE_URL (or DATABASE_URL_UNPOOLED) that points at
 * another role, database or compute: "DATABASE_URL connects to branch main (reporting_ro) —
 * replace it with branch main (app_user)?" Replace, Use Another Variable Name… (then the name), or
 * Cancel. The same place (a new password, say) is written without a question. No password is shown.
 */
export function connectionReview(s: Services, client: NeonClient, t: ConnectionTarget): NonNullable<SaveOptions['review']> {
  const urls = urlReview(s, client, t);
  return async (current, entries, file) => {
    const reviewed = await urls(current, entries, file);
    // Under another name the PG* variables are not written at all; otherwise they are asked about as DATABASE_URL is.
    return reviewed === entries ? pgReview(s, t, current, entries) : reviewed;
  };
}

/**
 * With neonExplorer.env.includePgVariables: PGHOST, PGUSER… that the file sets for another host,
 * compute, role or database are not written over without a question either (walk 35: an
 * unrelated PGHOST was). libpq reads them by these names only, so the way out is to leave them.
 */
async function pgReview(s: Services, t: ConnectionTarget, current: ReadonlyMap<string, string>, entries: Record<string, string>): Promise<Record<string, string> | undefined> {
  const names = configuredKeyNames();
  const clash = pgClash(current, entries, names);
  if (clash.length === 0) return entries;
  const pooled = entries[resolveKeyNames(names).databaseUrl];
  const next = connectionPlaceOf(pooled);
  const where = next ? placeLabel(next, `${t.role.projectName}/${t.role.branchName}`, true) : describeTarget(t);
  const pg = pgKeysOf(names);
  const kept = Object.fromEntries(Object.entries(entries).filter(([k]) => !pg.includes(k)));
  const choice = await s.prompt.message(
    'warning',
    vscode.l10n.t('The PG* variables of this file connect elsewhere ({0}) — replace them with {1}?', clash.map(([k, v]) => `${k}=${v}`).join(', '), where),
    { modal: true, detail: vscode.l10n.t('Replace writes {0}. {1} writes only {2} and leaves the PG* variables as they are.', Object.keys(entries).join(', '), KEEP_PG, Object.keys(kept).join(', ')) },
    REPLACE,
    KEEP_PG,
  );
  if (choice === REPLACE) return entries;
  return choice === KEEP_PG ? kept : undefined;
}

function urlReview(s: Services, client: NeonClient, t: ConnectionTarget): NonNullable<SaveOptions['review']> {
  return async (current, entries, file) => {
    const keys = resolveKeyNames(configuredKeyNames());
    const pooledKey = keys.databaseUrl;
    const unpooledKey = keys.databaseUrlUnpooled;
    const next = entries[pooledKey];
    if (next === undefined) return entries;
    const clash = [pooledKey, unpooledKey]
      .map((key) => ({ key, r: compareConnection(current.get(key), entries[key] ?? next) }))
      .find((x) => x.r.kind === 'elsewhere');
    if (!clash || clash.r.kind !== 'elsewhere') return entries;
    const from = clash.r.current && (await branchNames(s, client, t, recordedProject(s.context.workspaceState, file, clash.key, current.get(clash.key)!)))(computeIdOf(clash.r.current));
    const question = replacementQuestion(clash.key, clash.r, from, { project: t.role.projectName, branch: t.role.branchName });
    const detail = vscode.l10n.t('Replace writes {0}. Another variable name keeps {1} as it is.', Object.keys(entries).join(', '), clash.key);
    // A manual write there lasts only until the autopilot's next switch.
    const again = (await followsGit(file)) ? ` ${vscode.l10n.t('{0} follows git: the next checkout switches {1} again.', vscode.workspace.asRelativePath(file), clash.key)}` : '';
    const choice = await s.prompt.message('warning', question.text, { modal: true, detail: detail + again }, REPLACE, OTHER_NAME);
    if (choice === REPLACE) return entries;
    if (choice !== OTHER_NAME) return undefined;
    const suggestion = `${pooledKey}_${t.role.roleName.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}`;
    const name = await s.prompt.input({
      title: vscode.l10n.t('Variable for {0}', question.next),
      prompt: vscode.l10n.t('The pooled connection goes into this variable, the direct one into the same name with _UNPOOLED. {0} is left as it is.', clash.key),
      value: otherNameProblem(suggestion, current, next, [pooledKey, unpooledKey]) ? undefined : suggestion,
      validateInput: (v) => otherNameProblem(v, current, next, [pooledKey, unpooledKey]),
    });
    if (name === undefined) return undefined;
    const problem = otherNameProblem(name, current, next, [pooledKey, unpooledKey]);
    if (problem) throw new Error(problem);
    const n = name.trim();
    return { [n]: next, ...(entries[unpooledKey] !== undefined ? { [unpooledName(n)]: entries[unpooledKey]! } : {}) };
  };
}

/**
 * With `neonExplorer.env.verifyAfterWrite` on: connect with the connection string just written,
 * under the name it was written to (the configured DATABASE_URL, or the one the person chose
 * instead: connectionReview puts it first).
 */
function verifyOnWrite(s: Services, t: ConnectionTarget): NonNullable<SaveOptions['afterWrite']> | undefined {
  if (!vscode.workspace.getConfiguration('neonExplorer').get<boolean>('env.verifyAfterWrite', true)) return undefined;
  return (file, written, changed) => {
    const configured = resolveKeyNames(configuredKeyNames()).databaseUrl;
    // The check (node-postgres's errors explained, the probe) is in dist/rarelyUsed.js: a write need not load it.
    // A file that already held these values was not written: its sentences then do not say "Wrote".
    return rarelyUsed().verifyEnvConnection(s, file, configured in written ? configured : Object.keys(written)[0] ?? configured, t, changed.length === 0);
  };
}

/** After a connection was written: a linked folder whose .env got it records the switch (the status bar follows at once), then the check above runs. */
function afterConnectionWrite(s: Services, t: ConnectionTarget): NonNullable<SaveOptions['afterWrite']> {
  const verify = verifyOnWrite(s, t);
  return async (file, written, changed) => {
    // The write (src/commands/envTarget.ts) knew no branch: told again with it, for the tree's "in .env" marks, linked folder or not (walk 41).
    const configured = resolveKeyNames(configuredKeyNames()).databaseUrl;
    const key = configured in written ? configured : Object.keys(written).find((k) => connectionPlaceOf(written[k]));
    if (key) envWritten({ file, updates: written, branch: { projectId: t.role.projectId, projectName: t.role.projectName, branchId: t.role.branchId, key } });
    await rarelyUsed().recordSavedConnection(s, file, written, t.role).catch((e: unknown) => s.log.warn(`The Neon branch saved to ${file} could not be recorded for its linked folder: ${(e as Error).message}`));
    await verify?.(file, written, changed);
  };
}

export async function saveConnectionToEnv(s: Services, arg?: unknown): Promise<'written' | 'copied' | 'cancelled'> {
  const t = await resolveConnectionTarget(s, arg, vscode.l10n.t('Save Connection to .env'));
  const client = await s.clients.get(t.role.accountId);
  const uris = await fetchUris(client, t);
  return saveSecretsToEnv(s, connectionEntries(uris), { reason: vscode.l10n.t('the connection of {0}', describeTarget(t)), review: connectionReview(s, client, t), afterWrite: afterConnectionWrite(s, t) });
}

/**
 * After a role's password was created, reset or revealed: writes the role's connection (with that
 * password) to the .env target. The URIs come from the API for the right branch; if the project
 * does not store passwords (412) they are built from the branch's compute host.
 */
export async function saveRoleConnectionToEnv(s: Services, role: RoleRef, password: string): Promise<'written' | 'copied' | 'cancelled'> {
  registerSecret(password);
  const t = await resolveConnectionTarget(s, role, vscode.l10n.t('Save password to .env'));
  const client = await s.clients.get(role.accountId);
  const uris = await urisWithPassword(client, t, password);
  return saveSecretsToEnv(s, connectionEntries(uris), { reason: vscode.l10n.t('the password of role {0} (branch {1})', role.roleName, role.branchName), review: connectionReview(s, client, t), afterWrite: afterConnectionWrite(s, t) });
}

/** The role's URIs with `password` in them; built from the branch's compute when the project stores no passwords (412). */
async function urisWithPassword(client: NeonClient, t: ConnectionTarget, password: string): Promise<UriPair> {
  let uris: UriPair;
  try {
    uris = await fetchUris(client, t);
  } catch (e) {
    if (!(isNeonApiError(e) && (e.status === 412 || e.status === 404))) throw e;
    uris = await urisFromEndpoint(client, t, password);
  }
  // The API may still hand out the previous password for a moment after a reset.
  uris = { pooled: withPassword(uris.pooled, password), unpooled: withPassword(uris.unpooled, password) };
  registerUri(uris.pooled);
  registerUri(uris.unpooled);
  return uris;
}

/** Writes `uris` into the variables `use` names, under those names, in its file: no Replace question (the warning named them). */
function saveInto(s: Services, t: ConnectionTarget, uris: UriPair, use: EnvUse, reason: string): Promise<SaveOutcome> {
  const names = configuredKeyNames();
  return saveSecretsToEnv(s, entriesForNamed(new Map(), use.keys, uris, names), {
    reason,
    into: { file: use.file, root: use.root, display: use.display },
    review: async (current) => entriesForNamed(current, use.keys, uris, names),
    afterWrite: async (file, written, changed) => {
      // Only a connection string can be checked by connecting with it (a lone PGPASSWORD cannot).
      if (Object.values(written).some((v) => connectionPlaceOf(v))) await afterConnectionWrite(s, t)(file, written, changed);
    },
  });
}

/** The database the named variables of `use` connect to now, read from its file. */
async function databaseOfUse(use: EnvUse): Promise<string | undefined> {
  const env = parseEnv((await fsp.readFile(use.file, 'utf8').catch(() => '')).replace(/^\uFEFF/, ''));
  for (const key of use.keys) {
    const db = connectionPlaceOf(env.get(key))?.database;
    if (db) return db;
  }
  return env.get(resolveKeyNames(configuredKeyNames()).pgDatabase) || undefined;
}

/**
 * After a reset: the new password into the variables that the stale-password warning named (walk
 * 35: its button asked to replace DATABASE_URL, which held another role, and left the named ones
 * stale). Each keeps its database and pooling; nothing else is asked.
 */
export async function saveNewPasswordInto(s: Services, role: RoleRef, password: string, uses: readonly EnvUse[]): Promise<void> {
  registerSecret(password);
  const client = await s.clients.get(role.accountId);
  for (const use of uses) {
    const databaseName = (await databaseOfUse(use)) ?? (await resolveConnectionTarget(s, role, vscode.l10n.t('Save password to .env'))).databaseName;
    const t: ConnectionTarget = { role, databaseName };
    const uris = await urisWithPassword(client, t, password);
    await saveInto(s, t, uris, use, vscode.l10n.t('the password of role {0} (branch {1})', role.roleName, role.branchName));
  }
}

/**
 * After a role or a database was deleted: the connection the person picks on `branch` (a role, a
 * database) into the variables the warning named, under those names (walk 35: it went into
 * DATABASE_URL and the named ones stayed dead).
 */
export async function saveConnectionInto(s: Services, branch: unknown, uses: readonly EnvUse[]): Promise<void> {
  const t = await resolveConnectionTarget(s, branch, vscode.l10n.t('Save Connection to .env'));
  const client = await s.clients.get(t.role.accountId);
  const uris = await fetchUris(client, t);
  for (const use of uses) await saveInto(s, t, uris, use, vscode.l10n.t('the connection of {0}', describeTarget(t)));
}

async function urisFromEndpoint(client: NeonClient, t: ConnectionTarget, password: string): Promise<UriPair> {
  const eps = await client.listBranchEndpoints(t.role.projectId, t.role.branchId);
  const ep = eps.find((e) => e.type === 'read_write');
  if (!ep) throw new Error(vscode.l10n.t('Branch {0} has no read-write compute', t.role.branchName));
  const [first, ...rest] = ep.host.split('.');
  const pooledHost = [`${first}-pooler`, ...rest].join('.');
  const base = (host: string) =>
    `postgresql://${encodeURIComponent(t.role.roleName)}:${encodeURIComponent(password)}@${host}/${encodeURIComponent(t.databaseName)}?sslmode=require`;
  return { pooled: base(pooledHost), unpooled: base(ep.host) };
}

export const saveConnectionCommands: CommandSpec[] = [
  { id: CommandIds.saveConnectionToEnv, action: vscode.l10n.t('save the connection to .env'), run: saveConnectionToEnv },
];
