/**
 * writeEnvFile against real temporary files. Permission failures are real: as root (CI),
 * the write runs with the effective uid of `nobody`, so the permission bits bind. Where a
 * failure cannot be provoked for real (no tiny disk to fill), an `fs` adapter injects it —
 * those tests say so in their name.
 */
import * as assert from 'node:assert/strict';
import { chmodSync, promises as fsp, mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { build } from 'esbuild';
import * as os from 'node:os';
import * as path from 'node:path';
import * as dotenv from 'dotenv';
import { removeFromEnvFile, writeEnvFile, nodeEnvFs, EnvWriteError, onEnvWritten, type EnvWriteErrorKind } from '../../src/env/write';

const SECRET = 'hunter2-s3cr3t';
const errno = (c: string) => Object.assign(new Error(`simulated ${c}`), { code: c });

/** Expects an EnvWriteError of `kind` whose message names no value. */
async function rejectsWith(p: Promise<unknown>, kind: EnvWriteErrorKind): Promise<EnvWriteError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof EnvWriteError, String(e));
    assert.equal(e.kind, kind, e.message);
    assert.ok(!e.message.includes(SECRET), 'the message leaks a value');
    return e;
  }
  assert.fail(`expected ${kind}`);
}

const isRoot = process.getuid?.() === 0;
const NOBODY = 65534;
let writerDir = '';

/** The extension's writer, bundled for a child process (see writeAsNonRoot). */
async function bundleWriter(): Promise<string> {
  writerDir = mkdtempSync(path.join(os.tmpdir(), 'neon-env-writer-'));
  chmodSync(writerDir, 0o755);
  const outfile = path.join(writerDir, 'writer.js');
  const write = JSON.stringify(path.resolve(__dirname, '..', '..', 'src', 'env', 'write'));
  await build({
    stdin: {
      contents: `import { writeEnvFile, EnvWriteError } from ${write};
        const [file, json] = process.argv.slice(2);
        writeEnvFile(file, JSON.parse(json)).then(
          (r) => console.log(JSON.stringify({ written: r })),
          (e) => console.log(JSON.stringify(e instanceof EnvWriteError ? { kind: e.kind, message: e.message } : { error: String(e) })),
        );`,
      resolveDir: __dirname,
      loader: 'ts',
    },
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'silent',
  });
  chmodSync(outfile, 0o644);
  return outfile;
}

/**
 * Writes with the extension's writer in a child process that the permission bits bind: as
 * `nobody` when the suite runs as root (root ignores them; a real uid, as access(2) checks the
 * real one), as this user otherwise. A real EACCES, so the test never needs to skip.
 */
function writeAsNonRoot(file: string, updates: Record<string, string>): { written?: unknown; kind?: EnvWriteErrorKind; message?: string; error?: string } {
  const out = execFileSync(process.execPath, [path.join(writerDir, 'writer.js'), file, JSON.stringify(updates)], {
    encoding: 'utf8',
    timeout: 30_000,
    ...(isRoot ? { uid: NOBODY, gid: NOBODY } : {}),
  });
  return JSON.parse(out) as { written?: unknown; kind?: EnvWriteErrorKind; message?: string };
}

