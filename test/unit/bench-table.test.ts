import assert from 'node:assert/strict';
import type { BenchRecord } from '../../bench/lib/record';
import { END, START, mergeRecords, replaceBetweenMarkers } from '../../bench/lib/readme';
import { analyse, flagged, formatValue, renderTable } from '../../bench/lib/table';

const rec = (over: Partial<BenchRecord>): BenchRecord => ({ group: 'tree', what: 'first level', unit: 'ms', ours: [100, 120, 110], ...over });

describe('bench: table', () => {
  it('formats values per unit', () => {
    assert.equal(formatValue(1234.4, 'ms'), '1,234 ms');
    assert.equal(formatValue(58.44, 'ms'), '58.4 ms');
    assert.equal(formatValue(2.5, 'ms'), '2.5 ms');
    assert.equal(formatValue(643_000, 'bytes'), '627.9 KiB');
    assert.equal(formatValue(3 * 1024 * 1024, 'bytes'), '3.00 MiB');
    assert.equal(formatValue(6, 'requests'), '6');
    assert.equal(formatValue(1.18, 'requests'), '1.18');
    assert.equal(formatValue(4200.7, 'req/s'), '4,201 req/s');
  });

  it('ratios use medians; a figure above 1.5× its floor is flagged', () => {
    const r = analyse(rec({ floor: 50, peer: { name: 'api-client', values: [200, 220, 210] } }));
    assert.equal(r.ours!.median, 110);
    assert.equal(r.peerRatio, 110 / 210);
    assert.equal(r.floorRatio, 2.2);
    assert.deepEqual(r.flags, ['2.20× floor']);
  });

  it('slower than the peer is flagged; at 1.5× the floor exactly is not', () => {
    const r = analyse(rec({ ours: [150], floor: 100, peer: { name: 'p', values: [149] } }));
    assert.deepEqual(r.flags, ['slower than peer']);
  });

  it('for higher-is-better figures, falling below the peer or the floor is what is flagged', () => {
    const good = analyse(rec({ unit: '%', higherIsBetter: true, ours: [100], floor: 100, peer: { name: 'p', values: [20] } }));
    assert.deepEqual(good.flags, []);
    assert.equal(good.floorRatio, 1);
    const bad = analyse(rec({ unit: '%', higherIsBetter: true, ours: [50], floor: 100, peer: { name: 'p', values: [60] } }));
    assert.deepEqual(bad.flags, ['2.00× floor', 'below peer']);
  });

  it('renders one Markdown row per record with spread, peer, ratio, floor and requests', () => {
    const t = renderTable([
      rec({ floor: 100, floorNote: '2 round trips', peer: { name: 'api-client', values: [90, 95, 100] }, requests: { ours: 2, peer: 2 } }),
      rec({ group: 'neonctl', what: 'start | baseline', ours: [], peer: { name: 'neonctl', values: [700] } }),
    ]);
    const lines = t.split('\n');
    assert.equal(lines.length, 4);
    assert.match(lines[0]!, /^\| Bench \| What \| Ours median/);
    assert.equal(lines[2], '| tree | first level | 110 ms [100–120 ms] | api-client: 95 ms [90–100 ms] | 1.16× | 100 ms (2 round trips) | 1.10× | 2 / 2 | ⚠ slower than peer |');
    assert.match(lines[3]!, /\| start \\\| baseline \| — \| neonctl: 700 ms \| — \|/, 'pipes are escaped, a peer-only row has no ratio');
    assert.equal(flagged([rec({}), rec({ floor: 10 })]).length, 1);
  });

  it('rewrites only what is between the README markers', () => {
    const readme = `# X\n\n## Performance\n${START}\nold table\n${END}\n\nWhy: prose kept.\n`;
    const out = replaceBetweenMarkers(readme, '| new | table |\n');
    assert.equal(out, `# X\n\n## Performance\n${START}\n| new | table |\n${END}\n\nWhy: prose kept.\n`);
    assert.throws(() => replaceBetweenMarkers('# no markers', 'x'), /markers/);
  });

  it('a filtered run replaces the rows of the benches it ran and keeps the others in place', () => {
    const r = (group: string, what: string): BenchRecord => ({ group, what, unit: 'ms', ours: [1] });
    const previous = [r('activation', 'a1'), r('tree', 't1'), r('tree', 't2'), r('client', 'c1')];
    const merged = mergeRecords(previous, [r('tree', 'T1'), r('new', 'N1')]);
    assert.deepEqual(
      merged.map((x) => `${x.group}:${x.what}`),
      ['activation:a1', 'tree:T1', 'client:c1', 'new:N1'],
    );
  });
});
