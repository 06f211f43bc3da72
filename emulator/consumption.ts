// Consumption history, generated on demand (never stored): a seeded PRNG per (series id, time
// bucket) makes every answer deterministic, and 40k projects cost nothing until asked for.
import { ApiError, badRequest } from './errors';
import { prng } from './ids';

export type Granularity = 'hourly' | 'daily' | 'monthly';
export const HISTORY_START = Date.parse('2024-03-01T00:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WINDOW: Record<Granularity, number> = { hourly: 168 * HOUR, daily: 60 * DAY, monthly: 366 * DAY };

export const V1_METRICS = ['active_time_seconds', 'compute_time_seconds', 'written_data_bytes', 'synthetic_storage_size_bytes',
  'data_storage_bytes_hour', 'logical_size_bytes', 'logical_size_bytes_hour'] as const;
export const V1_DEFAULT = V1_METRICS.slice(0, 4);
export const V2_METRICS = ['compute_unit_seconds', 'root_branch_bytes_month', 'child_branch_bytes_month', 'instant_restore_bytes_month',
  'public_network_transfer_bytes', 'private_network_transfer_bytes', 'extra_branches_month', 'snapshot_storage_bytes_month'] as const;
/** Gauges report the value at the end of a bucket; everything else is summed. */
const GAUGES = new Set(['synthetic_storage_size_bytes', 'logical_size_bytes']);

export interface Range {
  from: number;
  to: number;
  granularity: Granularity;
}

export function floorTo(t: number, g: Granularity): number {
  const d = new Date(t);
  if (g === 'hourly') return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours());
  if (g === 'daily') return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

export function nextBucket(t: number, g: Granularity): number {
  if (g === 'hourly') return t + HOUR;
  if (g === 'daily') return t + DAY;
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/** Validates from/to/granularity like the API: 400 for malformed, 406 outside the allowed window. */
export function parseRange(q: URLSearchParams, now = Date.now()): Range {
  const g = q.get('granularity');
  if (g !== 'hourly' && g !== 'daily' && g !== 'monthly') throw badRequest('granularity is required: hourly, daily or monthly');
  const f = q.get('from');
  const t = q.get('to');
  if (!f || !t) throw badRequest('from and to are required date-time parameters');
  const fromRaw = Date.parse(f);
  const toRaw = Date.parse(t);
  if (Number.isNaN(fromRaw) || Number.isNaN(toRaw)) throw badRequest('from and to must be RFC 3339 date-times');
  const from = floorTo(fromRaw, g);
  const to = Math.min(toRaw, now);
  if (from >= toRaw) throw badRequest('from must be before to');
  if (from < HISTORY_START) throw new ApiError(406, 'consumption history is available from 2024-03-01T00:00:00Z');
  // Measured from the requested (unrounded) start so "the last 60 days" includes day 60.
  if (to - fromRaw > WINDOW[g]) {
    throw new ApiError(406, `the requested range is too long for ${g} granularity (hourly: 168 hours, daily: 60 days, monthly: 1 year)`);
  }
  return { from, to, granularity: g };
}

type Values = Record<string, number>;

/** How busy a series is, in [0, 1): fixed per series. */
function levelOf(seriesId: string): number {
  let l = levelMemo.get(seriesId);
  if (l === undefined) {
    if (levelMemo.size >= 100_000) levelMemo.clear();
    l = prng(`level:${seriesId}`)();
    levelMemo.set(seriesId, l);
  }
  return l;
}
const levelMemo = new Map<string, number>();

/** One hour or one day of a series: activity follows weekdays and office hours. */
function unit(seriesId: string, start: number, hours: 1 | 24, createdAt: number, scale: number): Values {
  const level = levelOf(seriesId);
  const r = prng(`${seriesId}:${start}:${hours}`);
  const d = new Date(start);
  const weekend = d.getUTCDay() === 0 || d.getUTCDay() === 6 ? 0.35 : 1;
  const office = hours === 1 ? (d.getUTCHours() >= 8 && d.getUTCHours() < 20 ? 1 : 0.25) : 0.6;
  const activeSec = Math.round(Math.min(1, (0.15 + level) * weekend * office * (0.4 + 0.8 * r())) * hours * 3600 * scale);
  const cu = 0.25 + Math.floor(level * 4) * 0.25;
  const ageDays = Math.max(0, (start - createdAt) / DAY);
  const storage = Math.round((25_000_000 + level * 400_000_000 + ageDays * 1_200_000 * (0.5 + level)) * scale);
  const written = Math.round(activeSec * (2_000 + level * 40_000) * (0.5 + r()));
  return {
    active_time_seconds: activeSec,
    compute_time_seconds: Math.round(activeSec * cu * 0.6),
    written_data_bytes: written,
    synthetic_storage_size_bytes: storage,
    data_storage_bytes_hour: storage * hours,
    logical_size_bytes: Math.round(storage * 0.8),
    logical_size_bytes_hour: Math.round(storage * 0.8) * hours,
    compute_unit_seconds: Math.round(activeSec * cu),
    root_branch_bytes_month: Math.round((storage * hours) / 730),
    child_branch_bytes_month: Math.round((storage * 0.15 * hours) / 730),
    instant_restore_bytes_month: Math.round((written * 0.5 * hours) / 730),
    public_network_transfer_bytes: Math.round(activeSec * (5_000 + level * 90_000) * r()),
    private_network_transfer_bytes: 0,
    extra_branches_month: hours === 24 && level > 0.6 ? 1 : 0,
    snapshot_storage_bytes_month: 0,
  };
}

/** Metric values for one bucket of a series; undefined before the series existed. */
export function bucketValues(seriesId: string, start: number, g: Granularity, createdAt: number, now: number, scale = 1): Values | undefined {
  const end = nextBucket(start, g);
  if (end <= createdAt || start >= now) return undefined;
  if (g !== 'monthly') return unit(seriesId, start, g === 'hourly' ? 1 : 24, createdAt, scale);
  const out: Values = {};
  for (let day = start; day < end && day < now; day += DAY) {
    if (day + DAY <= createdAt) continue;
    const v = unit(seriesId, day, 24, createdAt, scale);
    for (const k in v) out[k] = GAUGES.has(k) ? v[k] : (out[k] ?? 0) + v[k];
  }
  return out;
}

/** Bucket starts of a range, clipped to when the series existed. */
export function buckets(range: Range, createdAt: number): number[] {
  const out: number[] = [];
  let t = range.from;
  const first = floorTo(Math.max(createdAt, HISTORY_START), range.granularity);
  if (t < first) t = first;
  for (; t < range.to; t = nextBucket(t, range.granularity)) out.push(t);
  return out;
}

/**
 * `2026-11-30T00:00:00Z`. Remembered per instant: a page of 100 projects × 168 hours names the same
 * 169 bucket edges 33,600 times, and formatting each anew was a third of the emulator's time.
 */
export function isoZ(t: number): string {
  let s = isoMemo.get(t);
  if (s === undefined) {
    if (isoMemo.size >= 20_000) isoMemo.clear();
    s = new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
    isoMemo.set(t, s);
  }
  return s;
}
const isoMemo = new Map<number, string>();
