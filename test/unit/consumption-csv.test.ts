import { strict as assert } from 'assert';
import { csvField, csvFileName, toCsv } from '../../src/consumption/csv';
import { type ConsumptionDataset } from '../../src/consumption/shape';

const ds: ConsumptionDataset = {
  api: 'v2',
  range: { granularity: 'daily', from: Date.parse('2026-11-01T00:00:00Z'), to: Date.parse('2026-11-04T00:00:00Z') },
  buckets: [Date.parse('2026-11-01T00:00:00Z'), Date.parse('2026-11-02T00:00:00Z'), Date.parse('2026-11-03T00:00:00Z')],
  metrics: ['compute_unit_seconds'],
  projects: [
    { id: 'small-1', name: 'small, "quoted"', values: { compute_unit_seconds: [360, 0, null] } },
    { id: 'big-2', name: '=HYPERLINK("x")', values: { compute_unit_seconds: [36000, 1080, null] } },
    { id: 'plain-3', name: 'plain-3', values: { compute_unit_seconds: [0, 0, null] } },
  ],
  fetchedAt: Date.parse('2026-11-02T12:00:00Z'),
};

describe('consumption csv', () => {
  const text = toCsv(ds, 'compute_unit_seconds');
  const lines = text.split('\r\n');
  it('has a header with units, largest project first, and a total column', () => {
    assert.equal(lines[0], `bucket_start_utc,"'=HYPERLINK(""x"") [big-2] (CU-hours)","small, ""quoted"" [small-1] (CU-hours)",plain-3 (CU-hours),Total (CU-hours)`);
  });
  it('has one CRLF line per bucket, values in display units, empty for no data', () => {
    assert.equal(lines.length, 5);
    assert.equal(lines[4], '');
    assert.equal(lines[1], '2026-11-01T00:00:00Z,10,0.1,0,10.1');
    assert.equal(lines[2], '2026-11-02T00:00:00Z,0.3,0,0,0.3');
    assert.equal(lines[3], '2026-11-03T00:00:00Z,,,,');
  });
  it('quotes and neutralises formulas', () => {
    assert.equal(csvField('a,b'), '"a,b"');
    assert.equal(csvField('line\nbreak'), '"line\nbreak"');
    assert.equal(csvField('+1'), "'+1");
    assert.equal(csvField('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvField('ok'), 'ok');
  });
  it('names the file after scope, metric, granularity and start', () => {
    assert.equal(csvFileName('Acme Org / Prod!', ds, 'compute_unit_seconds'), 'neon-consumption-acme-org-prod-compute-daily-2026-11-01.csv');
    // The metric as people read it, never its API id.
    assert.equal(csvFileName('Acme', { ...ds, api: 'legacy' }, 'compute_time_seconds'), 'neon-consumption-acme-compute-time-daily-2026-11-01.csv');
    assert.equal(csvFileName('Café Ü', ds, 'public_network_transfer_bytes'), 'neon-consumption-café-ü-public-network-transfer-daily-2026-11-01.csv');
  });
});
