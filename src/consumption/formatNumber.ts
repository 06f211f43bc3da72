/**
 * A number as a person reads it, in en-US: thousands separators, at most 2 decimals for values
 * ≥ 1, 3 significant digits below 1, "0" for zero and "—" for no data. The same text as
 * `Intl.NumberFormat('en-US', …)` gives (test/unit/consumption-format-number.test.ts compares
 * them on ~100,000 values), written by hand because the first Intl object in a webview's renderer
 * costs 35–65 ms on a 2-core machine (ICU's locale data), on the path of every chart, and the
 * consumption page needs Intl for nothing else.
 */
/** en-US's separators unless useNumberLocale chose others; the page's language decides. */
let separators = { group: ',', decimal: '.', percent: '%' };

/**
 * The page's separators for its language (`<html lang>`): German writes 1.234,5 and 72,38 %, as
 * `Intl.NumberFormat('de-DE')` does; every other language, en-US's (only German has a translation;
 * a page in English keeps English numbers).
 */
export function useNumberLocale(language: string | undefined): void {
  separators = /^de\b/i.test(language ?? '') ? { group: '.', decimal: ',', percent: '\u00a0%' } : { group: ',', decimal: '.', percent: '%' };
}

/** A share in percent with one decimal, so a column of shares lines up: "72.4%", German "72,4 %". */
export function formatPercent(v: number | null | undefined): string {
  const n = formatFixed(v, 1);
  return n === '—' ? n : `${n}${separators.percent}`;
}

/**
 * A share as the projects table writes it: `shown` is the share rounded to one decimal (so the
 * column adds up, roundToTotal), `exact` the unrounded one. A real but small share that rounded to
 * 0.0 reads "<0.1%": walk 33's org of 2,497 projects read "0.0%" on almost every row. The column
 * still adds up to 100.0% with those rows counted as the 0.0 they were rounded to (largest
 * remainder already gave their tenths to the rows that were rounded down the most); only zero
 * reads as zero.
 */
export function formatShare(shown: number | null | undefined, exact: number | null | undefined): string {
  if (shown === 0 && exact !== null && exact !== undefined && exact > 0) return `<${formatPercent(0.1)}`;
  return formatPercent(shown);
}

/** More decimals than this say nothing a person reads in a table (and a column of tiny values stays narrow). */
const MAX_COLUMN_DECIMALS = 4;

/**
 * The decimals one table column uses for all its cells: enough for 3 significant digits of its
 * largest value and 2 of its smallest one above zero (377.47 and 0.4 → 2; 377.47 alone → 0), capped.
 * Right-aligned cells with one number of decimals line up, and a small value is not written 0.
 */
export function columnDecimals(values: readonly (number | null | undefined)[]): number {
  let max = 0;
  let min = Infinity;
  for (const v of values) {
    if (v === null || v === undefined || !Number.isFinite(v) || v === 0) continue;
    max = Math.max(max, Math.abs(v));
    min = Math.min(min, Math.abs(v));
  }
  if (max === 0) return 0;
  // Rounded first: 999.6 has 3 significant digits as 1,000, with no decimals. The smallest value
  // keeps 2 significant digits too, so a small project beside a large one is not written 0 or 1.
  const forMax = 3 - roundHalfExpand(decimalDigits(max), 3).point;
  const forMin = 2 - roundHalfExpand(decimalDigits(min), 2).point;
  return Math.min(MAX_COLUMN_DECIMALS, Math.max(0, forMax, forMin));
}

/**
 * The decimals of an axis's tick step (0.5 → 1, 0.25 → 2, 20 → 0): every label of the axis gets
 * them, so "0, 0.5, 1, 1.5" reads "0.0, 0.5, 1.0, 1.5" as a column of one precision (walk 23).
 */
export function tickDecimals(step: number): number {
  if (!Number.isFinite(step) || step <= 0) return 0;
  for (let d = 0; d < MAX_COLUMN_DECIMALS + 2; d++) {
    const scaled = step * 10 ** d;
    // Binary steps such as 0.1 × 3 carry a last-place error: near a whole number is whole.
    if (Math.abs(scaled - Math.round(scaled)) < 1e-9 * Math.max(1, scaled)) return d;
  }
  return MAX_COLUMN_DECIMALS + 2;
}

/** A number with exactly `decimals` decimals (as Intl's minimum = maximum fraction digits): 1.40, 0.00. */
export function formatFixed(v: number | null | undefined, decimals: number): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  const d = decimalDigits(Math.abs(v));
  const kept = d.point + decimals;
  // Below half of the last decimal's unit: zero (roundHalfExpand keeps at least one digit's place).
  const r = kept < 0 ? { digits: '', point: 0 } : roundHalfExpand(d, kept);
  const text = grouped(r, decimals);
  return v < 0 && r.digits !== '' ? `-${text}` : text;
}

