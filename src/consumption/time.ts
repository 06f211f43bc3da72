/**
 * UTC bucket arithmetic, granularity windows, presets and custom-range validation.
 *
 * Conventions (used everywhere in src/consumption):
 * - Times are epoch milliseconds, always interpreted in UTC.
 * - A range is half-open `[from, to)`; both ends sit on bucket boundaries of its granularity.
 *   Bucket `b` covers `[b, nextBucket(b))`.
 * - The API rounds `from`/`to` down to the granularity and only serves
 *   hourly data for the last 168 h, daily for the last 60 days and monthly for the last year
 *   (406 otherwise); nothing exists before 2024-03-01T00:00:00Z.
 */
import * as l10n from '@vscode/l10n';

export type Granularity = 'hourly' | 'daily' | 'monthly';
export const GRANULARITIES: readonly Granularity[] = ['hourly', 'daily', 'monthly'];

/** First instant the consumption API has data for. */
export const HISTORY_START = Date.UTC(2024, 2, 1);
export const HISTORY_START_TEXT = '1 March 2024';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface TimeRange {
  granularity: Granularity;
  /** Inclusive, bucket-aligned, epoch ms (UTC). */
  from: number;
  /** Exclusive, bucket-aligned, epoch ms (UTC). */
  to: number;
}

/** Start of the bucket that contains `t`. */
export function bucketStart(t: number, g: Granularity): number {
  if (g === 'hourly') return Math.floor(t / HOUR) * HOUR;
  if (g === 'daily') return Math.floor(t / DAY) * DAY;
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

/** Start of the bucket `n` buckets after the one starting at `b` (n may be negative). */
export function addBuckets(b: number, g: Granularity, n: number): number {
  if (g === 'hourly') return b + n * HOUR;
  if (g === 'daily') return b + n * DAY;
  const d = new Date(b);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1);
}

/** Smallest bucket boundary `>= t`. */
export function bucketCeil(t: number, g: Granularity): number {
  const s = bucketStart(t, g);
  return s === t ? t : addBuckets(s, g, 1);
}

/** Bucket starts `b` with `from <= b < to` (from is floored to the granularity first). */
export function bucketStarts(range: TimeRange): number[] {
  const out: number[] = [];
  let b = bucketStart(range.from, range.granularity);
  // Guard against absurd ranges: never more than 100k buckets.
  while (b < range.to && out.length < 100_000) {
    out.push(b);
    b = addBuckets(b, range.granularity, 1);
  }
  return out;
}

