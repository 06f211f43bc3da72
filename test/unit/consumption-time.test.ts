import { strict as assert } from 'assert';
import {
  addBuckets,
  allowedGranularities,
  bucketCeil,
  bucketLabel,
  bucketStart,
  bucketStarts,
  describeRange,
  earliestBucket,
  fittingGranularity,
  HISTORY_START,
  isoSeconds,
  parseDateInput,
  PRESETS,
  presetRange,
  regranulate,
  validateCustomRange,
  windowStart,
} from '../../src/consumption/time';

const T = (s: string) => Date.parse(s);
const NOW = T('2026-11-23T09:41:27.123Z');

describe('consumption time: buckets', () => {
  it('floors to UTC hour, day and month', () => {
    assert.equal(bucketStart(NOW, 'hourly'), T('2026-11-23T09:00:00Z'));
    assert.equal(bucketStart(NOW, 'daily'), T('2026-11-23T00:00:00Z'));
    assert.equal(bucketStart(NOW, 'monthly'), T('2026-11-01T00:00:00Z'));
    // A boundary is its own bucket.
    assert.equal(bucketStart(T('2026-11-01T00:00:00Z'), 'monthly'), T('2026-11-01T00:00:00Z'));
  });

  it('adds buckets across month and year ends, backwards too', () => {
    assert.equal(addBuckets(T('2026-11-01T00:00:00Z'), 'monthly', 2), T('2027-01-01T00:00:00Z'));
    assert.equal(addBuckets(T('2026-01-01T00:00:00Z'), 'monthly', -1), T('2025-12-01T00:00:00Z'));
    assert.equal(addBuckets(T('2024-02-28T00:00:00Z'), 'daily', 2), T('2024-03-01T00:00:00Z'));
    assert.equal(addBuckets(T('2026-11-23T23:00:00Z'), 'hourly', 1), T('2026-11-24T00:00:00Z'));
  });

  it('rounds up to a boundary', () => {
    assert.equal(bucketCeil(T('2026-11-23T09:00:00Z'), 'hourly'), T('2026-11-23T09:00:00Z'));
    assert.equal(bucketCeil(T('2026-11-23T09:00:01Z'), 'hourly'), T('2026-11-23T10:00:00Z'));
    assert.equal(bucketCeil(T('2026-11-02T00:00:00Z'), 'monthly'), T('2026-12-01T00:00:00Z'));
  });

  it('lists bucket starts of a half-open range', () => {
    const b = bucketStarts({ granularity: 'daily', from: T('2026-11-01T00:00:00Z'), to: T('2026-11-04T00:00:00Z') });
    assert.deepEqual(b.map((x) => new Date(x).toISOString().slice(0, 10)), ['2026-11-01', '2026-11-02', '2026-11-03']);
    assert.deepEqual(bucketStarts({ granularity: 'hourly', from: 3600e3, to: 3600e3 }), []);
    // Months have different lengths; monthly buckets are calendar months.
    const m = bucketStarts({ granularity: 'monthly', from: T('2026-01-01T00:00:00Z'), to: T('2026-04-01T00:00:00Z') });
    assert.deepEqual(m, [T('2026-01-01T00:00:00Z'), T('2026-02-01T00:00:00Z'), T('2026-03-01T00:00:00Z')]);
  });

  it('labels buckets per granularity', () => {
    assert.equal(bucketLabel(T('2026-11-23T09:00:00Z'), 'hourly'), '2026-11-23 09:00 UTC');
    assert.equal(bucketLabel(T('2026-11-23T00:00:00Z'), 'daily'), '2026-11-23');
    assert.equal(bucketLabel(T('2026-11-01T00:00:00Z'), 'monthly'), '2026-11');
    assert.equal(describeRange({ granularity: 'daily', from: T('2026-11-01T00:00:00Z'), to: T('2026-11-08T00:00:00Z') }), '2026-11-01 – 2026-11-07');
    assert.equal(isoSeconds(T('2026-11-01T00:00:00.000Z')), '2026-11-01T00:00:00Z');
  });
});

