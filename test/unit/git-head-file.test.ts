// HEAD read from, and watched in, the git directory of real repositories made by the git CLI.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gitDirOf, readHead, watchHead } from '../../src/git/headFile';

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Resolves on the watcher's first call, or says how long it waited. */
function nextChange(dir: string, act: () => void): Promise<number> {
  return new Promise((resolve, reject) => {
    const from = Date.now();
    const timer = setTimeout(() => (w?.dispose(), reject(new Error('no change reported within 5 s'))), 5000);
    const w = watchHead(dir, () => {
      clearTimeout(timer);
      w?.dispose();
      resolve(Date.now() - from);
    });
    assert.ok(w, 'the git directory can be watched');
    act();
  });
}

describe('git: HEAD from the git directory', () => {
  let root: string;
  let repo: string;
  before(() => {
    root = mkdtempSync(path.join(tmpdir(), 'neon-head-'));
    repo = path.join(root, 'app');
    execFileSync('git', ['init', '-q', '-b', 'main', repo]);
    writeFileSync(path.join(repo, 'README.md'), 'one\n');
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'one');
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('reads the branch, a branch name with slashes and unicode, and a detached HEAD', async () => {
    const dir = (await gitDirOf(repo))!;
    assert.equal(dir, path.join(repo, '.git'));
    assert.deepEqual(await readHead(dir), { branch: 'main', detached: false, rebasing: false });
    git(repo, 'checkout', '-q', '-b', 'feature/café-#1');
    assert.deepEqual(await readHead(dir), { branch: 'feature/café-#1', detached: false, rebasing: false });
    git(repo, 'checkout', '-q', '--detach');
    assert.deepEqual(await readHead(dir), { detached: true, rebasing: false });
    git(repo, 'switch', '-q', 'main');
    assert.deepEqual(await readHead(dir), { branch: 'main', detached: false, rebasing: false });
  });

  it('says a rebase is in progress while one stops on a conflict, and not after --abort', async () => {
    const dir = (await gitDirOf(repo))!;
    git(repo, 'switch', '-q', '-c', 'topic');
    writeFileSync(path.join(repo, 'README.md'), 'topic\n');
    git(repo, 'commit', '-q', '-am', 'topic');
    git(repo, 'switch', '-q', 'main');
    writeFileSync(path.join(repo, 'README.md'), 'main\n');
    git(repo, 'commit', '-q', '-am', 'main');
    git(repo, 'switch', '-q', 'topic');
    assert.throws(() => git(repo, 'rebase', 'main'));
    assert.deepEqual(await readHead(dir), { detached: true, rebasing: true });
    git(repo, 'rebase', '--abort');
    assert.deepEqual(await readHead(dir), { branch: 'topic', detached: false, rebasing: false });
    git(repo, 'switch', '-q', 'main');
  });

  it('finds a linked worktree\'s own git directory through its .git file, and its own HEAD', async () => {
    const wt = path.join(root, 'wt');
    git(repo, 'worktree', 'add', '-q', '-b', 'feature/wt', wt);
    const dir = (await gitDirOf(wt))!;
    assert.equal(dir, path.join(repo, '.git', 'worktrees', 'wt'));
    assert.deepEqual(await readHead(dir), { branch: 'feature/wt', detached: false, rebasing: false });
    assert.deepEqual(await readHead((await gitDirOf(repo))!), { branch: 'main', detached: false, rebasing: false });
  });

  it('a folder that is no repository has no git directory; an unreadable HEAD is undefined', async () => {
    assert.equal(await gitDirOf(root), undefined);
    assert.equal(await readHead(root), undefined);
  });

  it('the watcher reports a checkout; a commit, or a checkout in a linked worktree, does not wake it', async () => {
    const dir = (await gitDirOf(repo))!;
    await nextChange(dir, () => git(repo, 'checkout', '-q', '-b', 'feature/watched'));
    assert.equal((await readHead(dir))!.branch, 'feature/watched');
    await nextChange(dir, () => git(repo, 'switch', '-q', 'main'));
    assert.equal((await readHead(dir))!.branch, 'main');
    // A commit moves the branch's ref, not HEAD; nor does a checkout in the worktree (its own HEAD).
    let calls = 0;
    const w = watchHead(dir, () => calls++)!;
    try {
      writeFileSync(path.join(repo, 'README.md'), 'again\n');
      git(repo, 'commit', '-q', '-am', 'again');
      git(path.join(root, 'wt'), 'switch', '-q', '-c', 'feature/wt2');
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(calls, 0, 'no HEAD change reported');
    } finally {
      w.dispose();
    }
  });
});
