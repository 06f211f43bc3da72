// Connection strings for the RIGHT branch, database and role (neonctl#185): every URI comes from
// `GET /projects/{id}/connection_uri` with the branch, database and role the person chose, so a
// non-default branch never gets the default branch's host. The string (it holds a password) goes
// to the clipboard or the workspace .env, and is registered with the redactor on arrival.
import * as vscode from 'vscode';
import type { Database, Endpoint, NeonClient, Role } from '../api';
import { connectionEnv, type EnvKeyNames } from '../env/connection';
import type { Services } from '../services';
import { branchPlaceOf, cannotLogIn, isBranchPlace, isDatabaseRef, isRoleRef, type BranchPlace, type RoleRef } from '../tree/refs';
import type { PickItem } from '../ui/prompt';
import { registerUri } from '../util/redact';
import { CommandIds } from './ids';
import { Refusal } from './failure';
import { sayCopied, THEN_OFFER_SAVE } from './offerConnection';
import { readLink, required, resolveBranch, stepTitle } from './pickers';
import { withProgressIfSlow } from './progress';
import type { CommandSpec } from './registry';

export interface ConnectionTarget {
  role: RoleRef;
  databaseName: string;
  /** The branch's read-write compute (its state tells whether it is suspended). */
  endpoint?: Endpoint;
  /** With `stepsAfter`: the questions asked so far and in all, for the caller's next titles. */
  stepsDone?: number;
  steps?: number;
}

export { registerUri };

export function hostOf(uri: string): string | undefined {
  try {
    return new URL(uri).hostname || undefined;
  } catch {
    return undefined;
  }
}

/** Why a password or connection command refuses a role that cannot log in; undefined for any other. */
export function noLoginProblem(role: RoleRef): string | undefined {
  return role.noLogin ? vscode.l10n.t('Role {0} cannot log in: it has no password and nothing can connect as it. Choose a role that can log in, or create one.', role.roleName) : undefined;
}

/**
 * From a project node (or the palette) asks the branch; then the database and the role (only what
 * is not known — a database node knows its database, a role node its role — and nothing when there
 * is a single choice). Roles that own the chosen database come first; protected (system) roles are
 * not offered.
 */
