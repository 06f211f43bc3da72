import { strict as assert } from 'assert';
import fc from 'fast-check';
import {
  buildChart,
  type ConsumptionDataset,
  convertSeries,
  emptyValue,
  isEmpty,
  type LegacyProjectsResponse,
  normalizeLegacy,
  normalizeV2,
  OTHERS_KEY,
  rankProjects,
  seriesTotal,
  shownBuckets,
  shownFigures,
  sortRows,
  stackValues,
  sumSeries,
  tableRows,
  totalSeries,
  type V2ProjectsResponse,
  type V2Timeframe,
} from '../../src/consumption/shape';
import { convert, formatNumber, formatWithUnit, metricDef, V2_METRICS, LEGACY_METRICS } from '../../src/consumption/metrics';
import { type TimeRange } from '../../src/consumption/time';

const T = (s: string) => Date.parse(s);
const day = (d: number) => `2026-11-${String(d).padStart(2, '0')}T00:00:00Z`;
const RANGE: TimeRange = { granularity: 'daily', from: T(day(1)), to: T(day(6)) }; // 5 buckets
const NOW = T('2026-11-04T12:00:00Z'); // buckets 1..4 are past/current, 5 is future

function v2tf(d: number, metrics: Record<string, number>) {
  return { timeframe_start: day(d), timeframe_end: day(d + 1), metrics: Object.entries(metrics).map(([metric_name, value]) => ({ metric_name, value })) };
}
function v2project(id: string, rows: V2Timeframe[]) {
  return { project_id: id, periods: [{ period_id: 'p1', period_plan: 'scale', period_start: day(1), consumption: rows }] };
}

describe('consumption metrics: units', () => {
  it('converts to units a person reads', () => {
    assert.equal(convert(7200, 'compute_unit_seconds'), 2);
    assert.equal(convert(3e9, 'root_branch_bytes_month'), 3);
    assert.equal(convert(5e8, 'public_network_transfer_bytes'), 0.5);
    assert.equal(convert(1800, 'active_time_seconds'), 0.5);
    assert.equal(convert(2 ** 31, 'written_data_bytes'), 2);
    assert.equal(metricDef('compute_unit_seconds').unit, 'CU-hours');
    assert.equal(metricDef('child_branch_bytes_month').unit, 'GB-month');
    assert.equal(metricDef('active_time_seconds').unit, 'hours');
    assert.equal(metricDef('synthetic_storage_size_bytes').kind, 'gauge');
    assert.equal(metricDef('mystery_metric').label, 'mystery_metric');
    assert.equal(convert(12, 'mystery_metric'), 12);
  });
  it('knows every v2 and legacy metric of the spec', () => {
    assert.equal(V2_METRICS.length, 8);
    assert.equal(LEGACY_METRICS.length, 7);
  });
  it('formats numbers', () => {
    assert.equal(formatNumber(null), '—');
    assert.equal(formatNumber(0), '0');
    assert.equal(formatNumber(1234.5678), '1,234.57');
    assert.equal(formatNumber(0.000123456), '0.000123');
    assert.equal(formatWithUnit(2, 'compute_unit_seconds'), '2 CU-hours');
    assert.equal(formatWithUnit(null, 'compute_unit_seconds'), '—');
  });
});

