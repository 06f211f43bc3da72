// The Neon branch name for a git branch: pure, deterministic, no `vscode` import.
//
// Neon accepts any 1..256-character name, but people also type these names into the CLI, URLs and
// shells, and a git branch like `feature/#42 Login ✨` must never turn into something empty or into
// another branch's name (the user complaint behind this: `/` and `#` silently gave the default
// branch). Rules, close to the neon CLI's `neonSafeBranchName` so both tools agree:
// - lowercase; letters with accents lose them (NFKD); `/` is kept as a separator;
// - in each `/` segment every run of other characters becomes one `-`, trimmed at the ends;
//   empty segments are dropped;
// - nothing usable left (e.g. only CJK or emoji) → `git-<hash>`;
// - a result that looks like a Neon branch id (`br-word-word-123`) gets a `git-` prefix, since the
//   CLI would take it for an id;
// - at most MAX_NAME_LENGTH characters; a name that had to be cut, or that changed the original in
//   a way that could merge two git branches, is told apart by the collision rule below.
// Collisions (two git branches giving the same name, or a Neon branch of that name that belongs to
// another git branch) are resolved by `candidateNames`: the plain name first, then the name with a
// short hash of the exact git branch name, then that with -2, -3, … — the same order every time.
import { createHash } from 'node:crypto';

export const MAX_NAME_LENGTH = 100;
const NEON_ID_LIKE = /^br-[a-z0-9]+-[a-z0-9]+-[a-z0-9]+$/;

/** 6 hex characters of the SHA-256 of the exact git branch name. */
export function shortHash(gitBranch: string): string {
  return createHash('sha256').update(gitBranch, 'utf8').digest('hex').slice(0, 6);
}

function cut(name: string, max: number): string {
  return name.slice(0, max).replace(/[-/]+$/, '');
}

/** The plain Neon name for `gitBranch` (before collision handling). */
export function safeBranchName(gitBranch: string): string {
  const folded = gitBranch
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
  const segments = folded
    .split('/')
    .map((seg) => seg.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, ''))
    .filter((seg) => seg !== '');
  let name = segments.join('/');
  if (name === '') return `git-${shortHash(gitBranch)}`;
  if (NEON_ID_LIKE.test(name)) name = `git-${name}`;
  if (name.length > MAX_NAME_LENGTH) name = `${cut(name, MAX_NAME_LENGTH - 7)}-${shortHash(gitBranch)}`;
  return name;
}

/**
 * Names to try in order for `gitBranch`: the plain one, then `<plain>-<hash>`, then
 * `<plain>-<hash>-2` … `-<hash>-<n>`. All within MAX_NAME_LENGTH, all distinct.
 */
export function candidateNames(gitBranch: string, count = 10): string[] {
  const plain = safeBranchName(gitBranch);
  const h = shortHash(gitBranch);
  const out = [plain];
  const base = plain.endsWith(`-${h}`) ? plain.slice(0, -(h.length + 1)) : plain;
  for (let i = 1; out.length < count; i++) {
    const suffix = i === 1 ? `-${h}` : `-${h}-${i}`;
    const name = `${cut(base, MAX_NAME_LENGTH - suffix.length)}${suffix}`;
    if (!out.includes(name)) out.push(name);
  }
  return out;
}
