// Connection strings for the RIGHT branch, database and role (neonctl#185): every URI comes from
// `GET /projects/{id}/connection_uri` with the branch, database and role the person chose, so a
// non-default branch never gets the default branch's host. The string (it holds a password) goes
// to the clipboard or the workspace .env, and is registered with the redactor on arrival.
import * as vscode from 'vscode';
import { isNeonApiError, type Database, type Endpoint, type NeonClient, type Role } from '../api';
import { connectionEnv, resolveKeyNames, type EnvKeyNames } from '../env/connection';
import { compareConnection, computeIdOf, otherNameProblem, replacementQuestion, unpooledName, type BranchName } from '../env/target';
import { gitFeature } from '../git/feature';
import { envFileFor } from '../git/links';
import { readNeonFile } from '../git/neonFile';
import type { Services } from '../services';
import { branchPlaceOf, isBranchPlace, isDatabaseRef, isRoleRef, type BranchPlace, type RoleRef } from '../tree/refs';
import type { PickItem } from '../ui/prompt';
import { registerSecret, registerUri } from '../util/redact';
import { saveSecretsToEnv, type SaveOptions } from './envTarget';
import { rarelyUsed } from '../rarelyUsedLoader';
import { CommandIds } from './ids';
import { sayCopied, THEN_OFFER_SAVE } from './offerConnection';
import { readLink, required, resolveBranch } from './pickers';
import { withProgressIfSlow } from './progress';
import type { CommandSpec } from './registry';

export interface ConnectionTarget {
  role: RoleRef;
  databaseName: string;
  /** The branch's read-write compute (its state tells whether it is suspended). */
  endpoint?: Endpoint;
}

export { registerUri };

export function hostOf(uri: string): string | undefined {
  try {
    return new URL(uri).hostname || undefined;
  } catch {
    return undefined;
  }
}

/**
 * From a project node (or the palette) asks the branch; then the database and the role (only what
 * is not known — a database node knows its database, a role node its role — and nothing when there
 * is a single choice). Roles that own the chosen database come first; protected (system) roles are
 * not offered.
 */
export async function resolveConnectionTarget(s: Services, arg: unknown, title: string): Promise<ConnectionTarget> {
  // The workspace's link is read once: it orders the branches, then the database and the role.
  const link = readLink(s);
  const branch: BranchPlace = isBranchPlace(arg) ? arg : await resolveBranch(s, arg, title, { connectable: true }, link);
  const client = await s.clients.get(branch.accountId);
  const knownRole = isRoleRef(arg) ? arg : undefined;
  if (knownRole?.isProtected) {
    throw new Error(vscode.l10n.t('Role {0} is managed by Neon (it serves the SQL Editor and passwordless connections) and has no password to connect with. Choose another role', knownRole.roleName));
  }
  const [databases, roles, endpoints, ws] = await withProgressIfSlow(
    vscode.l10n.t('{0}: reading branch {1}…', title, branch.branchName),
    (signal) =>
      Promise.all([
        client.listDatabases(branch.projectId, branch.branchId, { signal }),
        knownRole ? Promise.resolve<Role[]>([]) : client.listRoles(branch.projectId, branch.branchId, { signal }),
        client.listBranchEndpoints(branch.projectId, branch.branchId, { signal }),
        link,
      ]),
    { rateLimits: client },
  );
  // In the linked project, the role and database the workspace's .env connects as come first.
  const linked = ws?.projectId === branch.projectId ? ws : undefined;
  const endpoint = endpoints.find((e) => e.type === 'read_write');
  if (!endpoint) {
    throw new Error(vscode.l10n.t('Branch {0} has no read-write compute, so nothing can connect to it. Add a compute to it in the Neon Console first', branch.branchName));
  }
  if (databases.length === 0) throw new Error(vscode.l10n.t('Branch {0} has no database', branch.branchName));
  const knownDb = isDatabaseRef(arg) ? databases.find((d) => d.name === arg.databaseName) : undefined;
  if (isDatabaseRef(arg) && !knownDb) throw new Error(vscode.l10n.t('Database {0} no longer exists on branch {1}. Refresh the branch', arg.databaseName, branch.branchName));
  const database = knownDb ?? (await pickDatabase(s, branch, databases, knownRole?.roleName ?? linked?.roleName, title, linked?.databaseName));
  if (knownRole) return { role: knownRole, databaseName: database.name, endpoint };

  const usable = roles.filter((r) => !r.protected);
  if (usable.length === 0) throw new Error(vscode.l10n.t('Branch {0} has no role to connect with. Create one first', branch.branchName));
  const first = (r: Role) => (r.name === linked?.roleName ? 2 : 0) + (r.name === database.owner_name ? 1 : 0);
  const ordered = [...usable].sort((a, b) => first(b) - first(a) || a.name.localeCompare(b.name));
  let role = ordered[0]!;
  if (ordered.length > 1) {
    const items: PickItem<Role>[] = ordered.map((r) => ({
      label: r.name,
      description: [r.name === linked?.roleName ? vscode.l10n.t('as in {0}', linked.envName) : '', r.name === database.owner_name ? vscode.l10n.t('owner of {0}', database.name) : ''].filter(Boolean).join(' · ') || undefined,
      value: r,
    }));
    role = required(await s.prompt.pick(items, { title: vscode.l10n.t('{0}: role', title), placeHolder: vscode.l10n.t('Connect to {0} as', database.name) }), 'role').value;
  }
  return { role: { ...branchPlaceOf(branch), roleName: role.name, isProtected: !!role.protected }, databaseName: database.name, endpoint };
}