describe('consumption shape: normalising API pages', () => {
  const page1: V2ProjectsResponse = {
    projects: [
      v2project('alpha-1', [v2tf(1, { compute_unit_seconds: 3600, root_branch_bytes_month: 1e9 }), v2tf(3, { compute_unit_seconds: 7200 })]),
      v2project('beta-2', [v2tf(2, { compute_unit_seconds: 1800, unknown_metric: 5 })]),
    ],
    pagination: { cursor: 'beta-2' },
  };
  const page2: V2ProjectsResponse = { projects: [v2project('gamma-3', [v2tf(4, { compute_unit_seconds: 360 })])] };
  const ds = normalizeV2([page1, page2], { range: RANGE, metrics: ['compute_unit_seconds', 'root_branch_bytes_month'], now: NOW, names: { 'alpha-1': 'Alpha' } });

  it('has one value per bucket for every project and metric', () => {
    assert.equal(ds.buckets.length, 5);
    assert.deepEqual(ds.projects.map((p) => p.id), ['alpha-1', 'beta-2', 'gamma-3']);
    for (const p of ds.projects) for (const m of ds.metrics) assert.equal(p.values[m]!.length, 5);
  });
  it('fills missing counter buckets with 0 up to now and null after', () => {
    assert.deepEqual(ds.projects[0]!.values.compute_unit_seconds, [3600, 0, 7200, 0, null]);
    assert.deepEqual(ds.projects[0]!.values.root_branch_bytes_month, [1e9, 0, 0, 0, null]);
    assert.equal(emptyValue('compute_unit_seconds', T('2024-02-01T00:00:00Z'), NOW), null, 'before history');
    assert.equal(emptyValue('synthetic_storage_size_bytes', T(day(1)), NOW), null, 'gauges are never invented');
  });
  it('uses names where known and ids otherwise', () => {
    assert.deepEqual(ds.projects.map((p) => p.name), ['Alpha', 'beta-2', 'gamma-3']);
  });
  it('ignores metrics not asked for and rows outside the range', () => {
    const out = normalizeV2([{ projects: [v2project('x', [v2tf(20, { compute_unit_seconds: 99 }), { metrics: [] }, { timeframe_start: 'garbage', metrics: [] }])] }], { range: RANGE, metrics: ['compute_unit_seconds'], now: NOW });
    assert.deepEqual(out.projects[0]!.values.compute_unit_seconds, [0, 0, 0, 0, null]);
    assert.equal(out.projects[0]!.values.unknown_metric, undefined);
  });
  it('adds counter rows of one bucket split across billing periods and merges a project across pages', () => {
    const a = { project_id: 'x', periods: [{ consumption: [v2tf(1, { compute_unit_seconds: 100 })] }, { consumption: [v2tf(1, { compute_unit_seconds: 50 })] }] };
    const b = { project_id: 'x', periods: [{ consumption: [v2tf(2, { compute_unit_seconds: 7 })] }] };
    const out = normalizeV2([{ projects: [a] }, { projects: [b] }], { range: RANGE, metrics: ['compute_unit_seconds'], now: NOW });
    assert.equal(out.projects.length, 1);
    assert.deepEqual(out.projects[0]!.values.compute_unit_seconds, [150, 7, 0, 0, null]);
  });
  it('buckets hourly rows by their UTC start even with an offset or seconds', () => {
    const r: TimeRange = { granularity: 'hourly', from: T('2026-11-04T00:00:00Z'), to: T('2026-11-04T03:00:00Z') };
    const out = normalizeV2([{ projects: [v2project('x', [{ timeframe_start: '2026-11-04T03:00:00+02:00', metrics: [{ metric_name: 'compute_unit_seconds', value: 5 }] }])] }], { range: r, metrics: ['compute_unit_seconds'], now: NOW });
    assert.deepEqual(out.projects[0]!.values.compute_unit_seconds, [0, 5, 0]);
  });

  const legacy: LegacyProjectsResponse = {
    projects: [
      {
        project_id: 'old-1',
        periods: [
          { consumption: [{ timeframe_start: day(1), active_time_seconds: 3600, compute_time_seconds: 900, written_data_bytes: 2 ** 30, synthetic_storage_size_bytes: 2 ** 31 }] },
          { consumption: [{ timeframe_start: day(1), active_time_seconds: 3600, synthetic_storage_size_bytes: 2 ** 32 }, { timeframe_start: day(3), synthetic_storage_size_bytes: 2 ** 30 }] },
        ],
      },
    ],
  };
  it('reads legacy flat fields; counters add, gauges keep the later row and stay null when missing', () => {
    const out = normalizeLegacy([legacy], { range: RANGE, metrics: ['active_time_seconds', 'synthetic_storage_size_bytes'], now: NOW });
    assert.equal(out.api, 'legacy');
    assert.deepEqual(out.projects[0]!.values.active_time_seconds, [7200, 0, 0, 0, null]);
    assert.deepEqual(out.projects[0]!.values.synthetic_storage_size_bytes, [2 ** 32, null, 2 ** 30, null, null]);
    // The total over the range of a size is the latest known size, not a sum.
    assert.equal(seriesTotal(out.projects[0]!.values.synthetic_storage_size_bytes!, 'synthetic_storage_size_bytes'), 2 ** 30);
  });
  it('sums org totals from the per-project series', () => {
    assert.deepEqual(totalSeries(ds, 'compute_unit_seconds'), [3600, 1800, 7200, 360, null]);
    assert.deepEqual(sumSeries([[null, 1], [null, null]], 2), [null, 1]);
  });
});

function dataset(totals: (number | null)[][], metric = 'compute_unit_seconds'): ConsumptionDataset {
  const n = totals[0]?.length ?? 0;
  return {
    api: 'v2',
    range: { granularity: 'daily', from: 0, to: n * 86400e3 },
    buckets: Array.from({ length: n }, (_, i) => i * 86400e3),
    metrics: [metric],
    projects: totals.map((vals, i) => ({ id: `p-${i}`, name: `Project ${String(i).padStart(2, '0')}`, values: { [metric]: vals } })),
    fetchedAt: n * 86400e3,
  };
}

