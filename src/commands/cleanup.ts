// "Clean Up Branches…": the Neon branches of a linked folder's project that were made for git
// branches now gone or merged into the default git branch, and those expiring within a day. The
// person picks; one confirmation deletes the picked ones (423 retried as the API asks); deleted
// names leave the `.neon` git map. Never the default, a protected branch or one with children.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isNeonApiError } from '../api';
import { gitFeature } from '../git/feature';
import { cleanupCandidates, type CleanupCandidate } from '../git/cleanupCandidates';
import { isDefaultGitBranch } from '../git/mapping';
import { afterBranchesDeleted } from '../git/branchDeleted';
import { envDisplayName, envFileFor } from '../git/links';
import { listBranchInfos, loadLink } from '../git/switchEnv';
import { readNeonFile } from '../git/neonFile';
import type { Services } from '../services';
import { linkedFolders } from '../statusBar/neonStatus';
import { isProjectRef, type ProjectRef } from '../tree/refs';
import type { PickItem } from '../ui/prompt';
import { confirmDestructive } from './confirm';
import { isCancelled, Refusal } from './failure';
import { CommandIds } from './ids';
import { chooseFolder } from './link';
import { required } from './pickers';
import { noneTicked } from './rarePickers';
import { waitForOperationsLocked, withProgress } from './progress';
import { retryWhileLocked } from './retryLocked';
import type { CommandSpec } from './registry';
import * as l10n from '@vscode/l10n';

/**
 * From a project row: the folder linked to that project (asked when several are). What is offered
 * depends on the folder's git branches, so a project no folder is linked to has nothing to offer.
 */
async function folderOfProject(s: Services, project: ProjectRef, title: string): Promise<string> {
  const folders: string[] = [];
  for (const f of await linkedFolders(gitFeature().autopilot)) if ((await readNeonFile(f).catch(() => undefined))?.projectId === project.projectId) folders.push(f);
  if (folders.length === 0) {
    // Nothing to offer yet, not a failure: a warning with the way on.
    throw new Refusal(l10n.t('No folder is linked to {0}. Link one to it first: Clean Up Branches offers the Neon branches of a linked folder\'s git branches.', project.projectName), [
      { label: l10n.t('Link Folder to Neon Project…'), run: () => vscode.commands.executeCommand(CommandIds.linkFolder, project) },
    ]);
  }
  if (folders.length === 1) return folders[0]!;
  const items: PickItem<string>[] = folders.map((f) => ({ label: path.basename(f), description: f, value: f }));
  return required(await s.prompt.pick(items, { title, placeHolder: l10n.t('Choose the folder linked to {0}', project.projectName) }), 'folder').value;
}