/**
 * The values rounded to `decimals` so that, written, they add up to `total` written the same way
 * (largest remainder): rounded one by one, rows of 0.6, 0.6 and 0.8 read 1, 1 and 1 under a total
 * of 2. Only the values rounded furthest from themselves move, by one last decimal each, and none
 * moves when the written values already add up. Values that do not add up to `total` themselves
 * (latest sizes of projects that stopped at different times) are rounded one by one.
 */
export function roundToTotal(values: readonly (number | null)[], total: number | null, decimals: number): (number | null)[] {
  const scale = 10 ** decimals;
  const rounded = values.map((v) => (v === null || !Number.isFinite(v) ? null : scaledRound(v, decimals)));
  const back = () => rounded.map((r) => (r === null ? null : r / scale));
  if (total === null || !Number.isFinite(total)) return back();
  let exact = 0;
  for (const v of values) if (v !== null && Number.isFinite(v)) exact += v;
  if (Math.abs(exact - total) > 1e-9 * Math.max(1, Math.abs(total))) return back();
  let diff = scaledRound(total, decimals) - rounded.reduce<number>((sum, r) => sum + (r ?? 0), 0);
  if (diff === 0) return back();
  // How far each value was rounded down (above 0) or up (below 0), in last decimals.
  const slack = values.map((v, i) => (rounded[i] === null ? 0 : v! * scale - rounded[i]!));
  const order = values.map((_v, i) => i).filter((i) => rounded[i] !== null);
  // Largest remainder: short, the values rounded down the most go up; over, those rounded up the
  // most go down. Ties go up to the larger value and the earlier row, down from the others.
  const up = (a: number, b: number) => slack[b]! - slack[a]! || values[b]! - values[a]! || a - b;
  order.sort(diff > 0 ? up : (a, b) => up(b, a));
  for (const i of order) {
    if (diff === 0) break;
    const step = Math.sign(diff);
    rounded[i] = rounded[i]! + step;
    diff -= step;
  }
  return back();
}

/** `v` × 10^decimals, rounded as formatFixed writes `v` (by its shortest decimal, half away from zero). */
function scaledRound(v: number, decimals: number): number {
  const d = decimalDigits(Math.abs(v));
  const kept = d.point + decimals;
  if (kept < 0 || d.digits === '') return 0;
  const r = roundHalfExpand(d, kept);
  const n = Number(r.digits.padEnd(r.point + decimals, '0'));
  return v < 0 ? -n : n;
}

export function formatNumber(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  if (v === 0) return '0';
  const a = Math.abs(v);
  const d = decimalDigits(a);
  // Digits kept: the whole part and 2 decimals for ≥ 1; 3 significant digits below 1.
  const text = grouped(roundHalfExpand(d, a >= 1 ? d.point + 2 : 3));
  return v < 0 ? `-${text}` : text;
}

interface Decimal {
  /** Significant digits, no leading or trailing zeros ("123"). */
  digits: string;
  /** Where the decimal point goes: value = 0.digits × 10^point. */
  point: number;
}

/**
 * The shortest decimal that reads back as `a` (what `String(a)` prints), as ICU rounds it: by
 * that decimal, not by the double's exact binary value (1.005 → "1.01", where toFixed says 1.00).
 */
function decimalDigits(a: number): Decimal {
  const [mantissa, exp] = String(a).split('e') as [string, string | undefined];
  const [int, frac = ''] = mantissa.split('.') as [string, string | undefined];
  const all = int + frac;
  const lead = all.length - all.replace(/^0+/, '').length;
  return { digits: all.slice(lead).replace(/0+$/, ''), point: int.length - lead + Number(exp ?? 0) };
}

/** Keeps `n` leading digits of the decimal, rounding half away from zero. */
function roundHalfExpand(d: Decimal, n: number): Decimal {
  if (d.digits.length <= n) return d;
  let kept = d.digits.slice(0, n);
  let point = d.point;
  if (d.digits.charCodeAt(n) >= 53 /* '5' */) {
    // Carry: "1999" + 1 → "2", "999" + 1 → "1" one place up.
    const nines = /9*$/.exec(kept)![0].length;
    kept = kept.slice(0, kept.length - nines);
    if (kept === '') {
      kept = '1';
      point += 1;
    } else kept = kept.slice(0, -1) + String.fromCharCode(kept.charCodeAt(kept.length - 1) + 1);
  }
  return { digits: kept.replace(/0+$/, ''), point };
}

/** "1234567.5" with commas between thousands: 1,234,567.5 (German: 1.234.567,5); `decimals` pads the fraction with zeros. */
function grouped(d: Decimal, decimals = 0): string {
  const int = d.point <= 0 || d.digits === '' ? '0' : d.digits.slice(0, d.point).padEnd(d.point, '0');
  const frac = (d.digits === '' ? '' : d.point >= 0 ? d.digits.slice(d.point) : '0'.repeat(-d.point) + d.digits).padEnd(decimals, '0');
  return int.replace(/\B(?=(\d{3})+$)/g, separators.group) + (frac ? `${separators.decimal}${frac}` : '');
}
