/** The client against the local Neon emulator: real routes, real shapes, 423/429/503 behaviour. */
import assert from 'node:assert/strict';
import { NeonClient, type LogLevel } from '../../src/api';
import { startEmulator, type Emulator } from '../../emulator';
import { getConsumptionBranchesPage, getConsumptionProjectsPage, getLegacyConsumptionProjectsPage } from '../../src/api/consumption';

describe('api client against the emulator', function () {
  this.timeout(30_000);
  let em: Emulator;
  let logs: string[];

  const client = (apiKey = em.apiKey, extra: Partial<ConstructorParameters<typeof NeonClient>[0]> = {}) =>
    new NeonClient({
      baseUrl: em.url,
      apiKey,
      userAgent: 'neon-explorer/test',
      timeoutMs: 5000,
      retry: { baseDelayMs: 20, maxDelayMs: 200, maxAttempts: 8 },
      log: (level: LogLevel, msg: string) => logs.push(`${level} ${msg}`),
      ...extra,
    });

  const control = async (path: string, body?: unknown) => {
    const r = await fetch(`${em.controlUrl}/${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return r.status === 204 ? undefined : ((await r.json()) as any);
  };

  beforeEach(async () => {
    logs = [];
    em = await startEmulator({ seed: 'small', operationMs: 150 });
  });
  afterEach(async () => em?.close());

  it('walks the seeded account: orgs → projects → branches → roles, databases, endpoints, connection string', async () => {
    const c = client();
    const auth = await c.getAuth();
    assert.equal(auth.auth_method, 'api_key_user');
    const me = await c.getCurrentUser();
    assert.ok(me.email);
    const orgs = await c.listMyOrganizations();
    assert.ok(orgs.length >= 1);
    for (const org of orgs) {
      await c.getOrganization(org.id);
      const projects = await c.listProjects({ orgId: org.id, pageSize: 2 });
      const paged = [];
      for await (const p of c.iterateProjects({ orgId: org.id, pageSize: 1 })) paged.push(p.id);
      assert.deepEqual(paged, projects.map((p) => p.id), 'page size does not change the result');
      for (const p of projects) {
        const branches = await c.listBranches(p.id);
        assert.ok(branches.length >= 1);
        const b = branches.find((x) => x.default ?? x.primary) ?? branches[0]!;
        const [dbs, roles, eps] = await Promise.all([c.listDatabases(p.id, b.id), c.listRoles(p.id, b.id), c.listBranchEndpoints(p.id, b.id)]);
        if (dbs[0] && roles.length && eps.length) {
          const uri = await c.getConnectionUri({ projectId: p.id, branchId: b.id, databaseName: dbs[0].name, roleName: dbs[0].owner_name, pooled: true });
          assert.match(uri, /^postgres(ql)?:\/\/.*-pooler\./);
        }
      }
    }
    await c.listMembers(orgs[0]!.id);
    await c.listInvitations(orgs[0]!.id);
    await c.listOrgApiKeys(orgs[0]!.id);
    await c.listSharedProjectsPage();
    assert.ok(!logs.some((l) => / failed: /.test(l)), logs.filter((l) => / failed: /.test(l)).join('\n'));
  });

  it('a change on a branch that is still busy gets 423 and is retried until it succeeds', async () => {
    em.config.operationMs = 600; // long enough that the next request surely meets the lock, even on a loaded machine
    const c = client(em.apiKey, { retry: { baseDelayMs: 50, maxDelayMs: 200, maxAttempts: 40 } });
    const [org] = await c.listMyOrganizations();
    const [p] = await c.listProjects({ orgId: org!.id });
    const created = await c.createBranch(p!.id, { name: 'busy-branch', endpoints: [{ type: 'read_write' }] });
    assert.ok(created.operations.length > 0);
    // no waiting: the emulator locks the branch while create_branch runs
    const role = await c.createRole(p!.id, created.branch.id, { name: 'fresh_role' });
    assert.equal(role.role.name, 'fresh_role');
    assert.ok(role.role.password);
    assert.ok(logs.some((l) => /POST \/projects\/\{project_id\}\/branches\/\{branch_id\}\/roles answered 423; retrying/.test(l)), 'saw a 423 retry');
    const done = await c.waitForOperations(p!.id, role.operations, { initialIntervalMs: 20 });
    assert.ok(done.every((o) => o.status === 'finished'));
    assert.ok(!logs.some((l) => l.includes(role.role.password!)), 'password not logged');
    assert.equal((await c.deleteBranch(p!.id, created.branch.id)).branch?.id, created.branch.id);
  });

  it('keeps at most 6 requests in flight at the emulator with 50 parallel calls', async () => {
    em.config.latencyMs = 20;
    const c = client();
    await fetch(`${em.controlUrl}/requests`, { method: 'DELETE' });
    await Promise.all(Array.from({ length: 50 }, () => c.getAuth()));
    const stats = await control('requests');
    assert.equal(stats.total, 50);
    assert.equal(stats.maxInFlight, 6, `emulator saw ${stats.maxInFlight} at once`);
  });

  it('survives injected 503 faults on reads', async () => {
    await control('config', { faultRate: 0.3, faults: ['5xx'] });
    const c = client();
    const orgs = await c.listMyOrganizations();
    const results = await Promise.all(Array.from({ length: 20 }, () => c.listProjects({ orgId: orgs[0]!.id })));
    assert.equal(results.length, 20);
    assert.ok(logs.some((l) => /answered 503; retrying/.test(l)), 'faults were injected and retried');
  });

  it('rides out a per-route rate limit using Retry-After', async () => {
    await control('config', { rateLimit: { perSecond: 5 } });
    const c = client(em.apiKey, { retry: { baseDelayMs: 20, maxDelayMs: 200, maxAttempts: 6 } });
    const all = await Promise.all(Array.from({ length: 12 }, () => c.getAuth()));
    assert.equal(all.length, 12);
    assert.ok(logs.some((l) => /answered 429; retrying/.test(l)), 'rate limit was hit');
  });

  it('reads consumption: v2 pages of projects and branches, legacy per project, 406 range, 403 plan', async () => {
    const c = client();
    const orgs = await c.listMyOrganizations();
    const to = new Date();
    const from = new Date(to.getTime() - 7 * 86_400_000);
    /** What the small seed's plans allow (emulator/routes/consumption.ts): v2 on usage-based plans, legacy on scale and up. */
    const expected: Record<string, { plan: string; v2: boolean; legacy: boolean }> = {
      'Acme Inc': { plan: 'business', v2: true, legacy: true },
      'Side Project': { plan: 'free_v3', v2: false, legacy: false },
      'Data Team': { plan: 'launch', v2: true, legacy: false },
    };
    assert.deepEqual(orgs.map((o) => o.name).sort(), Object.keys(expected).sort(), 'the small seed\'s organizations');
    const seen: Record<string, { v2: boolean; legacy: boolean; tooLong: string }> = {};
    for (const org of orgs) {
      const projects = await c.listProjects({ orgId: org.id });
      assert.ok(expected[org.name], `${org.name} is one of the seed's organizations`);
      assert.ok(projects.length >= 1, `${org.name} has projects`);
      const v2 = await (async () => {
        const rows = [];
        for (let cursor: string | undefined, i = 0; i === 0 || cursor; i++) {
          const page = await getConsumptionProjectsPage(c, { orgId: org.id, metrics: ['compute_unit_seconds', 'root_branch_bytes_month'], from, to, granularity: 'daily', limit: 1, ...(cursor ? { cursor } : {}) });
          rows.push(...page.projects);
          cursor = page.nextCursor;
        }
        assert.equal(rows.length, projects.length, `${org.name}: one row per project across pages of 1`);
        assert.ok(rows.every((r) => r.periods.every((p) => p.consumption.every((t) => Array.isArray(t.metrics)))));
        const br = await getConsumptionBranchesPage(c, { orgId: org.id, projectIds: projects.slice(0, 2).map((p) => p.id), metrics: ['compute_unit_seconds'], from, to, granularity: 'daily' });
        assert.ok(br.branches.length >= 1, `${org.name}: branch rows`);
        return true;
      })().catch((e) => {
        const err = e as import('../../src/api').NeonApiError;
        assert.equal(err.kind, 'forbidden', `${org.name}: v2 refused with ${err.kind}: ${err.message}`);
        assert.match(err.userMessage(), /Usage history is not available here \(403\)/);
        return false;
      });
      const legacy = await getLegacyConsumptionProjectsPage(c, { orgId: org.id, from, to, granularity: 'daily' }).then(
        (page) => {
          assert.equal(page.projects.length, Math.min(projects.length, 100), `${org.name}: one legacy row per project`);
          return true;
        },
        (e) => {
          assert.equal((e as { status?: number }).status, 403, `${org.name}: legacy refused with ${(e as Error).message}`);
          return false;
        },
      );
      // The range is checked before the plan: 30 days hourly is a 406 on every plan.
      const tooLong = await getConsumptionProjectsPage(c, { orgId: org.id, metrics: ['compute_unit_seconds'], from: new Date(to.getTime() - 30 * 86_400_000), to, granularity: 'hourly' })
        .then(() => assert.fail(`${org.name}: 30 days hourly was served`), (x) => x);
      assert.match(tooLong.userMessage(), /shorter range/);
      seen[org.name] = { v2, legacy, tooLong: tooLong.kind };
    }
    assert.deepEqual(
      seen,
      Object.fromEntries(Object.entries(expected).map(([name, w]) => [name, { v2: w.v2, legacy: w.legacy, tooLong: 'notAcceptable' }])),
    );
  });

  it('a revoked key is a 401 with a sentence to update it', async () => {
    const { token } = await control('keys', { kind: 'personal' });
    await control('revoke', { token });
    const e = await client(token).getAuth().catch((x) => x);
    assert.equal(e.kind, 'auth');
    assert.match(e.userMessage(), /Update the key/);
  });

  it('an org key cannot create org API keys (403) and still learns its org', async () => {
    const c0 = client();
    const [org] = await c0.listMyOrganizations();
    const { token } = await control('keys', { kind: 'org', orgId: org!.id });
    const c = client(token);
    assert.equal((await c.getAuth()).auth_method, 'api_key_org');
    // Spec 2.7.3: the org that owns the key; older servers answered 403 (the emulator's knob).
    assert.deepEqual((await c.listMyOrganizations()).map((o) => o.id), [org!.id]);
    em.config.orgKeyOrganizations = 'forbidden';
    const refused = await c.listMyOrganizations().then(() => assert.fail('the older server listed organizations for an org key'), (e) => e);
    assert.equal(refused.status, 403);
    em.config.orgKeyOrganizations = 'owning';
    const e = await c.createOrgApiKey(org!.id, { keyName: 'nope' }).catch((x) => x);
    assert.equal(e.kind, 'forbidden');
    assert.match(e.userMessage(), /personal key of an organization admin/);
  });
});