describe('env/write', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'neon-env-'));
    file = path.join(dir, '.env');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const leftovers = async () => (await fsp.readdir(dir)).filter((n) => n.endsWith('.tmp'));

  it('creates a new file with mode 0600 and a final newline', async () => {
    assert.deepEqual(await writeEnvFile(file, { A: '1', B: 'x y' }), { created: true, keys: ['A', 'B'], changed: true, changedKeys: ['A', 'B'] });
    assert.equal(await fsp.readFile(file, 'utf8'), "A=1\nB='x y'\n");
    assert.equal((await fsp.stat(file)).mode & 0o777, 0o600);
  });

  it('updates in place and keeps the mode of an existing file', async () => {
    await fsp.writeFile(file, '# db\nA=old\nB=2\n');
    await fsp.chmod(file, 0o640);
    assert.deepEqual(await writeEnvFile(file, { A: SECRET }), { created: false, keys: ['A'], changed: true, changedKeys: ['A'] });
    assert.equal(await fsp.readFile(file, 'utf8'), `# db\nA=${SECRET}\nB=2\n`);
    assert.equal((await fsp.stat(file)).mode & 0o777, 0o640);
    assert.deepEqual(await leftovers(), []);
  });

  it('keeps CRLF, a BOM and a missing final newline', async () => {
    await fsp.writeFile(file, '\uFEFFA=1\r\nB=2');
    await writeEnvFile(file, { A: '3', C: '4' });
    assert.equal(await fsp.readFile(file, 'utf8'), '\uFEFFA=3\r\nB=2\r\nC=4');
  });

  it('does not touch the file when nothing changes', async () => {
    await fsp.writeFile(file, 'A="1"\n');
    const before = await fsp.stat(file);
    await new Promise((r) => setTimeout(r, 20));
    await writeEnvFile(file, { A: '1' });
    assert.equal((await fsp.stat(file)).mtimeMs, before.mtimeMs);
  });

  it('concurrent calls in one process all end up in the file', async () => {
    await fsp.writeFile(file, 'X=0\n');
    const keys = Array.from({ length: 20 }, (_, i) => `K${i}`);
    await Promise.all(keys.map((k, i) => writeEnvFile(file, { [k]: String(i) })));
    const parsed = dotenv.parse(await fsp.readFile(file));
    assert.deepEqual(parsed, { X: '0', ...Object.fromEntries(keys.map((k, i) => [k, String(i)])) });
  });

  it('a change made by someone else between read and rename is merged, not overwritten (injected)', async () => {
    await fsp.writeFile(file, 'A=1\n');
    let first = true;
    await writeEnvFile(file, { B: '2' }, {
      fs: {
        async writeNew(p, data, o) {
          await nodeEnvFs.writeNew(p, data, o);
          if (first) await fsp.appendFile(file, 'EDITOR=yes\n');
          first = false;
        },
      },
    });
    assert.deepEqual(dotenv.parse(await fsp.readFile(file)), { A: '1', EDITOR: 'yes', B: '2' });
    assert.deepEqual(await leftovers(), []);
  });

  it('a file that never stops changing ends in a conflict error, untouched (injected)', async () => {
    await fsp.writeFile(file, 'A=1\n');
    let n = 0;
    const writeNew: typeof nodeEnvFs.writeNew = async (p, d, o) => {
      await nodeEnvFs.writeNew(p, d, o);
      await fsp.appendFile(file, `E${n++}=1\n`);
    };
    await rejectsWith(writeEnvFile(file, { B: SECRET }, { fs: { writeNew } }), 'conflict');
    assert.ok(!(await fsp.readFile(file, 'utf8')).includes(SECRET));
    assert.deepEqual(await leftovers(), []);
  });

  it('a failing rename leaves the old file intact and no temp file (injected EIO)', async () => {
    await fsp.writeFile(file, 'A=1\n');
    const e = await rejectsWith(
      writeEnvFile(file, { A: SECRET }, { fs: { rename: async () => Promise.reject(errno('EIO')) } }),
      'io',
    );
    assert.match(e.message, /EIO/);
    assert.equal(await fsp.readFile(file, 'utf8'), 'A=1\n');
    assert.deepEqual(await leftovers(), []);
  });

  it('a full disk while writing the temp file: old file intact, temp removed, says so (injected ENOSPC)', async () => {
    await fsp.writeFile(file, 'A=1\n');
    const writeNew: typeof nodeEnvFs.writeNew = async (p, d) => {
      await fsp.writeFile(p, d.subarray(0, 3)); // a partial temp file, as a real ENOSPC would leave
      throw errno('ENOSPC');
    };
    const e = await rejectsWith(writeEnvFile(file, { PASSWORD: SECRET }, { fs: { writeNew } }), 'no-space');
    assert.match(e.message, /PASSWORD/);
    assert.match(e.message, /Free some space/);
    assert.equal(await fsp.readFile(file, 'utf8'), 'A=1\n');
    assert.deepEqual(await leftovers(), []);
  });

  describe('permissions (real EACCES, written by a non-root process)', () => {
    before(async function () {
      this.timeout(60_000);
      await bundleWriter();
    });
    after(() => rmSync(writerDir, { recursive: true, force: true }));

    it('a read-only file in a writable folder is refused and left intact (mode 0444; a rename would have replaced it)', async () => {
      await fsp.writeFile(file, 'A=1\n');
      await fsp.chmod(file, 0o444);
      await fsp.chmod(dir, 0o777); // the folder is writable: only the file's mode says no
      const r = writeAsNonRoot(file, { A: SECRET });
      assert.equal(r.kind, 'read-only', JSON.stringify(r));
      assert.match(r.message!, /cannot be written .*\(EACCES\): the file or its folder is read-only/);
      assert.ok(!r.message!.includes(SECRET), 'the message leaks a value');
      assert.equal(await fsp.readFile(file, 'utf8'), 'A=1\n');
      assert.deepEqual(await fsp.readdir(dir), ['.env'], 'no temporary file or lock left behind');
    });

    it('a read-only folder refuses a new file (mode 0555)', async () => {
      await fsp.chmod(dir, 0o555);
      try {
        const r = writeAsNonRoot(file, { A: SECRET });
        assert.equal(r.kind, 'read-only', JSON.stringify(r));
        assert.match(r.message!, /\(EACCES\)/);
      } finally {
        await fsp.chmod(dir, 0o755);
      }
      assert.deepEqual(await fsp.readdir(dir), []);
    });

    it('the same writer in the same child process writes where it may (the refusals above are the permissions)', async () => {
      await fsp.chmod(dir, 0o777);
      const r = writeAsNonRoot(file, { A: 'ok' });
      assert.deepEqual(r, { written: { created: true, changed: true, changedKeys: ['A'], keys: ['A'] } });
      assert.equal(await fsp.readFile(file, 'utf8'), 'A=ok\n');
    });
  });

  it('names only the keys whose values changed, and leaves a file that already holds them all unwritten (same bytes, same mtime)', async () => {
    await fsp.writeFile(file, "# db\nDATABASE_URL='postgresql://a@h/db'\nPGUSER=a\n");
    const old = new Date('2020-01-02T03:04:05Z');
    await fsp.utimes(file, old, old);
    assert.deepEqual(await writeEnvFile(file, { DATABASE_URL: 'postgresql://a@h/db', PGUSER: 'a' }), { created: false, keys: ['DATABASE_URL', 'PGUSER'], changed: false, changedKeys: [] });
    assert.equal(await fsp.readFile(file, 'utf8'), "# db\nDATABASE_URL='postgresql://a@h/db'\nPGUSER=a\n");
    assert.equal((await fsp.stat(file)).mtimeMs, old.getTime());
    const r = await writeEnvFile(file, { DATABASE_URL: 'postgresql://a@h/db', PGUSER: 'b' });
    assert.deepEqual(r.changedKeys, ['PGUSER']);
    assert.equal(r.changed, true);
  });

  it('tells its listeners of each write that succeeded (also one that changed nothing), never of a refused one', async () => {
    const told: { file: string; keys: string[] }[] = [];
    const sub = onEnvWritten((e) => told.push({ file: e.file, keys: Object.keys(e.updates) }));
    try {
      await writeEnvFile(file, { DATABASE_URL: 'postgresql://a@h/db' });
      await writeEnvFile(file, { DATABASE_URL: 'postgresql://a@h/db' });
      await assert.rejects(writeEnvFile(file, { 'BAD KEY': 'x' }));
    } finally {
      sub.dispose();
    }
    await writeEnvFile(file, { OTHER: '1' });
    assert.deepStrictEqual(told, [{ file, keys: ['DATABASE_URL'] }, { file, keys: ['DATABASE_URL'] }]);
  });

  it('a folder in the way is refused (real EISDIR)', async () => {
    await fsp.mkdir(file);
    const e = await rejectsWith(writeEnvFile(file, { A: SECRET }), 'is-directory');
    assert.match(e.message, /folder/);
  });

  it('a missing folder is reported', async () => {
    await rejectsWith(writeEnvFile(path.join(dir, 'nope', '.env'), { A: SECRET }), 'missing-folder');
  });

  it('a binary file (NUL bytes) is refused and untouched', async () => {
    await fsp.writeFile(file, Buffer.from([65, 61, 49, 0, 10]));
    await rejectsWith(writeEnvFile(file, { A: SECRET }), 'binary');
    assert.deepEqual(await fsp.readFile(file), Buffer.from([65, 61, 49, 0, 10]));
  });

  it('a file over 1 MiB is refused', async () => {
    await fsp.writeFile(file, '#'.repeat(1024 * 1024) + '\n');
    await rejectsWith(writeEnvFile(file, { A: SECRET }), 'too-large');
  });

  it('a non-UTF-8 file is refused rather than re-encoded', async () => {
    await fsp.writeFile(file, Buffer.from('A=caf\xe9\n', 'latin1'));
    await rejectsWith(writeEnvFile(file, { B: SECRET }), 'not-utf8');
  });

  it('an invalid key or an unrepresentable value is refused before anything is written', async () => {
    await fsp.writeFile(file, 'A=1\n');
    await rejectsWith(writeEnvFile(file, { '1BAD': SECRET }), 'invalid');
    const e = await rejectsWith(writeEnvFile(file, { TOKEN: `${SECRET}'"\`#` }), 'invalid');
    assert.match(e.message, /TOKEN/);
    assert.equal(await fsp.readFile(file, 'utf8'), 'A=1\n');
  });

  describe('symbolic links', () => {
    let outside: string;
    beforeEach(() => (outside = mkdtempSync(path.join(os.tmpdir(), 'neon-env-out-'))));
    afterEach(() => rmSync(outside, { recursive: true, force: true }));

    it('a link leading outside the workspace is refused; the outside file is untouched', async () => {
      await fsp.writeFile(path.join(outside, 'real.env'), 'A=1\n');
      await fsp.symlink(path.join(outside, 'real.env'), file);
      const e = await rejectsWith(writeEnvFile(file, { A: SECRET }, { workspaceRoot: dir }), 'symlink-outside');
      assert.match(e.message, /outside the workspace/);
      assert.equal(await fsp.readFile(path.join(outside, 'real.env'), 'utf8'), 'A=1\n');
    });

    it('a linked folder leading outside the workspace is refused too', async () => {
      await fsp.symlink(outside, path.join(dir, 'linked'));
      await rejectsWith(writeEnvFile(path.join(dir, 'linked', '.env'), { A: SECRET }, { workspaceRoot: dir }), 'symlink-outside');
      assert.deepEqual(await fsp.readdir(outside), []);
    });

    it('a link inside the workspace is followed and stays a link', async () => {
      await fsp.mkdir(path.join(dir, 'config'));
      await fsp.writeFile(path.join(dir, 'config', 'shared.env'), 'A=1\n', { mode: 0o644 });
      await fsp.symlink(path.join('config', 'shared.env'), file); // relative link
      await writeEnvFile(file, { B: '2' }, { workspaceRoot: dir });
      assert.ok((await fsp.lstat(file)).isSymbolicLink());
      assert.equal(await fsp.readFile(path.join(dir, 'config', 'shared.env'), 'utf8'), 'A=1\nB=2\n');
      assert.equal((await fsp.stat(file)).mode & 0o777, 0o644);
    });

    it('a dangling link inside the workspace creates its target', async () => {
      await fsp.symlink('target.env', file);
      assert.equal((await writeEnvFile(file, { A: '1' }, { workspaceRoot: dir })).created, true);
      assert.equal(await fsp.readFile(path.join(dir, 'target.env'), 'utf8'), 'A=1\n');
      assert.ok((await fsp.lstat(file)).isSymbolicLink());
    });

    it('a link loop is reported', async () => {
      await fsp.symlink('b', path.join(dir, 'a'));
      await fsp.symlink('a', path.join(dir, 'b'));
      await rejectsWith(writeEnvFile(path.join(dir, 'a'), { A: SECRET }), 'symlink-loop');
    });
  });
});

