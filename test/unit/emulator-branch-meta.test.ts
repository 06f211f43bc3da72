// Branch expiration, annotations and search in the emulator, held to the OpenAPI document
// (responses validated) and the branch-expiration rules.
import assert from 'node:assert/strict';
import { startEmulator, type Emulator } from '../../emulator/index';
import { API, call, control } from './emulator-helpers';

describe('emulator: branch expires_at, annotations, search', () => {
  let em: Emulator;
  before(async () => {
    em = await startEmulator({ operationMs: 0, validateResponses: true });
  });
  after(async () => {
    await em.close();
    assert.deepEqual(em.server.log.violations, [], 'every response matched the OpenAPI document');
  });
  beforeEach(() => control(em, 'POST', '/reset', { config: true }));

  const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const branches = async () => (await call(em, 'GET', `/projects/${API}/branches`)).body.branches as any[];
  const byName = async (n: string) => (await branches()).find((b) => b.name === n);
  const create = (branch: Record<string, unknown>, extra: Record<string, unknown> = {}) => call(em, 'POST', `/projects/${API}/branches`, { body: { branch, ...extra } });

  it('create with expires_at: returned by create, GET and list, with ttl_interval_seconds', async () => {
    const at = inDays(7);
    const r = await create({ name: 'feature/login', expires_at: at });
    assert.equal(r.status, 201);
    assert.equal(r.body.branch.expires_at, at);
    assert.ok(Math.abs(r.body.branch.ttl_interval_seconds - 7 * 86400) < 5);
    const g = await call(em, 'GET', `/projects/${API}/branches/${r.body.branch.id}`);
    assert.equal(g.body.branch.expires_at, at);
    assert.equal((await byName('feature/login')).expires_at, at);
  });

  it('refuses an expires_at in the past, beyond 30 days, without a time zone, or not a string — nothing is created', async () => {
    for (const bad of [inDays(-1), inDays(31), '2030-01-01T00:00:00', 12345, 'tomorrow']) {
      const r = await create({ name: 'x', expires_at: bad });
      assert.equal(r.status, 400, String(bad));
      assert.match(r.body.message, /expires_at/);
    }
    assert.equal(await byName('x'), undefined);
    assert.equal((await create({ name: 'p', protected: true, expires_at: inDays(1) })).status, 400);
  });

  it('PATCH sets, changes and (with null) clears expires_at', async () => {
    const id = (await create({ name: 'temp' })).body.branch.id;
    const path = `/projects/${API}/branches/${id}`;
    const at = inDays(3);
    assert.equal((await call(em, 'PATCH', path, { body: { branch: { expires_at: at } } })).body.branch.expires_at, at);
    const cleared = await call(em, 'PATCH', path, { body: { branch: { expires_at: null } } });
    assert.equal(cleared.status, 200);
    assert.equal(cleared.body.branch.expires_at, undefined);
    assert.equal((await call(em, 'GET', path)).body.branch.expires_at, undefined);
  });

  it('PATCH refuses expires_at on the default, a protected or a parent branch, and leaves the branch unchanged', async () => {
    const main = await byName('main');
    const staging = await byName('staging');
    const dev = await byName('dev');
    await create({ name: 'child', parent_id: dev.id });
    for (const b of [main, staging, dev]) {
      const r = await call(em, 'PATCH', `/projects/${API}/branches/${b.id}`, { body: { branch: { name: `${b.name}-renamed`, expires_at: inDays(2) } } });
      assert.equal(r.status, 400, b.name);
      const now = (await call(em, 'GET', `/projects/${API}/branches/${b.id}`)).body.branch;
      assert.deepEqual([now.name, now.expires_at], [b.name, undefined], 'a refused PATCH changes nothing');
    }
  });

  it('an expiring branch cannot have children, be made default or be protected', async () => {
    const id = (await create({ name: 'ttl', expires_at: inDays(1) })).body.branch.id;
    assert.equal((await create({ name: 'kid', parent_id: id })).status, 400);
    assert.equal((await call(em, 'POST', `/projects/${API}/branches/${id}/set_as_default`)).status, 400);
    assert.equal((await call(em, 'PATCH', `/projects/${API}/branches/${id}`, { body: { branch: { protected: true } } })).status, 400);
    const ok = await call(em, 'PATCH', `/projects/${API}/branches/${id}`, { body: { branch: { protected: true, expires_at: null } } });
    assert.equal(ok.status, 200, 'clearing the expiration in the same request allows protecting it');
  });

  it('annotation_value on create: returned by GET (annotation) and list (annotations by id); at most 50 string properties', async () => {
    const value = { 'git-branch': 'feature/login', 'git-repository': '/work/app' };
    const id = (await create({ name: 'annotated' }, { annotation_value: value })).body.branch.id;
    const g = await call(em, 'GET', `/projects/${API}/branches/${id}`);
    assert.deepEqual(g.body.annotation.value, value);
    assert.deepEqual(g.body.annotation.object, { type: 'console/branch', id });
    const l = await call(em, 'GET', `/projects/${API}/branches`);
    assert.deepEqual(Object.keys(l.body.annotations), [id], 'only annotated branches are in the map');
    assert.deepEqual(l.body.annotations[id].value, value);
    const main = await byName('main');
    assert.deepEqual((await call(em, 'GET', `/projects/${API}/branches/${main.id}`)).body.annotation.value, {});

    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
    assert.equal((await create({ name: 'too-many' }, { annotation_value: many })).status, 400);
    assert.equal((await create({ name: 'not-string' }, { annotation_value: { a: 1 } })).status, 400);
    assert.equal(await byName('too-many'), undefined);
  });

  it('list search is a partial, case-insensitive match on name or id; count agrees', async () => {
    await create({ name: 'feature/Login' });
    await create({ name: 'feature/logout' });
    const names = async (q: string) => (await call(em, 'GET', `/projects/${API}/branches?search=${encodeURIComponent(q)}`)).body.branches.map((b: any) => b.name).sort();
    assert.deepEqual(await names('feature/log'), ['feature/Login', 'feature/logout']);
    assert.deepEqual(await names('LOGIN'), ['feature/Login']);
    const dev = await byName('dev');
    assert.deepEqual(await names(dev.id), ['dev']);
    assert.equal((await call(em, 'GET', `/projects/${API}/branches/count?search=feature`)).body.count, 2);
  });

  it('a reset from the parent (restore) restarts the countdown with the original interval and sets last_reset_at', async () => {
    const dev = await byName('dev');
    const created = await create({ name: 'ttl-reset', parent_id: dev.id, expires_at: inDays(2) }, {});
    const id = created.body.branch.id;
    const b = em.state.detail(em.state.projects.get(API)!).branches.get(id)!;
    b.expiresAt = inDays(1); // as if a day had passed
    const r = await call(em, 'POST', `/projects/${API}/branches/${id}/restore`, { body: { source_branch_id: dev.id } });
    assert.equal(r.status, 200);
    assert.ok(Math.abs(Date.parse(r.body.branch.expires_at) - Date.parse(inDays(2))) < 5000, 'two days again');
    assert.ok(r.body.branch.last_reset_at);
    const main = await byName('main');
    const other = await call(em, 'POST', `/projects/${API}/branches/${id}/restore`, { body: { source_branch_id: main.id } });
    assert.equal(other.status, 200, 'a restore from another branch is allowed');
  });
});