/** Earliest instant the API accepts as `from` for a granularity at time `now`. */
export function windowStart(g: Granularity, now: number): number {
  let w: number;
  if (g === 'hourly') w = now - 168 * HOUR;
  else if (g === 'daily') w = now - 60 * DAY;
  else {
    const d = new Date(now);
    w = Date.UTC(d.getUTCFullYear() - 1, d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
  }
  return Math.max(w, HISTORY_START);
}

/** Earliest bucket start that is inside the window (the window start rounded up). */
export function earliestBucket(g: Granularity, now: number): number {
  return bucketCeil(windowStart(g, now), g);
}

/** Words for the window of a granularity, used in messages. */
export function windowText(g: Granularity): string {
  if (g === 'hourly') return l10n.t('the last 168 hours (7 days)');
  if (g === 'daily') return l10n.t('the last 60 days');
  return l10n.t('the last 12 months');
}

export function granularityLabel(g: Granularity): string {
  return g === 'hourly' ? l10n.t('Hourly') : g === 'daily' ? l10n.t('Daily') : l10n.t('Monthly');
}

export type PresetId = '24h' | '7d' | '30d' | '60d' | '12m';

export interface Preset {
  id: PresetId;
  label: string;
  /** Granularity chosen when the preset is picked. */
  granularity: Granularity;
  /** Number of buckets of `granularity` ending with the current (partial) bucket. */
  buckets: number;
}

export const PRESETS: readonly Preset[] = [
  { id: '24h', label: l10n.t('Last 24 hours'), granularity: 'hourly', buckets: 24 },
  { id: '7d', label: l10n.t('Last 7 days'), granularity: 'hourly', buckets: 168 },
  { id: '30d', label: l10n.t('Last 30 days'), granularity: 'daily', buckets: 30 },
  { id: '60d', label: l10n.t('Last 60 days'), granularity: 'daily', buckets: 60 },
  { id: '12m', label: l10n.t('Last 12 months'), granularity: 'monthly', buckets: 12 },
];

export function getPreset(id: PresetId): Preset {
  const p = PRESETS.find((x) => x.id === id);
  if (!p) throw new Error(l10n.t('unknown preset {0}', id));
  return p;
}

/**
 * The range of a preset at `now`: the current, partial bucket plus the `buckets - 1` before it,
 * never starting before the API window (so a preset never causes a 406).
 */
export function presetRange(id: PresetId, now: number): TimeRange {
  const p = getPreset(id);
  const g = p.granularity;
  const to = addBuckets(bucketStart(now, g), g, 1);
  const from = Math.max(addBuckets(to, g, -p.buckets), earliestBucket(g, now));
  return { granularity: g, from, to };
}

/**
 * The same instants seen with another granularity: `from` is rounded up into the window (so a
 * 7-day hourly range shown daily is clipped rather than rejected), `to` rounded up.
 * Returns undefined when nothing of the range fits the other granularity's window.
 */
export function regranulate(range: TimeRange, g: Granularity, now: number): TimeRange | undefined {
  const from = Math.max(bucketStart(range.from, g), earliestBucket(g, now));
  const to = Math.min(bucketCeil(range.to, g), addBuckets(bucketStart(now, g), g, 1));
  if (from >= to) return undefined;
  return { granularity: g, from, to };
}

/** Granularities whose API window holds the whole of `[from, to)` without clipping. */
export function allowedGranularities(from: number, to: number, now: number): Granularity[] {
  return GRANULARITIES.filter((g) => from < to && bucketStart(from, g) >= earliestBucket(g, now));
}

export type RangeCheck = { ok: true; range: TimeRange } | { ok: false; message: string };

/**
 * Parses `YYYY-MM-DD` (a whole UTC day) or a full ISO date-time. For a date-only `to` the
 * whole day is included. Returns the epoch ms of the start (or of the end for an end date).
 */
export function parseDateInput(text: string, end: boolean): number | undefined {
  const s = text.trim();
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (day) {
    const y = Number(day[1]);
    const m = Number(day[2]);
    const d = Number(day[3]);
    const t = Date.UTC(y, m - 1, d);
    const back = new Date(t);
    if (back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d) return undefined;
    return end ? t + DAY : t;
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(s)) return undefined;
  const t = Date.parse(s);
  return Number.isFinite(t) ? t : undefined;
}

export function formatDateInput(t: number): string {
  return new Date(t).toISOString().slice(0, 10);
}

/**
 * Validates a custom range typed by a person. `fromText`/`toText` are `YYYY-MM-DD` (the end day
 * is included) or ISO date-times. An end in the future is cut at the current bucket; anything
 * else that the API would reject (406, before history) comes back as a sentence.
 */
export function validateCustomRange(fromText: string, toText: string, g: Granularity, now: number): RangeCheck {
  const from = parseDateInput(fromText, false);
  if (from === undefined) return { ok: false, message: l10n.t('Enter the start as a date such as 2026-01-31.') };
  const toRaw = parseDateInput(toText, true);
  if (toRaw === undefined) return { ok: false, message: l10n.t('Enter the end as a date such as 2026-01-31.') };
  // Before the order of the ends: no end makes a start in the future chartable.
  if (from > now) return { ok: false, message: l10n.t('The start is in the future.') };
  if (toRaw <= from) return { ok: false, message: l10n.t('The start must be before the end.') };
  if (toRaw <= HISTORY_START) return { ok: false, message: l10n.t('Consumption history starts on {0}; choose a later end.', HISTORY_START_TEXT) };
  if (from < HISTORY_START) return { ok: false, message: l10n.t('Consumption history starts on {0}; choose a start on or after 2024-03-01.', HISTORY_START_TEXT) };
  const fromB = bucketStart(from, g);
  const earliest = earliestBucket(g, now);
  if (fromB < earliest) {
    const alt = coarserHint(fromText, toText, from, toRaw, g, now);
    return {
      ok: false,
      message: l10n.t('{0} data covers {1} only (from {2}). Choose a later start{3}.', granularityLabel(g), windowText(g), formatDateInput(earliest), alt),
    };
  }
  // A month is one bucket: dates inside months would be widened to whole ones without a word.
  const current = bucketStart(now, g);
  if (g === 'monthly' && (fromB !== from || (bucketCeil(toRaw, g) !== toRaw && toRaw <= current))) {
    return { ok: false, message: l10n.t('Monthly data comes in whole months: choose a start on the 1st of a month and an end on the last day of one (an end in this month is fine), such as {0} to {1}.', formatDateInput(fromB), formatDateInput(bucketCeil(toRaw, g) - DAY)) };
  }
  const to = Math.min(bucketCeil(toRaw, g), addBuckets(current, g, 1));
  if (to <= fromB) return { ok: false, message: l10n.t('The range is empty at this granularity.') };
  return { ok: true, range: { granularity: g, from: fromB, to } };
}

/**
 * The end of a refusal for dates before `g`'s window: the coarser granularity that can chart them,
 * or the whole months that could, or nothing. Suggesting monthly for dates inside months only led
 * to a second refusal (walk 23).
 */
function coarserHint(fromText: string, toText: string, from: number, toRaw: number, g: Granularity, now: number): string {
  if (g === 'monthly') return '';
  if (g === 'hourly' && validateCustomRange(fromText, toText, 'daily', now).ok) return l10n.t(' or switch to daily');
  if (validateCustomRange(fromText, toText, 'monthly', now).ok) return l10n.t(' or switch to monthly');
  const monthFrom = bucketStart(from, 'monthly');
  if (monthFrom < earliestBucket('monthly', now)) return '';
  // An end in the current month stays as typed: monthly accepts it.
  const monthTo = toRaw > bucketStart(now, 'monthly') ? toRaw - DAY : bucketCeil(toRaw, 'monthly') - DAY;
  return l10n.t(', or whole months such as {0} to {1} to chart them monthly', formatDateInput(monthFrom), formatDateInput(monthTo));
}

/**
 * The granularity a custom range is charted at: `g` when it can show the dates, else daily (a date
 * picker's range is days, as the day presets chart them) or monthly for whole months older than
 * daily's window. `g` when neither can: its refusal then says why. Hourly's window lies inside
 * daily's, so it is never the only one that fits.
 */
export function fittingGranularity(fromText: string, toText: string, g: Granularity, now: number): Granularity {
  if (validateCustomRange(fromText, toText, g, now).ok) return g;
  return (['daily', 'monthly'] as const).find((other) => validateCustomRange(fromText, toText, other, now).ok) ?? g;
}

/** Query strings for the API: ISO-8601 UTC without milliseconds. */
export function isoSeconds(t: number): string {
  return new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A short label for a bucket (axis ticks, table, CSV readers). */
export function bucketLabel(b: number, g: Granularity): string {
  const iso = new Date(b).toISOString();
  if (g === 'hourly') return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
  if (g === 'daily') return iso.slice(0, 10);
  return iso.slice(0, 7);
}

export function describeRange(r: TimeRange): string {
  const last = addBuckets(r.to, r.granularity, -1);
  return `${bucketLabel(r.from, r.granularity)} – ${bucketLabel(last, r.granularity)}`;
}
