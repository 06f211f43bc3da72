/**
 * Turns consumption API responses into bucketed series, then into what the chart and the table
 * draw. Pure functions, no `vscode`, no DOM: the host and the page both import this module.
 *
 * Gap policy (decided here, relied on by chart, table and CSV):
 * - A counter metric (usage per bucket) with no row for a bucket that lies inside the available
 *   history (on/after 2024-03-01 and starting no later than now) is **0**: the API omits
 *   buckets without usage. Buckets before history or in the future are **null** (no data; the
 *   chart leaves a gap, the table shows "—").
 * - A gauge metric (a size, legacy plans only) with no row is **null**: a missing size is
 *   unknown, not zero, and drawing a drop to zero would lie.
 * - Two rows for one bucket (a billing period that changed inside the bucket) are added for a
 *   counter and the later one wins for a gauge. Rows outside the requested buckets are ignored.
 */
import type { ConsumptionProject, LegacyConsumptionPeriod, LegacyConsumptionProject } from '../api';
import { type ApiKind, columnDecimals, convert, metricDef, roundToTotal } from './metrics';
import { bucketStart, bucketStarts, HISTORY_START, type TimeRange } from './time';
import * as l10n from '@vscode/l10n';

// ---------------------------------------------------------------------------------------------
// A page of either API: the projects as the schemas in src/api/schemas/consumption.ts read them
// (types only: nothing of the client is bundled), and the cursor of the next page.

interface ConsumptionPage<P> {
  projects: P[];
  pagination?: { cursor?: string };
}
/** A page of `/consumption_history/v2/projects`. */
export type V2ProjectsResponse = ConsumptionPage<ConsumptionProject>;
/** A page of `/consumption_history/projects` (legacy plans: the metrics are flat fields of a timeframe). */
export type LegacyProjectsResponse = ConsumptionPage<LegacyConsumptionProject>;
/** A v2 timeframe: its metrics are a list of `{ metric_name, value }`. */
export type V2Timeframe = ConsumptionProject['periods'][number]['consumption'][number];

// ---------------------------------------------------------------------------------------------
// The dataset: bucketed raw values (API units), serialisable as JSON for the webview.

export type Values = (number | null)[];

export interface ProjectSeries {
  id: string;
  name: string;
  /** metric id → one value per bucket, raw API units. */
  values: Record<string, Values>;
}

export interface ConsumptionDataset {
  api: ApiKind;
  range: TimeRange;
  /** Bucket starts, epoch ms UTC; every series has exactly this length. */
  buckets: number[];
  /** Metrics present in the dataset, in display order. */
  metrics: string[];
  projects: ProjectSeries[];
  /** When the data was fetched (epoch ms); "now" for the gap policy. */
  fetchedAt: number;
}

/** Value for a bucket that has no row, following the gap policy above. */
export function emptyValue(metric: string, bucket: number, now: number): number | null {
  if (metricDef(metric).kind === 'gauge') return null;
  if (bucket < HISTORY_START || bucket > now) return null;
  return 0;
}

function seriesFrame(buckets: number[], metrics: string[], now: number): Record<string, Values> {
  const out: Record<string, Values> = {};
  for (const m of metrics) out[m] = buckets.map((b) => emptyValue(m, b, now));
  return out;
}

function bucketIndex(buckets: number[], range: TimeRange): (iso: string | null | undefined) => number {
  const idx = new Map<number, number>();
  buckets.forEach((b, i) => idx.set(b, i));
  // Every project repeats the same timeframe_start strings: parse each once.
  const byText = new Map<string, number>();
  return (iso) => {
    if (!iso) return -1;
    let i = byText.get(iso);
    if (i === undefined) {
      const t = Date.parse(iso);
      i = Number.isFinite(t) ? idx.get(bucketStart(t, range.granularity)) ?? -1 : -1;
      byText.set(iso, i);
    }
    return i;
  };
}

/** Which buckets of a project's series already had a row, per metric (duplicates add up or replace). */
type Seen = Record<string, Uint8Array>;

