// A create whose answer is lost on the way (the connection broke after the request was sent) may
// well have been made. What has a name unique where it lives (a branch in its project, a role or a
// database on its branch) can be found by that name, so the command need not fail beside what it made.
import { isLostAnswer, isNeonApiError, isOperationDone, type CreatedBranch, type DatabaseOperations, type NeonClient, type Operation, type RoleOperations } from '../api';

/** The operations still running on a branch: those a create started (the newest page holds them unless many were started since). */
async function runningOn(client: NeonClient, projectId: string, branchId: string, signal?: AbortSignal): Promise<Operation[]> {
  return (await client.listOperations(projectId, { limit: 50, signal })).filter((o) => o.branch_id === branchId && !isOperationDone(o));
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
 * The branch named `name` that Neon made although its answer was lost: one of that name that was
 * not among `before` (the branches listed before the create), with its compute and the operations
 * still running on it, shaped as the create's answer (without passwords: none were sent).
 */
export async function findMadeBranch(client: NeonClient, projectId: string, name: string, before: ReadonlySet<string>, signal?: AbortSignal): Promise<CreatedBranch | undefined> {
  const found = (await client.listBranches(projectId, { search: name, signal })).find((b) => b.name === name && !before.has(b.id));
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
  const [password, operations] = await Promise.all([client.revealRolePassword(projectId, branchId, name, { signal }).catch(() => undefined), runningOn(client, projectId, branchId, signal)]);
  return { role: { ...role, password }, operations };
}

/** The database `name` on a branch that had none of that name before the create. */
export async function findMadeDatabase(client: NeonClient, projectId: string, branchId: string, name: string, signal?: AbortSignal): Promise<DatabaseOperations | undefined> {
  const database = (await client.listDatabases(projectId, branchId, { signal })).find((d) => d.name === name);
  if (!database) return undefined;
  return { database, operations: await runningOn(client, projectId, branchId, signal) };
}
