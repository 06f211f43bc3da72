/** `limit` is clamped to the maxima the OpenAPI document declares (read from the document here). */
import assert from 'node:assert/strict';
import type { NeonClient } from '../../src/api';
import { createRequestChecker } from '../../emulator/openapi-requests';
import { json, makeClient, startServer, type TestServer } from './api-test-server';
import { getConsumptionBranchesPage, getConsumptionProjectsPage, getLegacyConsumptionProjectsPage } from '../../src/api/consumption';

const range = { from: '2026-11-29T00:00:00Z', to: '2026-11-30T00:00:00Z', granularity: 'hourly' as const };
const CASES: Array<[string, string, (c: NeonClient, limit: number) => Promise<unknown>]> = [
  ['GET', '/projects', (c, limit) => c.listProjectsPage({ orgId: 'org-a', limit })],
  ['GET', '/projects/shared', (c, limit) => c.listSharedProjectsPage({ limit })],
  ['GET', '/organizations/{org_id}/members', (c, limit) => c.listMembersPage('org-a', { limit })],
  ['GET', '/projects/{project_id}/branches', (c, limit) => c.listBranchesPage('p-1', { limit })],
  ['GET', '/consumption_history/v2/projects', (c, limit) => getConsumptionProjectsPage(c, { ...range, orgId: 'org-a', metrics: ['compute_unit_seconds'], limit })],
  ['GET', '/consumption_history/v2/branches', (c, limit) => getConsumptionBranchesPage(c, { ...range, orgId: 'org-a', projectIds: ['p-1'], metrics: ['compute_unit_seconds'], limit })],
  ['GET', '/consumption_history/projects', (c, limit) => getLegacyConsumptionProjectsPage(c, { ...range, orgId: 'org-a', limit })],
];

describe('api client: page sizes within the documented limits', () => {
  const checker = createRequestChecker();
  let server: TestServer;
  afterEach(async () => server?.close());

  for (const [method, path, call] of CASES) {
    const doc = checker.queryParam(method, path, 'limit');
    it(`${method} ${path}: limit clamped to ${doc?.minimum}..${doc?.maximum}`, async () => {
      assert.ok(doc && typeof doc.maximum === 'number' && typeof doc.minimum === 'number', 'the document declares the range');
      server = await startServer((_req, res) => json(res, 200, {}));
      const sent: number[] = [];
      for (const asked of [doc.maximum + 1, doc.maximum * 10, 0, -5, doc.maximum]) {
        const before = server.requests.length;
        await call(makeClient(server), asked).catch(() => undefined);
        sent.push(Number(server.requests[before]!.query.get('limit')));
      }
      assert.deepEqual(sent, [doc.maximum, doc.maximum, doc.minimum, doc.minimum, doc.maximum]);
    });
  }

  it('a whole-list walk asks for at most the documented page size', async () => {
    server = await startServer((_req, res) => json(res, 200, { members: [], branches: [] }));
    const c = makeClient(server);
    await c.listMembers('org-a', { pageSize: 100_000 });
    await c.listBranches('p-1', { pageSize: 100_000 });
    assert.deepEqual(server.requests.map((r) => r.query.get('limit')), ['500', '10000']);
  });
});
