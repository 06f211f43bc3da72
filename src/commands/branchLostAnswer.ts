// Create Branch when Neon's answer is lost on the way (the connection broke after the request was
// sent): the branch may well exist. A named one can be found, so the command need not fail beside it.
import { isOperationDone, type CreatedBranch, type NeonClient } from '../api';

/**
 * The branch named `name` that Neon made although its answer was lost: one of that name that was
 * not among `before` (the branches listed before the create), with its compute and the operations
 * still running on it, shaped as the create's answer (without passwords: none were sent). Undefined
 * when there is none (the request never reached Neon, or the search found another branch).
 */
export async function branchMadeDespiteLostAnswer(client: NeonClient, projectId: string, name: string, before: ReadonlySet<string>, signal?: AbortSignal): Promise<CreatedBranch | undefined> {
  const found = (await client.listBranches(projectId, { search: name, signal })).find((b) => b.name === name && !before.has(b.id));
  if (!found) return undefined;
  // A create starts at most a few operations; the newest page holds them unless others were started since.
  const [endpoints, operations] = await Promise.all([client.listBranchEndpoints(projectId, found.id, { signal }), client.listOperations(projectId, { limit: 50, signal })]);
  return { branch: found, endpoints, operations: operations.filter((o) => o.branch_id === found.id && !isOperationDone(o)), roles: [], databases: [] };
}
