/**
 * The consumption page's numbers are formatted by hand (src/consumption/formatNumber.ts: no Intl
 * object in the webview): they must read exactly as Intl.NumberFormat('en-US') prints them, with
 * at most 2 decimals from 1 up and 3 significant digits below 1; a table column's cells with one
 * number of decimals (formatFixed, columnDecimals) and shares with one.
 */
import assert from 'node:assert/strict';
import { columnDecimals, formatFixed, formatNumber, formatPercent, formatShare, roundToTotal, tickDecimals, useNumberLocale } from '../../src/consumption/formatNumber';

const large = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const small = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 3 });
const intl = (v: number) => (v === 0 ? '0' : (Math.abs(v) >= 1 ? large : small).format(v));

/** A seeded generator (mulberry32): the same values on every run, so a failure can be re-run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('formatNumber (by hand, as Intl prints en-US)', () => {
  it('reads as Intl on the edges: ties, carries, exponents, the largest and smallest doubles', () => {
    const cases: [number, string][] = [
      [1.005, '1.01'], // rounded by the shortest decimal, as ICU does (toFixed says 1.00)
      [2.675, '2.68'],
      [0.125, '0.125'],
      [0.99949, '0.999'],
      [0.9995, '1'],
      [999.995, '1,000'],
      [1234567.891, '1,234,567.89'],
      [-1234.565, '-1,234.57'],
      [1.5e-7, '0.00000015'],
      [0.0001235, '0.000124'],
      [1e21, '1,000,000,000,000,000,000,000'],
      [2 ** 70, '1,180,591,620,717,411,300,000'], // its shortest decimal, padded (as ICU does)
      [-0.5, '-0.5'],
      [1, '1'],
      [100, '100'],
    ];
    for (const [v, text] of cases) {
      assert.equal(formatNumber(v), text, String(v));
      assert.equal(formatNumber(v), intl(v), `${v} as Intl prints it`);
    }
    assert.equal(formatNumber(Number.MAX_VALUE), intl(Number.MAX_VALUE));
    assert.equal(formatNumber(Number.MIN_VALUE), intl(Number.MIN_VALUE));
  });

  it('says "—" for no data and "0" for zero', () => {
    for (const v of [null, undefined, NaN, Infinity, -Infinity]) assert.equal(formatNumber(v), '—');
    assert.equal(formatNumber(0), '0');
    assert.equal(formatNumber(-0), '0');
  });

  it('matches Intl on 100,000 values from 1e-12 to 1e18, with ties and negatives', () => {
    const next = random(20);
    const mismatches: string[] = [];
    for (let i = 0; i < 100_000; i++) {
      let v = next() * 10 ** (Math.floor(next() * 30) - 12);
      if (i % 3 === 0) v = Math.round(v * 1000) / 1000; // few digits
      if (i % 7 === 0) v = Math.round(v * 100) / 100 + 0.005; // a tie at the second decimal
      if (i % 2 === 1) v = -v;
      const ours = formatNumber(v);
      const theirs = intl(v);
      if (ours !== theirs && mismatches.length < 10) mismatches.push(`${v}: ${ours} ≠ ${theirs}`);
    }
    assert.deepEqual(mismatches, []);
  });

  it('a share rounded to 0.0 that is not zero reads "<0.1%" (walk 33: almost every row of a large org read 0.0%); zero and no data stay as they were', () => {
    assert.equal(formatShare(0, 0.0004), '<0.1%');
    assert.equal(formatShare(0, 0), '0.0%');
    assert.equal(formatShare(null, null), '—');
    assert.equal(formatShare(0.1, 0.0004), '0.1%', 'a row the largest remainder rounded up reads its figure');
    assert.equal(formatShare(12.3, 0.123), '12.3%');
    try {
      useNumberLocale('de');
      assert.equal(formatShare(0, 0.0004), '<0,1\u00a0%');
    } finally {
      useNumberLocale('en');
    }
  });

  it('in a German page reads as Intl prints de-DE (1.234,5; 72,4 %) on 20,000 values; any other language stays en-US', () => {
    const deLarge = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 2 });
    const deSmall = new Intl.NumberFormat('de-DE', { maximumSignificantDigits: 3 });
    const deIntl = (v: number) => (v === 0 ? '0' : (Math.abs(v) >= 1 ? deLarge : deSmall).format(v));
    const next = random(7);
    const mismatches: string[] = [];
    try {
      useNumberLocale('de');
      assert.equal(formatNumber(1234567.891), '1.234.567,89');
      assert.equal(formatPercent(72.384), '72,4\u00a0%');
      assert.equal(formatPercent(72.384), new Intl.NumberFormat('de-DE', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(0.72384));
      assert.equal(formatFixed(1234.5, 2), '1.234,50');
      for (let i = 0; i < 20_000; i++) {
        let v = next() * 10 ** (Math.floor(next() * 24) - 8);
        if (i % 2 === 1) v = -v;
        const ours = formatNumber(v);
        const theirs = deIntl(v);
        if (ours !== theirs && mismatches.length < 10) mismatches.push(`${v}: ${ours} ≠ ${theirs}`);
      }
      useNumberLocale('fr');
      assert.equal(formatNumber(1234.5), '1,234.5', 'a language without a translation: en-US, as the page\'s words');
    } finally {
      useNumberLocale('en');
    }
    assert.deepEqual(mismatches, []);
    assert.equal(formatPercent(72.384), '72.4%');
  });
});

describe('a table column: one number of decimals for all its cells', () => {
  it('formatFixed reads as Intl with that many decimals exactly, on 50,000 values in en-US and German', () => {
    const next = random(33);
    const mismatches: string[] = [];
    try {
      for (const lang of ['en', 'de']) {
        useNumberLocale(lang);
        const intls = [0, 1, 2, 3, 4].map((d) => new Intl.NumberFormat(lang === 'de' ? 'de-DE' : 'en-US', { minimumFractionDigits: d, maximumFractionDigits: d }));
        for (let i = 0; i < 25_000; i++) {
          let v = next() * 10 ** (Math.floor(next() * 16) - 8);
          if (i % 3 === 0) v = Math.round(v * 1000) / 1000;
          if (i % 7 === 0) v = Math.round(v * 100) / 100 + 0.005; // a tie at the second decimal
          const d = i % 5;
          const ours = formatFixed(v, d);
          const theirs = intls[d]!.format(v);
          if (ours !== theirs && mismatches.length < 10) mismatches.push(`${lang} ${v} (${d}): ${ours} ≠ ${theirs}`);
        }
      }
    } finally {
      useNumberLocale('en');
    }
    assert.deepEqual(mismatches, []);
    assert.equal(formatFixed(0, 2), '0.00');
    assert.equal(formatFixed(0.004, 2), '0.00');
    assert.equal(formatFixed(0.005, 2), '0.01');
    assert.equal(formatFixed(0.0004, 2), '0.00', 'far below the last decimal');
    assert.equal(formatFixed(-0.0004, 2), '0.00', 'no "-0.00"');
    assert.equal(formatFixed(999.996, 2), '1,000.00');
    assert.equal(formatFixed(null, 2), '—');
  });

  it("columnDecimals gives the column's largest value 3 significant digits and its smallest 2, capped, so the cells line up (walk 21)", () => {
    const cells = (values: number[]) => values.map((v) => formatFixed(v, columnDecimals(values)));
    // "Values per time bucket" read 1 / 2.3 / 0.892 / 1.4 / 2.6; the storage table 1.39 / 0.97 / 0.732 / 0.0367.
    assert.deepEqual(cells([1, 2.3, 0.892, 1.4, 2.6]), ['1.00', '2.30', '0.89', '1.40', '2.60']);
    assert.deepEqual(cells([1.39, 0.97, 0.732, 0.0367]), ['1.390', '0.970', '0.732', '0.037']);
    // A small project beside large ones is not written 0.
    assert.deepEqual(cells([377.47, 57.93, 0.4]), ['377.47', '57.93', '0.40']);
    assert.deepEqual(cells([377.47, 57.93]), ['377', '58']);
    assert.deepEqual(cells([57.93, 5.2]), ['57.9', '5.2']);
    assert.deepEqual(cells([0.0367, 0.0012]), ['0.0367', '0.0012'], 'small values do not all become 0.00');
    assert.deepEqual(cells([12, 0, 3]), ['12.0', '0.0', '3.0'], 'a zero does not count as the smallest value');
    assert.equal(columnDecimals([0.00000123]), 4, 'capped');
    assert.equal(columnDecimals([999.6]), 0, '1,000 once rounded');
    assert.equal(columnDecimals([9.996]), 1, '10.0 once rounded');
    assert.equal(columnDecimals([null, 0, undefined]), 0);
    assert.equal(formatPercent(23.2), '23.2%');
    assert.equal(formatPercent(33.2875), '33.3%');
    assert.equal(formatPercent(100), '100.0%');
  });

  it('roundToTotal: rows rounded to the shown precision add up to the total shown under them (walk 28), and rows that already did are left alone', () => {
    /** The cells as written, the total as written, and the cells' sum in last decimals. */
    const written = (values: (number | null)[], total: number, decimals: number, rounded = roundToTotal(values, total, decimals)) => {
      const cells = rounded.map((v) => formatFixed(v, decimals));
      const sum = cells.filter((c) => c !== '—').reduce((a, c) => a + Math.round(Number(c.replace(/,/g, '')) * 10 ** decimals), 0);
      return { cells, sum, total: Math.round(Number(formatFixed(total, decimals).replace(/,/g, '')) * 10 ** decimals) };
    };
    const oneByOne = (values: (number | null)[], decimals: number) => values.map((v) => (v === null ? null : Number(formatFixed(v, decimals).replace(/,/g, ''))));
    // One over: 0.6 + 0.6 + 0.8 = 2 was written 1 + 1 + 1 under 2; a 0.6, rounded up the most, goes down (of two alike, the later).
    const over = [0.6, 0.6, 0.8];
    assert.equal(written(over, 2, 0, oneByOne(over, 0)).sum, 3, 'one by one they read 3');
    assert.deepEqual(written(over, 2, 0).cells, ['1', '0', '1']);
    // One short: 0.4 × 3 + 0.8 = 2 was written 0 + 0 + 0 + 1 under 2; a 0.4, rounded down the most, goes up (of three alike, the first).
    assert.deepEqual(written([0.4, 0.4, 0.4, 0.8], 2, 0).cells, ['1', '0', '0', '1']);
    // Shares: 3 × 33.3333…% read 99.9% beside 100.0%.
    const thirds = [100 / 3, 100 / 3, 100 / 3];
    assert.deepEqual(written(thirds, 100, 1).cells, ['33.4', '33.3', '33.3']);
    // Rows that add up already are written one by one, unchanged.
    for (const [values, decimals] of [[[377.47, 57.93, 0.4], 2], [[1.2, 2.6, 3.1], 0], [[10.5, 20.4], 0]] as const) {
      const total = values.reduce((a, b) => a + b, 0);
      const mine = written([...values], total, decimals);
      const before = written([...values], total, decimals, oneByOne([...values], decimals));
      assert.equal(before.sum, before.total, `precondition: ${before.cells.join(' + ')} is ${formatFixed(total, decimals)}`);
      assert.deepEqual(mine.cells, before.cells);
    }
    // Values that do not add up to the total (latest sizes of projects that stopped at different times) are rounded one by one.
    assert.deepEqual(written([0.6, 0.6, 0.8], 5, 0).cells, ['1', '1', '1']);
    // A missing value stays missing; a total of nothing changes nothing.
    assert.deepEqual(written([null, 0.6, 0.6, 0.8], 2, 0).cells, ['—', '1', '0', '1']);
    assert.deepEqual(roundToTotal([0.6, 0.6], null, 0), [1, 1]);
    // Many random rows at each precision: the written cells always add up to the written total, each within one last decimal of its value.
    const next = random(28);
    for (let run = 0; run < 2000; run++) {
      const n = 1 + Math.floor(next() * 40);
      const decimals = Math.floor(next() * 4);
      const values = Array.from({ length: n }, () => (next() < 0.1 ? null : Math.round(next() * 10 ** (1 + Math.floor(next() * 5))) / 10 ** Math.floor(next() * 5)));
      const total = values.reduce<number>((a, b) => a + (b ?? 0), 0);
      const w = written(values, total, decimals);
      assert.equal(w.sum, w.total, `${values.join(', ')} at ${decimals}: ${w.cells.join(' + ')} ≠ ${formatFixed(total, decimals)}`);
      roundToTotal(values, total, decimals).forEach((r, i) => assert.ok(r === null ? values[i] === null : Math.abs(r - values[i]!) < 10 ** -decimals + 1e-9, `${values[i]} → ${r}`));
    }
  });

  it('an axis writes every tick with the decimals of its step, so "0, 0.5, 1" reads "0.0, 0.5, 1.0" (walk 23)', () => {
    const ticks = (step: number, n: number) => Array.from({ length: n }, (_, i) => formatFixed(i * step, tickDecimals(step)));
    assert.deepEqual(ticks(0.5, 4), ['0.0', '0.5', '1.0', '1.5']);
    assert.deepEqual(ticks(0.25, 5), ['0.00', '0.25', '0.50', '0.75', '1.00']);
    assert.deepEqual(ticks(0.1, 4), ['0.0', '0.1', '0.2', '0.3'], '0.1 × 3 is 0.30000000000000004');
    assert.deepEqual(ticks(2000, 3), ['0', '2,000', '4,000']);
    assert.deepEqual(ticks(0.0002, 3), ['0.0000', '0.0002', '0.0004']);
    assert.equal(tickDecimals(0), 0);
    assert.equal(tickDecimals(Number.NaN), 0);
  });
});

