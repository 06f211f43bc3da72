// Which Neon branch a git branch maps to: a pure decision (no I/O, no `vscode`) from the `.neon`
// map, the project's branches with their annotations, and the git branch's name.
//
// Order: the default git branch → the project's default branch; a `.neon` `git.map` entry (the
// neon CLI's format; sticky, the person's or the CLI's choice) → that name, created again if it
// was deleted or expired; otherwise the derived names of src/git/branchName.ts in order: the first
// that is free is created, the first held by a branch made for this git branch (our annotation, or
// no annotation at all: the neon CLI creates branches without one) is reused. The default branch
// and protected branches are never taken over automatically, and neither is a branch annotated
// for another git branch: those count as collisions and the next name is tried.
import { createHash } from 'node:crypto';
import { candidateNames } from './branchName';
import * as l10n from '@vscode/l10n';

/** Annotation keys written on branches the extension creates (Neon shows them in the Console). */
export const ANNOTATION_GIT_BRANCH = 'neon-explorer-git-branch';
export const ANNOTATION_GIT_REPO = 'neon-explorer-git-repository';

export interface BranchInfo {
  id: string;
  name: string;
  isDefault: boolean;
  isProtected: boolean;
  annotation?: Record<string, string>;
  parentId?: string;
  expiresAt?: string;
  /** When Neon made it (ISO 8601): Clean Up tells a git branch with no commit since from a merged one by it. */
  createdAt?: string;
}

export type Mapping =
  | { kind: 'use'; branch: BranchInfo; reason: 'default' | 'mapped' | 'annotated' | 'same-name' }
  | { kind: 'create'; name: string; reason: 'mapped-gone' | 'new'; skipped: string[] }
  | { kind: 'error'; message: string };

export interface MappingInput {
  gitBranch: string;
  isDefaultGitBranch: boolean;
  map: Readonly<Record<string, string>>;
  branches: readonly BranchInfo[];
}

export function decideMapping(i: MappingInput): Mapping {
  if (i.isDefaultGitBranch) {
    const d = i.branches.find((b) => b.isDefault);
    return d ? { kind: 'use', branch: d, reason: 'default' } : { kind: 'error', message: l10n.t('the Neon project has no default branch') };
  }
  const byName = new Map(i.branches.map((b) => [b.name, b]));
  const mapped = i.map[i.gitBranch];
  if (mapped !== undefined) {
    const b = byName.get(mapped) ?? i.branches.find((x) => x.id === mapped);
    return b ? { kind: 'use', branch: b, reason: 'mapped' } : { kind: 'create', name: mapped, reason: 'mapped-gone', skipped: [] };
  }
  // A branch made for this git branch earlier (e.g. before .neon was recreated) wins over a new one.
  const annotated = i.branches.find((b) => b.annotation?.[ANNOTATION_GIT_BRANCH] === i.gitBranch && !b.isDefault && !b.isProtected);
  const candidates = candidateNames(i.gitBranch);
  if (annotated && candidates.includes(annotated.name)) return { kind: 'use', branch: annotated, reason: 'annotated' };
  const mappedNames = new Set(Object.entries(i.map).filter(([g]) => g !== i.gitBranch).map(([, n]) => n));
  const skipped: string[] = [];
  for (const name of candidates) {
    const b = byName.get(name);
    if (!b && !mappedNames.has(name)) return { kind: 'create', name, reason: 'new', skipped };
    const other = b?.annotation?.[ANNOTATION_GIT_BRANCH];
    if (b && !b.isDefault && !b.isProtected && !mappedNames.has(name) && (other === undefined || other === i.gitBranch)) {
      return { kind: 'use', branch: b, reason: other === undefined ? 'same-name' : 'annotated' };
    }
    skipped.push(name);
  }
  return { kind: 'error', message: l10n.t('every Neon name tried for git branch {0} is taken ({1})', i.gitBranch, skipped.join(', ')) };
}

/** `expires_at` for a new branch `days` from `now`, to the second; undefined for 0 (never). */
export function expiryFor(days: number, now = Date.now()): string | undefined {
  if (!Number.isFinite(days) || days <= 0) return undefined;
  const d = Math.min(days, 30);
  return new Date(Math.floor((now + d * 86_400_000) / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Is `gitBranch` the repository's default branch: the configured one, else `main`, else `master` when it exists. */
export function isDefaultGitBranch(gitBranch: string, localBranches: readonly string[], configured?: string): boolean {
  if (configured) return gitBranch === configured;
  if (localBranches.includes('main')) return gitBranch === 'main';
  if (localBranches.includes('master')) return gitBranch === 'master';
  return gitBranch === 'main' || gitBranch === 'master';
}

/**
 * The compute endpoint a connection string leads to: `options=endpoint=<id>` when present (Neon's
 * way for clients without SNI, and the emulator's data plane), else the host's first label without
 * `-pooler` (`ep-x-y-123-pooler.region.aws.neon.tech` → `ep-x-y-123`).
 */
export function endpointIdOfUri(uri: string | undefined): string | undefined {
  if (!uri) return undefined;
  let u: URL;
  try {
    u = new URL(uri);
  } catch {
    return undefined;
  }
  const m = /(?:^|\s)endpoint=([a-z0-9-]+)/.exec(u.searchParams.get('options') ?? '');
  if (m) return m[1]!.replace(/-pooler$/, '');
  const first = u.hostname.split('.')[0];
  return first ? first.replace(/-pooler$/, '') : undefined;
}

/**
 * The sha256 (hex) of a DATABASE_URL the extension wrote. The digest is what the workspace state
 * keeps, never the URL: it holds the password.
 */
export function urlDigest(url: string): string {
  return createHash('sha256').update(url, 'utf8').digest('hex');
}

/**
 * Whether `url`, what the .env holds now, is still what was written: the very same URL when its
 * digest was kept (any edit of host, port, role, password or database counts), else (a pointer
 * written by a version that kept no digest) the same compute; true when nothing was kept to tell.
 */
export function stillWritten(written: { urlDigest?: string; endpointId?: string }, url: string | undefined): boolean {
  if (written.urlDigest) return url !== undefined && urlDigest(url) === written.urlDigest;
  if (written.endpointId) return endpointIdOfUri(url) === written.endpointId;
  return true;
}
