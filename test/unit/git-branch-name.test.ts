// Git branch → Neon branch name, the `.neon` file, and the mapping decision: the pure parts.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { MAX_NAME_LENGTH, candidateNames, safeBranchName, shortHash } from '../../src/git/branchName';
import { describeExpiry, describeLastReset } from '../../src/git/lifecycle';
import { cleanupCandidates } from '../../src/git/cleanupCandidates';
import { ANNOTATION_GIT_BRANCH, decideMapping, endpointIdOfUri, expiryFor, isDefaultGitBranch, stillWritten, urlDigest, type BranchInfo } from '../../src/git/mapping';
import { parseEnv } from '../../src/env/parse';
import { writeEnvFile } from '../../src/env/write';
import { NeonFileError, formatNeonFile, parseNeonFile, readNeonFile, writeNeonFile } from '../../src/git/neonFile';

describe('git: Neon branch names from git branch names', () => {
  it('keeps slashes, lowercases, turns #, spaces and punctuation into one dash', () => {
    assert.equal(safeBranchName('feature/login'), 'feature/login');
    assert.equal(safeBranchName('Feature/Login'), 'feature/login');
    assert.equal(safeBranchName('fix/#42 Login bug'), 'fix/42-login-bug');
    assert.equal(safeBranchName('a//b/'), 'a/b');
    assert.equal(safeBranchName('--x__y--'), 'x-y');
    assert.equal(safeBranchName('feat/#'), 'feat');
  });

  it('folds accents, replaces other unicode, and never returns an empty name', () => {
    assert.equal(safeBranchName('café/crème-brûlée'), 'cafe/creme-brulee');
    assert.equal(safeBranchName('feat/日本語-x'), 'feat/x');
    assert.equal(safeBranchName('日本語'), `git-${shortHash('日本語')}`);
    assert.equal(safeBranchName('✨'), `git-${shortHash('✨')}`);
    assert.notEqual(safeBranchName('日本語'), safeBranchName('中文'));
  });

  it('never produces something the neon CLI would read as a branch id', () => {
    assert.equal(safeBranchName('br-fix-login-42'), 'git-br-fix-login-42');
    assert.equal(safeBranchName('br-fix'), 'br-fix');
  });

  it('cuts long names to the limit, keeping two long names that share a prefix apart', () => {
    const a = `feature/${'x'.repeat(300)}a`;
    const b = `feature/${'x'.repeat(300)}b`;
    assert.ok(safeBranchName(a).length <= MAX_NAME_LENGTH);
    assert.notEqual(safeBranchName(a), safeBranchName(b));
    assert.match(safeBranchName(a), /^feature\/x+-[0-9a-f]{6}$/);
  });

  it('is deterministic and idempotent on names that are already safe', () => {
    for (const g of ['feature/login', 'fix/#1', 'Ünïcødé branch', 'x'.repeat(400)]) {
      assert.equal(safeBranchName(g), safeBranchName(g));
      const once = safeBranchName(g);
      if (!once.startsWith('git-')) assert.equal(safeBranchName(once), once);
    }
  });

  it('collision candidates: plain, then -hash, then -hash-2 …; distinct, bounded, stable', () => {
    const c = candidateNames('Feature/Login', 4);
    const h = shortHash('Feature/Login');
    assert.deepEqual(c, ['feature/login', `feature/login-${h}`, `feature/login-${h}-2`, `feature/login-${h}-3`]);
    assert.notEqual(candidateNames('feature/login')[1], c[1], 'two git branches with the same plain name get different second names');
    const long = candidateNames('y'.repeat(500));
    assert.equal(new Set(long).size, long.length);
    assert.ok(long.every((n) => n.length <= MAX_NAME_LENGTH));
  });
});

