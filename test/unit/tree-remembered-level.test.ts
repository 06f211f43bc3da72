// The record of an account's first level kept between launches (src/tree/rememberedLevel.ts):
// what it keeps, when it is ignored, when it is written, on a real folder.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { forgetLevel, levelDir, levelRecord, recallLevel, rememberLevel } from '../../src/tree/rememberedLevel';

const owner = { id: '42502fda-74ab-42a3-ac27-8418dc9b8848', baseUrl: 'https://console.neon.tech/api/v2', keyId: 'abc123def456' };
const acme = { id: 'org-acme', name: 'Acme Inc', handle: 'acme', plan: 'business', created_at: '2026-01-01T00:00:00Z', extra: { billing: 'x' } };

describe('remembered account level', () => {
  let dir = '';
  const file = () => path.join(dir, `${owner.id}.json`);
  beforeEach(() => {
    dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'neon-level-')), 'levels');
  });
  afterEach(() => fs.rmSync(path.dirname(dir), { recursive: true, force: true }));

  it('keeps the ids, names and plan of the organizations and whether there are personal projects, nothing else, in one file per account', async () => {
    await rememberLevel(dir, owner, levelRecord(owner, [acme], true));
    assert.deepStrictEqual(await recallLevel(dir, owner), { v: 1, baseUrl: owner.baseUrl, keyId: owner.keyId, orgs: [{ id: 'org-acme', name: 'Acme Inc', handle: 'acme', plan: 'business' }], personal: true });
    assert.deepStrictEqual(fs.readdirSync(dir), [`${owner.id}.json`], 'no temporary file left');
    assert.ok(!fs.readFileSync(file(), 'utf8').includes('billing'));
  });

  it('is ignored for another key or another API, and when the file does not read', async () => {
    await rememberLevel(dir, owner, levelRecord(owner, [acme], false));
    assert.strictEqual(await recallLevel(dir, { ...owner, keyId: 'ffffffffffff' }), undefined);
    assert.strictEqual(await recallLevel(dir, { ...owner, baseUrl: 'http://127.0.0.1:1/api/v2' }), undefined);
    assert.strictEqual(await recallLevel(dir, { ...owner, id: 'another-account' }), undefined);
    assert.strictEqual(await recallLevel(dir, { ...owner, id: '../../etc/passwd' }), undefined, 'not an id: not a file name');
    fs.writeFileSync(file(), '{"v":1,"orgs":"nope"');
    assert.strictEqual(await recallLevel(dir, owner), undefined);
    fs.writeFileSync(file(), JSON.stringify({ v: 2, baseUrl: owner.baseUrl, keyId: owner.keyId, orgs: [], personal: false }));
    assert.strictEqual(await recallLevel(dir, owner), undefined);
    assert.strictEqual(await recallLevel(undefined, owner), undefined, 'no folder on disk: nothing remembered');
  });

  it('is written only when the level changed, and forgotten when asked or when too large to keep', async () => {
    await rememberLevel(dir, owner, levelRecord(owner, [acme], false));
    const written = fs.statSync(file()).mtimeMs;
    fs.utimesSync(file(), new Date(0), new Date(0));
    await rememberLevel(dir, owner, levelRecord(owner, [{ ...acme, updated_at: '2026-12-01T00:00:00Z' }], false));
    assert.strictEqual(fs.statSync(file()).mtimeMs, 0, 'the same level again (a field not kept changed) is not written');
    assert.ok(written > 0);
    await rememberLevel(dir, owner, levelRecord(owner, [{ ...acme, name: 'Acme Corp' }], false));
    assert.strictEqual((await recallLevel(dir, owner))?.orgs[0]?.name, 'Acme Corp');
    const many = Array.from({ length: 201 }, (_, i) => ({ id: `org-${i}`, name: `Org ${i}` }));
    await rememberLevel(dir, owner, levelRecord(owner, many, false));
    assert.strictEqual(await recallLevel(dir, owner), undefined, 'over 200 organizations: not kept');
    await rememberLevel(dir, owner, levelRecord(owner, [acme], true));
    await forgetLevel(dir, owner.id);
    assert.deepStrictEqual(fs.readdirSync(dir), []);
  });

  it('lives in the global storage folder only when that is on disk', () => {
    assert.strictEqual(levelDir({ scheme: 'file', fsPath: '/home/u/.config/Code/User/globalStorage/x' }), path.join('/home/u/.config/Code/User/globalStorage/x', 'levels'));
    assert.strictEqual(levelDir({ scheme: 'vscode-userdata', fsPath: '/x' }), undefined);
    assert.strictEqual(levelDir(undefined), undefined);
  });
});