describe('consumption shape: chart model', () => {
  it('total mode draws one converted series', () => {
    const c = buildChart(dataset([[3600, 7200], [0, 3600]]), { metric: 'compute_unit_seconds', mode: 'total' });
    assert.equal(c.stacked, false);
    assert.deepEqual(c.series.map((s) => s.label), ['Total']);
    assert.deepEqual(c.series[0]!.values, [1, 3]);
    assert.equal(c.total, 4);
    assert.equal(c.unit, 'CU-hours');
    assert.deepEqual(c.x, [0, 86400]);
  });
  it('projects mode ranks by total, keeps the top N and folds the rest into Others', () => {
    const ds = dataset([[3600, 0], [36000, 0], [7200, 0], [0, 0], [1, 1]]);
    const c = buildChart(ds, { metric: 'compute_unit_seconds', mode: 'projects', topN: 2 });
    assert.equal(c.stacked, true);
    assert.deepEqual(c.series.map((s) => s.label), ['Project 01', 'Project 02', 'Others (3 projects)']);
    assert.equal(c.series[2]!.key, OTHERS_KEY);
    assert.equal(c.series[2]!.total, (3600 + 2) / 3600);
  });
  it('never makes an Others of a single project', () => {
    const c = buildChart(dataset([[1], [2], [3]]), { metric: 'compute_unit_seconds', mode: 'projects', topN: 2 });
    assert.deepEqual(c.series.map((s) => s.key), ['p-2', 'p-1', 'p-0']);
  });
  it('ties rank by name', () => {
    assert.deepEqual(rankProjects(dataset([[1], [1], [2]]), 'compute_unit_seconds').map((r) => r.project.id), ['p-2', 'p-0', 'p-1']);
  });
  it('property: the stacked series always add up to the total', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.option(fc.nat(1_000_000), { nil: null }), { minLength: 6, maxLength: 6 }), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 12 }),
        (rows, topN) => {
          const ds = dataset(rows);
          const c = buildChart(ds, { metric: 'compute_unit_seconds', mode: 'projects', topN });
          const total = convertSeries(totalSeries(ds, 'compute_unit_seconds'), 'compute_unit_seconds');
          const stacked = stackValues(c.series.map((s) => s.values));
          const top = stacked[stacked.length - 1]!;
          for (let i = 0; i < 6; i++) {
            if (total[i] === null) assert.equal(top[i], null);
            else assert.ok(Math.abs(top[i]! - total[i]!) < 1e-9);
          }
          assert.ok(c.series.length <= topN + 1);
        },
      ),
      { numRuns: 200 },
    );
  });
  it('stacks cumulatively and keeps all-null buckets null', () => {
    assert.deepEqual(stackValues([[1, null, null], [2, 3, null]]), [[1, null, null], [3, 3, null]]);
  });
  it('knows when there is nothing to draw', () => {
    assert.equal(isEmpty(dataset([[0, 0], [0, null]]), 'compute_unit_seconds'), true);
    assert.equal(isEmpty(dataset([]), 'compute_unit_seconds'), true);
    assert.equal(isEmpty(dataset([[0, 1]]), 'compute_unit_seconds'), false);
  });
});

