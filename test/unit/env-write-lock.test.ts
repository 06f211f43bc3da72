import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeEnvFile } from '../../src/env/write';
import { writeNeonFile } from '../../src/git/neonFile';
import { acquireWriteLock, WriteLockBusyError, lockPathFor, sweepWriterLeftovers } from '../../src/util/writeLock';

/** The pid of a process that has exited (reaped), i.e. a dead writer. */
const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!;

describe('env write lock (across processes)', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'neon-env-lock-'));
    file = path.join(dir, '.env');
    writeFileSync(file, 'A=1\n');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("a dead writer's lock is broken at once and the write lands", async () => {
    writeFileSync(lockPathFor(file), `${deadPid()} ${os.hostname()} 0123456789ab`);
    const t0 = performance.now();
    await writeEnvFile(file, { B: '2' });
    assert.ok(performance.now() - t0 < 1000);
    assert.equal(readFileSync(file, 'utf8'), 'A=1\nB=2\n');
    assert.deepEqual(readdirSync(dir), ['.env']);
  });

  it('a live holder is waited for, then the write is refused as busy (naming the pid)', async () => {
    writeFileSync(lockPathFor(file), `${process.ppid} ${os.hostname()} 0123456789ab`);
    const e = await acquireWriteLock(file, 150).then(() => undefined, (err: unknown) => err);
    assert.ok(e instanceof WriteLockBusyError);
    assert.equal(e.holderPid, process.ppid);
    assert.equal(e.message, `${file} is being written by another process (pid ${process.ppid}); nothing was written. Try again in a moment.`);
    assert.ok(readdirSync(dir).includes(path.basename(lockPathFor(file))), "a live holder's lock is left alone");
  });

  it('the start sweep of a folder with nothing left behind creates nothing there (no lock taken)', async () => {
    const old = new Date(Date.now() - 60_000);
    utimesSync(dir, old, old);
    const before = statSync(dir).mtimeMs;
    assert.deepEqual(await sweepWriterLeftovers(file), []);
    assert.deepEqual(await sweepWriterLeftovers(path.join(dir, '.neon')), []);
    assert.equal(statSync(dir).mtimeMs, before, 'no file was created or removed in the folder');
    // With a dead writer's temp file, the sweep does its work.
    const tmp = `.${path.basename(file)}.${deadPid()}-0123456789ab.tmp`;
    writeFileSync(path.join(dir, tmp), 'x');
    assert.deepEqual(await sweepWriterLeftovers(file), [tmp]);
    assert.deepEqual(readdirSync(dir), ['.env']);
  });

  it('.neon: a live holder past the wait ends in the same sentence; nothing is written', async function () {
    this.timeout(15_000);
    const folder = path.join(dir, 'linked');
    mkdirSync(folder);
    writeFileSync(lockPathFor(path.join(folder, '.neon')), `${process.ppid} ${os.hostname()} 0123456789ab`);
    await assert.rejects(writeNeonFile(folder, { projectId: 'p-1' }), (e: unknown) => e instanceof WriteLockBusyError && /\.neon is being written by another process \(pid \d+\); nothing was written\. Try again in a moment\.$/.test(e.message));
    assert.deepEqual(readdirSync(folder), ['..neon.neon-lock']);
  });

  it('a lock with no readable owner is broken once it is older than a moment; a fresh one is not', async () => {
    writeFileSync(lockPathFor(file), '');
    await assert.rejects(acquireWriteLock(file, 100), WriteLockBusyError);
    const old = new Date(Date.now() - 2000);
    utimesSync(lockPathFor(file), old, old);
    const release = await acquireWriteLock(file, 100);
    await release();
    assert.deepEqual(readdirSync(dir), ['.env']);
  });

  it("the start sweep removes a dead writer's temp files and lock, keeps a live writer's and the person's files", async () => {
    const dead = deadPid();
    writeFileSync(path.join(dir, `..env.${dead}-0123456789ab.tmp`), 'half');
    writeFileSync(path.join(dir, `..env.${process.ppid}-0123456789ab.tmp`), 'live');
    writeFileSync(path.join(dir, '.env.backup.tmp'), 'mine');
    writeFileSync(lockPathFor(file), `${dead} ${os.hostname()} 0123456789ab`);
    const removed = await sweepWriterLeftovers(file);
    assert.deepEqual(removed, [`..env.${dead}-0123456789ab.tmp`]);
    assert.deepEqual(readdirSync(dir).sort(), ['..env.' + process.ppid + '-0123456789ab.tmp', '.env', '.env.backup.tmp'].sort());
  });
});
