import * as assert from 'node:assert/strict';
import { promises as fsp, mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { isIgnoredByGit, addToGitignore, gitignorePattern } from '../../src/env/gitignore';

describe('env/gitignore (real git)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'neon-git-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });

  it('undefined outside a repository and when git is missing', async () => {
    assert.equal(await isIgnoredByGit(path.join(dir, '.env')), undefined);
    git('init', '-q');
    assert.equal(await isIgnoredByGit(path.join(dir, '.env'), { git: path.join(dir, 'no-such-git') }), undefined);
  });

  it('asks git: ignored, not ignored, nested folders that do not exist yet, tracked files', async () => {
    git('init', '-q');
    await fsp.writeFile(path.join(dir, '.gitignore'), '.env\n');
    assert.equal(await isIgnoredByGit(path.join(dir, '.env')), true);
    assert.equal(await isIgnoredByGit(path.join(dir, '.env.local')), false);
    assert.equal(await isIgnoredByGit(path.join(dir, 'apps', 'web', '.env')), true);
    await fsp.writeFile(path.join(dir, '.env.local'), 'A=1\n');
    git('add', '.env.local');
    assert.equal(await isIgnoredByGit(path.join(dir, '.env.local')), false);
  });

  it('appends an anchored line in the file’s own style, adding a missing newline first', async () => {
    git('init', '-q');
    await fsp.writeFile(path.join(dir, '.gitignore'), 'node_modules\r\ndist');
    assert.equal(await addToGitignore(dir, '.env'), true);
    assert.equal(await fsp.readFile(path.join(dir, '.gitignore'), 'utf8'), 'node_modules\r\ndist\r\n/.env\r\n');
    assert.equal(await addToGitignore(dir, '.env'), false, 'no duplicate line');
    assert.equal(await isIgnoredByGit(path.join(dir, '.env')), true);
    assert.equal(await isIgnoredByGit(path.join(dir, 'sub', '.env')), false, 'anchored to the root');
  });

  it('creates .gitignore when missing and escapes pattern characters', async () => {
    git('init', '-q');
    assert.equal(await addToGitignore(dir, path.join('cfg', '[x]*.env')), true);
    assert.equal(await fsp.readFile(path.join(dir, '.gitignore'), 'utf8'), 'cfg/\\[x\\]\\*.env\n');
    assert.equal(await isIgnoredByGit(path.join(dir, 'cfg', '[x]*.env')), true);
    assert.equal(await isIgnoredByGit(path.join(dir, 'cfg', 'x.env')), false);
    assert.equal(gitignorePattern('#a'), '/\\#a');
    assert.equal(gitignorePattern('!a '), '/\\!a\\ ');
  });

  it('refuses paths outside the repository', async () => {
    await assert.rejects(addToGitignore(dir, '../.env'));
    await assert.rejects(addToGitignore(dir, path.join(dir, '.env')));
  });
});
