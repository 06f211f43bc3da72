import assert from 'node:assert/strict';
import { runsWanted } from '../../bench/lib/record';
import { median, quantile, repeat, summarize } from '../../bench/lib/stats';

describe('bench: stats', () => {
  it('median of odd and even counts, unsorted input left as it was', () => {
    const xs = [5, 1, 3];
    assert.equal(median(xs), 3);
    assert.deepEqual(xs, [5, 1, 3]);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.equal(median([7]), 7);
  });

  it('quantiles interpolate between neighbours and clamp at the ends', () => {
    const s = [10, 20, 30, 40, 50];
    assert.equal(quantile(s, 0.25), 20);
    assert.equal(quantile(s, 0.1), 14);
    assert.equal(quantile(s, -1), 10);
    assert.equal(quantile(s, 2), 50);
    assert.throws(() => quantile([], 0.5), /empty/);
  });

  it('summarize gives median, min, max and the quartiles, ignoring non-finite values', () => {
    assert.deepEqual(summarize([9, 1, 5, 3, 7, NaN]), { n: 5, median: 5, min: 1, max: 9, p25: 3, p75: 7 });
    assert.throws(() => summarize([NaN]), /no finite/);
  });

  it('repeat runs one after another, in order', async () => {
    let running = 0;
    const out = await repeat(4, async (i) => {
      running++;
      assert.equal(running, 1, 'runs overlap');
      await new Promise((r) => setTimeout(r, 2));
      running--;
      return i * 10;
    });
    assert.deepEqual(out, [0, 10, 20, 30]);
  });

  it('runs per figure: --runs, else NEON_BENCH_RUNS, else 5; nonsense falls back', () => {
    assert.equal(runsWanted(['node', 'x', '--runs', '9'], {}), 9);
    assert.equal(runsWanted(['node', 'x'], { NEON_BENCH_RUNS: '3' }), 3);
    assert.equal(runsWanted(['node', 'x'], {}), 5);
    assert.equal(runsWanted(['node', 'x', '--runs', '0'], {}), 5);
    assert.equal(runsWanted(['node', 'x', '--runs', 'many'], { NEON_BENCH_RUNS: '2' }), 5);
  });
});