function put(values: Values, i: number, metric: string, raw: unknown, seen: Seen): void {
  if (typeof raw !== 'number' || !Number.isFinite(raw)) return;
  const marks = (seen[metric] ??= new Uint8Array(values.length));
  const first = marks[i] === 0;
  marks[i] = 1;
  if (first || metricDef(metric).kind === 'gauge') values[i] = raw;
  else values[i] = (values[i] ?? 0) + raw;
}

export interface NormalizeOptions {
  range: TimeRange;
  metrics: readonly string[];
  /** project id → name; ids without a name are shown as the id. */
  names?: ReadonlyMap<string, string> | Record<string, string>;
  now: number;
}

function nameOf(names: NormalizeOptions['names'], id: string): string {
  if (!names) return id;
  const n = names instanceof Map ? names.get(id) : (names as Record<string, string>)[id];
  return typeof n === 'string' && n.length > 0 ? n : id;
}

type Fill<P> = (values: Record<string, Values>, project: P, index: (iso: string | null | undefined) => number, metrics: string[], seen: Seen) => void;

/** One series per project across all pages (a project may span pages); `fill` adds one page's rows. */
function accumulate<P extends { project_id: string }>(pages: readonly { projects?: readonly P[] }[], opts: NormalizeOptions, fill: Fill<P>) {
  const buckets = bucketStarts(opts.range);
  const index = bucketIndex(buckets, opts.range);
  const metrics = [...opts.metrics];
  const byId = new Map<string, ProjectSeries>();
  const seen = new Map<string, Seen>();
  for (const page of pages) {
    for (const p of page.projects ?? []) {
      let s = byId.get(p.project_id);
      if (!s) {
        s = { id: p.project_id, name: nameOf(opts.names, p.project_id), values: seriesFrame(buckets, metrics, opts.now) };
        byId.set(p.project_id, s);
        seen.set(p.project_id, {});
      }
      fill(s.values, p, index, metrics, seen.get(p.project_id)!);
    }
  }
  return { range: opts.range, buckets, metrics, projects: [...byId.values()], fetchedAt: opts.now };
}

/** Merges the pages of a v2 (`/consumption_history/v2/projects`) response into a dataset. */
export function normalizeV2(pages: readonly V2ProjectsResponse[], opts: NormalizeOptions): ConsumptionDataset {
  const fill: Fill<ConsumptionProject> = (values, p, index, _metrics, seen) => {
    for (const period of p.periods ?? []) {
      for (const tf of period.consumption ?? []) {
        const i = index(tf.timeframe_start);
        if (i < 0) continue;
        for (const mv of tf.metrics ?? []) {
          const arr = values[mv.metric_name];
          if (!arr) continue; // not asked for
          put(arr, i, mv.metric_name, mv.value, seen);
        }
      }
    }
  };
  return { api: 'v2', ...accumulate(pages, opts, fill) };
}

function fillLegacy(values: Record<string, Values>, periods: readonly LegacyConsumptionPeriod[] | undefined, index: (iso: string | null | undefined) => number, metrics: string[], seen: Seen): void {
  for (const period of periods ?? []) {
    for (const tf of period.consumption ?? []) {
      const i = index(tf.timeframe_start);
      if (i < 0) continue;
      for (const m of metrics) put(values[m]!, i, m, (tf as Record<string, unknown>)[m], seen);
    }
  }
}

/** Merges the pages of a legacy (`/consumption_history/projects`) response into a dataset. */
export function normalizeLegacy(pages: readonly LegacyProjectsResponse[], opts: NormalizeOptions): ConsumptionDataset {
  const fill: Fill<LegacyConsumptionProject> = (values, p, index, metrics, seen) => fillLegacy(values, p.periods, index, metrics, seen);
  return { api: 'legacy', ...accumulate(pages, opts, fill) };
}

/**
 * The dataset with the series of one metric only (`metrics` still lists them all): what the page
 * gets, so a chart of 100 projects posts a quarter to an eighth of the numbers. An unknown metric
 * falls back to the first.
 */
