import assert from 'node:assert/strict';
import { json, makeClient, project, startServer, type TestServer } from './api-test-server';
import { getConsumptionProjectsPage } from '../../src/api/consumption';

/** A /projects handler over `total` projects that, like the real API, returns the last id as cursor on every page. */
function projectsApi(total: number, opts: { emptyPageHasCursor?: boolean } = {}) {
  const all = Array.from({ length: total }, (_x, i) => project(`p-${String(i).padStart(4, '0')}`));
  return (q: URLSearchParams) => {
    const limit = Number(q.get('limit') ?? '10');
    const cursor = q.get('cursor');
    const start = cursor ? all.findIndex((p) => p.id === cursor) + 1 : 0;
    const page = all.slice(start, start + limit);
    if (page.length === 0) return opts.emptyPageHasCursor ? { projects: [], pagination: { cursor: cursor ?? 'x' } } : { projects: [] };
    return { projects: page, pagination: { cursor: page[page.length - 1]!.id }, applications: {}, integrations: {} };
  };
}

describe('api client: pagination', () => {
  let server: TestServer;
  afterEach(async () => server?.close());

  it('iterates every project over several pages and stops on the short last page despite its cursor', async () => {
    const api = projectsApi(7);
    server = await startServer((req, res) => json(res, 200, api(req.query)));
    const c = makeClient(server);
    const ids: string[] = [];
    for await (const p of c.iterateProjects({ pageSize: 3, orgId: 'org-a', search: 'p' })) ids.push(p.id);
    assert.equal(ids.length, 7);
    assert.equal(new Set(ids).size, 7);
    assert.equal(server.requests.length, 3);
    assert.deepEqual(server.requests.map((r) => r.query.get('cursor')), [null, 'p-0002', 'p-0005']);
    for (const r of server.requests) {
      assert.equal(r.query.get('limit'), '3');
      assert.equal(r.query.get('org_id'), 'org-a');
      assert.equal(r.query.get('search'), 'p');
    }
  });

  it('stops on an empty page when the total is a multiple of the page size', async () => {
    const api = projectsApi(6, { emptyPageHasCursor: true });
    server = await startServer((req, res) => json(res, 200, api(req.query)));
    const pages: number[] = [];
    for await (const page of makeClient(server).iterateProjects({ pageSize: 3 }).pages()) pages.push(page.items.length);
    assert.deepEqual(pages, [3, 3, 0]);
    assert.equal(server.requests.length, 3);
  });

  it('defaults to pages of 400 and caps the page size at 400', async () => {
    const api = projectsApi(2);
    server = await startServer((req, res) => json(res, 200, api(req.query)));
    const c = makeClient(server);
    await c.listProjects();
    await c.iterateProjects({ pageSize: 5000 }).toArray();
    assert.deepEqual(server.requests.map((r) => r.query.get('limit')), ['400', '400']);
  });

  it('stops when the API repeats the same cursor', async () => {
    server = await startServer((_req, res) => json(res, 200, { projects: [project('a'), project('b')], pagination: { cursor: 'same' } }));
    const all = await makeClient(server).iterateProjects({ pageSize: 2 }).toArray();
    assert.equal(server.requests.length, 2);
    assert.equal(all.length, 4);
  });

  it('listProjectsPage exposes nextCursor only when another page exists', async () => {
    const api = projectsApi(5);
    server = await startServer((req, res) => json(res, 200, api(req.query)));
    const c = makeClient(server);
    const first = await c.listProjectsPage({ limit: 3 });
    assert.equal(first.projects.length, 3);
    assert.equal(first.nextCursor, 'p-0002');
    const second = await c.listProjectsPage({ limit: 3, cursor: first.nextCursor });
    assert.equal(second.projects.length, 2);
    assert.equal(second.nextCursor, undefined, 'short page with a cursor is the last page');
  });

  it('follows pagination.next for members and branches', async () => {
    server = await startServer((req, res) => {
      const cursor = req.query.get('cursor');
      if (req.path === '/organizations/org-a/members') {
        const member = (i: number) => ({ member: { id: `m${i}`, user_id: `u${i}`, org_id: 'org-a', role: 'member' }, user: { email: `u${i}@x.dev` } });
        if (!cursor) return json(res, 200, { members: [member(1), member(2)], pagination: { next: 'NEXT1', sort_by: 'joined_at' } });
        if (cursor === 'NEXT1') return json(res, 200, { members: [member(3)], pagination: { next: 'NEXT2' } });
      }
      if (req.path === '/projects/p1/branches') {
        const br = (i: number) => ({ id: `br-${i}`, project_id: 'p1', name: `b${i}` });
        if (!cursor) return json(res, 200, { branches: [br(1), br(2)], annotations: {}, pagination: { next: 'B2', sort_order: 'DESC' } });
        if (cursor === 'B2') return json(res, 200, { branches: [br(3)], annotations: {}, pagination: { next: 'B3', sort_order: 'DESC' } });
      }
      json(res, 404, { code: '', message: 'unexpected' });
    });
    const c = makeClient(server);
    const members = await c.listMembers('org-a', { pageSize: 2 });
    assert.deepEqual(members.map((m) => m.user.email), ['u1@x.dev', 'u2@x.dev', 'u3@x.dev']);
    const branches = await c.listBranches('p1', { pageSize: 2 });
    assert.deepEqual(branches.map((b) => b.id), ['br-1', 'br-2', 'br-3']);
    assert.equal(server.requests.length, 4);
    assert.deepEqual(server.requests.map((r) => r.query.get('cursor')), [null, 'NEXT1', null, 'B2']);
  });

  it('reads consumption 100 projects a page with metrics and range', async () => {
    const ids = Array.from({ length: 130 }, (_x, i) => `p-${i}`);
    server = await startServer((req, res) => {
      const limit = Number(req.query.get('limit'));
      const start = Number(req.query.get('cursor') ?? 0);
      const slice = ids.slice(start, start + limit);
      json(res, 200, {
        projects: slice.map((id) => ({ project_id: id, periods: [{ period_id: 'x', period_plan: 'scale', period_start: '2025-01-01T00:00:00Z', consumption: [{ timeframe_start: '2025-01-01T00:00:00Z', timeframe_end: '2025-01-02T00:00:00Z', metrics: [{ metric_name: 'compute_unit_seconds', value: 5 }] }] }] })),
        pagination: { cursor: String(start + slice.length) },
      });
    });
    const c = makeClient(server);
    const q0 = { orgId: 'org-a', metrics: ['compute_unit_seconds', 'root_branch_bytes_month'] as const, from: new Date('2025-01-01T00:00:00Z'), to: '2025-01-31T00:00:00Z', granularity: 'daily' as const };
    const first = await getConsumptionProjectsPage(c, { ...q0, metrics: [...q0.metrics] });
    assert.ok(first.nextCursor);
    const second = await getConsumptionProjectsPage(c, { ...q0, metrics: [...q0.metrics], cursor: first.nextCursor });
    assert.equal(second.nextCursor, undefined, 'a short page is the last one');
    const all = [...first.projects, ...second.projects];
    assert.equal(all.length, 130);
    assert.equal(server.requests.length, 2);
    const q = server.requests[0]!.query;
    assert.equal(q.get('limit'), '100');
    assert.equal(q.get('metrics'), 'compute_unit_seconds,root_branch_bytes_month');
    assert.equal(q.get('from'), '2025-01-01T00:00:00.000Z');
    assert.equal(q.get('granularity'), 'daily');
    assert.equal(q.get('org_id'), 'org-a');
    assert.equal(server.requests[0]!.path, '/consumption_history/v2/projects');
    assert.equal(all[0]!.periods[0]!.consumption[0]!.metrics[0]!.value, 5);
  });
});
