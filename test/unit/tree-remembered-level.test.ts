// The record of an account's first level kept between launches (src/tree/rememberedLevel.ts):
// what it keeps, when it is ignored, when it is written, on a real folder.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Project } from '../../src/api';
import { forgetLevel, levelDir, levelRecord, projectsRecord, recallLevel, recallOrgProjects, rememberLevel, rememberOrgProjects } from '../../src/tree/rememberedLevel';

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

  describe("an organization's projects", () => {
    const project = (i: number): Project =>
      ({ id: `quiet-pond-${String(i).padStart(8, '0')}`, name: `app-${i}`, region_id: 'aws-us-east-2', pg_version: 17, platform_id: 'aws', org_id: 'org-acme', created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-02T00:00:00Z', proxy_host: 'us-east-2.aws.neon.tech', branch_logical_size_limit: 0, provisioner: 'k8s-neonvm', store_passwords: true, creation_source: 'console', history_retention_seconds: 86400, owner_id: 'u-1', active_time: 0, cpu_used_sec: 0 }) as unknown as Project;
    const orgFile = () => path.join(dir, `${owner.id}.org-acme.json`);

    it('keeps the list and the role in a file per organization, for the same key and API only', async () => {
      await rememberOrgProjects(dir, owner, 'org-acme', projectsRecord(owner, [project(1), project(2)], 'admin'));
      const r = await recallOrgProjects(dir, owner, 'org-acme');
      assert.deepStrictEqual(r?.projects.map((p) => p.name), ['app-1', 'app-2']);
      assert.strictEqual(r?.role, 'admin');
      assert.ok(fs.existsSync(orgFile()));
      assert.strictEqual(await recallOrgProjects(dir, { ...owner, keyId: 'ffffffffffff' }, 'org-acme'), undefined);
      assert.strictEqual(await recallOrgProjects(dir, owner, 'org-other'), undefined);
      assert.strictEqual(await recallOrgProjects(dir, owner, '../x'), undefined, 'not an id: not a file name');
    });
    it('writes asked for together land in the order they were asked: the last list is the one kept, and every write succeeds', async () => {
      const lists = Array.from({ length: 12 }, (_, i) => [{ ...acme, name: `Acme ${i}` }]);
      const orgLists = Array.from({ length: 12 }, (_, i) => [project(i)]);
      await Promise.all([
        ...lists.map((orgs) => rememberLevel(dir, owner, levelRecord(owner, orgs, false))),
        ...orgLists.map((projects) => rememberOrgProjects(dir, owner, 'org-acme', projectsRecord(owner, projects, 'admin'))),
      ]);
      assert.deepStrictEqual((await recallLevel(dir, owner))?.orgs.map((o) => o.name), ['Acme 11']);
      assert.deepStrictEqual((await recallOrgProjects(dir, owner, 'org-acme'))?.projects.map((p) => p.name), ['app-11']);
      assert.deepStrictEqual(fs.readdirSync(dir).sort(), [`${owner.id}.json`, `${owner.id}.org-acme.json`], 'no temporary file left');
    });


    it('is ignored when a project does not read as one, and not kept past 200 projects', async () => {
      await rememberOrgProjects(dir, owner, 'org-acme', projectsRecord(owner, [project(1)], undefined));
      const saved = JSON.parse(fs.readFileSync(orgFile(), 'utf8')) as { projects: Record<string, unknown>[] };
      saved.projects[0]!.name = 42;
      fs.writeFileSync(orgFile(), JSON.stringify(saved));
      assert.strictEqual(await recallOrgProjects(dir, owner, 'org-acme'), undefined);
      assert.strictEqual(projectsRecord(owner, Array.from({ length: 201 }, (_, i) => project(i)), undefined), undefined);
      await rememberOrgProjects(dir, owner, 'org-acme', undefined);
      assert.ok(!fs.existsSync(orgFile()), 'a list not to keep forgets the old one');
    });

    it('goes with the account: forgetting the account forgets its organizations, not another account\'s', async () => {
      const other = { ...owner, id: '0d7c5d7e-7a55-4d52-9d2d-1c1e8d0d2a11' };
      await rememberLevel(dir, owner, levelRecord(owner, [acme], false));
      await rememberOrgProjects(dir, owner, 'org-acme', projectsRecord(owner, [project(1)], undefined));
      await rememberOrgProjects(dir, other, 'org-acme', projectsRecord(other, [project(1)], undefined));
      await forgetLevel(dir, owner.id);
      assert.deepStrictEqual(fs.readdirSync(dir), [`${other.id}.org-acme.json`]);
    });

    it('a forget asked for while writes are under way comes after them (a removed account leaves no file), and a write asked after it lands', async () => {
      const writes = [1, 2, 3].map((i) => rememberOrgProjects(dir, owner, 'org-acme', projectsRecord(owner, [project(i)], 'admin')));
      const level = rememberLevel(dir, owner, levelRecord(owner, [acme], false));
      await Promise.all([...writes, level, forgetLevel(dir, owner.id)]);
      assert.deepStrictEqual(fs.existsSync(dir) ? fs.readdirSync(dir) : [], [], 'nothing of the account is left');
      await Promise.all([forgetLevel(dir, owner.id), rememberLevel(dir, owner, levelRecord(owner, [acme], true))]);
      assert.strictEqual((await recallLevel(dir, owner))?.personal, true, 'the write asked after the forget is kept');
    });
  });
});
