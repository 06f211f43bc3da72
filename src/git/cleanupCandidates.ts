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
 *
 * Merged by ancestry alone is not enough: a git branch just made (`git checkout -b x`, no commit
 * yet) is an ancestor of the default branch too, and deleting its Neon branch loses the data the
 * next commits are about to use. So a merged git branch is offered only when its tip commit is
 * newer than its Neon branch: someone committed on it after the Neon branch was made, and all of
 * that is in the default branch now. The committer date is the signal because git stamps it
 * whenever a commit is written (amend, rebase and cherry-pick included) and it needs nothing
 * recorded at checkout, so it also holds for Neon branches made by `neon checkout`, by another
 * window or before this check existed; recording the tip at mapping time would miss all of those.
 * Git keeps whole seconds: a commit in the Neon branch's own second counts as "none since", and a
 * tip date that cannot be read is too, both on the side of keeping the branch.
 *
 * The git branch checked out is offered for what applies to it (expiry, merged), saying it is the
 * one checked out.
 */
export function cleanupCandidates(i: {
  branches: readonly BranchInfo[];
  map: Readonly<Record<string, string>>;
  localGitBranches: readonly string[];
  /** Git branches whose tip is an ancestor of the default branch's (at its commit included). */
  mergedGitBranches: readonly string[];
  /** Committer date (ms) of each merged git branch's tip commit. */
  tipCommitTimes?: Readonly<Record<string, number>>;
  checkedOutGitBranch?: string;
  defaultGitBranch: string;
  now?: number;
}): CleanupCandidate[] {
  const now = i.now ?? Date.now();
  const byNeonName = new Map(Object.entries(i.map).map(([g, n]) => [n, g]));
  const hasChildren = new Set(i.branches.map((b) => b.parentId).filter(Boolean));
  const second = (ms: number) => Math.floor(ms / 1000);
  const committedSince = (git: string, b: BranchInfo) => {
    const tip = i.tipCommitTimes?.[git];
    const made = b.createdAt ? Date.parse(b.createdAt) : NaN;
    return tip !== undefined && !Number.isNaN(made) && second(tip) > second(made);
  };
  const out: CleanupCandidate[] = [];
  for (const b of i.branches) {
    if (b.isDefault || b.isProtected || hasChildren.has(b.id)) continue;
    const git = b.annotation?.[ANNOTATION_GIT_BRANCH] ?? byNeonName.get(b.name);
    let reason: string | undefined;
    if (git !== undefined && !i.localGitBranches.includes(git)) reason = l10n.t('git branch {0} no longer exists', git);
    else if (git !== undefined && git !== i.defaultGitBranch && i.mergedGitBranches.includes(git) && committedSince(git, b)) reason = l10n.t('git branch {0} is merged into {1}', git, i.defaultGitBranch);
    else if (b.expiresAt && Date.parse(b.expiresAt) - now < 86_400_000) reason = describeExpiry(b.expiresAt, now);
    if (reason && git !== undefined && git === i.checkedOutGitBranch) reason = l10n.t('{0}; git branch {1} is checked out', reason, git);
    if (reason) out.push({ branch: b, ...(git !== undefined ? { gitBranch: git } : {}), reason });
  }
  return out;
}
