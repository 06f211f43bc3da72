// Property: whatever the page size and search, following the cursor (projects, operations,
// consumption) or `next` (branches, members) visits every item exactly once and then stops.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { startEmulator, type Emulator } from '../../emulator/index';
import { idCursorPage } from '../../emulator/paging';
import { call, range } from './emulator-helpers';

describe('emulator pagination (property-based)', function () {
  this.timeout(20000);
  let em: Emulator;
  let org: string;

  before(async () => {
    em = await startEmulator({ orgs: 2, projectsPerOrg: 61, branches: 7, operationMs: 0 });
    org = [...em.state.orgs.values()][0].id;
  });
  after(() => em.close());

  async function all(path: string, items: (b: any) => any[], cursorOf: (b: any) => string | undefined, limit: number): Promise<string[]> {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let guard = 0; guard < 1000; guard++) {
      const sep = path.includes('?') ? '&' : '?';
      const r = await call(em, 'GET', `${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const page = items(r.body);
      assert.ok(page.length <= limit);
      seen.push(...page.map((x) => x.id ?? x.project_id ?? x.member?.id));
      if (page.length < limit) return seen;
      cursor = cursorOf(r.body);
      assert.ok(cursor, 'a full page carries a cursor');
    }
    throw new Error('pagination did not end');
  }

  it('projects: every project once, for any limit and search', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 80 }), fc.constantFrom('', '1', '-2', 'project-1-19', 'zzz'), async (limit, search) => {
        const ids = await all(`/projects?org_id=${org}${search ? `&search=${search}` : ''}`, (b) => b.projects, (b) => b.pagination?.cursor, limit);
        const expected = em.state.ownerProjects(org).filter((p) => !search || p.name.includes(search) || p.id.includes(search)).map((p) => p.id);
        assert.equal(new Set(ids).size, ids.length);
        assert.deepEqual([...ids].sort(), [...expected].sort());
      }),
      { numRuns: 20 },
    );
  });

  it('branches and members (pagination.next) and operations (cursor) visit each once', async () => {
    const project = em.state.ownerProjects(org)[5].id;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 8 }), fc.constantFrom('name', 'created_at', 'updated_at'), fc.constantFrom('asc', 'desc'), async (limit, sortBy, order) => {
        const ids = await all(`/projects/${project}/branches?sort_by=${sortBy}&sort_order=${order}`, (b) => b.branches, (b) => b.pagination?.next, limit);
        assert.equal(new Set(ids).size, 7);
        assert.equal(ids.length, 7);
        const ops = await all(`/projects/${project}/operations`, (b) => b.operations, (b) => b.pagination?.cursor, limit);
        assert.equal(new Set(ops).size, 14);
        assert.equal(ops.length, 14);
        const members = await all(`/organizations/${org}/members`, (b) => b.members, (b) => b.pagination?.next, limit);
        assert.equal(new Set(members).size, 2);
      }),
      { numRuns: 15 },
    );
  });

  it('consumption: pages of projects, newest first', async () => {
    const d = range(3);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 3, max: 100 }), async (limit) => {
        const ids = await all(`/consumption_history/v2/projects?org_id=${org}&metrics=compute_unit_seconds&from=${d.from}&to=${d.to}&granularity=daily`, (b) => b.projects, (b) => b.pagination?.cursor, limit);
        assert.equal(new Set(ids).size, 61);
        const created = ids.map((id) => em.state.projects.get(id)!.createdAt);
        assert.deepEqual(created, [...created].sort().reverse());
      }),
      { numRuns: 8 },
    );
  });

  it('a cursor continues after its id, present or deleted, as a scan of the list would', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ minLength: 1, maxLength: 4 }), { maxLength: 40 }), fc.string({ maxLength: 4 }), fc.integer({ min: 1, max: 9 }), (raw, cursor, limit) => {
        const ids = [...raw].sort();
        const scan = (c: string) => ids.filter((x) => x > c).slice(0, limit);
        const { page, pagination } = idCursorPage(ids, (x) => x, limit, cursor || null);
        assert.deepEqual(page, cursor ? scan(cursor) : ids.slice(0, limit));
        assert.equal(pagination?.cursor, page.length ? page[page.length - 1] : undefined);
      }),
      { numRuns: 300 },
    );
  });
});
