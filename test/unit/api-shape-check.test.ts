/**
 * The one-pass checks of src/api/schemas/shapeCheck.ts against the zod schemas they stand in for:
 * a check may accept an answer only where zod accepts it and returns it unchanged (the client then
 * uses the parsed JSON as is), and it must accept the answers the API sends, or nothing is gained.
 * Every answer here is mutated at every node (removed, null, another type, an unknown field).
 */
import assert from 'node:assert/strict';
import { NeonApiError } from '../../src/api';
import {
  ConsumptionBranchesResponseSchema,
  ConsumptionProjectsResponseSchema,
  isConsumptionBranchesResponse,
  isConsumptionProjectsResponse,
  isLegacyConsumptionProjectsResponse,
  LegacyConsumptionProjectsResponseSchema,
} from '../../src/api/schemas/consumption';
import { json, makeClient, rejection, startServer, type TestServer } from './api-test-server';
import { getConsumptionProjectsPage } from '../../src/api/consumption';
import { holdsTo, type Json, replaced } from './shape-mutations';


function v2Period(days: number, metrics: string[]): Json {
  return {
    period_id: 'p-1',
    period_plan: 'scale',
    period_start: '2026-10-01T00:00:00Z',
    period_end: null,
    consumption: Array.from({ length: days }, (_, d) => ({
      timeframe_start: `2026-10-${String(d + 1).padStart(2, '0')}T00:00:00Z`,
      timeframe_end: `2026-10-${String(d + 2).padStart(2, '0')}T00:00:00Z`,
      metrics: metrics.map((m, i) => ({ metric_name: m, value: d * 10 + i })),
    })),
  };
}

const METRICS = ['compute_unit_seconds', 'root_branch_bytes_month'];
const v2Projects: Json = {
  projects: [
    { project_id: 'a', periods: [v2Period(2, METRICS)] },
    { project_id: 'b', periods: [v2Period(1, METRICS), v2Period(1, [])], extra: { x: 1 } },
  ],
  pagination: { cursor: 'b' },
};
const v2Branches: Json = {
  branches: [{ project_id: 'a', branch_id: 'br-1', periods: [v2Period(2, METRICS)] }],
  pagination: null,
};
const legacyProjects: Json = {
  projects: [
    {
      project_id: 'a',
      periods: [
        {
          period_id: 'p',
          consumption: [
            { timeframe_start: '2026-10-01T00:00:00Z', timeframe_end: '2026-10-02T00:00:00Z', active_time_seconds: 3, compute_time_seconds: 4, written_data_bytes: 5, synthetic_storage_size_bytes: 6 },
            { timeframe_start: '2026-10-02T00:00:00Z', data_storage_bytes_hour: null, logical_size_bytes: 7, logical_size_bytes_hour: 8 },
          ],
        },
      ],
    },
  ],
};

describe('api client: one-pass checks of large answers (schemas/shapeCheck)', () => {
  it('GET /consumption_history/v2/projects: the check accepts exactly what zod accepts unchanged', () => {
    assert.ok(holdsTo(isConsumptionProjectsResponse, ConsumptionProjectsResponseSchema, v2Projects, { unchanged: true }) > 300);
  });

  it('GET /consumption_history/v2/branches: the same', () => {
    assert.ok(holdsTo(isConsumptionBranchesResponse, ConsumptionBranchesResponseSchema, v2Branches, { unchanged: true }) > 100);
  });

  it('GET /consumption_history/projects (legacy): the same', () => {
    assert.ok(holdsTo(isLegacyConsumptionProjectsResponse, LegacyConsumptionProjectsResponseSchema, legacyProjects, { unchanged: true }) > 100);
  });

  describe('through the client', () => {
    let server: TestServer;
    afterEach(async () => server?.close());

    it('an answer the check accepts is returned as sent; one it refuses still names the wrong field (zod)', async () => {
      let answer: Json = v2Projects;
      server = await startServer((_req, res) => json(res, 200, answer));
      const page = await getConsumptionProjectsPage(makeClient(server), { orgId: 'org-1', from: '2026-10-01T00:00:00Z', to: '2026-10-03T00:00:00Z', granularity: 'daily', metrics: METRICS, limit: 2 });
      assert.deepEqual(page.projects, (v2Projects as { projects: Json[] }).projects);

      answer = replaced(v2Projects, ['projects', 1, 'periods', 0, 'consumption', 0, 'metrics', 1, 'value'], 'many');
      const e = await rejection(getConsumptionProjectsPage(makeClient(server), { orgId: 'org-1', from: '2026-10-01T00:00:00Z', to: '2026-10-03T00:00:00Z', granularity: 'daily', metrics: METRICS, limit: 2 }));
      assert.ok(e instanceof NeonApiError);
      assert.equal(e.kind, 'invalidResponse');
      assert.equal(e.fieldPath, 'projects[1].periods[0].consumption[0].metrics[1].value');

      // Left out by the API: zod's default fills in an empty list, as before.
      answer = replaced(v2Projects, ['projects', 0, 'periods', 0, 'consumption', 1, 'metrics'], undefined);
      const filled = await getConsumptionProjectsPage(makeClient(server), { orgId: 'org-1', from: '2026-10-01T00:00:00Z', to: '2026-10-03T00:00:00Z', granularity: 'daily', metrics: METRICS, limit: 2 });
      assert.deepEqual(filled.projects[0]!.periods[0]!.consumption[1]!.metrics, []);
    });
  });
});
