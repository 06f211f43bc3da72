// Which Neon branches "Clean Up Branches…" offers, and why: a pure decision (no I/O, no `vscode`).
// Apart from src/git/mapping.ts, which the git autopilot loads at start-up: only Clean Up (in
// dist/rarelyUsed.js) needs it.
import * as l10n from '@vscode/l10n';
import { describeExpiry } from './lifecycle';
import { ANNOTATION_GIT_BRANCH, type BranchInfo } from './mapping';

export interface CleanupCandidate {
  branch: BranchInfo;
  gitBranch?: string;
  reason: string;
}

/**
 * Neon branches "Clean Up Branches…" offers: made for a git branch (our annotation or the .neon map)
 * that no longer exists locally or is merged into the default git branch, and branches that expire
 * within a day. Never the default, a protected branch or a branch with children.
 */
export function cleanupCandidates(i: {
  branches: readonly BranchInfo[];
  map: Readonly<Record<string, string>>;
  localGitBranches: readonly string[];
  mergedGitBranches: readonly string[];
  /** Git branches at the default branch's own commit: merged by git's measure, or with no commit yet (said as such). */
  evenGitBranches?: readonly string[];
  defaultGitBranch: string;
  now?: number;
}): CleanupCandidate[] {
  const now = i.now ?? Date.now();
  const byNeonName = new Map(Object.entries(i.map).map(([g, n]) => [n, g]));
  const hasChildren = new Set(i.branches.map((b) => b.parentId).filter(Boolean));
  const out: CleanupCandidate[] = [];
  for (const b of i.branches) {
    if (b.isDefault || b.isProtected || hasChildren.has(b.id)) continue;
    const git = b.annotation?.[ANNOTATION_GIT_BRANCH] ?? byNeonName.get(b.name);
    let reason: string | undefined;
    if (git !== undefined && !i.localGitBranches.includes(git)) reason = l10n.t('git branch {0} no longer exists', git);
    else if (git !== undefined && git !== i.defaultGitBranch && i.evenGitBranches?.includes(git)) reason = l10n.t('git branch {0} has no commits beyond {1}', git, i.defaultGitBranch);
    else if (git !== undefined && git !== i.defaultGitBranch && i.mergedGitBranches.includes(git)) reason = l10n.t('git branch {0} is merged into {1}', git, i.defaultGitBranch);
    else if (b.expiresAt && Date.parse(b.expiresAt) - now < 86_400_000) reason = describeExpiry(b.expiresAt, now);
    if (reason) out.push({ branch: b, ...(git !== undefined ? { gitBranch: git } : {}), reason });
  }
  return out;
}
