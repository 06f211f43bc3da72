// After Neon Explorer deletes Neon branches (Delete Branch, Clean Up Branches): a linked folder
// whose .env pointed at one is marked so (the status bar warns instead of naming a branch that is
// gone, and its menu offers only what still works), and `.neon` forgets them: git map entries and
// the neon CLI's context `branch` naming one (the CLI would otherwise fail on it).
import { linkedFolders } from '../statusBar/neonStatus';
import { gitFeature } from './feature';
import { forgetBranches, readNeonFile, writeNeonFile } from './neonFile';

export interface DeletedBranch {
  id: string;
  name: string;
}

/** Returns the folders whose .env pointed at one of them. */
export async function afterBranchesDeleted(projectId: string, deleted: readonly DeletedBranch[] | 'all'): Promise<string[]> {
  const stale: string[] = [];
  if (deleted !== 'all' && deleted.length === 0) return stale;
  let feature;
  try {
    feature = gitFeature();
  } catch {
    return stale; // Still starting: nothing is linked in this window yet.
  }
  const { links, autopilot, statusBar } = feature;
  // 'all': the project was deleted; its .neon link stays (a checkout then says the project is gone).
  const all = deleted === 'all';
  const ids = new Set(all ? [] : deleted.map((d) => d.id));
  const names = new Set(all ? [] : deleted.map((d) => d.name));
  const at = new Date().toISOString();
  for (const folder of await linkedFolders(autopilot)) {
    const pointer = links.pointer(folder);
    if (pointer?.projectId === projectId && (all || ids.has(pointer.branchId))) {
      stale.push(folder);
      if (!pointer.deletedAt) await links.setPointer(folder, { ...pointer, deletedAt: at });
    }
    if (all) continue;
    const ctx = await readNeonFile(folder).catch(() => undefined);
    if (!ctx || ctx.projectId !== projectId) continue;
    const next = forgetBranches(ctx, (n) => names.has(n) || ids.has(n));
    if (next) await writeNeonFile(folder, next);
  }
  void statusBar.update();
  return stale;
}