export function sliceMetric(ds: ConsumptionDataset, metric: string | undefined): { metric: string; dataset: ConsumptionDataset } {
  const m = metric !== undefined && ds.metrics.includes(metric) ? metric : ds.metrics[0] ?? '';
  const projects = ds.projects.map((p) => ({ id: p.id, name: p.name, values: p.values[m] ? { [m]: p.values[m] } : {} }));
  return { metric: m, dataset: { ...ds, projects } };
}

/**
 * A dataset loaded in parts (the drawn metric first, the others after): `a` with the series of
 * `b`'s metrics added, `metrics` in `a`'s order. A project only one part has gets empty series
 * (the gap policy) for the other part's metrics; `a`'s names win.
 */
export function mergeMetrics(a: ConsumptionDataset, b: ConsumptionDataset): ConsumptionDataset {
  const fromB = new Map(b.projects.map((p) => [p.id, p]));
  const inA = new Set(a.projects.map((p) => p.id));
  const fill = (p: ProjectSeries, other: ProjectSeries | undefined): ProjectSeries => {
    const values: Record<string, Values> = {};
    for (const m of a.metrics) values[m] = p.values[m] ?? other?.values[m] ?? a.buckets.map((t) => emptyValue(m, t, a.fetchedAt));
    return { id: p.id, name: p.name, values };
  };
  const projects = a.projects.map((p) => fill(p, fromB.get(p.id)));
  for (const p of b.projects) if (!inA.has(p.id)) projects.push(fill(p, undefined));
  return { ...a, projects };
}

// ---------------------------------------------------------------------------------------------
// Arithmetic on series

/** Element-wise sum; null + null = null, null + x = x. */
export function sumSeries(series: readonly Values[], length: number): Values {
  const out: Values = new Array(length).fill(null);
  for (const s of series) {
    for (let i = 0; i < length; i++) {
      const v = s[i];
      if (v === null || v === undefined) continue;
      out[i] = (out[i] ?? 0) + v;
    }
  }
  return out;
}

/** Total over time for one series: sum for counters, latest non-null value for gauges. */
export function seriesTotal(values: Values, metric: string): number | null {
  if (metricDef(metric).kind === 'gauge') {
    for (let i = values.length - 1; i >= 0; i--) if (values[i] !== null && values[i] !== undefined) return values[i]!;
    return null;
  }
  let t: number | null = null;
  for (const v of values) if (v !== null && v !== undefined) t = (t ?? 0) + v;
  return t;
}

/** Org (or project) total per bucket, raw units: summed from the per-project series. */
export function totalSeries(ds: ConsumptionDataset, metric: string): Values {
  return sumSeries(ds.projects.map((p) => p.values[metric] ?? []), ds.buckets.length);
}

export function convertSeries(values: Values, metric: string): Values {
  return values.map((v) => (v === null ? null : convert(v, metric)));
}

// ---------------------------------------------------------------------------------------------
// Chart model

export type ChartMode = 'total' | 'projects';

export interface ChartSeries {
  /** Stable key: a project id, `__others__` or `__total__`. */
  key: string;
  label: string;
  /** Values in display units, one per bucket. */
  values: Values;
  /** Total over the range in display units (see seriesTotal). */
  total: number | null;
  /** By project: `total` as the projects table writes it (ChartModel.shownDecimals, shownFigures); Others, the sum of its projects' so written. */
  shown?: number | null;
}

export interface ChartModel {
  metric: string;
  unit: string;
  label: string;
  granularity: TimeRange['granularity'];
  /** Bucket starts in epoch seconds (what uPlot wants). */
  x: number[];
  series: ChartSeries[];
  /** Draw `series` stacked (projects mode) or as one line/area (total). */
  stacked: boolean;
  /** Total over the range in display units. */
  total: number | null;
  /** By project: the decimals of the series' `shown` totals (the projects table's total column). */
  shownDecimals?: number;
}

export const OTHERS_KEY = '__others__';
export const TOTAL_KEY = '__total__';

