// A create whose answer is lost on the way (the connection broke after the request was sent) may
// well have been made. What has a name unique where it lives (a branch in its project, a role or a
// database on its branch) can be found by that name, so the command need not fail beside what it
// made; a project, or a branch Neon named, by its creation time.
import { isLostAnswer, isNeonApiError, isOperationDone, type NeonApiError, type CreatedBranch, type CreatedProject, type DatabaseOperations, type NeonClient, type Operation, type ProjectPermission, type RoleOperations } from '../api';
import { isDefaultBranch } from '../util/defaultBranch';
import { cannotLogIn } from '../tree/refs';

/** How far Neon's clock may be from this machine's when a creation time is compared. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** The one item, or undefined when there are none or several (then which one was made is unknown). */
function onlyOne<T>(items: readonly T[]): T | undefined {
  return items.length === 1 ? items[0] : undefined;
}

/** The operations still running on a branch: those a create started (the newest page holds them unless many were started since). */
async function runningOn(client: NeonClient, projectId: string, branchId: string, signal?: AbortSignal): Promise<Operation[]> {
  return (await client.listOperations(projectId, { limit: 50, signal })).filter((o) => o.branch_id === branchId && !isOperationDone(o));
}

/**
 * A change whose result a refresh cannot show (a new password): when its answer is lost, the
 * failure is `advice` (what does tell, and its buttons), not "Refresh to see whether it was made".
 */
export async function adviseIfLost<T>(work: Promise<T>, advice: (lost: NeonApiError) => Error): Promise<T> {
  try {
    return await work;
  } catch (e) {
    if (isNeonApiError(e) && isLostAnswer(e)) throw Object.assign(advice(e), { requestId: e.requestId });
    throw e;
  }
}

/**
 * Sends `create`; when its answer is lost, `find` looks for what it made. Found, that is the
 * answer (`onFound` is told); not found, or the look-up failed, the failure stays as it was (it
 * says the change may have been made).
 */
export async function createOrFind<R>(create: () => Promise<R>, find: () => Promise<R | undefined>, onFound: (made: R, lost: Error) => void): Promise<R> {
  try {
    return await create();
  } catch (e) {
    if (!(isNeonApiError(e) && isLostAnswer(e))) throw e;
    const made = await find().catch(() => undefined);
    if (made === undefined) throw e;
    onFound(made, e);
    return made;
  }
}

/**
 * The branch Neon made although its answer was lost, shaped as the create's answer (with its
 * compute and the operations still running on it; without passwords: none were sent). Among the
 * branches not in `before` (listed before the create): the one named `name`; with no name (Neon
 * chose one), the one child of `parentId` made since `sentAt` (give or take the clocks' skew),
 * when it is the only one.
 */
export async function findMadeBranch(client: NeonClient, projectId: string, made: { name?: string; parentId: string; sentAt: number }, before: ReadonlySet<string>, signal?: AbortSignal): Promise<CreatedBranch | undefined> {
  const fresh = (await client.listBranches(projectId, { ...(made.name ? { search: made.name } : {}), signal })).filter((b) => !before.has(b.id));
  const found = made.name
    ? fresh.find((b) => b.name === made.name)
    : onlyOne(fresh.filter((b) => b.parent_id === made.parentId && Date.parse(b.created_at ?? '') >= made.sentAt - CLOCK_SKEW_MS));
  if (!found) return undefined;
  const [endpoints, operations] = await Promise.all([client.listBranchEndpoints(projectId, found.id, { signal }), runningOn(client, projectId, found.id, signal)]);
  return { branch: found, endpoints, operations, roles: [], databases: [] };
}

/**
 * The role `name` on a branch that had none of that name before the create. Its password was in
 * the lost answer: it is read again where the project stores passwords (Neon's default), and is
 * missing otherwise (a reset gives it one).
 */
export async function findMadeRole(client: NeonClient, projectId: string, branchId: string, name: string, signal?: AbortSignal): Promise<RoleOperations | undefined> {
  const role = (await client.listRoles(projectId, branchId, { signal })).find((r) => r.name === name);
  if (!role) return undefined;
  // A role that cannot log in has no password to read again.
  const reveal = cannotLogIn(role) ? Promise.resolve(undefined) : client.revealRolePassword(projectId, branchId, name, { signal }).catch(() => undefined);
  const [password, operations] = await Promise.all([reveal, runningOn(client, projectId, branchId, signal)]);
  return { role: { ...role, password }, operations };
}

/** The database `name` on a branch that had none of that name before the create. */
export async function findMadeDatabase(client: NeonClient, projectId: string, branchId: string, name: string, signal?: AbortSignal): Promise<DatabaseOperations | undefined> {
  const database = (await client.listDatabases(projectId, branchId, { signal })).find((d) => d.name === name);
  if (!database) return undefined;
  return { database, operations: await runningOn(client, projectId, branchId, signal) };
}

/**
 * The project `name` in `orgId` that Neon made although its answer was lost: project names need
 * not be unique, so only one made since `sentAt` (give or take the clocks' skew), and only when it
 * is the one such project. With its default branch, computes and running operations, shaped as
 * the create's answer (without passwords: they were in the lost answer).
 */
export async function findMadeProject(client: NeonClient, orgId: string | undefined, name: string, sentAt: number, signal?: AbortSignal): Promise<CreatedProject | undefined> {
  const id = onlyOne((await client.listProjects({ ...(orgId ? { orgId } : {}), search: name, signal })).filter((p) => p.name === name && Date.parse(p.created_at ?? '') >= sentAt - CLOCK_SKEW_MS))?.id;
  if (!id) return undefined;
  const [project, branches, endpoints, operations] = await Promise.all([
    client.getProject(id, { signal }),
    client.listBranches(id, { signal }),
    client.listProjectEndpoints(id, { signal }),
    client.listOperations(id, { limit: 50, signal }),
  ]);
  const branch = branches.find(isDefaultBranch) ?? branches[0];
  if (!branch) return undefined;
  return { project, branch, endpoints: endpoints.filter((e) => e.branch_id === branch.id), operations: operations.filter((o) => !isOperationDone(o)), roles: [], databases: [], connection_uris: [] };
}

/** The active share of `projectId` with `email`: what a share whose answer was lost made (or what was there already, which is as asked). */
export async function findGrant(client: NeonClient, projectId: string, email: string, signal?: AbortSignal): Promise<ProjectPermission | undefined> {
  return (await client.listProjectPermissions(projectId, { signal })).find((p) => !p.revoked_at && p.granted_to_email.toLowerCase() === email.toLowerCase());
}
