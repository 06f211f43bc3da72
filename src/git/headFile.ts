// A repository's HEAD read from its git directory, and watched there. VS Code's git extension
// reports a checkout made in a terminal only after its own debounce, a wait for the window to be
// focused and a status run (about 4.6 s in bench/checkout.ts, and not at all while the window is in
// the background); git itself rewrites `HEAD` (HEAD.lock renamed over it) as the last step of a
// checkout, so watching that one file follows a checkout the moment it is done. No library reads a
// HEAD file (it is one line); written here. Imports nothing from vscode.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface HeadState {
  /** The branch HEAD is on (`refs/heads/` left off); undefined when detached. */
  branch?: string;
  detached: boolean;
  /** A rebase is in progress (git keeps its state in rebase-merge or rebase-apply meanwhile). */
  rebasing: boolean;
}

/** The git directory of the work tree at `root`: `.git`, or where a worktree's `.git` file points. */
export async function gitDirOf(root: string): Promise<string | undefined> {
  const dotGit = path.join(root, '.git');
  const st = await fs.promises.stat(dotGit).catch(() => undefined);
  if (!st) return undefined;
  if (st.isDirectory()) return dotGit;
  // A linked worktree or a submodule: "gitdir: <path>", relative to the work tree when not absolute.
  const m = /^gitdir:\s*(.+?)\s*$/m.exec(await fs.promises.readFile(dotGit, 'utf8').catch(() => ''));
  return m ? path.resolve(root, m[1]!) : undefined;
}

/** HEAD as git left it in `gitDir`; undefined when it cannot be read (the caller asks git instead). */
export async function readHead(gitDir: string): Promise<HeadState | undefined> {
  const text = await fs.promises.readFile(path.join(gitDir, 'HEAD'), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  const line = text.trim();
  const rebasing = (await Promise.all(['rebase-merge', 'rebase-apply'].map((d) => fs.promises.access(path.join(gitDir, d)).then(() => true, () => false)))).some(Boolean);
  const ref = /^ref:\s*(\S+)$/.exec(line)?.[1];
  if (ref?.startsWith('refs/heads/')) return { branch: ref.slice('refs/heads/'.length), detached: false, rebasing };
  // A commit id: detached. Anything else (a ref outside refs/heads, a file being written) is not a branch either.
  return /^[0-9a-f]{40,64}$/.test(line) ? { detached: true, rebasing } : undefined;
}

/**
 * Calls `changed` after HEAD (or a rebase's state) changed in `gitDir`; events within `settleMs`
 * come as one. The directory is watched, not the file: git replaces HEAD by a rename, which ends
 * a watch on the file itself. Undefined when the directory cannot be watched.
 */
export function watchHead(gitDir: string, changed: () => void, settleMs = 2): { dispose(): void } | undefined {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let watcher: fs.FSWatcher;
  try {
    watcher = fs.watch(gitDir, { persistent: false }, (_event, name) => {
      // No name (some platforms): it may have been HEAD.
      if (name !== null && name !== 'HEAD' && name !== 'rebase-merge' && name !== 'rebase-apply') return;
      clearTimeout(timer);
      timer = setTimeout(changed, settleMs);
    });
  } catch {
    return undefined;
  }
  // A git directory removed or unmounted: the git extension's events still come.
  watcher.on('error', () => watcher.close());
  return {
    dispose: () => {
      clearTimeout(timer);
      watcher.close();
    },
  };
}