describe('consumption time: windows and presets', () => {
  it('windows are 168 h, 60 days and one year, never before 2024-03-01', () => {
    assert.equal(windowStart('hourly', NOW), NOW - 168 * 3600e3);
    assert.equal(windowStart('daily', NOW), NOW - 60 * 86400e3);
    assert.equal(windowStart('monthly', NOW), T('2025-11-23T09:41:27.123Z'));
    assert.equal(windowStart('monthly', T('2024-06-01T00:00:00Z')), HISTORY_START);
    assert.equal(earliestBucket('monthly', NOW), T('2025-12-01T00:00:00Z'));
  });

  const expected: Record<string, [string, number]> = { '24h': ['hourly', 24], '7d': ['hourly', 168], '30d': ['daily', 30], '60d': ['daily', 60], '12m': ['monthly', 12] };
  for (const p of PRESETS) {
    it(`preset ${p.id} has ${expected[p.id]![1]} ${expected[p.id]![0]} buckets ending with the current one, inside the window`, () => {
      const r = presetRange(p.id, NOW);
      assert.equal(r.granularity, expected[p.id]![0]);
      assert.equal(bucketStarts(r).length, expected[p.id]![1]);
      assert.equal(r.to, addBuckets(bucketStart(NOW, r.granularity), r.granularity, 1));
      assert.ok(r.from >= windowStart(r.granularity, NOW), 'from is inside the API window');
    });
  }

  it('presets are cut at the history start', () => {
    const now = T('2024-03-10T12:00:00Z');
    const r = presetRange('60d', now);
    assert.equal(r.from, HISTORY_START);
    assert.equal(bucketStarts(r).length, 10);
    assert.equal(presetRange('12m', now).from, HISTORY_START);
  });

  it('switching granularity keeps the instants and clips into the window', () => {
    const week = presetRange('7d', NOW);
    const daily = regranulate(week, 'daily', NOW)!;
    assert.equal(daily.granularity, 'daily');
    assert.equal(daily.from, T('2026-11-16T00:00:00Z'));
    assert.equal(daily.to, T('2026-11-24T00:00:00Z'));
    const hourly = regranulate(presetRange('60d', NOW), 'hourly', NOW)!;
    assert.equal(hourly.from, earliestBucket('hourly', NOW));
    assert.equal(bucketStarts(hourly).length, 168);
    assert.equal(regranulate({ granularity: 'daily', from: T('2026-01-01T00:00:00Z'), to: T('2026-01-05T00:00:00Z') }, 'hourly', NOW), undefined);
  });

  it('tells which granularities hold a range without clipping', () => {
    assert.deepEqual(allowedGranularities(presetRange('24h', NOW).from, NOW, NOW), ['hourly', 'daily', 'monthly']);
    assert.deepEqual(allowedGranularities(presetRange('30d', NOW).from, NOW, NOW), ['daily', 'monthly']);
    assert.deepEqual(allowedGranularities(T('2025-10-15T00:00:00Z'), NOW, NOW), []);
    assert.deepEqual(allowedGranularities(T('2026-02-15T00:00:00Z'), NOW, NOW), ['monthly']);
  });
});

