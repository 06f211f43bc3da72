/**
 * The consumption metrics the API returns and how a person reads them.
 *
 * Unit decisions (documented in one place so the chart, the table and the CSV agree):
 * - Current (usage-based, `/consumption_history/v2/projects`) plans bill in decimal units, so
 *   bytes → GB with 1 GB = 10^9 bytes; byte-months → GB-month (same divisor);
 *   compute_unit_seconds → CU-hours (÷ 3600).
 * - Legacy plans (`/consumption_history/projects`) billed in binary gibibytes, so
 *   their byte metrics use GiB = 2^30 bytes; seconds → hours (÷ 3600).
 * - `kind: 'counter'` metrics add up over time (usage in the bucket); `kind: 'gauge'` metrics are
 *   a size at a point in time (legacy `synthetic_storage_size_bytes`, `logical_size_bytes`): they
 *   are summed across projects but never across time — a total over a range is the latest value.
 */
import * as l10n from '@vscode/l10n';
import { formatNumber } from './formatNumber';
export { columnDecimals, formatFixed, formatPercent, formatShare, roundToTotal, tickDecimals, useNumberLocale } from './formatNumber';

export { formatNumber };

export type ApiKind = 'v2' | 'legacy';
export type MetricKind = 'counter' | 'gauge';

export interface MetricDef {
  id: string;
  api: 'v2' | 'legacy';
  label: string;
  /** Unit after conversion, e.g. "CU-hours", in the person's language (GB and GiB stay as they are). */
  unit: string;
  /** Raw value ÷ divisor = value in `unit`. */
  divisor: number;
  kind: MetricKind;
  description: string;
}

const GB = 1e9;
const GIB = 2 ** 30;
const HOUR_S = 3600;

export const V2_METRICS: readonly MetricDef[] = [
  { id: 'compute_unit_seconds', api: 'v2', label: l10n.t('Compute'), unit: l10n.t('CU-hours'), divisor: HOUR_S, kind: 'counter', description: l10n.t('CPU time weighted by compute size') },
  { id: 'root_branch_bytes_month', api: 'v2', label: l10n.t('Root branch storage'), unit: l10n.t('GB-month'), divisor: GB, kind: 'counter', description: l10n.t('Storage on root branches') },
  { id: 'child_branch_bytes_month', api: 'v2', label: l10n.t('Child branch storage'), unit: l10n.t('GB-month'), divisor: GB, kind: 'counter', description: l10n.t('Storage on child branches (changes from the parent)') },
  { id: 'instant_restore_bytes_month', api: 'v2', label: l10n.t('Instant restore storage'), unit: l10n.t('GB-month'), divisor: GB, kind: 'counter', description: l10n.t('Change history kept for instant restore') },
  { id: 'snapshot_storage_bytes_month', api: 'v2', label: l10n.t('Snapshot storage'), unit: l10n.t('GB-month'), divisor: GB, kind: 'counter', description: l10n.t('Storage used by snapshots') },
  { id: 'public_network_transfer_bytes', api: 'v2', label: l10n.t('Public network transfer'), unit: 'GB', divisor: GB, kind: 'counter', description: l10n.t('Data sent over the public internet') },
  { id: 'private_network_transfer_bytes', api: 'v2', label: l10n.t('Private network transfer'), unit: 'GB', divisor: GB, kind: 'counter', description: l10n.t('Data sent over private networking') },
  { id: 'extra_branches_month', api: 'v2', label: l10n.t('Extra branches'), unit: l10n.t('branch-months'), divisor: 1, kind: 'counter', description: l10n.t('Branches beyond the plan allowance') },
];

export const LEGACY_METRICS: readonly MetricDef[] = [
  { id: 'compute_time_seconds', api: 'legacy', label: l10n.t('Compute time'), unit: l10n.t('CU-hours'), divisor: HOUR_S, kind: 'counter', description: l10n.t('Compute-unit hours used by computes') },
  { id: 'active_time_seconds', api: 'legacy', label: l10n.t('Active time'), unit: l10n.t('hours'), divisor: HOUR_S, kind: 'counter', description: l10n.t('Hours computes were active') },
  { id: 'written_data_bytes', api: 'legacy', label: l10n.t('Written data'), unit: 'GiB', divisor: GIB, kind: 'counter', description: l10n.t('Data written from compute to storage') },
  { id: 'synthetic_storage_size_bytes', api: 'legacy', label: l10n.t('Storage size'), unit: 'GiB', divisor: GIB, kind: 'gauge', description: l10n.t('Space occupied in storage (data and history)') },
  { id: 'data_storage_bytes_hour', api: 'legacy', label: l10n.t('Data storage'), unit: l10n.t('GiB-hours'), divisor: GIB, kind: 'counter', description: l10n.t('Storage consumed, hour by hour') },
  { id: 'logical_size_bytes', api: 'legacy', label: l10n.t('Logical size'), unit: 'GiB', divisor: GIB, kind: 'gauge', description: l10n.t('Logical size of the data') },
  { id: 'logical_size_bytes_hour', api: 'legacy', label: l10n.t('Logical size over time'), unit: l10n.t('GiB-hours'), divisor: GIB, kind: 'counter', description: l10n.t('Logical size, hour by hour') },
];

/** Metrics asked for by default. v2 needs an explicit list; legacy defaults to its first four. */
export const DEFAULT_V2_METRICS: readonly string[] = V2_METRICS.map((m) => m.id);
export const DEFAULT_LEGACY_METRICS: readonly string[] = [
  'active_time_seconds',
  'compute_time_seconds',
  'written_data_bytes',
  'synthetic_storage_size_bytes',
];

const BY_ID = new Map<string, MetricDef>([...V2_METRICS, ...LEGACY_METRICS].map((m) => [m.id, m]));

/** The definition of a metric; unknown metric names get a neutral "raw" definition. */
export function metricDef(id: string): MetricDef {
  return BY_ID.get(id) ?? { id, api: 'v2', label: id, unit: '', divisor: 1, kind: 'counter', description: '' };
}

export function metricsFor(api: ApiKind): readonly MetricDef[] {
  return api === 'v2' ? V2_METRICS : LEGACY_METRICS;
}

export function convert(raw: number, metric: string): number {
  return raw / metricDef(metric).divisor;
}

export function formatWithUnit(v: number | null | undefined, metric: string): string {
  const u = metricDef(metric).unit;
  const n = formatNumber(v);
  return u && n !== '—' ? `${n} ${u}` : n;
}
