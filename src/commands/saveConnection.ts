// Save to .env: a connection (or a role's new password) written into the workspace's .env target,
// asking first when DATABASE_URL leads elsewhere (naming both branches), then recorded for a
// linked folder and checked by connecting. In dist/rarelyUsed.js: activation needs none of it.
import * as vscode from 'vscode';
import { isNeonApiError, type NeonClient } from '../api';
import { resolveKeyNames } from '../env/connection';
import { compareConnection, computeIdOf, otherNameProblem, replacementQuestion, unpooledName, type BranchName } from '../env/target';
import { gitFeature } from '../git/feature';
import { envFileFor } from '../git/links';
import { readNeonFile } from '../git/neonFile';
import type { Services } from '../services';
import type { RoleRef } from '../tree/refs';
import { registerSecret, registerUri } from '../util/redact';
import { rarelyUsed } from '../rarelyUsedLoader';
import { configuredKeyNames, connectionEntries, describeTarget, fetchUris, resolveConnectionTarget, withPassword, type ConnectionTarget, type UriPair } from './connection';
import { saveSecretsToEnv, type SaveOptions } from './envTarget';
import { CommandIds } from './ids';
import { readLink } from './pickers';
import type { CommandSpec } from './registry';

export const REPLACE = vscode.l10n.t('Replace');
export const OTHER_NAME = vscode.l10n.t('Use Another Variable Name…');

/**
 * Computes by endpoint id → their branches, in the saved branch's project and the workspace's linked
 * one: to name the branch a .env URL connects to. By id, not host: on the emulator's data plane
 * every compute shares one host and only `options=endpoint=…` tells them apart.
 */
async function branchNames(s: Services, client: NeonClient, t: ConnectionTarget): Promise<(computeId: string) => BranchName | undefined> {
  const link = await readLink(s);
  const projects = [{ client: Promise.resolve(client), projectId: t.role.projectId, project: t.role.projectName }];
  if (link && link.projectId !== t.role.projectId) projects.push({ client: s.clients.get(link.accountId), projectId: link.projectId, project: link.projectName });
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
    const from = clash.r.current && (await branchNames(s, client, t))(computeIdOf(clash.r.current));
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
function verifyOnWrite(s: Services, t: ConnectionTarget): ((file: string, written: Readonly<Record<string, string>>) => Promise<unknown>) | undefined {
  if (!vscode.workspace.getConfiguration('neonExplorer').get<boolean>('env.verifyAfterWrite', true)) return undefined;
  return (file, written) => {
    const configured = resolveKeyNames(configuredKeyNames()).databaseUrl;
    // The check (node-postgres's errors explained, the probe) is in dist/rarelyUsed.js: a write need not load it.
    return rarelyUsed().verifyEnvConnection(s, file, configured in written ? configured : Object.keys(written)[0] ?? configured, t);
  };
}

/** After a connection was written: a linked folder whose .env got it records the switch (the status bar follows at once), then the check above runs. */
function afterConnectionWrite(s: Services, t: ConnectionTarget): NonNullable<SaveOptions['afterWrite']> {
  const verify = verifyOnWrite(s, t);
  return async (file, written) => {
    await rarelyUsed().recordSavedConnection(s, file, written, t.role).catch((e: unknown) => s.log.warn(`The Neon branch saved to ${file} could not be recorded for its linked folder: ${(e as Error).message}`));
    await verify?.(file, written);
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
  return saveSecretsToEnv(s, connectionEntries(uris), { reason: vscode.l10n.t('the password of role {0} (branch {1})', role.roleName, role.branchName), review: connectionReview(s, client, t), afterWrite: afterConnectionWrite(s, t) });
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
