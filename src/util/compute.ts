// Which branches something can connect to: those with a read-write compute (Neon's connection
// strings lead to it). One predicate for the tree, the pickers and the checks that need it.
import type { Endpoint } from '../api';

/** Ids of the branches that have a read-write compute among `endpoints`. */
export function connectableBranchIds(endpoints: readonly Pick<Endpoint, 'branch_id' | 'type'>[]): Set<string> {
  return new Set(endpoints.filter((e) => e.type === 'read_write').map((e) => e.branch_id));
}