export async function resolveConnectionTarget(s: Services, arg: unknown, title: string, opts: { stepsAfter?: number; prefer?: { roleName?: string; databaseName?: string } } = {}): Promise<ConnectionTarget> {
  // The workspace's link is read once: it orders the branches, then the database and the role.
  const link = readLink(s);
  // `stepsAfter` (the questions the caller asks next): each question's title counts its step, as
  // Create Branch's do. Until the branch is read, the count is the usual one (a branch has one
  // database and several roles); then only the questions that are asked (a single choice is not).
  const counted = opts.stepsAfter !== undefined;
  const asksBranch = !isBranchPlace(arg);
  let total = Number(asksBranch) + Number(!isRoleRef(arg)) + (opts.stepsAfter ?? 0);
  let done = 0;
  // One question in all is not counted ("(1/1)" says nothing), as Link Folder does.
  const next = () => (++done, counted && total > 1 ? stepTitle(title, done, total) : title);
  const branch: BranchPlace = isBranchPlace(arg) ? arg : await resolveBranch(s, arg, next(), { connectable: true }, link);
  const client = await s.clients.get(branch.accountId);
  const knownRole = isRoleRef(arg) ? arg : undefined;
  if (knownRole?.isProtected) {
    throw new Error(vscode.l10n.t('Role {0} is managed by Neon (it serves the SQL Editor and passwordless connections) and has no password to connect with. Choose another role', knownRole.roleName));
  }
  const noLogin = knownRole && noLoginProblem(knownRole);
  if (noLogin) throw new Refusal(noLogin);
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
  // Neither a protected role nor one that cannot log in has a password to connect with.
  const usable = roles.filter((r) => !r.protected && !cannotLogIn(r));
  if (!knownRole && usable.length === 0) throw new Error(vscode.l10n.t('Branch {0} has no role to connect with. Create one first', branch.branchName));
  // What the caller knows the person chose before (Link Folder: the role and database the .env
  // connects as) is taken without a question when the branch has it.
  const preferredDb = knownDb ? undefined : databases.find((d) => d.name === opts.prefer?.databaseName);
  const preferredRole = knownRole ? undefined : usable.find((r) => r.name === opts.prefer?.roleName);
  total = Number(asksBranch) + Number(!knownDb && !preferredDb && databases.length > 1) + Number(!knownRole && !preferredRole && usable.length > 1) + (opts.stepsAfter ?? 0);
  const database = knownDb ?? preferredDb ?? (databases.length > 1 ? await pickDatabase(s, branch, databases, knownRole?.roleName ?? linked?.roleName, next(), linked?.databaseName) : databases[0]!);
  if (knownRole) return { role: knownRole, databaseName: database.name, endpoint, ...(counted ? { stepsDone: done, steps: total } : {}) };

  const first = (r: Role) => (r.name === linked?.roleName ? 2 : 0) + (r.name === database.owner_name ? 1 : 0);
  const ordered = [...usable].sort((a, b) => first(b) - first(a) || a.name.localeCompare(b.name));
  let role = preferredRole ?? ordered[0]!;
  if (!preferredRole && ordered.length > 1) {
    const items: PickItem<Role>[] = ordered.map((r) => ({
      label: r.name,
      description: [r.name === linked?.roleName ? vscode.l10n.t('as in {0}', linked.envName) : '', r.name === database.owner_name ? vscode.l10n.t('owner of {0}', database.name) : ''].filter(Boolean).join(' · ') || undefined,
      value: r,
    }));
    role = required(await s.prompt.pick(items, { title: vscode.l10n.t('{0}: role', next()), placeHolder: vscode.l10n.t('Connect to {0} on branch {1} as', database.name, branch.branchName) }), 'role').value;
  }
  return { role: { ...branchPlaceOf(branch), roleName: role.name, isProtected: !!role.protected }, databaseName: database.name, endpoint, ...(counted ? { stepsDone: done, steps: total } : {}) };
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

/**
 * The variables written for a connection, honouring the `neonExplorer.env.*` settings. `pgVars`:
 * the PG* variables too, even with env.includePgVariables off (the file holds them for this connection).
 */
export function connectionEntries(uris: UriPair, opts: { pgVars?: boolean } = {}): Record<string, string> {
  const includePgVars = opts.pgVars === true || vscode.workspace.getConfiguration('neonExplorer').get<boolean>('env.includePgVariables', false);
  return connectionEnv({ pooled: uris.pooled, unpooled: uris.unpooled }, { names: configuredKeyNames(), includePgVars });
}

export function describeTarget(t: ConnectionTarget): string {
  return vscode.l10n.t('role {0}, database {1} on branch {2}', t.role.roleName, t.databaseName, t.role.branchName);
}

// ---------------------------------------------------------------- commands

export async function copyConnectionString(
  s: Services,
  arg?: unknown,
  mode?: unknown,
): Promise<{ host: string | undefined; branchId: string; databaseName: string; roleName: string; pooled: boolean }> {
  const title = vscode.l10n.t('Copy Connection String');
  const t = await resolveConnectionTarget(s, arg, title, { stepsAfter: 1 });
  const pooled = required(
    await s.prompt.pick<boolean>(
      [
        { label: vscode.l10n.t('Pooled'), description: vscode.l10n.t('through PgBouncer: for apps and serverless functions'), value: true },
        { label: vscode.l10n.t('Direct'), description: vscode.l10n.t('unpooled: for migrations, pg_dump and session features'), value: false },
      ],
      { title: vscode.l10n.t('{0}: connection type', (t.steps ?? 1) > 1 ? stepTitle(title, (t.stepsDone ?? 0) + 1, t.steps!) : title), placeHolder: describeTarget(t) },
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

export function connectionCommands(): CommandSpec[] {
  return [
    { id: CommandIds.copyConnectionString, action: vscode.l10n.t('copy the connection string'), run: copyConnectionString },
  ];
}