export interface ChartOptions {
  metric: string;
  mode: ChartMode;
  /** How many projects get their own series in projects mode; the rest become "Others". */
  topN?: number;
}

let collator: Intl.Collator | undefined;
/**
 * Project names as the tree orders them (src/tree/projectFilter.ts): numbers in numeric order and
 * any case, so project-1-2 comes before project-1-10 (walk 33 read 1, 10, 100, 1000, 1001, …).
 * Made on first use: a page that never sorts by name creates no collator.
 */
export function compareNames(a: string, b: string): number {
  collator ??= new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
  return collator.compare(a, b);
}

/** Projects ranked by their total of a metric, largest first; ties by name then id. */
export function rankProjects(ds: ConsumptionDataset, metric: string): { project: ProjectSeries; total: number | null }[] {
  return ds.projects
    .map((project) => ({ project, total: seriesTotal(project.values[metric] ?? [], metric) }))
    .sort((a, b) => (b.total ?? -1) - (a.total ?? -1) || compareNames(a.project.name, b.project.name) || a.project.id.localeCompare(b.project.id));
}

export function buildChart(ds: ConsumptionDataset, opts: ChartOptions): ChartModel {
  const def = metricDef(opts.metric);
  const x = ds.buckets.map((b) => Math.floor(b / 1000));
  const total = convertSeries(totalSeries(ds, opts.metric), opts.metric);
  const base = { metric: opts.metric, unit: def.unit, label: def.label, granularity: ds.range.granularity, x, total: seriesTotal(total, opts.metric) };
  if (opts.mode === 'total' || ds.projects.length === 0) {
    return { ...base, stacked: false, series: [{ key: TOTAL_KEY, label: l10n.t('Total'), values: total, total: base.total }] };
  }
  const topN = Math.max(1, Math.floor(opts.topN ?? 8));
  const ranked = rankProjects(ds, opts.metric);
  const top = ranked.length > topN + 1 ? ranked.slice(0, topN) : ranked; // never an "Others" of one
  const rest = ranked.slice(top.length);
  // The legend's totals read as the table's rows, which add up to its total (shownFigures).
  const shown = shownFigures(ds, opts.metric);
  const series: ChartSeries[] = top.map(({ project }) => {
    const values = convertSeries(project.values[opts.metric] ?? ds.buckets.map(() => null), opts.metric);
    return { key: project.id, label: project.name, values, total: seriesTotal(values, opts.metric), shown: shown.totals.get(project.id) ?? null };
  });
  if (rest.length > 0) {
    const values = convertSeries(sumSeries(rest.map((r) => r.project.values[opts.metric] ?? []), ds.buckets.length), opts.metric);
    // Summed in last decimals: adding 0.1s as doubles would write 0.30000000000000004.
    const scale = 10 ** shown.totalDecimals;
    const written = rest.map((r) => shown.totals.get(r.project.id) ?? null).filter((v): v is number => v !== null);
    const others = written.length === 0 ? null : written.reduce((sum, v) => sum + Math.round(v * scale), 0) / scale;
    series.push({ key: OTHERS_KEY, label: l10n.t('Others ({0} projects)', rest.length), values, total: seriesTotal(values, opts.metric), shown: others });
  }
  // Stacking only makes sense for things that add up; gauges add up across projects too.
  return { ...base, stacked: true, series, shownDecimals: shown.totalDecimals };
}

/**
 * Cumulative sums for a stacked area chart: result[k] = series[0] + … + series[k]. A null stays
 * null only when every series up to k is null at that bucket.
 */
