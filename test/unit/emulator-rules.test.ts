// The Neon rules the emulator enforces: auth, admins, org keys, names, transfers, locks, paging,
// rate limits and faults.
import assert from 'node:assert/strict';
import { startEmulator, type Emulator } from '../../emulator/index';
import { ACME, API, DATA, SIDE, WEB, call, control, dailyBuckets, range, waitOps } from './emulator-helpers';

describe('emulator rules', () => {
  let em: Emulator;
  before(async () => {
    em = await startEmulator({ operationMs: 0 });
  });
  after(() => em.close());
  beforeEach(async () => {
    await control(em, 'POST', '/reset', { config: true });
  });

  const mint = (b: Record<string, unknown>) => control<{ token: string; id: number }>(em, 'POST', '/keys', b);
  const memberId = async (org: string, email: string) => {
    const r = await call(em, 'GET', `/organizations/${org}/members`);
    return r.body.members.find((m: any) => m.user.email === email).member.id as string;
  };

  describe('auth and request ids', () => {
    it('answers 401 for a missing, unknown or revoked key', async () => {
      assert.equal((await call(em, 'GET', '/auth', { key: null })).status, 401);
      assert.equal((await call(em, 'GET', '/auth', { key: 'napi_nope' })).status, 401);
      const { token } = await mint({ kind: 'personal' });
      assert.equal((await call(em, 'GET', '/auth', { key: token })).status, 200);
      await control(em, 'POST', '/revoke', { token });
      const r = await call(em, 'GET', '/auth', { key: token });
      assert.equal(r.status, 401);
      assert.equal(r.body.code, '');
      assert.match(r.body.message, /revoked/);
    });

    it('echoes X-Request-ID in the header and error body, and generates one when absent', async () => {
      const r = await call(em, 'GET', '/projects/nope-nope-1', { headers: { 'X-Request-ID': 'req-123' } });
      assert.equal(r.status, 404);
      assert.equal(r.headers.get('x-request-id'), 'req-123');
      assert.equal(r.body.request_id, 'req-123');
      const g = await call(em, 'GET', '/projects/nope-nope-1');
      assert.ok(g.headers.get('x-request-id'));
      assert.equal(g.body.request_id, g.headers.get('x-request-id'));
    });

    it('tells personal from org keys on GET /auth', async () => {
      const { token } = await mint({ kind: 'org', orgId: ACME });
      assert.equal((await call(em, 'GET', '/auth')).body.auth_method, 'api_key_user');
      assert.equal((await call(em, 'GET', '/auth', { key: token })).body.auth_method, 'api_key_org');
    });
  });

  describe('org_id and projects', () => {
    it('needs org_id for a personal key without a personal space', async () => {
      const r = await call(em, 'GET', '/projects');
      assert.equal(r.status, 400);
      assert.match(r.body.message, /org_id is required/);
      assert.equal((await call(em, 'POST', '/projects', { body: { project: {} } })).status, 400);
      const { token } = await mint({ kind: 'personal', email: 'legacy@example.com' });
      const l = await call(em, 'GET', '/projects', { key: token });
      assert.equal(l.status, 200);
      assert.deepEqual(l.body.projects.map((p: any) => p.name).sort(), ['legacy-blog', 'legacy-shop']);
    });

    it('lists shared-with-me projects', async () => {
      const r = await call(em, 'GET', '/projects/shared');
      assert.deepEqual(r.body.projects.map((p: any) => p.name), ['frank-experiments']);
      assert.equal((await call(em, 'GET', `/projects/${r.body.projects[0].id}`)).status, 200);
    });

    it('refuses members deleting org projects; admins may', async () => {
      const data = await call(em, 'GET', `/projects?org_id=${DATA}`);
      const del = await call(em, 'DELETE', `/projects/${data.body.projects[0].id}`);
      assert.equal(del.status, 403);
      assert.equal((await call(em, 'DELETE', `/projects/${API}`)).status, 200);
      assert.equal((await call(em, 'GET', `/projects/${API}`)).status, 404);
    });

    it('pages projects with pagination.cursor, cursor present on the last page', async () => {
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      for (;;) {
        const r = await call(em, 'GET', `/projects?org_id=${ACME}&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
        assert.equal(r.status, 200);
        pages++;
        if (!r.body.projects.length) {
          assert.equal(r.body.pagination, undefined);
          break;
        }
        seen.push(...r.body.projects.map((p: any) => p.id));
        cursor = r.body.pagination.cursor;
        assert.equal(cursor, seen[seen.length - 1]);
      }
      assert.equal(seen.length, 4);
      assert.equal(new Set(seen).size, 4);
      assert.equal(pages, 3);
      assert.equal((await call(em, 'GET', `/projects?org_id=${ACME}&limit=0`)).status, 400);
      assert.equal((await call(em, 'GET', `/projects?org_id=${ACME}&limit=401`)).status, 400);
      const s = await call(em, 'GET', `/projects?org_id=${ACME}&search=API`);
      assert.deepEqual(s.body.projects.map((p: any) => p.name), ['acme-api']);
      assert.deepEqual((await call(em, 'GET', `/projects?org_id=${ACME}&limit=400`)).body.integrations, { [WEB]: ['github'] });
    });

    it('pages branches and members with pagination.next', async () => {
      const first = await call(em, 'GET', `/projects/${WEB}/branches?limit=2`);
      assert.equal(first.body.branches.length, 2);
      assert.equal(first.body.pagination.sort_order, 'DESC');
      const second = await call(em, 'GET', `/projects/${WEB}/branches?limit=2&cursor=${encodeURIComponent(first.body.pagination.next)}`);
      assert.equal(second.body.branches.length, 1);
      assert.ok(second.body.pagination.next, 'next is returned even on the last page');
      const names = [...first.body.branches, ...second.body.branches].map((b: any) => b.name).sort();
      assert.deepEqual(names, ['dev', 'main', 'staging']);
      const m1 = await call(em, 'GET', `/organizations/${ACME}/members?limit=2`);
      const m2 = await call(em, 'GET', `/organizations/${ACME}/members?limit=2&cursor=${encodeURIComponent(m1.body.pagination.next)}`);
      assert.equal(m1.body.members.length + m2.body.members.length, 3);
    });
  });

  describe('organizations', () => {
    it('never lets the only admin be demoted, removed or leave', async () => {
      const me = await memberId(ACME, 'you@example.com');
      const demote = await call(em, 'PATCH', `/organizations/${ACME}/members/${me}`, { body: { role: 'member' } });
      assert.equal(demote.status, 403);
      assert.match(demote.body.message, /only admin/);
      assert.equal((await call(em, 'DELETE', `/organizations/${ACME}/members/${me}`)).status, 403);
      const alice = await memberId(ACME, 'alice@acme.example');
      const promote = await call(em, 'PATCH', `/organizations/${ACME}/members/${alice}`, { body: { role: 'admin' } });
      assert.equal(promote.status, 200);
      assert.equal(promote.body.role, 'admin');
      assert.equal((await call(em, 'PATCH', `/organizations/${ACME}/members/${me}`, { body: { role: 'member' } })).status, 200);
    });

    it('keeps member management for admins (403 for members)', async () => {
      const carol = await memberId(DATA, 'carol@datateam.example');
      assert.equal((await call(em, 'PATCH', `/organizations/${DATA}/members/${carol}`, { body: { role: 'member' } })).status, 403);
      assert.equal((await call(em, 'DELETE', `/organizations/${DATA}/members/${carol}`)).status, 403);
      assert.equal((await call(em, 'POST', `/organizations/${DATA}/invitations`, { body: { invitations: [{ email: 'x@example.com', role: 'member' }] } })).status, 403);
      const me = await memberId(DATA, 'you@example.com');
      assert.equal((await call(em, 'DELETE', `/organizations/${DATA}/members/${me}`)).status, 200, 'a member may leave');
    });

    it('validates invitations and emails', async () => {
      const bad = await call(em, 'POST', `/organizations/${ACME}/invitations`, { body: { invitations: [{ email: 'not-an-email', role: 'member' }] } });
      assert.equal(bad.status, 400);
      assert.equal((await call(em, 'POST', `/organizations/${ACME}/invitations`, { body: { invitations: [{ email: 'a@b.co', role: 'owner' }] } })).status, 400);
      assert.equal((await call(em, 'POST', `/organizations/${ACME}/invitations`, { body: { invitations: [] } })).status, 400);
      assert.equal((await call(em, 'POST', `/organizations/${ACME}/invitations`, { body: { invitations: [{ email: 'bob@acme.example', role: 'member' }] } })).status, 400);
      const ok = await call(em, 'POST', `/organizations/${ACME}/invitations`, { body: { invitations: [{ email: 'new@acme.example', role: 'admin' }] } });
      assert.equal(ok.status, 200);
      assert.equal(ok.body.invitations[0].email, 'new@acme.example');
      assert.equal((await call(em, 'GET', `/organizations/${ACME}/invitations`)).body.invitations.length, 2);
    });

    it('refuses org keys where the API does', async () => {
      const { token } = await mint({ kind: 'org', orgId: ACME });
      const alice = await memberId(ACME, 'alice@acme.example');
      assert.equal((await call(em, 'POST', `/organizations/${ACME}/api_keys`, { key: token, body: { key_name: 'x' } })).status, 403);
      assert.equal((await call(em, 'DELETE', `/organizations/${ACME}/members/${alice}`, { key: token })).status, 403);
      assert.equal((await call(em, 'POST', `/organizations/${ACME}/invitations`, { key: token, body: { invitations: [{ email: 'a@b.co', role: 'member' }] } })).status, 403);
      assert.equal((await call(em, 'GET', '/users/me', { key: token })).status, 403);
      const orgs = await call(em, 'GET', '/users/me/organizations', { key: token });
      assert.deepEqual(orgs.body.organizations.map((o: any) => o.id), [ACME]);
      assert.equal((await call(em, 'GET', `/organizations/${ACME}/members`, { key: token })).status, 200);
      assert.equal((await call(em, 'GET', '/projects', { key: token })).body.projects.length, 4);
      await control(em, 'POST', '/config', { orgKeyOrganizations: 'forbidden' });
      assert.equal((await call(em, 'GET', '/users/me/organizations', { key: token })).status, 403);
    });

    it('limits project-scoped keys to their project', async () => {
      const { token } = await mint({ kind: 'project', projectId: WEB });
      assert.deepEqual((await call(em, 'GET', '/projects', { key: token })).body.projects.map((p: any) => p.id), [WEB]);
      assert.equal((await call(em, 'GET', `/projects/${WEB}/branches`, { key: token })).status, 200);
      assert.equal((await call(em, 'GET', `/projects/${API}`, { key: token })).status, 403);
      assert.equal((await call(em, 'GET', `/organizations/${ACME}/members`, { key: token })).status, 403);
      assert.equal((await call(em, 'GET', `/organizations/${ACME}/api_keys`, { key: token })).status, 403);
      assert.equal((await call(em, 'POST', '/projects', { key: token, body: { project: {} } })).status, 403);
    });

    it('limits key names to 64 characters and returns the token once', async () => {
      assert.equal((await call(em, 'POST', `/organizations/${ACME}/api_keys`, { body: { key_name: 'k'.repeat(65) } })).status, 400);
      assert.equal((await call(em, 'POST', '/api_keys', { body: { key_name: 'k'.repeat(65) } })).status, 400);
      const ok = await call(em, 'POST', `/organizations/${ACME}/api_keys`, { body: { key_name: 'k'.repeat(64), project_id: WEB } });
      assert.equal(ok.status, 200);
      assert.match(ok.body.key, /^napi_[a-z0-9]{64}$/);
      const list = await call(em, 'GET', `/organizations/${ACME}/api_keys`);
      const item = list.body.find((k: any) => k.id === ok.body.id);
      assert.equal(item.key, undefined);
      assert.equal(item.project_id, WEB);
      assert.equal((await call(em, 'GET', '/auth', { key: ok.body.key })).status, 200);
      const rev = await call(em, 'DELETE', `/organizations/${ACME}/api_keys/${ok.body.id}`);
      assert.equal(rev.body.revoked, true);
      assert.equal((await call(em, 'GET', '/auth', { key: ok.body.key })).status, 401);
    });
  });

  describe('roles and branches', () => {
    const main = async (p = WEB) => (await call(em, 'GET', `/projects/${p}/branches?search=main`)).body.branches[0].id as string;

    it('limits role names to 63 bytes, not characters', async () => {
      const b = await main();
      assert.equal((await call(em, 'POST', `/projects/${WEB}/branches/${b}/roles`, { body: { role: { name: 'r'.repeat(63) } } })).status, 201);
      const multi = 'é'.repeat(32); // 32 characters, 64 bytes
      const r = await call(em, 'POST', `/projects/${WEB}/branches/${b}/roles`, { body: { role: { name: multi } } });
      assert.equal(r.status, 400);
      assert.match(r.body.message, /63 bytes/);
      assert.equal((await call(em, 'POST', `/projects/${WEB}/branches/${b}/roles`, { body: { role: { name: 'r'.repeat(63) } } })).status, 409);
    });

    it('keeps protected roles and database owners', async () => {
      const b = await main();
      assert.equal((await call(em, 'DELETE', `/projects/${WEB}/branches/${b}/roles/web_access`)).status, 403);
      assert.equal((await call(em, 'POST', `/projects/${WEB}/branches/${b}/roles/web_access/reset_password`)).status, 403);
      const owner = await call(em, 'DELETE', `/projects/${WEB}/branches/${b}/roles/neondb_owner`);
      assert.equal(owner.status, 400);
      assert.match(owner.body.message, /owns database/);
      assert.equal((await call(em, 'DELETE', `/projects/${WEB}/branches/${b}/roles/app_user`)).status, 200);
      assert.equal((await call(em, 'DELETE', `/projects/${WEB}/branches/${b}/roles/app_user`)).status, 204);
    });

    it('PATCH …/databases/{name}: another owner (an existing role) and a new name (valid and free), with an operation; then the old owner can be deleted', async () => {
      const b = await main();
      const db = (name: string) => `/projects/${WEB}/branches/${b}/databases/${encodeURIComponent(name)}`;
      const patch = (name: string, database: Record<string, unknown>) => call(em, 'PATCH', db(name), { body: { database } });
      const nobody = await patch('neondb', { owner_name: 'nobody' });
      assert.equal(nobody.status, 400);
      assert.match(nobody.body.message, /role nobody does not exist/);
      assert.equal((await patch('missing', { owner_name: 'app_user' })).status, 404);
      assert.equal((await call(em, 'PATCH', db('neondb'), { body: {} })).status, 400);
      assert.equal((await patch('neondb', { name: 'é'.repeat(32) })).status, 400, '64 bytes');
      assert.equal((await patch('neondb', { name: 'postgres' })).status, 400, 'reserved');
      assert.equal((await call(em, 'POST', `/projects/${WEB}/branches/${b}/databases`, { body: { database: { name: 'taken', owner_name: 'app_user' } } })).status, 201);
      assert.equal((await patch('neondb', { name: 'taken' })).status, 409);
      const owner = await patch('neondb', { owner_name: 'app_user' });
      assert.equal(owner.status, 200);
      assert.equal(owner.body.database.owner_name, 'app_user');
      assert.equal(owner.body.operations[0].action, 'apply_config');
      await waitOps(em, WEB, owner.body.operations);
      assert.equal((await call(em, 'DELETE', `/projects/${WEB}/branches/${b}/roles/neondb_owner`)).status, 200, 'it owns nothing now');
      const renamed = await patch('neondb', { name: 'shop' });
      assert.equal(renamed.status, 200);
      await waitOps(em, WEB, renamed.body.operations);
      assert.deepEqual([renamed.body.database.name, renamed.body.database.id], ['shop', owner.body.database.id]);
      assert.equal((await call(em, 'GET', db('neondb'))).status, 404);
      assert.equal((await call(em, 'GET', db('shop'))).body.database.owner_name, 'app_user');
      assert.equal((await patch('shop', { name: 'shop' })).status, 200, 'its own name is no conflict');
    });

    it('resets a password so that reveal_password returns the new one', async () => {
      const b = await main();
      const before = await call(em, 'GET', `/projects/${WEB}/branches/${b}/roles/neondb_owner/reveal_password`);
      const reset = await call(em, 'POST', `/projects/${WEB}/branches/${b}/roles/neondb_owner/reset_password`);
      assert.equal(reset.status, 200);
      assert.notEqual(reset.body.role.password, before.body.password);
      const after = await call(em, 'GET', `/projects/${WEB}/branches/${b}/roles/neondb_owner/reveal_password`);
      assert.equal(after.body.password, reset.body.role.password);
      const uri = await call(em, 'GET', `/projects/${WEB}/connection_uri?database_name=neondb&role_name=neondb_owner&pooled=true`);
      assert.match(uri.body.uri, new RegExp(`^postgresql://neondb_owner:${after.body.password}@ep-[a-z0-9-]+-pooler\\.us-east-2\\.aws\\.neon\\.tech/neondb\\?sslmode=require$`));
    });

    it('copies roles into child branches, except those created after a point-in-time parent', async () => {
      const created = await call(em, 'POST', '/projects', { body: { project: { name: 'pit', org_id: ACME } } });
      const p = created.body.project.id;
      const b = created.body.branch.id;
      const t0 = created.body.branch.created_at;
      await new Promise((r) => setTimeout(r, 1100));
      assert.equal((await call(em, 'POST', `/projects/${p}/branches/${b}/roles`, { body: { role: { name: 'later' } } })).status, 201);
      const now = await call(em, 'POST', `/projects/${p}/branches`, { body: { branch: { name: 'now' } } });
      assert.ok(now.body.roles.some((r: any) => r.name === 'later'));
      const pit = await call(em, 'POST', `/projects/${p}/branches`, { body: { branch: { name: 'pit', parent_timestamp: t0 } } });
      assert.equal(pit.status, 201);
      const names = (await call(em, 'GET', `/projects/${p}/branches/${pit.body.branch.id}/roles`)).body.roles.map((r: any) => r.name);
      assert.ok(names.includes('neondb_owner'));
      assert.ok(!names.includes('later'));
    });

    it('answers 204 for a branch that is already gone, 409 for a duplicate name, 400 for the default branch', async () => {
      const c = await call(em, 'POST', `/projects/${WEB}/branches`, { body: { branch: { name: 'tmp' }, endpoints: [{ type: 'read_write' }] } });
      assert.equal(c.status, 201);
      assert.match(c.body.endpoints[0].host, /^ep-[a-z]+-[a-z]+-[a-z0-9]+\.us-east-2\.aws\.neon\.tech$/);
      assert.equal((await call(em, 'POST', `/projects/${WEB}/branches`, { body: { branch: { name: 'tmp' } } })).status, 409);
      assert.equal((await call(em, 'DELETE', `/projects/${WEB}/branches/${c.body.branch.id}`)).status, 200);
      assert.equal((await call(em, 'DELETE', `/projects/${WEB}/branches/${c.body.branch.id}`)).status, 204);
      assert.equal((await call(em, 'DELETE', `/projects/${WEB}/branches/${await main()}`)).status, 400);
    });

    it('answers 423 Locked while an operation runs on the branch', async () => {
      await control(em, 'POST', '/config', { operationMs: 300 });
      const b = await main(API);
      const first = await call(em, 'POST', `/projects/${API}/branches/${b}/roles`, { body: { role: { name: 'one' } } });
      assert.equal(first.status, 201);
      assert.equal(first.body.operations[0].status, 'running');
      const locked = await call(em, 'POST', `/projects/${API}/branches/${b}/roles`, { body: { role: { name: 'two' } } });
      assert.equal(locked.status, 423);
      assert.equal((await call(em, 'POST', `/projects/${API}/branches/${b}/roles/one/reset_password`)).status, 423);
      await waitOps(em, API, first.body.operations);
      const op = await call(em, 'GET', `/projects/${API}/operations/${first.body.operations[0].id}`);
      assert.equal(op.body.operation.status, 'finished');
      assert.equal((await call(em, 'POST', `/projects/${API}/branches/${b}/roles`, { body: { role: { name: 'two' } } })).status, 201);
    });
  });

  describe('transfers', () => {
    it('answers 406 with limits when the destination plan refuses', async () => {
      const r = await call(em, 'POST', `/organizations/${ACME}/projects/transfer`, { body: { destination_org_id: SIDE, project_ids: [API] } });
      assert.equal(r.status, 406);
      assert.deepEqual(r.body.limits, [{ name: 'projects_count', expected: '1', actual: '2' }]);
    });

    it('answers 422 with the projects that have integrations', async () => {
      const r = await call(em, 'POST', `/organizations/${ACME}/projects/transfer`, { body: { destination_org_id: DATA, project_ids: [API, WEB] } });
      assert.equal(r.status, 422);
      assert.deepEqual(r.body.projects, [{ id: WEB, integration: 'github' }]);
      assert.equal((await call(em, 'GET', `/projects/${API}`)).body.project.org_id, ACME, 'nothing moved');
    });

    it('moves projects (admin on source, member on destination) and validates the body', async () => {
      const r = await call(em, 'POST', `/organizations/${ACME}/projects/transfer`, { body: { destination_org_id: DATA, project_ids: [API] } });
      assert.equal(r.status, 200);
      assert.deepEqual(r.body, {});
      assert.equal((await call(em, 'GET', `/projects/${API}`)).body.project.org_id, DATA);
      const back = await call(em, 'POST', `/organizations/${DATA}/projects/transfer`, { body: { destination_org_id: ACME, project_ids: [API] } });
      assert.equal(back.status, 403, 'members of the source cannot transfer out');
      const tooMany = Array.from({ length: 401 }, (_, i) => `p-${i}`);
      assert.equal((await call(em, 'POST', `/organizations/${ACME}/projects/transfer`, { body: { destination_org_id: DATA, project_ids: tooMany } })).status, 400);
      assert.equal((await call(em, 'POST', `/organizations/${ACME}/projects/transfer`, { body: { destination_org_id: DATA, project_ids: [] } })).status, 400);
    });

    it('supports the deprecated personal transfer', async () => {
      const { token } = await mint({ kind: 'personal', email: 'legacy@example.com' });
      const list = await call(em, 'GET', '/projects', { key: token });
      const id = list.body.projects[0].id;
      const r = await call(em, 'POST', '/users/me/projects/transfer', { key: token, body: { destination_org_id: DATA, project_ids: [id] } });
      assert.equal(r.status, 200);
      assert.equal((await call(em, 'GET', `/projects/${id}`, { key: token })).body.project.org_id, DATA);
      assert.equal((await call(em, 'POST', '/users/me/projects/transfer', { key: token, body: { destination_org_id: ACME, project_ids: [list.body.projects[1].id] } })).status, 403);
    });
  });

  describe('consumption', () => {
    const v2 = (q: string) => call(em, 'GET', `/consumption_history/v2/projects?${q}`);

    it('requires metrics and org_id, and enforces the granularity windows (406)', async () => {
      const d = range(7);
      assert.equal((await v2(`org_id=${ACME}&from=${d.from}&to=${d.to}&granularity=daily`)).status, 400);
      assert.equal((await v2(`metrics=compute_unit_seconds&from=${d.from}&to=${d.to}&granularity=daily`)).status, 400);
      assert.equal((await v2(`org_id=${ACME}&metrics=compute_unit_seconds&from=${range(8).from}&to=${d.to}&granularity=hourly`)).status, 406);
      const ok = await v2(`org_id=${ACME}&metrics=compute_unit_seconds&from=${range(6).from}&to=${d.to}&granularity=hourly`);
      assert.equal(ok.status, 200);
      assert.equal(ok.body.projects[0].periods[0].consumption.length, 144);
      assert.equal((await v2(`org_id=${ACME}&metrics=compute_unit_seconds&from=${range(61).from}&to=${d.to}&granularity=daily`)).status, 406);
      assert.equal((await v2(`org_id=${ACME}&metrics=compute_unit_seconds&from=2024-01-01T00:00:00Z&to=2024-02-01T00:00:00Z&granularity=daily`)).status, 406);
      assert.equal((await v2(`org_id=${ACME}&metrics=compute_unit_seconds&from=${d.from}&to=${d.to}&granularity=daily&limit=101`)).status, 400);
    });

    it('is deterministic, paged by cursor, and plan-gated', async () => {
      const d = range(60);
      const q = `org_id=${ACME}&metrics=compute_unit_seconds,root_branch_bytes_month&from=${d.from}&to=${d.to}&granularity=daily&limit=3`;
      const a = await v2(q);
      const b = await v2(q);
      assert.deepEqual(a.body, b.body);
      assert.equal(a.body.projects.length, 3);
      assert.equal(a.body.projects[0].periods[0].consumption.length, dailyBuckets(d.from, d.to), '60 whole days, plus today unless it is its first hour');
      const next = await v2(`${q}&cursor=${a.body.pagination.cursor}`);
      assert.equal(next.body.projects.length, 1);
      assert.equal((await v2(`org_id=${SIDE}&metrics=compute_unit_seconds&from=${d.from}&to=${d.to}&granularity=daily`)).status, 403);
      assert.equal((await call(em, 'GET', `/consumption_history/projects?org_id=${DATA}&from=${d.from}&to=${d.to}&granularity=daily`)).status, 403);
      const legacy = await call(em, 'GET', `/consumption_history/projects?org_id=${ACME}&from=${d.from}&to=${d.to}&granularity=daily&project_ids=${WEB},${API}`);
      assert.equal(legacy.status, 200);
      assert.equal(legacy.body.projects.length, 2);
      // Gone from the document (2.7.3), so gone here too.
      assert.equal((await call(em, 'GET', `/consumption_history/account?org_id=${ACME}&from=${d.from}&to=${d.to}&granularity=daily`)).status, 404);
    });
  });

  describe('knobs', () => {
    it('rate limits per route with 429 and Retry-After', async () => {
      await control(em, 'POST', '/config', { rateLimit: { perSecond: 3 } });
      const rs = await Promise.all(Array.from({ length: 8 }, () => call(em, 'GET', `/organizations/${ACME}`)));
      const limited = rs.filter((r) => r.status === 429);
      assert.ok(limited.length >= 4, `expected 429s, got ${rs.map((r) => r.status)}`);
      assert.ok(Number(limited[0].headers.get('retry-after')) >= 1);
      assert.equal(limited[0].body.code, '');
      assert.equal((await call(em, 'GET', '/users/me')).status, 200, 'other routes have their own bucket');
    });

    it('injects 5xx, dropped connections and malformed bodies', async () => {
      await control(em, 'POST', '/config', { faultRate: 1, faults: ['5xx'] });
      const r = await call(em, 'GET', '/users/me');
      assert.equal(r.status, 503);
      assert.ok(r.body.request_id);
      await control(em, 'POST', '/config', { faults: ['drop'] });
      await assert.rejects(call(em, 'GET', '/users/me'));
      await control(em, 'POST', '/config', { faults: ['malformed'] });
      const m = await call(em, 'GET', '/users/me');
      assert.equal(m.status, 200);
      assert.equal(typeof m.body, 'string');
      await control(em, 'POST', '/config', { faultRate: 0 });
      assert.equal((await call(em, 'GET', '/users/me')).status, 200);
    });

    it('ends operations as failed when told to', async () => {
      await control(em, 'POST', '/config', { operationFailRate: 1, operationMs: 0 });
      const b = (await call(em, 'GET', `/projects/${API}/branches?search=main`)).body.branches[0].id;
      const r = await call(em, 'POST', `/projects/${API}/branches/${b}/roles`, { body: { role: { name: 'doomed' } } });
      const op = await call(em, 'GET', `/projects/${API}/operations/${r.body.operations[0].id}`);
      assert.equal(op.body.operation.status, 'failed');
      assert.ok(op.body.operation.error);
    });

    it('logs requests by templated route, with concurrency', async () => {
      await control(em, 'DELETE', '/requests');
      await control(em, 'POST', '/config', { latencyMs: 40 });
      await Promise.all(Array.from({ length: 5 }, () => call(em, 'GET', `/projects/${WEB}/branches`)));
      const log = await control(em, 'GET', '/requests');
      assert.equal(log.total, 5);
      assert.equal(log.byRoute['GET /projects/{project_id}/branches'], 5);
      assert.ok(log.maxInFlight >= 5);
      assert.ok(log.entries[0].endedAt - log.entries[0].startedAt >= 35);
      assert.equal(log.entries[0].path, `/api/v2/projects/${WEB}/branches`);
      await control(em, 'DELETE', '/requests');
      assert.equal((await control(em, 'GET', '/requests')).total, 0);
    });

    it('orders requests by arrival: a mark taken in the millisecond a request ended excludes it', async () => {
      const log = em.server.log;
      await call(em, 'GET', `/projects/${WEB}/branches`);
      const mark = log.mark();
      const last = log.entries[log.entries.length - 1]!;
      // The same millisecond as the mark: a clock-based filter (startedAt >= now) would count it.
      last.startedAt = Date.now();
      assert.deepEqual(log.since(mark), []);
      await call(em, 'GET', `/projects/${API}/branches`);
      assert.deepEqual(log.since(mark).map((e) => e.path), [`/api/v2/projects/${API}/branches`]);
      assert.equal(log.since(mark)[0]!.seq, mark + 1);
    });

    it('re-seeds on reset and reports state', async () => {
      await call(em, 'POST', '/projects', { body: { project: { name: 'temp', org_id: ACME } } });
      assert.equal((await control(em, 'GET', '/state')).projects, 12);
      await control(em, 'POST', '/reset');
      const st = await control(em, 'GET', '/state');
      assert.equal(st.projects, 11);
      assert.equal(st.orgs.length, 3);
      assert.equal(em.state.projects.size, 11, 'the in-process state handle stays live');
    });
  });

  describe('scale', () => {
    it('generates 40k projects quickly and pages through an org', async function () {
      this.timeout(20000);
      const t0 = Date.now();
      const big = await startEmulator({ orgs: 20, projectsPerOrg: 2000, branches: 3 });
      try {
        assert.ok(Date.now() - t0 < 3000, `seeding took ${Date.now() - t0} ms`);
        assert.equal(big.state.projects.size, 40000);
        const org = (await call(big, 'GET', '/users/me/organizations')).body.organizations[0].id;
        const ids = new Set<string>();
        let cursor = '';
        for (;;) {
          const r = await call(big, 'GET', `/projects?org_id=${org}&limit=400${cursor ? `&cursor=${cursor}` : ''}`);
          r.body.projects.forEach((p: any) => ids.add(p.id));
          if (r.body.projects.length < 400) break;
          cursor = r.body.pagination.cursor;
        }
        assert.equal(ids.size, 2000);
        const p = [...ids][1234];
        const br = await call(big, 'GET', `/projects/${p}/branches`);
        assert.equal(br.body.branches.length, 3);
        assert.ok(br.body.branches.some((b: any) => b.protected));
      } finally {
        await big.close();
      }
    });
  });
});