describe('consumption time: custom ranges', () => {
  it('accepts a daily range and includes the end day', () => {
    const r = validateCustomRange('2026-11-01', '2026-11-07', 'daily', NOW);
    assert.ok(r.ok);
    assert.equal(r.range.from, T('2026-11-01T00:00:00Z'));
    assert.equal(r.range.to, T('2026-11-08T00:00:00Z'));
    assert.equal(bucketStarts(r.range).length, 7);
  });

  it('cuts an end in the future at the current bucket', () => {
    const r = validateCustomRange('2026-11-20', '2027-01-01', 'daily', NOW);
    assert.ok(r.ok);
    assert.equal(r.range.to, T('2026-11-24T00:00:00Z'));
  });

  it('accepts whole months monthly, and an end in the current month (cut at its end)', () => {
    const whole = validateCustomRange('2026-01-01', '2026-03-31', 'monthly', NOW);
    assert.deepEqual(whole, { ok: true, range: { granularity: 'monthly', from: T('2026-01-01T00:00:00Z'), to: T('2026-04-01T00:00:00Z') } });
    const current = validateCustomRange('2026-09-01', '2026-11-23', 'monthly', NOW);
    assert.deepEqual(current, { ok: true, range: { granularity: 'monthly', from: T('2026-09-01T00:00:00Z'), to: T('2026-12-01T00:00:00Z') } });
  });

  it('accepts ISO date-times with an offset', () => {
    const r = validateCustomRange('2026-11-22T10:30:00+02:00', '2026-11-22T20:00:00Z', 'hourly', NOW);
    assert.ok(r.ok);
    assert.equal(r.range.from, T('2026-11-22T08:00:00Z'));
    assert.equal(r.range.to, T('2026-11-22T20:00:00Z'));
  });

  const bad: [string, string, 'hourly' | 'daily' | 'monthly', RegExp][] = [
    ['yesterday', '2026-11-07', 'daily', /Enter the start/],
    ['2026-11-01', '2026-02-30', 'daily', /Enter the end/],
    ['2026-11-07', '2026-11-01', 'daily', /before the end/],
    ['2026-11-07', '2026-11-06T12:00:00Z', 'daily', /before the end/],
    ['2023-01-01', '2024-01-01', 'monthly', /starts on 1 March 2024/],
    ['2024-02-01', '2024-06-01', 'monthly', /on or after 2024-03-01/],
    ['2026-11-01', '2026-11-10', 'hourly', /Hourly data covers the last 168 hours.*switch to daily/],
    ['2026-08-01', '2026-11-10', 'daily', /Daily data covers the last 60 days.*switch to monthly/],
    // Monthly cannot show days inside months either: the hint names whole months, not a switch that fails too (walk 23).
    ['2026-01-15', '2026-03-20', 'daily', /Choose a later start, or whole months such as 2026-01-01 to 2026-03-31 to chart them monthly\.$/],
    ['2026-01-15', '2026-11-20', 'hourly', /Hourly data covers .*Choose a later start, or whole months such as 2026-01-01 to 2026-11-20 to chart them monthly\.$/],
    ['2026-08-01', '2026-11-10', 'hourly', /Hourly data covers .*Choose a later start or switch to monthly\.$/],
    // Before monthly's window too: no hint at all.
    ['2025-01-15', '2025-03-20', 'daily', /Daily data covers the last 60 days only \(from [0-9-]+\)\. Choose a later start\.$/],
    ['2025-01-01', '2026-11-10', 'monthly', /Monthly data covers the last 12 months only \(from 2025-12-01\)/],
    ['2026-12-01', '2026-12-05', 'daily', /future/],
    // A start after today with the end left at today: the start is what to change, not the order.
    ['2026-12-01', '2026-11-23', 'daily', /^The start is in the future\.$/],
    // Monthly: dates inside months are refused, with the whole months that cover them.
    ['2026-01-15', '2026-03-31', 'monthly', /^Monthly data comes in whole months: .* such as 2026-01-01 to 2026-03-31\.$/],
    ['2026-01-01', '2026-03-15', 'monthly', /such as 2026-01-01 to 2026-03-31\.$/],
    ['2026-02-01', '2026-02-01', 'monthly', /such as 2026-02-01 to 2026-02-28\.$/],
  ];
  for (const [from, to, g, re] of bad) {
    it(`rejects ${from} → ${to} (${g}) with a sentence`, () => {
      const r = validateCustomRange(from, to, g, NOW);
      assert.equal(r.ok, false);
      if (!r.ok) assert.match(r.message, re);
    });
  }

  it('a custom range is charted at a granularity that can show its dates: the one asked for, else daily, else monthly (walk 21)', () => {
    // A few days after "Last 12 months" (monthly): daily, as the day presets do.
    assert.equal(fittingGranularity('2026-11-10', '2026-11-20', 'monthly', NOW), 'daily');
    // Twenty days after "Last 7 days" (hourly): daily.
    assert.equal(fittingGranularity('2026-11-01', '2026-11-20', 'hourly', NOW), 'daily');
    // Whole months before daily's 60 days: monthly.
    assert.equal(fittingGranularity('2026-01-01', '2026-03-31', 'daily', NOW), 'monthly');
    assert.equal(fittingGranularity('2026-01-01', '2026-03-31', 'hourly', NOW), 'monthly');
    // What fits is kept.
    assert.equal(fittingGranularity('2026-11-22', '2026-11-23', 'hourly', NOW), 'hourly');
    assert.equal(fittingGranularity('2026-09-01', '2026-11-23', 'monthly', NOW), 'monthly');
    // Nothing fits (before history, part months before daily's window): the one asked for, whose refusal says why.
    assert.equal(fittingGranularity('2023-01-01', '2024-01-01', 'monthly', NOW), 'monthly');
    assert.equal(fittingGranularity('2026-01-15', '2026-03-31', 'daily', NOW), 'daily');
    // The whole months a refusal suggests are then charted monthly.
    assert.equal(fittingGranularity('2026-01-01', '2026-03-31', 'daily', NOW), 'monthly');
    assert.equal(fittingGranularity('2026-01-01', '2026-11-20', 'hourly', NOW), 'monthly');
  });

  it('parses dates strictly', () => {
    assert.equal(parseDateInput('2026-11-01', false), T('2026-11-01T00:00:00Z'));
    assert.equal(parseDateInput('2026-11-01', true), T('2026-11-02T00:00:00Z'));
    assert.equal(parseDateInput('2026-13-01', false), undefined);
    assert.equal(parseDateInput('2026-11-01T10:00', false), undefined, 'a time without a zone is ambiguous');
    assert.equal(parseDateInput(' 2026-11-01T10:00:00Z ', false), T('2026-11-01T10:00:00Z'));
  });
});
