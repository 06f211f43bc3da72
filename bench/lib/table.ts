// One table for every figure of a run: median [min–max] of ours and of the peer on the same work,
// the ratio, the floor and how far above it we are; rows that need a word in the README are
// flagged. Pure: unit-tested in test/unit/bench-table.test.ts.
import type { BenchRecord, Unit } from './record';
import { summarize, type Summary } from './stats';

/** Above this many times its floor a figure must be fixed or explained. */
export const FLOOR_LIMIT = 1.5;

const int = (v: number) => Math.round(v).toLocaleString('en-US');

function decimals(v: number): string {
  const a = Math.abs(v);
  if (a >= 100) return int(v);
  if (a >= 10) return v.toFixed(1).replace(/\.0$/, '');
  if (a >= 1) return v.toFixed(2).replace(/\.?0+$/, '');
  return a === 0 ? '0' : v.toFixed(3).replace(/\.?0+$/, '');
}

export function formatValue(v: number, unit: Unit): string {
  switch (unit) {
    case 'ms':
      return `${decimals(v)} ms`;
    case 's':
      return `${v.toFixed(2)} s`;
    case 'µs':
      return `${int(v)} µs`;
    case 'bytes':
      if (v >= 1024 * 1024) return `${(v / 1024 / 1024).toFixed(2)} MiB`;
      if (v >= 1024) return `${(v / 1024).toFixed(1)} KiB`;
      return `${int(v)} B`;
    case 'MiB':
      return `${decimals(v)} MiB`;
    case 'requests':
      return Number.isInteger(v) ? int(v) : decimals(v);
    case 'in flight':
      return `${decimals(v)} in flight`;
    case 'req/s':
      return `${int(v)} req/s`;
    case '%':
      return `${decimals(v)} %`;
    case 'x':
      return `${decimals(v)}×`;
  }
}

function cell(s: Summary | undefined, unit: Unit): string {
  if (!s) return '—';
  const m = formatValue(s.median, unit);
  if (s.n < 2 || s.min === s.max) return m;
  return `${m} [${formatValue(s.min, unit).replace(/ .*$/, '')}–${formatValue(s.max, unit)}]`;
}

const ratio = (a: number, b: number) => (b === 0 || !Number.isFinite(a / b) ? undefined : a / b);
const fmtRatio = (r: number | undefined) => (r === undefined ? '—' : `${r >= 10 ? r.toFixed(0) : r.toFixed(2)}×`);

export interface Row {
  rec: BenchRecord;
  ours?: Summary;
  peer?: Summary;
  /** ours / peer (medians). */
  peerRatio?: number;
  /** ours / floor for lower-is-better figures, floor / ours for higher-is-better. */
  floorRatio?: number;
  flags: string[];
}

export function analyse(rec: BenchRecord): Row {
  const ours = rec.ours.length ? summarize(rec.ours) : undefined;
  const peer = rec.peer && rec.peer.values.length ? summarize(rec.peer.values) : undefined;
  const peerRatio = ours && peer ? ratio(ours.median, peer.median) : undefined;
  const floorRatio = ours && rec.floor !== undefined ? (rec.higherIsBetter ? ratio(rec.floor, ours.median) : ratio(ours.median, rec.floor)) : undefined;
  const flags: string[] = [];
  if (floorRatio !== undefined && floorRatio > FLOOR_LIMIT) flags.push(`${floorRatio.toFixed(2)}× floor`);
  const t = rec.target;
  if (t?.floorRatio !== undefined && floorRatio !== undefined && floorRatio > t.floorRatio) flags.push(`misses its target of ≤ ${t.floorRatio}× floor`);
  if (t?.max !== undefined && ours && ours.median > t.max) flags.push(`misses its target of ≤ ${formatValue(t.max, rec.unit)}`);
  if (peerRatio !== undefined && (rec.higherIsBetter ? peerRatio < 1 : peerRatio > 1)) flags.push(rec.higherIsBetter ? 'below peer' : 'slower than peer');
  return { rec, ours, peer, peerRatio, floorRatio, flags };
}

const escape = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** A Markdown table (also readable in a terminal). */
export function renderTable(records: readonly BenchRecord[]): string {
  const head = ['Bench', 'What', 'Ours median [min–max]', 'Peer on the same work', 'Ours/peer', 'Floor', 'Ours/floor', 'Requests ours / peer', 'Check'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const rec of records) {
    const r = analyse(rec);
    const peer = rec.peer ? `${rec.peer.name}: ${cell(r.peer, rec.unit)}` : '—';
    const req = rec.requests ? `${rec.requests.ours ?? '—'} / ${rec.requests.peer ?? '—'}` : '';
    const floor = rec.floor !== undefined ? `${formatValue(rec.floor, rec.unit)}${rec.floorNote ? ` (${rec.floorNote})` : ''}` : '—';
    const goal = rec.target ? [rec.target.floorRatio !== undefined ? `≤ ${rec.target.floorRatio}× floor` : '', rec.target.max !== undefined ? `≤ ${formatValue(rec.target.max, rec.unit)}` : ''].filter(Boolean).join(', ') : '';
    const what = [rec.what, goal ? `target ${goal}` : '', rec.note ?? ''].filter(Boolean).join(' — ');
    const cells = [rec.group, what, cell(r.ours, rec.unit), peer, fmtRatio(r.peerRatio), floor, fmtRatio(r.floorRatio), req, r.flags.length ? `⚠ ${r.flags.join(', ')}` : 'ok'];
    lines.push(`| ${cells.map(escape).join(' | ')} |`);
  }
  return lines.join('\n');
}

/** The rows a reader must find explained (README) or fixed. */
export function flagged(records: readonly BenchRecord[]): Row[] {
  return records.map(analyse).filter((r) => r.flags.length > 0);
}