describe('git: the .neon file (neon CLI link format)', () => {
  it('parses the CLI fields and neon-cli\'s git block; drops wrong types; keeps unknown fields', () => {
    const ctx = parseNeonFile(JSON.stringify({ orgId: 'org-a-1', projectId: 'p-1', branch: 'main', future: { x: 1 }, git: { follow: true, map: { a: 'x', b: 3 } } }));
    assert.deepEqual(ctx, { orgId: 'org-a-1', projectId: 'p-1', branch: 'main', future: { x: 1 }, git: { follow: true, map: { a: 'x' } } });
    assert.deepEqual(parseNeonFile('{"projectId": 5, "branchId": "br-a-b-1"}'), { branchId: 'br-a-b-1' });
    assert.deepEqual(parseNeonFile(''), {});
    assert.throws(() => parseNeonFile('{nope'), NeonFileError);
    assert.throws(() => parseNeonFile('[1]'), /JSON object/);
  });

  it('formats as the CLI does (2-space JSON, newline) and drops the legacy branchId once branch is set', () => {
    assert.equal(formatNeonFile({ orgId: 'o', projectId: 'p' }), '{\n  "orgId": "o",\n  "projectId": "p"\n}\n');
    assert.equal(formatNeonFile({ projectId: 'p', branchId: 'br-1', branch: 'dev' }), '{\n  "projectId": "p",\n  "branch": "dev"\n}\n');
  });

  it('writes atomically (no temp file left) and reads back; a missing file reads as undefined', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'neonfile-'));
    assert.equal(await readNeonFile(dir), undefined);
    assert.equal(await writeNeonFile(dir, { projectId: 'p', git: { map: { 'feature/x': 'feature/x' } } }), true);
    assert.equal(await writeNeonFile(dir, { projectId: 'p', branch: 'main' }), false);
    assert.deepEqual(await readNeonFile(dir), { projectId: 'p', branch: 'main' });
    assert.deepEqual(readdirSync(dir), ['.neon']);
    writeFileSync(path.join(dir, '.neon'), 'garbage');
    await assert.rejects(readNeonFile(dir), /not valid JSON/);
    assert.equal(readFileSync(path.join(dir, '.neon'), 'utf8'), 'garbage');
  });
});

