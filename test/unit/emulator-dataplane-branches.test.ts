// Branches on the data plane: a child holds the parent's data and roles (with their passwords) as
// of its creation, then the two diverge; deleting drops the data; restore resets it.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { Emulator } from '../../emulator/index';
import { call } from './emulator-helpers';
import { connectionUri, needPostgres, newBranch, newProject, noViolations, refused, sql, startWithPostgres, type NewProject } from './emulator-dataplane-helpers';

describe('emulator data plane: branches', function () {
  this.timeout(60000);
  let em: Emulator;
  let p: NewProject;
  const rows = async (uri: string) => (await sql<{ v: string }>(uri, 'SELECT v FROM notes ORDER BY v')).map((r) => r.v);

  before(async function () {
    needPostgres(this);
    em = await startWithPostgres();
    p = await newProject(em);
    await sql(p.uri, 'CREATE TABLE notes (v text)');
    await sql(p.uri, "INSERT INTO notes VALUES ('before')");
  });
  after(async () => {
    await em?.close();
  });

  const uriFor = (branchId: string, role = 'neondb_owner') => connectionUri(em, p.id, { branch_id: branchId, role_name: role, database_name: 'neondb' });

  it('a child holds the parent\'s rows and roles with their passwords, then writes diverge both ways', async () => {
    const app = await call(em, 'POST', `/projects/${p.id}/branches/${p.branchId}/roles`, { body: { role: { name: 'app' } } });
    const parentApp = await uriFor(p.branchId, 'app');
    const child = await newBranch(em, p.id, { name: 'feature' });
    const childUri = await uriFor(child.id);
    const childApp = await uriFor(child.id, 'app');
    assert.equal(new URL(childApp).password, new URL(parentApp).password, 'same password on both branches');
    assert.deepEqual(await rows(childUri), ['before']);
    assert.deepEqual(await sql(childApp, 'SELECT current_user AS u'), [{ u: 'app' }], 'the parent\'s role logs in with the parent\'s password');
    assert.ok(app.body.role.password);

    await sql(p.uri, "INSERT INTO notes VALUES ('parent-after')");
    await sql(childUri, "INSERT INTO notes VALUES ('child-after')");
    assert.deepEqual(await rows(p.uri), ['before', 'parent-after']);
    assert.deepEqual(await rows(childUri), ['before', 'child-after']);

    // A password reset on the parent does not reach the child's role.
    await call(em, 'POST', `/projects/${p.id}/branches/${p.branchId}/roles/app/reset_password`);
    assert.equal(await refused(parentApp), '28P01');
    assert.deepEqual(await sql(childApp, 'SELECT 1 AS one'), [{ one: 1 }]);
    // Roles made on the child after branching exist only there.
    await call(em, 'POST', `/projects/${p.id}/branches/${child.id}/roles`, { body: { role: { name: 'child_only' } } });
    const childOnly = await uriFor(child.id, 'child_only');
    assert.deepEqual(await sql(childOnly, 'SELECT current_user AS u'), [{ u: 'child_only' }]);
    assert.equal(await refused(childOnly.replace(/endpoint%3D[a-z0-9-]+/, `endpoint%3D${p.endpointId}`)), '28P01');
  });

  it('a grandchild copies the data of a parent branch that never ran', async () => {
    const mid = await newBranch(em, p.id, { name: 'mid', parent_id: p.branchId });
    const leaf = await newBranch(em, p.id, { name: 'leaf', parent_id: mid.id });
    assert.deepEqual(await rows(await uriFor(leaf.id)), ['before', 'parent-after']);
  });

  it('a child cut at a point in time before a role existed has no such role: it cannot log in there', async () => {
    // Half a second back, and still after the parent branch was made (a fast run reached this test
    // less than 500 ms after the project's create, and Neon refuses a point before the branch).
    await new Promise((r) => setTimeout(r, 600));
    const cut = new Date(Date.now() - 500).toISOString();
    await new Promise((r) => setTimeout(r, 1100)); // role timestamps have whole seconds
    await call(em, 'POST', `/projects/${p.id}/branches/${p.branchId}/roles`, { body: { role: { name: 'later' } } });
    const later = await uriFor(p.branchId, 'later');
    assert.deepEqual(await sql(later, 'SELECT current_user AS u'), [{ u: 'later' }]);
    const child = await newBranch(em, p.id, { name: 'past', parent_timestamp: cut });
    // A branch of that child, taken before the child ever ran, lacks the role too.
    const grandchild = await newBranch(em, p.id, { name: 'past-child', parent_id: child.id });
    assert.equal(await refused(later.replace(/endpoint%3D[a-z0-9-]+/, `endpoint%3D${grandchild.endpointId}`)), '28P01');
    assert.equal((await call(em, 'GET', `/projects/${p.id}/branches/${child.id}/roles/later`)).status, 404);
    assert.equal(await refused(later.replace(/endpoint%3D[a-z0-9-]+/, `endpoint%3D${child.endpointId}`)), '28P01');
    assert.deepEqual(await sql(await uriFor(child.id), 'SELECT count(*)::int AS n FROM pg_roles WHERE rolname = \'later\''), [{ n: 0 }]);
  });

  it('deleting a branch drops its data: its cluster directory is gone and its endpoint refuses connections', async () => {
    const doomed = await newBranch(em, p.id, { name: 'doomed' });
    const uri = await uriFor(doomed.id);
    await sql(uri, "INSERT INTO notes VALUES ('doomed')");
    const dir = em.postgres!.dataPlane.clusterOf(doomed.id)!.dir;
    assert.ok(existsSync(dir));
    assert.equal((await call(em, 'DELETE', `/projects/${p.id}/branches/${doomed.id}`)).status, 200);
    assert.equal(existsSync(dir), false);
    assert.equal(await refused(uri), 'XX000');
    assert.deepEqual(await rows(p.uri), ['before', 'parent-after'], 'the parent is untouched');
  });

  it('restore from the parent resets the branch\'s data and roles to the parent\'s current state', async () => {
    const b = await newBranch(em, p.id, { name: 'to-reset' });
    const uri = await uriFor(b.id);
    await sql(uri, "INSERT INTO notes VALUES ('mine')");
    await call(em, 'POST', `/projects/${p.id}/branches/${b.id}/roles`, { body: { role: { name: 'temp_role' } } });
    const temp = await uriFor(b.id, 'temp_role');
    await sql(p.uri, "INSERT INTO notes VALUES ('parent-later')");

    const r = await call(em, 'POST', `/projects/${p.id}/branches/${b.id}/restore`, { body: { source_branch_id: p.branchId } });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.branch.id, b.id);
    assert.deepEqual(await rows(uri), ['before', 'parent-after', 'parent-later']);
    assert.equal(await refused(temp), '28P01', 'a role made on the branch is gone with its data');
    assert.equal((await call(em, 'GET', `/projects/${p.id}/branches/${b.id}/roles/temp_role`)).status, 404);
    await sql(uri, "INSERT INTO notes VALUES ('after-reset')");
    assert.deepEqual(await rows(p.uri), ['before', 'parent-after', 'parent-later']);
  });

  it('restore with preserve_under_name keeps the previous state as a new branch', async () => {
    const b = await newBranch(em, p.id, { name: 'keep-me' });
    const uri = await uriFor(b.id);
    await sql(uri, "INSERT INTO notes VALUES ('old-state')");
    const r = await call(em, 'POST', `/projects/${p.id}/branches/${b.id}/restore`, { body: { source_branch_id: p.branchId, preserve_under_name: 'keep-me-old' } });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.ok(!(await rows(uri)).includes('old-state'));
    const kept = (await call(em, 'GET', `/projects/${p.id}/branches?search=keep-me-old`)).body.branches[0];
    assert.equal(kept.name, 'keep-me-old');
    assert.ok(em.postgres!.dataPlane.clusterOf(kept.id), 'the previous data lives on under the preserved branch');
  });

  it('restore refuses what the document forbids, and changes nothing', async () => {
    const b = await newBranch(em, p.id, { name: 'strict' });
    const child = await newBranch(em, p.id, { name: 'strict-child', parent_id: b.id });
    const uri = await uriFor(b.id);
    await sql(uri, "INSERT INTO notes VALUES ('strict')");
    const path = `/projects/${p.id}/branches/${b.id}/restore`;
    const cases: [unknown, number][] = [
      [{}, 400],
      [{ source_branch_id: b.id }, 400],
      [{ source_branch_id: p.branchId }, 400], // has children: preserve_under_name required
      [{ source_branch_id: p.branchId, source_lsn: '0/1', source_timestamp: new Date().toISOString() }, 400],
      [{ source_branch_id: 'br-nowhere-12345678', preserve_under_name: 'x' }, 404],
      [{ source_branch_id: p.branchId, preserve_under_name: 'main' }, 409],
    ];
    for (const [body, status] of cases) assert.equal((await call(em, 'POST', path, { body })).status, status, JSON.stringify(body));
    assert.deepEqual((await rows(uri)).includes('strict'), true);
    assert.ok(child.id);
  });

  it('every response above matched the OpenAPI document', () => {
    noViolations(em);
  });
  it('GET schema is pg_dump --schema-only of the branch\'s database: a table made on a child shows there, not on its parent', async () => {
    const child = await newBranch(em, p.id, { name: 'schema-child' });
    await sql(await uriFor(child.id), 'CREATE TABLE todo (id serial PRIMARY KEY, title text NOT NULL)');
    const schema = async (branchId: string, q = 'db_name=neondb') => call(em, 'GET', `/projects/${p.id}/branches/${branchId}/schema?${q}`);
    const [mine, parent] = await Promise.all([schema(child.id), schema(p.branchId)]);
    assert.equal(mine.status, 200);
    assert.match(mine.body.sql, /PostgreSQL database dump/);
    assert.match(mine.body.sql, /CREATE TABLE public\.todo \(/);
    assert.match(mine.body.sql, /CREATE TABLE public\.notes \(/, 'the parent\'s table came with the copy');
    assert.match(parent.body.sql, /CREATE TABLE public\.notes \(/);
    assert.doesNotMatch(parent.body.sql, /todo/);
    assert.equal((await schema(child.id, 'db_name=nope')).status, 404);
    assert.equal((await schema(child.id, '')).status, 400);
    noViolations(em);
  });
});
