// The on-disk half of the suite-wide secrets check (test/launcher/secrets-scan.js), on real files.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { newCanary, scanForCanary, CHOSEN_LIST } = require('../../test/launcher/secrets-scan.js') as {
  newCanary(): string;
  scanForCanary(dirs: { root: string }, canary: string): { files: number; bytes: number; hits: { file: string; count: number }[]; allowed: { file: string; count: number }[] };
  CHOSEN_LIST: string;
};

describe('secrets scan (launcher)', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'scan-test-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const write = (rel: string, data: string | Buffer) => {
    const f = path.join(root, rel);
    fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, data);
    return f;
  };

  it('canaries are fresh, lowercase alphanumerics that fit in a token', () => {
    const a = newCanary();
    const b = newCanary();
    assert.match(a, /^cnry[a-z0-9]{10}$/);
    assert.notStrictEqual(a, b);
  });

  it('finds the canary in nested files (UTF-8 and UTF-16LE), counts each occurrence, and allows only chosen files', () => {
    const canary = newCanary();
    write('user-data/logs/1/exthost1/x/Neon Explorer.log', `line\nkey=napi_${canary}abc and again ${canary}\n`);
    write('user-data/User/state.vscdb', Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from(`npg_${canary}X`, 'utf16le')]));
    const chosen = write('workspace/.env', `PGPASSWORD=npg_${canary}Y\n`);
    write('workspace/other.env', 'nothing here\n');
    write(CHOSEN_LIST, `${chosen}\n`);
    const r = scanForCanary({ root }, canary);
    assert.strictEqual(r.files, 4); // the allow-list itself is not searched
    assert.deepStrictEqual(
      r.hits.sort((x, y) => x.file.localeCompare(y.file)),
      [
        { file: path.join('user-data', 'logs', '1', 'exthost1', 'x', 'Neon Explorer.log'), count: 2 },
        { file: path.join('user-data', 'User', 'state.vscdb'), count: 1 },
      ],
    );
    assert.deepStrictEqual(r.allowed, [{ file: path.join('workspace', '.env'), count: 1 }]);
  });

  it('a chosen file elsewhere does not excuse the same name in another folder', () => {
    const canary = newCanary();
    const chosen = write('workspace/a/.env', canary);
    write('workspace/b/.env', canary);
    write(CHOSEN_LIST, `${chosen}\n`);
    const r = scanForCanary({ root }, canary);
    assert.deepStrictEqual(r.hits.map((h) => h.file), [path.join('workspace', 'b', '.env')]);
  });
});