export async function pickDatabase(s: Services, branch: BranchPlace, databases: Database[], roleName: string | undefined, title: string, linkedDb?: string): Promise<Database> {
  if (databases.length === 1) return databases[0]!;
  const ordered = [...databases].sort(
    (a, b) =>
      Number(b.name === linkedDb) - Number(a.name === linkedDb) ||
      Number(b.owner_name === roleName) - Number(a.owner_name === roleName) ||
      Number(b.name === 'neondb') - Number(a.name === 'neondb') ||
      a.name.localeCompare(b.name),
  );
  const items: PickItem<Database>[] = ordered.map((d) => ({ label: d.name, description: vscode.l10n.t('owner {0}', d.owner_name), value: d }));
  return required(await s.prompt.pick(items, { title: vscode.l10n.t('{0}: database', title), placeHolder: vscode.l10n.t('Database on {0}', branch.branchName) }), 'database').value;
}

export interface UriPair {
  pooled: string;
  unpooled: string;
}

/** Both URIs of a target, from the API; registered with the redactor. */
export async function fetchUris(client: NeonClient, t: ConnectionTarget, signal?: AbortSignal): Promise<UriPair> {
  const ask = (pooled: boolean) =>
    client.getConnectionUri({ projectId: t.role.projectId, branchId: t.role.branchId, databaseName: t.databaseName, roleName: t.role.roleName, pooled, signal }).then((u) => {
      registerUri(u);
      return u;
    });
  const [pooled, unpooled] = await Promise.all([ask(true), ask(false)]);
  return { pooled, unpooled };
}

/** Replaces the password of a postgres URI (used when we hold a newer one than the API stores). */
export function withPassword(uri: string, password: string): string {
  const m = /^(postgres(?:ql)?:\/\/[^:/@]*)(?::[^@]*)?@(.*)$/s.exec(uri);
  if (!m) return uri;
  return `${m[1]}:${encodeURIComponent(password)}@${m[2]}`;
}

/** The variable names set in `neonExplorer.env.variableNames` (blank ones left to the defaults). */
export function configuredKeyNames(): Partial<EnvKeyNames> {
  const configured = vscode.workspace.getConfiguration('neonExplorer').get<Record<string, unknown>>('env.variableNames') ?? {};
  const names: Partial<EnvKeyNames> = {};
  for (const k of ['databaseUrl', 'databaseUrlUnpooled', 'pgHost', 'pgHostUnpooled', 'pgUser', 'pgDatabase', 'pgPassword'] as const) {
    const v = configured[k];
    if (typeof v === 'string' && v.trim() !== '') names[k] = v.trim();
  }
  return names;
}

/** The variables written for a connection, honouring the `neonExplorer.env.*` settings. */
export function connectionEntries(uris: UriPair): Record<string, string> {
  const includePgVars = vscode.workspace.getConfiguration('neonExplorer').get<boolean>('env.includePgVariables', false);
  return connectionEnv({ pooled: uris.pooled, unpooled: uris.unpooled }, { names: configuredKeyNames(), includePgVars });
}

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

function describeTarget(t: ConnectionTarget): string {
  return vscode.l10n.t('role {0}, database {1} on branch {2}', t.role.roleName, t.databaseName, t.role.branchName);
}

// ---------------------------------------------------------------- commands

export async function copyConnectionString(
  s: Services,
  arg?: unknown,
  mode?: unknown,
): Promise<{ host: string | undefined; branchId: string; databaseName: string; roleName: string; pooled: boolean }> {
  const title = vscode.l10n.t('Copy connection string');
  const t = await resolveConnectionTarget(s, arg, title);
  const pooled = required(
    await s.prompt.pick<boolean>(
      [
        { label: vscode.l10n.t('Pooled'), description: vscode.l10n.t('through PgBouncer: for apps and serverless functions'), value: true },
        { label: vscode.l10n.t('Direct'), description: vscode.l10n.t('unpooled: for migrations, pg_dump and session features'), value: false },
      ],
      { title: vscode.l10n.t('{0}: connection type', title), placeHolder: describeTarget(t) },
    ),
    vscode.l10n.t('connection type'),
  ).value;
  const client = await s.clients.get(t.role.accountId);
  const uri = await client.getConnectionUri({ projectId: t.role.projectId, branchId: t.role.branchId, databaseName: t.databaseName, roleName: t.role.roleName, pooled });
  registerUri(uri);
  await vscode.env.clipboard.writeText(uri);
  const host = hostOf(uri);
  // Saved as copied: the role and the database already chosen are not asked again.
  const save = mode === THEN_OFFER_SAVE ? () => vscode.commands.executeCommand(CommandIds.saveConnectionToEnv, { ...t.role, databaseName: t.databaseName }) : undefined;
  sayCopied(s, vscode.l10n.t('Copied the {0} connection string for {1}{2}.', pooled ? 'pooled' : 'direct', describeTarget(t), host ? ` (${host})` : ''), save);
  return { host, branchId: t.role.branchId, databaseName: t.databaseName, roleName: t.role.roleName, pooled };
}

export async function saveConnectionToEnv(s: Services, arg?: unknown): Promise<'written' | 'copied' | 'cancelled'> {
  const t = await resolveConnectionTarget(s, arg, vscode.l10n.t('Save connection to .env'));
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

export function connectionCommands(): CommandSpec[] {
  return [
    { id: CommandIds.copyConnectionString, action: vscode.l10n.t('copy the connection string'), run: copyConnectionString },
    { id: CommandIds.saveConnectionToEnv, action: vscode.l10n.t('save the connection to .env'), run: saveConnectionToEnv },
  ];
}
