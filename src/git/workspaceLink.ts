// The linked folder as the palette's pickers see it: from the palette, a branch or project command
// starts in the project the workspace is linked to, with the branch its .env points at first (as
// the neon CLI's `.neon` context makes it the default project of every command).
import type { WorkspaceLink } from '../services';
import type { GitFeature } from './feature';
import { envDisplayName, envFileFor, envHolds } from './links';
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
  // A .env edited by hand since it was written connects to a branch nobody knows: no branch is "in .env" then (walk 23).
  const holds = same && pointer ? await envHolds(folder, settings, pointer).catch(() => false) : false;
  const edited = same && !!pointer && !holds;
  return {
    folder,
    accountId: settings.accountId,
    ...(ctx.orgId ? { orgId: ctx.orgId } : {}),
    projectId: ctx.projectId,
    projectName: (same && settings.projectName) || ctx.projectId,
    ...(holds && pointer ? { envBranchId: pointer.branchId } : {}),
    envName: envDisplayName(folder, envFileFor(folder, settings)),
    // Nor is its role or database known then.
    ...(settings.roleName && !edited ? { roleName: settings.roleName } : {}),
    ...(settings.databaseName && !edited ? { databaseName: settings.databaseName } : {}),
  };
}