export function stackValues(series: readonly Values[]): Values[] {
  const out: Values[] = [];
  let acc: Values | undefined;
  for (const s of series) {
    const next: Values = s.map((v, i) => {
      const prev = acc ? acc[i] ?? null : null;
      if (v === null || v === undefined) return prev;
      return (prev ?? 0) + v;
    });
    out.push(next);
    acc = next;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Table model

export interface TableRow {
  id: string;
  name: string;
  /** Total over the range in display units (latest value for gauges). */
  total: number | null;
  /** Share of the org total, 0..1 (null when the total is 0 or unknown). */
  share: number | null;
  /** Largest bucket value in display units. */
  peak: number | null;
}

export type SortKey = 'name' | 'total' | 'share' | 'peak';
export type SortDir = 'asc' | 'desc';

export function tableRows(ds: ConsumptionDataset, metric: string): TableRow[] {
  const grand = seriesTotal(convertSeries(totalSeries(ds, metric), metric), metric);
  return ds.projects.map((p) => {
    const values = convertSeries(p.values[metric] ?? [], metric);
    const total = seriesTotal(values, metric);
    let peak: number | null = null;
    for (const v of values) if (v !== null && (peak === null || v > peak)) peak = v;
    const share = total !== null && grand !== null && grand > 0 ? total / grand : null;
    return { id: p.id, name: p.name, total, share, peak };
  });
}

/** The projects table's figures as written: one number of decimals per column, adding up to the total row. */
export interface ShownFigures {
  /** The total column's decimals (its largest value's, the grand total's, and its smallest's; see columnDecimals). */
  totalDecimals: number;
  grand: number | null;
  /** Each project's total rounded to `totalDecimals`, so the column adds up to `grand` written alike (roundToTotal). */
  totals: Map<string, number | null>;
  /** Each project's share in percent rounded to one decimal, so the column adds up to 100.0% (a real share rounded to 0.0 is written "<0.1%" and counts as 0.0: formatShare). */
  shares: Map<string, number | null>;
}

/**
 * Rounded one by one, whole-number rows could add up to one less (or more) than the total under
 * them (walk 28). Worked out in the dataset's order, so the table in any sort and the chart's
 * legend write each project alike.
 */
export function shownFigures(ds: ConsumptionDataset, metric: string): ShownFigures {
  const rows = tableRows(ds, metric);
  const grand = seriesTotal(convertSeries(totalSeries(ds, metric), metric), metric);
  const totalDecimals = columnDecimals([grand, ...rows.map((r) => r.total)]);
  const totals = roundToTotal(rows.map((r) => r.total), grand, totalDecimals);
  const shares = roundToTotal(rows.map((r) => (r.share === null ? null : r.share * 100)), grand !== null && grand > 0 ? 100 : null, 1);
  return { totalDecimals, grand, totals: new Map(rows.map((r, i) => [r.id, totals[i]!])), shares: new Map(rows.map((r, i) => [r.id, shares[i]!])) };
}

/**
 * The per-bucket table's figures: the total series at one precision, rounded so that they add up
 * to the total the page writes (largest remainder, as the projects table; walk 30 read 397 + 383 +
 * 67 = 847 under a total of 846). A gauge's buckets do not add up to anything and are rounded one by one.
 */
export function shownBuckets(ds: ConsumptionDataset, metric: string): { decimals: number; values: (number | null)[] } {
  const series = convertSeries(totalSeries(ds, metric), metric);
  const decimals = columnDecimals(series);
  return { decimals, values: roundToTotal(series, seriesTotal(series, metric), decimals) };
}

/** Stable sort (ties keep the dataset's order); names in natural order (compareNames); nulls always last whatever the direction. */
export function sortRows(rows: readonly TableRow[], key: SortKey, dir: SortDir): TableRow[] {
  const sign = dir === 'asc' ? 1 : -1;
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => {
      if (key === 'name') return sign * compareNames(a.r.name, b.r.name) || a.i - b.i;
      const va = a.r[key];
      const vb = b.r[key];
      if (va === null && vb === null) return a.i - b.i;
      if (va === null) return 1;
      if (vb === null) return -1;
      return sign * (va - vb) || compareNames(a.r.name, b.r.name) || a.i - b.i;
    })
    .map((x) => x.r);
}

/** True when the dataset has nothing to draw for the metric (no projects, or all zero/null). */
export function isEmpty(ds: ConsumptionDataset, metric: string): boolean {
  const t = totalSeries(ds, metric);
  return !t.some((v) => v !== null && v !== 0);
}
