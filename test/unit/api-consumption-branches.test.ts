/** `GET /consumption_history/v2/branches`: always its required `org_id`, only the metrics it supports. */
import assert from 'node:assert/strict';
import { json, makeClient, rejection, startServer, type TestServer } from './api-test-server';
import { BRANCH_CONSUMPTION_METRICS, getConsumptionBranchesPage } from '../../src/api/consumption';

const base = { from: '2026-11-29T00:00:00Z', to: '2026-11-30T00:00:00Z', granularity: 'daily' as const, projectIds: ['p-1'] };

describe('api client: branch consumption requests', () => {
  let server: TestServer;
  afterEach(async () => server?.close());

  it('drops metrics the endpoint does not support and sends org_id', async () => {
    server = await startServer((_req, res) => json(res, 200, { branches: [] }));
    await getConsumptionBranchesPage(makeClient(server), { ...base, orgId: 'org-a-1', metrics: ['compute_unit_seconds', 'extra_branches_month', 'snapshot_storage_bytes_month', 'root_branch_bytes_month'] });
    const q = server.requests[0]!.query;
    assert.equal(q.get('org_id'), 'org-a-1');
    assert.equal(q.get('metrics'), 'compute_unit_seconds,root_branch_bytes_month');
    assert.equal(BRANCH_CONSUMPTION_METRICS.length, 6);
  });

  it('refuses, before sending, a call without an organization or with no supported metric', async () => {
    server = await startServer((_req, res) => json(res, 200, { branches: [] }));
    const c = makeClient(server);
    const noOrg = await rejection(getConsumptionBranchesPage(c, { ...base, orgId: '', metrics: ['compute_unit_seconds'] }));
    assert.equal(noOrg.kind, 'invalidArgument');
    const noMetric = await rejection(getConsumptionBranchesPage(c, { ...base, orgId: 'org-a-1', metrics: ['extra_branches_month'] }));
    assert.equal(noMetric.kind, 'invalidArgument');
    assert.match(noMetric.userMessage(), /supports only compute_unit_seconds/);
    assert.equal(server.requests.length, 0);
  });
});