describe('consumption shape: table', () => {
  const ds = dataset([[3600, 3600], [0, 0], [36000, 3600], [null, null]]);
  const rows = tableRows(ds, 'compute_unit_seconds');
  it('gives each project its total, share and peak in display units', () => {
    assert.deepEqual(rows.map((r) => [r.id, r.total, r.peak]), [['p-0', 2, 1], ['p-1', 0, 0], ['p-2', 11, 10], ['p-3', null, null]]);
    const shares = rows.map((r) => r.share ?? 0);
    assert.ok(Math.abs(shares.reduce((a, b) => a + b, 0) - 1) < 1e-12);
  });
  it("writes each project's total and share so the column adds up to the total row, and the legend alike (walk 28: whole numbers read one less)", () => {
    const h = 3600; // seconds in a CU-hour
    // 100.4 + 10.4 + 10.4 + 10.3 = 131.5 CU-hours, written 132; one by one the rows read 100 + 10 + 10 + 10 = 130.
    const ds = dataset([[100.4 * h], [10.4 * h], [10.4 * h], [10.3 * h]]);
    const f = shownFigures(ds, 'compute_unit_seconds');
    assert.equal(f.totalDecimals, 0);
    assert.equal(tableRows(ds, 'compute_unit_seconds').map((r) => Math.round(r.total!)).reduce((a, b) => a + b), 130, 'precondition: one by one they read 130');
    // The two values rounded down the most go up; of the three alike, the larger and then the earlier.
    assert.deepEqual([...f.totals.entries()], [['p-0', 101], ['p-1', 11], ['p-2', 10], ['p-3', 10]]);
    // Shares: 76.3 + 7.9 + 7.9 + 7.8 = 99.9 one by one.
    assert.deepEqual([...f.shares.values()], [76.4, 7.9, 7.9, 7.8]);
    // The legend by project: the top two as the table writes them, Others the sum of its rows as written.
    const chart = buildChart(ds, { metric: 'compute_unit_seconds', mode: 'projects', topN: 2 });
    assert.deepEqual(chart.series.map((s) => [s.key, s.shown]), [['p-0', 101], ['p-1', 11], [OTHERS_KEY, 20]]);
    assert.equal(chart.shownDecimals, 0);
    // Rows that already add up are written as one by one: 100.4 + 10.6 = 111.
    const fine = shownFigures(dataset([[100.4 * h], [10.6 * h]]), 'compute_unit_seconds');
    assert.deepEqual([...fine.totals.values()], [100, 11]);
    assert.deepEqual([...fine.shares.values()], [90.5, 9.5]);
    // Latest sizes (a gauge) that do not add up to the total's latest are rounded one by one.
    const sizes = dataset([[2.4e9 * 1.073741824, null], [1.4e9 * 1.073741824, 1.4e9 * 1.073741824]], 'synthetic_storage_size_bytes');
    const gauge = shownFigures(sizes, 'synthetic_storage_size_bytes');
    assert.deepEqual([...gauge.totals.values()].map((v) => Number(v!.toFixed(2))), [2.4, 1.4]);
  });

  it('the per-bucket figures add up to the total written, as the projects table\'s do (walk 30: 397 + 383 + 67 under 846)', () => {
    const h = 3600;
    // One project, three buckets of 396.6, 382.6 and 66.8 CU-hours: 846 in all; one by one 397 + 383 + 67 = 847.
    const ds = dataset([[396.6 * h, 382.6 * h, 66.8 * h]]);
    assert.equal([396.6, 382.6, 66.8].map(Math.round).reduce((a, b) => a + b), 847, 'precondition');
    const b = shownBuckets(ds, 'compute_unit_seconds');
    assert.equal(b.decimals, 0);
    assert.deepEqual(b.values, [397, 382, 67]);
    // A gauge's buckets are not parts of a total: rounded one by one.
    const sizes = shownBuckets(dataset([[2.4e9 * 1.073741824, 2.6e9 * 1.073741824]], 'synthetic_storage_size_bytes'), 'synthetic_storage_size_bytes');
    assert.deepEqual(sizes.values.map((v) => Number(v!.toFixed(2))), [2.4, 2.6]);
  });

  it('sorts both ways with missing values last and is stable', () => {
    assert.deepEqual(sortRows(rows, 'total', 'desc').map((r) => r.id), ['p-2', 'p-0', 'p-1', 'p-3']);
    assert.deepEqual(sortRows(rows, 'total', 'asc').map((r) => r.id), ['p-1', 'p-0', 'p-2', 'p-3']);
    assert.deepEqual(sortRows(rows, 'name', 'desc').map((r) => r.id), ['p-3', 'p-2', 'p-1', 'p-0']);
    assert.deepEqual(sortRows(rows, 'peak', 'asc').map((r) => r.id), ['p-1', 'p-0', 'p-2', 'p-3']);
  });

  it('sorts names as the tree does, numbers by their value (walk 33 read project-1-1, project-1-10, project-1-100, …), ties in the dataset order', () => {
    const named = ['project-1-100', 'project-1-10', 'Project-1-2', 'project-1-1', 'project-1-2', 'project-1-1000'].map((name, i) => ({ id: `p-${i}`, name, total: 1, share: null, peak: null }));
    assert.deepEqual(sortRows(named, 'name', 'asc').map((r) => r.name), ['project-1-1', 'Project-1-2', 'project-1-2', 'project-1-10', 'project-1-100', 'project-1-1000']);
    // Descending reverses the names; the two that compare equal keep their order both ways.
    assert.deepEqual(sortRows(named, 'name', 'desc').map((r) => r.name), ['project-1-1000', 'project-1-100', 'project-1-10', 'Project-1-2', 'project-1-2', 'project-1-1']);
    // Equal totals fall back to the names, also in numeric order.
    assert.deepEqual(sortRows(named, 'total', 'desc').map((r) => r.name), ['project-1-1', 'Project-1-2', 'project-1-2', 'project-1-10', 'project-1-100', 'project-1-1000']);
  });
});