describe('git: which Neon branch a git branch maps to', () => {
  const main: BranchInfo = { id: 'br-main', name: 'main', isDefault: true, isProtected: false };
  const staging: BranchInfo = { id: 'br-stg', name: 'staging', isDefault: false, isProtected: true };
  const base = { isDefaultGitBranch: false, map: {}, branches: [main, staging] };

  it('the default git branch → the project\'s default branch; none → an error, never a guess', () => {
    assert.deepEqual(decideMapping({ ...base, gitBranch: 'main', isDefaultGitBranch: true }), { kind: 'use', branch: main, reason: 'default' });
    assert.equal(decideMapping({ ...base, branches: [], gitBranch: 'main', isDefaultGitBranch: true }).kind, 'error');
  });

  it('a new git branch → create the derived name', () => {
    assert.deepEqual(decideMapping({ ...base, gitBranch: 'feature/#7 Login' }), { kind: 'create', name: 'feature/7-login', reason: 'new', skipped: [] });
  });

  it('the .neon map wins and is sticky; a mapped branch that is gone is created again under that name', () => {
    const custom: BranchInfo = { id: 'br-c', name: 'my-db', isDefault: false, isProtected: false };
    assert.deepEqual(decideMapping({ ...base, branches: [main, custom], map: { 'feature/x': 'my-db' }, gitBranch: 'feature/x' }), { kind: 'use', branch: custom, reason: 'mapped' });
    assert.deepEqual(decideMapping({ ...base, map: { 'feature/x': 'my-db' }, gitBranch: 'feature/x' }), { kind: 'create', name: 'my-db', reason: 'mapped-gone', skipped: [] });
  });

  it('reuses a same-named branch without annotation (the neon CLI made it) or annotated for this git branch', () => {
    const cli: BranchInfo = { id: 'br-cli', name: 'feature/login', isDefault: false, isProtected: false };
    assert.deepEqual(decideMapping({ ...base, branches: [main, cli], gitBranch: 'feature/login' }), { kind: 'use', branch: cli, reason: 'same-name' });
    const ours: BranchInfo = { ...cli, annotation: { [ANNOTATION_GIT_BRANCH]: 'feature/login' } };
    assert.deepEqual(decideMapping({ ...base, branches: [main, ours], gitBranch: 'feature/login' }), { kind: 'use', branch: ours, reason: 'annotated' });
  });

  it('collisions: another git branch\'s branch, the default and protected branches are skipped, deterministically', () => {
    const theirs: BranchInfo = { id: 'br-t', name: 'feature/login', isDefault: false, isProtected: false, annotation: { [ANNOTATION_GIT_BRANCH]: 'feature/login' } };
    const m = decideMapping({ ...base, branches: [main, theirs], gitBranch: 'Feature/Login' });
    assert.deepEqual(m, { kind: 'create', name: `feature/login-${shortHash('Feature/Login')}`, reason: 'new', skipped: ['feature/login'] });
    assert.deepEqual(decideMapping({ ...base, branches: [main, theirs], gitBranch: 'Feature/Login' }), m, 'same answer every time');
    assert.equal((decideMapping({ ...base, gitBranch: 'Staging' }) as { name: string }).name, `staging-${shortHash('Staging')}`);
    assert.equal((decideMapping({ ...base, gitBranch: 'Main', isDefaultGitBranch: false }) as { name: string }).name, `main-${shortHash('Main')}`);
    const mappedElsewhere = decideMapping({ ...base, map: { other: 'feature/login' }, gitBranch: 'feature/login' });
    assert.equal((mappedElsewhere as { name: string }).name, `feature/login-${shortHash('feature/login')}`, 'a name another git branch is mapped to is not shared');
  });

  it('expiry: now + days to the second, capped at 30 days; 0 means never', () => {
    const now = Date.parse('2026-01-01T00:00:00.500Z');
    assert.equal(expiryFor(7, now), '2026-01-08T00:00:00Z');
    assert.equal(expiryFor(90, now), '2026-01-31T00:00:00Z');
    assert.equal(expiryFor(0, now), undefined);
  });

  it('default git branch: configured, else main, else master', () => {
    assert.equal(isDefaultGitBranch('main', ['main', 'x']), true);
    assert.equal(isDefaultGitBranch('master', ['main', 'master']), false);
    assert.equal(isDefaultGitBranch('master', ['master']), true);
    assert.equal(isDefaultGitBranch('trunk', ['trunk'], 'trunk'), true);
    assert.equal(isDefaultGitBranch('main', ['main'], 'trunk'), false);
  });
});

describe('git: expiry and reset words', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it('says when a branch expires, in the largest whole unit', () => {
    assert.equal(describeExpiry('2026-01-04T00:00:00Z', now), 'expires in 3 days');
    assert.equal(describeExpiry('2026-01-02T00:00:00Z', now), 'expires in 1 day');
    assert.equal(describeExpiry('2026-01-01T05:20:00Z', now), 'expires in 5 hours');
    // Set "in 3 days" a few seconds ago: 3 days, not 2 (what is ahead is rounded).
    assert.equal(describeExpiry('2026-01-03T23:59:49Z', now), 'expires in 3 days');
    assert.equal(describeExpiry('2026-01-01T05:40:00Z', now), 'expires in 6 hours');
    // Set "in 1 day" (or an hour) a few seconds ago: said as it was chosen, not "24 hours" ("60 minutes").
    assert.equal(describeExpiry('2026-01-01T23:59:50Z', now), 'expires in 1 day');
    assert.equal(describeExpiry('2026-01-01T00:59:50Z', now), 'expires in 1 hour');
    assert.equal(describeExpiry('2026-01-01T23:20:00Z', now), 'expires in 23 hours');
    assert.equal(describeExpiry('2026-01-02T12:00:00Z', now), 'expires in 2 days');
    assert.equal(describeExpiry('2026-01-01T00:00:30Z', now), 'expires in less than a minute');
    assert.equal(describeExpiry('2025-12-31T00:00:00Z', now), 'expired');
    assert.equal(describeExpiry(undefined, now), undefined);
    assert.equal(describeExpiry('garbage', now), undefined);
  });
  it('says when a branch was last reset', () => {
    assert.equal(describeLastReset('2025-12-31T22:00:00Z', now), 'reset 2 hours ago');
    assert.equal(describeLastReset('2025-12-31T23:59:30Z', now), 'reset just now');
    assert.equal(describeLastReset(null, now), undefined);
  });
});

