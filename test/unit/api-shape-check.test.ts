/**
 * The one-pass checks of src/api/schemas/shapeCheck.ts against the zod schemas they stand in for:
 * a check may accept an answer only where zod accepts it and returns it unchanged (the client then
 * uses the parsed JSON as is), and it must accept the answers the API sends, or nothing is gained.
 * Every answer here is mutated at every node (removed, null, another type, an unknown field).
 */
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import type * as z from 'zod/mini';
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

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

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

/** The answer with one node replaced (or removed, for `undefined`) at `path`. */
function replaced(root: Json, path: (string | number)[], value: Json | undefined): Json {
  if (path.length === 0) return value === undefined ? null : value;
  const copy = structuredClone(root) as Record<string | number, Json>;
  let node = copy;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, Json>;
  const last = path[path.length - 1]!;
  if (value === undefined) {
    if (Array.isArray(node)) node.splice(last as number, 1);
    else delete node[last];
  } else node[last] = value;
  return copy;
}

function* paths(v: Json, at: (string | number)[] = []): Generator<(string | number)[]> {
  yield at;
  if (Array.isArray(v)) for (let i = 0; i < v.length; i++) yield* paths(v[i]!, [...at, i]);
  else if (v && typeof v === 'object') for (const k of Object.keys(v)) yield* paths(v[k]!, [...at, k]);
}

const OTHERS: (Json | undefined)[] = [undefined, null, 0, 1.5, 'x', true, [], {}, [{}], { metric_name: 'm', value: 1 }];

/** Every mutation of every node: the check's verdict is "zod accepts it and returns it unchanged". */
function holdsTo(check: (v: unknown) => boolean, schema: z.ZodMiniType, answer: Json): number {
  assert.equal(check(answer), true, 'the check accepts the unmutated answer');
  let refused = 0;
  let cases = 0;
  for (const p of paths(answer)) {
    for (const other of OTHERS) {
      const v = replaced(answer, p, other);
      const zod = schema.safeParse(v);
      const unchanged = zod.success && isDeepStrictEqual(zod.data, v);
      cases++;
      assert.equal(check(v), unchanged, `${p.join('.') || '(root)'} = ${JSON.stringify(other)}: check ${check(v)}, zod ${zod.success ? (unchanged ? 'accepts' : 'changes it') : 'refuses'}`);
      if (!check(v)) refused++;
    }
    // An unknown field anywhere an object is passes both, as in a loose schema.
    const node = p.reduce<Json>((n, k) => (n as Record<string | number, Json>)[k]!, answer);
    if (node && typeof node === 'object' && !Array.isArray(node)) {
      const v = replaced(answer, [...p, 'added_by_a_newer_api'], { nested: [1] });
      assert.equal(check(v), true, `unknown field at ${p.join('.') || '(root)'}`);
      assert.equal(schema.safeParse(v).success, true);
    }
  }
  assert.ok(refused > 0 && refused < cases, `some mutations are refused (${refused} of ${cases})`);
  return cases;
}

describe('api client: one-pass checks of large answers (schemas/shapeCheck)', () => {
  it('GET /consumption_history/v2/projects: the check accepts exactly what zod accepts unchanged', () => {
    assert.ok(holdsTo(isConsumptionProjectsResponse, ConsumptionProjectsResponseSchema, v2Projects) > 300);
  });

  it('GET /consumption_history/v2/branches: the same', () => {
    assert.ok(holdsTo(isConsumptionBranchesResponse, ConsumptionBranchesResponseSchema, v2Branches) > 100);
  });

  it('GET /consumption_history/projects (legacy): the same', () => {
    assert.ok(holdsTo(isLegacyConsumptionProjectsResponse, LegacyConsumptionProjectsResponseSchema, legacyProjects) > 100);
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
