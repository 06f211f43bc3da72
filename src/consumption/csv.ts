/**
 * CSV export of one metric (RFC 4180: comma separated, CRLF line ends, fields with a comma,
 * quote or line break quoted). One row per bucket, one column per project plus the total, in
 * display units (the unit is in each header). Empty cells mean "no data" (null), 0 means zero.
 * Text cells that a spreadsheet would run as a formula (= + - @ tab CR at the start) get a
 * leading apostrophe.
 */
import { metricDef, convert } from './metrics';
import { type ConsumptionDataset, rankProjects, totalSeries } from './shape';
import * as l10n from '@vscode/l10n';

export function csvField(v: string): string {
  let s = v;
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function num(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '';
  // Enough precision for any unit, without float noise like 0.30000000000000004.
  return String(Number(v.toPrecision(12)));
}

export function toCsv(ds: ConsumptionDataset, metric: string): string {
  const def = metricDef(metric);
  const unit = def.unit ? ` (${def.unit})` : '';
  const projects = rankProjects(ds, metric).map((r) => r.project);
  const header = ['bucket_start_utc', ...projects.map((p) => (p.name === p.id ? p.id : `${p.name} [${p.id}]`) + unit), l10n.t('Total{0}', unit)];
  const total = totalSeries(ds, metric);
  const lines = [header.map(csvField).join(',')];
  ds.buckets.forEach((b, i) => {
    const cells = [new Date(b).toISOString().replace('.000Z', 'Z')];
    for (const p of projects) {
      const raw = p.values[metric]?.[i];
      cells.push(num(raw === null || raw === undefined ? raw : convert(raw, metric)));
    }
    const t = total[i];
    cells.push(num(t === null || t === undefined ? t : convert(t, metric)));
    lines.push(cells.map(csvField).join(','));
  });
  return lines.join('\r\n') + '\r\n';
}

/** Lower-case words joined by dashes, any script's letters kept (a German metric name too). */
function slug(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 40);
}

/** A file name such as `neon-consumption-my-org-compute-time-daily-2026-10-01.csv`: the metric as the page names it, not its API id. */
export function csvFileName(scopeTitle: string, ds: ConsumptionDataset, metric: string): string {
  const day = new Date(ds.range.from).toISOString().slice(0, 10);
  return `neon-consumption-${slug(scopeTitle) || 'scope'}-${slug(metricDef(metric).label) || 'metric'}-${ds.range.granularity}-${day}.csv`;
}