describe('git: which compute a connection string leads to', () => {
  it('reads options=endpoint=<id>, else the host\'s first label without -pooler', () => {
    assert.equal(endpointIdOfUri('postgresql://u:p@ep-cool-darkness-123-pooler.us-east-2.aws.neon.tech/neondb?sslmode=require'), 'ep-cool-darkness-123');
    assert.equal(endpointIdOfUri('postgresql://u:p@ep-cool-darkness-123.us-east-2.aws.neon.tech/neondb'), 'ep-cool-darkness-123');
    assert.equal(endpointIdOfUri('postgresql://u:p@127.0.0.1:5432/neondb?options=endpoint%3Dep-a-b-1'), 'ep-a-b-1');
    assert.equal(endpointIdOfUri('postgresql://u:p@127.0.0.1:5432/neondb?options=endpoint%3Dep-a-b-1-pooler'), 'ep-a-b-1');
    assert.equal(endpointIdOfUri('not a url'), undefined);
    assert.equal(endpointIdOfUri(undefined), undefined);
  });
});

describe('git: whether a .env still holds the DATABASE_URL written', () => {
  const written = 'postgresql://neondb_owner:s3cr%23t@ep-cool-darkness-123-pooler.us-east-2.aws.neon.tech/neondb?sslmode=require&channel_binding=require';
  const pointer = { endpointId: 'ep-cool-darkness-123', urlDigest: urlDigest(written) };

  it('keeps a sha256 hex digest, never the URL or its password', () => {
    assert.match(pointer.urlDigest, /^[0-9a-f]{64}$/);
    assert.ok(!pointer.urlDigest.includes('s3cr'));
    assert.notEqual(urlDigest(written), urlDigest(`${written} `));
  });

  it('an edit that keeps the compute (another password, role, database, port, the direct host) is an edit', () => {
    assert.equal(stillWritten(pointer, written), true);
    for (const edited of [
      written.replace('s3cr%23t', 'other'),
      written.replace('neondb_owner:', 'app_user:'),
      written.replace('/neondb?', '/other?'),
      written.replace('.tech/', '.tech:6543/'),
      written.replace('-pooler', ''),
    ]) {
      assert.equal(endpointIdOfUri(edited), pointer.endpointId, edited);
      assert.equal(stillWritten(pointer, edited), false, edited);
    }
    assert.equal(stillWritten(pointer, undefined), false, 'removed');
  });

  it('a pointer of an older version (no digest) is compared by its compute; one with neither holds', () => {
    const old = { endpointId: 'ep-cool-darkness-123' };
    assert.equal(stillWritten(old, written.replace('s3cr%23t', 'other')), true);
    assert.equal(stillWritten(old, written.replace('ep-cool-darkness-123', 'ep-other-1')), false);
    assert.equal(stillWritten(old, undefined), false);
    assert.equal(stillWritten({}, undefined), true);
  });

  it('the value written into a .env reads back with the same digest (quoting, # and = in it)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'neon-digest-'));
    const file = path.join(dir, '.env');
    const odd = 'postgresql://u:p#w=d"x\'y@ep-a-b-1.neon.tech/db?options=endpoint%3Dep-a-b-1 # not a comment';
    try {
      writeFileSync(file, '# mine\nOTHER=1\n');
      await writeEnvFile(file, { DATABASE_URL: odd }, { workspaceRoot: dir });
      assert.equal(stillWritten({ urlDigest: urlDigest(odd) }, parseEnv(readFileSync(file, 'utf8')).get('DATABASE_URL')), true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('git: which Neon branches Clean Up offers', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  const b = (name: string, extra: Partial<BranchInfo> = {}): BranchInfo => ({ id: `br-${name}`, name, isDefault: false, isProtected: false, ...extra });
  it('gone or merged git branches, branches expiring within a day; never default, protected or parents', () => {
    const branches = [
      b('main', { isDefault: true }),
      b('staging', { isProtected: true, annotation: { [ANNOTATION_GIT_BRANCH]: 'gone-too' } }),
      b('feature/gone', { annotation: { [ANNOTATION_GIT_BRANCH]: 'feature/gone' } }),
      b('mapped-gone'),
      b('feature/merged', { annotation: { [ANNOTATION_GIT_BRANCH]: 'feature/merged' }, createdAt: '2025-12-30T10:00:00Z' }),
      b('feature/live', { annotation: { [ANNOTATION_GIT_BRANCH]: 'feature/live' } }),
      b('feature/even', { annotation: { [ANNOTATION_GIT_BRANCH]: 'feature/even' }, createdAt: '2025-12-30T10:00:00Z' }),
      b('feature/same-second', { annotation: { [ANNOTATION_GIT_BRANCH]: 'feature/same-second' }, createdAt: '2025-12-30T10:00:00.400Z' }),
      b('feature/undated', { annotation: { [ANNOTATION_GIT_BRANCH]: 'feature/undated' }, createdAt: '2025-12-30T10:00:00Z' }),
      b('soon', { expiresAt: '2026-01-01T05:00:00Z' }),
      b('later', { expiresAt: '2026-01-05T00:00:00Z' }),
      b('parent-gone', { annotation: { [ANNOTATION_GIT_BRANCH]: 'x' } }),
      b('kid', { parentId: 'br-parent-gone' }),
    ];
    const local = ['main', 'feature/merged', 'feature/live', 'feature/even', 'feature/same-second', 'feature/undated'];
    const got = cleanupCandidates({
      branches, map: { 'old/one': 'mapped-gone' }, localGitBranches: local, mergedGitBranches: ['feature/merged', 'feature/even', 'feature/same-second', 'feature/undated'], defaultGitBranch: 'main', now,
      tipCommitTimes: {
        // Committed on after its Neon branch was made, all of it in main now.
        'feature/merged': Date.parse('2025-12-31T09:00:00Z'),
        // `git checkout -b` with no commit yet: its tip is main's commit, older than its Neon branch.
        'feature/even': Date.parse('2025-12-29T09:00:00Z'),
        // Git's whole second, the Neon branch's own: not told apart, so kept.
        'feature/same-second': Date.parse('2025-12-30T10:00:00Z'),
      },
    });
    assert.deepEqual(got.map((c) => [c.branch.name, c.reason]), [
      ['feature/gone', 'git branch feature/gone no longer exists'],
      ['mapped-gone', 'git branch old/one no longer exists'],
      ['feature/merged', 'git branch feature/merged is merged into main'],
      // Worded as the tree words it.
      ['soon', 'expires in 5 hours'],
    ]);
  });

  it('the git branch checked out is offered only for what applies to it, saying so', () => {
    const branches = [
      b('wip', { annotation: { [ANNOTATION_GIT_BRANCH]: 'wip' }, createdAt: '2025-12-30T10:00:00Z', expiresAt: '2026-01-01T20:00:00Z' }),
      b('done', { annotation: { [ANNOTATION_GIT_BRANCH]: 'done' }, createdAt: '2025-12-30T10:00:00Z' }),
    ];
    const input = { branches, map: {}, localGitBranches: ['main', 'wip', 'done'], mergedGitBranches: ['wip', 'done'], defaultGitBranch: 'main', now, tipCommitTimes: { wip: Date.parse('2025-12-29T00:00:00Z'), done: Date.parse('2025-12-31T00:00:00Z') } };
    assert.deepEqual(cleanupCandidates({ ...input, checkedOutGitBranch: 'wip' }).map((c) => [c.branch.name, c.reason]), [
      ['wip', 'expires in 20 hours; git branch wip is checked out'],
      ['done', 'git branch done is merged into main'],
    ]);
    assert.deepEqual(cleanupCandidates({ ...input, checkedOutGitBranch: 'done' }).map((c) => c.reason), ['expires in 20 hours', 'git branch done is merged into main; git branch done is checked out']);
  });
});
