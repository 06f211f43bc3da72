/** loadConsumption against the real emulator through the real NeonClient. */
import { strict as assert } from 'assert';
import { NeonClient } from '../../src/api';
import { consumptionClientFrom, describeLoadError, LoadCancelledError, loadConsumption, NO_HISTORY_MESSAGE, NotMemberError } from '../../src/consumption/load';
import { buildChart, isEmpty, tableRows, totalSeries } from '../../src/consumption/shape';
import { bucketStarts, earliestBucket, formatDateInput, type Granularity, isoSeconds, type PresetId, presetRange, validateCustomRange } from '../../src/consumption/time';
import { startEmulator, type Emulator } from '../../emulator';

const ACME = 'org-morning-bread-81040908'; // business plan, 4 projects
const SIDE = 'org-ocean-art-12345678'; // free plan

describe('consumption load against the emulator', function () {
  let em: Emulator;
  let client: NeonClient;
  before(async () => {
    em = await startEmulator({ port: 0, seed: 'small', latencyMs: 0 });
    client = new NeonClient({ baseUrl: em.url, apiKey: em.apiKey, userAgent: 'neon-explorer-test' });
  });
  after(async () => em?.close());

  const expected: [PresetId, string, number][] = [
    ['24h', 'hourly', 24],
    ['7d', 'hourly', 168],
    ['30d', 'daily', 30],
    ['60d', 'daily', 60],
    ['12m', 'monthly', 12],
  ];
  for (const [preset, g, n] of expected) {
    it(`every preset is accepted (no 406): ${preset} → ${n} ${g} buckets`, async () => {
      const now = Date.now();
      const r = await loadConsumption(consumptionClientFrom(client), { orgId: ACME, range: presetRange(preset, now) }, { now });
      assert.equal(r.kind, 'data');
      if (r.kind !== 'data') return;
      assert.equal(r.dataset.api, 'v2');
      assert.equal(r.dataset.buckets.length, n);
      assert.equal(r.dataset.range.granularity, g);
      assert.deepEqual(r.dataset.projects.map((p) => p.name).sort(), ['acme-analytics', 'acme-api', 'acme-sandbox', 'acme-web']);
      assert.equal(isEmpty(r.dataset, 'compute_unit_seconds'), false);
      const chart = buildChart(r.dataset, { metric: 'compute_unit_seconds', mode: 'projects', topN: 2 });
      assert.deepEqual(chart.series.map((s) => s.label).slice(-1), ['Others (2 projects)']);
    });
  }

  for (const g of ['hourly', 'daily', 'monthly'] as Granularity[]) {
    it(`the earliest custom start the page accepts for ${g} is accepted by the API`, async () => {
      const now = Date.now();
      const from = g === 'hourly' ? isoSeconds(earliestBucket(g, now)) : formatDateInput(earliestBucket(g, now));
      const check = validateCustomRange(from, formatDateInput(now), g, now);
      assert.ok(check.ok, check.ok ? '' : check.message);
      const r = await loadConsumption(consumptionClientFrom(client), { orgId: ACME, range: check.range }, { now });
      assert.equal(r.kind, 'data');
    });
  }

  it('a range outside the window comes back as a 406 in words, with the request id', async () => {
    const now = Date.now();
    const range = { granularity: 'hourly' as const, from: now - 10 * 86400e3 - ((now - 10 * 86400e3) % 3600e3), to: now };
    const err = await loadConsumption(consumptionClientFrom(client), { orgId: ACME, range }, { now }).then(() => undefined, (e: unknown) => e);
    assert.equal((err as { status?: number }).status, 406);
    assert.match(describeLoadError(err), /\(406\).*hourly: last 7 days.*request id/);
  });

  it('a project scope gets one project, named', async () => {
    const now = Date.now();
    const r = await loadConsumption(consumptionClientFrom(client), { orgId: ACME, projectId: 'shiny-wind-02883413', range: presetRange('30d', now) }, { now });
    assert.ok(r.kind === 'data');
    assert.deepEqual(r.dataset.projects.map((p) => [p.id, p.name]), [['shiny-wind-02883413', 'acme-api']]);
    assert.equal(tableRows(r.dataset, 'compute_unit_seconds')[0]!.share, 1);
  });

  it('the free plan has no history, in words', async () => {
    const r = await loadConsumption(consumptionClientFrom(client), { orgId: SIDE, range: presetRange('30d', Date.now()) });
    assert.deepEqual(r, { kind: 'unsupported', message: NO_HISTORY_MESSAGE });
  });

  it('an organization the key\'s user is not a member of: a 404, said as such (v2 and legacy)', async () => {
    const range = presetRange('30d', Date.now());
    for (const api of [undefined, 'legacy'] as const) {
      const err = await loadConsumption(consumptionClientFrom(client), { orgId: 'org-not-mine-12345678', range, ...(api ? { api } : {}) }).then(() => undefined, (e: unknown) => e);
      assert.ok(err instanceof NotMemberError, String(err));
      assert.match(describeLoadError(err), /not a member of organization org-not-mine-12345678 \(404\).*\(request id [0-9a-f-]+\)$/);
    }
  });

  it('legacy per-project data covers every bucket of the range', async () => {
    const now = Date.now();
    const range = presetRange('60d', now);
    const legacy = await loadConsumption(consumptionClientFrom(client), { orgId: ACME, range, api: 'legacy' }, { now });
    assert.ok(legacy.kind === 'data');
    assert.equal(legacy.dataset.api, 'legacy');
    assert.ok(totalSeries(legacy.dataset, 'active_time_seconds').some((v) => (v ?? 0) > 0));
    assert.equal(bucketStarts(range).length, legacy.dataset.buckets.length);
  });

  it('pages through a 250-project org (3 pages of 100) with progress', async () => {
    const big = await startEmulator({ port: 0, orgs: 1, projectsPerOrg: 250, branches: 1, latencyMs: 0 });
    try {
      const c = new NeonClient({ baseUrl: big.url, apiKey: big.apiKey, userAgent: 'neon-explorer-test' });
      const orgId = [...big.state.orgs.values()][0]!.id;
      const pages: number[] = [];
      const now = Date.now();
      const r = await loadConsumption(consumptionClientFrom(c), { orgId, range: presetRange('7d', now), metrics: ['compute_unit_seconds'] }, { now, onProgress: (p) => pages.push(p.projects) });
      assert.ok(r.kind === 'data');
      assert.equal(r.dataset.projects.length, 250);
      assert.deepEqual(pages, [100, 200, 250]);
    } finally {
      await big.close();
    }
  });

  it('cancels a slow load', async () => {
    const slow = await startEmulator({ port: 0, seed: 'small', latencyMs: 300 });
    try {
      const c = new NeonClient({ baseUrl: slow.url, apiKey: slow.apiKey, userAgent: 'neon-explorer-test' });
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 50);
      const t0 = Date.now();
      await assert.rejects(loadConsumption(consumptionClientFrom(c), { orgId: ACME, range: presetRange('30d', Date.now()) }, { signal: ac.signal }), LoadCancelledError);
      assert.ok(Date.now() - t0 < 280, 'did not wait for the response');
    } finally {
      await slow.close();
    }
  });
});