describe('env/write: removeFromEnvFile', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'neon-env-rm-'));
    file = path.join(dir, '.env');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('removes the named lines, keeps the rest byte for byte and the mode', async () => {
    await fsp.writeFile(file, `# mine\nDATABASE_URL_REPORT_READER=${SECRET}\nPORT=3000\nDATABASE_URL_REPORT_READER_UNPOOLED=${SECRET}\n`);
    await fsp.chmod(file, 0o640);
    assert.deepEqual(await removeFromEnvFile(file, ['DATABASE_URL_REPORT_READER', 'DATABASE_URL_REPORT_READER_UNPOOLED']), { keys: ['DATABASE_URL_REPORT_READER', 'DATABASE_URL_REPORT_READER_UNPOOLED'], changed: true });
    assert.equal(await fsp.readFile(file, 'utf8'), '# mine\nPORT=3000\n');
    assert.equal((await fsp.stat(file)).mode & 0o777, 0o640);
  });

  it('an interrupted removal (the rename fails) leaves the old file and no temp file (injected EIO)', async () => {
    const before = `A=${SECRET}\nB=2\n`;
    await fsp.writeFile(file, before);
    await rejectsWith(removeFromEnvFile(file, ['A'], { fs: { rename: async () => Promise.reject(errno('EIO')) } }), 'io');
    assert.equal(await fsp.readFile(file, 'utf8'), before);
    assert.deepEqual((await fsp.readdir(dir)).filter((n) => n.endsWith('.tmp')), []);
  });

  it('a missing file stays missing', async () => {
    assert.deepEqual(await removeFromEnvFile(file, ['A']), { keys: ['A'], changed: false });
    await assert.rejects(fsp.stat(file));
  });
});
