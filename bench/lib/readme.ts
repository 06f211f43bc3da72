// Rewrites the Performance table in docs/performance.md between two marker comments, leaving the
// prose around it (the explanations of flagged rows) as the author wrote it.
import type { BenchRecord } from './record';

export const START = '<!-- bench:start -->';
export const END = '<!-- bench:end -->';

export function replaceBetweenMarkers(doc: string, body: string): string {
  const a = doc.indexOf(START);
  const b = doc.indexOf(END);
  if (a < 0 || b < 0 || b < a) throw new Error(`docs/performance.md needs the markers ${START} and ${END} (in that order) around the Performance table`);
  return `${doc.slice(0, a + START.length)}\n${body.trim()}\n${doc.slice(b)}`;
}

/**
 * A filtered run (`npm run bench -- tree`) replaces the rows of the benches it ran and keeps the
 * others from the last run: each group's new rows take the place of its old ones, in table order;
 * a group the last run did not have goes at the end.
 */
export function mergeRecords(previous: readonly BenchRecord[], fresh: readonly BenchRecord[]): BenchRecord[] {
  const freshGroups = new Set(fresh.map((r) => r.group));
  const out: BenchRecord[] = [];
  const placed = new Set<string>();
  for (const r of previous) {
    if (!freshGroups.has(r.group)) out.push(r);
    else if (!placed.has(r.group)) {
      placed.add(r.group);
      out.push(...fresh.filter((f) => f.group === r.group));
    }
  }
  for (const g of freshGroups) if (!placed.has(g)) out.push(...fresh.filter((f) => f.group === g));
  return out;
}