export async function cleanUpBranches(s: Services, arg?: unknown): Promise<{ deleted: string[]; failed: string[] } | undefined> {
  const title = l10n.t('Clean Up Branches');
  const folder = isProjectRef(arg) ? await folderOfProject(s, arg, title) : await chooseFolder(s, arg, { linkedOnly: true, title });
  const { links, autopilot } = gitFeature();
  const link = await loadLink(s, links, folder);
  if (!link) throw new Error(l10n.t('{0} is not linked to a Neon project', folder));
  const repo = autopilot.repoOf(folder);
  const local = repo?.getBranches ? (await repo.getBranches({ remote: false })).map((b) => b.name ?? '').filter(Boolean) : undefined;
  const settings = links.settings(folder);
  const defaultGit = settings.defaultGitBranch ?? (local?.includes('main') ? 'main' : local?.includes('master') ? 'master' : 'main');
  const merged: string[] = [];
  // The tip's committer date of each merged one: a branch with no commit since its Neon branch was
  // made is merged by git's measure only (src/git/cleanupCandidates.ts says why).
  const tipCommitTimes: Record<string, number> = {};
  const current = autopilot.headOf(folder)?.branch;
  if (repo?.getMergeBase && repo.getBranch && local) {
    const head = await repo.getBranch(defaultGit).catch(() => undefined);
    for (const g of local) {
      if (isDefaultGitBranch(g, local, settings.defaultGitBranch) || !head?.commit) continue;
      const b = await repo.getBranch(g).catch(() => undefined);
      const base = b?.commit ? await repo.getMergeBase(g, defaultGit).catch(() => undefined) : undefined;
      if (!b?.commit || base !== b.commit) continue;
      merged.push(g);
      const date = (await repo.getCommit?.(b.commit).catch(() => undefined))?.commitDate;
      if (date && !Number.isNaN(date.getTime())) tipCommitTimes[g] = date.getTime();
    }
  }
  const branches = await listBranchInfos(link.client, link.projectId);
  const candidates = cleanupCandidates({
    branches,
    map: link.ctx.git?.map ?? {},
    // Without git, "no longer exists" cannot be told: only expiring branches are offered.
    localGitBranches: local ?? Object.keys(link.ctx.git?.map ?? {}).concat(branches.map((b) => b.annotation?.['neon-explorer-git-branch'] ?? '')),
    mergedGitBranches: merged,
    tipCommitTimes,
    ...(current ? { checkedOutGitBranch: current } : {}),
    defaultGitBranch: defaultGit,
  });
  if (candidates.length === 0) {
    const project = settings.projectName ?? link.projectId;
    void s.prompt.message('info', l10n.t('Nothing to clean up in Neon project {0} (linked to {1}): no branch of a deleted or merged git branch, none expiring within a day.', project, path.basename(folder)), {});
    return { deleted: [], failed: [] };
  }
  const items: PickItem<CleanupCandidate>[] = candidates.map((c) => ({ label: c.branch.name, description: c.reason, value: c }));
  const picked = required(await s.prompt.pickMany(items, { title, placeHolder: l10n.t('Choose the Neon branches to delete') }), 'branches');
  if (picked.length === 0) throw noneTicked(s, 'branches', l10n.t('No branch was ticked: nothing was deleted.'));
  const names = picked.map((p) => p.value.branch.name);
  const one = picked.length === 1;
  const confirm = one ? l10n.t('Delete Branch') : l10n.t('Delete {0} Branches', picked.length);
  // The branch the .env points at may be picked (a merged git branch still checked out elsewhere, an expiring one): said before it goes.
  const pointer = links.pointer(folder);
  const inEnv = pointer && pointer.projectId === link.projectId ? picked.find((p) => p.value.branch.id === pointer.branchId) : undefined;
  const envName = envDisplayName(folder, envFileFor(folder, settings));
  // As every delete: the name typed (several branches: the phrase that says how many), or one
  // button when neonExplorer.deleteConfirmation is "button".
  const ok = await confirmDestructive(s, {
    verb: confirm,
    question: one ? l10n.t('Delete Neon branch {0}?', names[0]!) : l10n.t('Delete {0} Neon branches: {1}?', picked.length, names.join(', ')),
    name: one ? names[0]! : l10n.t('delete {0} branches', picked.length),
    detail:
      (one ? l10n.t('Its data and compute are deleted (Neon keeps a deleted branch recoverable for 7 days).') : l10n.t('Their data and computes are deleted (Neon keeps deleted branches recoverable for 7 days).')) +
      (inEnv ? ` ${l10n.t('{0} points at {1}: its connection will fail until you switch it to another Neon branch.', envName, inEnv.value.branch.name)}` : ''),
  });
  if (!ok) return undefined;

  const deleted: string[] = [];
  const failed: string[] = [];
  const reasons: string[] = [];
  let requestId: string | undefined;
  let cancelled = false;
  await withProgress(one ? l10n.t('Deleting Neon branch {0}…', names[0]!) : l10n.t('Deleting {0} Neon branches…', picked.length), true, async (progress, signal) => {
    for (const { value: c } of picked) {
      // A single branch is named by the title already ("Deleting Neon branch x").
      if (!one) progress.report({ message: c.branch.name });
      // Neon accepted this delete: a Cancel after it cannot take it back, so it counts as deleted.
      let accepted = false;
      try {
        const r = await retryWhileLocked(() => link.client.deleteBranch(link.projectId, c.branch.id, { signal }), { signal });
        accepted = true;
        const pending = r.operations.filter((o) => o.status !== 'finished' && o.status !== 'skipped');
        if (pending.length && !signal.aborted) await waitForOperationsLocked(link.client, link.projectId, pending, signal);
        deleted.push(c.branch.name);
        if (signal.aborted) throw new CancelledAfter();
      } catch (e) {
        if (isCancelled(e) || e instanceof CancelledAfter) {
          // The rest is not sent; what Neon accepted is followed up below.
          if (accepted && !deleted.includes(c.branch.name)) deleted.push(c.branch.name);
          cancelled = true;
          return;
        }
        failed.push(c.branch.name);
        reasons.push(`${c.branch.name}: ${isNeonApiError(e) ? e.message : String(e)}`);
        if (isNeonApiError(e)) requestId = e.requestId ?? requestId;
      }
    }
  }, { rateLimits: link.client });
  // Deleted branches leave .neon (git map, context branch); an .env pointing at one is marked.
  await afterBranchesDeleted(link.projectId, picked.filter((p) => deleted.includes(p.value.branch.name)).map((p) => p.value.branch));
  s.tree.refresh({ accountId: link.accountId, projectId: link.projectId });
  // A Cancel before anything was sent ends quietly; one after a delete was sent says what was deleted.
  if (cancelled && deleted.length === 0 && failed.length === 0) return undefined;
  if (cancelled && deleted.length > 0) {
    void s.prompt.message(
      'info',
      one
        ? l10n.t('Cancel came after the request was sent to Neon, so Neon branch {0} was deleted.', deleted[0]!)
        : l10n.t('Cancelled after Neon had accepted {0} of {1} deletes: deleted {2}; the other branches were not deleted.', deleted.length, picked.length, deleted.join(', ')),
      {},
    );
    return { deleted, failed };
  }
  // The failure sentence ends with a request id (the last failed delete's), as every failure does.
  if (failed.length) throw Object.assign(new Error(l10n.t('Deleted {0} of {1} branches; {2}', deleted.length, picked.length, reasons.join('; '))), { requestId });
  void s.prompt.message('info', deleted.length === 1 ? l10n.t('Deleted Neon branch {0}.', deleted[0]!) : l10n.t('Deleted {0} Neon branches: {1}.', deleted.length, deleted.join(', ')), {});
  return { deleted, failed };
}

/** Ends the loop after a delete that a Cancel came too late for. */
class CancelledAfter extends Error {}

export function cleanupCommands(): CommandSpec[] {
  return [
    { id: CommandIds.cleanUpBranches, action: l10n.t('clean up the branches'), run: cleanUpBranches },
    // From the view's "…" menu: the focused row VS Code passes is ignored (src/commands/ids.ts).
    { id: CommandIds.viewCleanUpBranches, action: l10n.t('clean up the branches'), run: (s) => cleanUpBranches(s) },
  ];
}
