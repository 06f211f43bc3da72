// The linked folder as the palette's pickers see it: from the palette, a branch or project command
// starts in the project the workspace is linked to, with the branch its .env points at first (as
// the neon CLI's `.neon` context makes it the default project of every command).
import type { WorkspaceLink } from '../services';
import type { GitFeature } from './feature';
import { envDisplayName, envFileFor } from './links';
import { readNeonFile } from './neonFile';

/** The link of the status bar's folder (the active editor's, else the first), when it names an account. */
export async function workspaceLink(git: GitFeature): Promise<WorkspaceLink | undefined> {
  const folder = await git.statusBar.activeFolder();
  if (!folder) return undefined;
  const ctx = await readNeonFile(folder).catch(() => undefined);
  const settings = git.links.settings(folder);
  if (!ctx?.projectId || !settings.accountId) return undefined;
  const pointer = git.links.pointer(folder);
  // The pointer and the project's name are of the project linked then; .neon may name another since.
  const same = pointer?.projectId === ctx.projectId;
  return {
    folder,
    accountId: settings.accountId,
    ...(ctx.orgId ? { orgId: ctx.orgId } : {}),
    projectId: ctx.projectId,
    projectName: (same && settings.projectName) || ctx.projectId,
    ...(same && pointer ? { envBranchId: pointer.branchId } : {}),
    envName: envDisplayName(folder, envFileFor(folder, settings)),
    ...(settings.roleName ? { roleName: settings.roleName } : {}),
    ...(settings.databaseName ? { databaseName: settings.databaseName } : {}),
  };
}
