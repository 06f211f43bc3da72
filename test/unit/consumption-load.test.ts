import { strict as assert } from 'assert';
import {
  type ConsumptionClient,
  type ConsumptionPageQuery,
  describeLoadError,
  isLoadCancelled,
  LoadCancelledError,
  type LoadProgress,
  loadConsumption,
  NO_HISTORY_MESSAGE,
  NotMemberError,
  orgsWithConsumption,
  PARTIAL_EVERY_MS,
} from '../../src/consumption/load';
import type { ConsumptionDataset } from '../../src/consumption/shape';
import { presetRange } from '../../src/consumption/time';
import { type V2ProjectsResponse, type LegacyProjectsResponse } from '../../src/consumption/shape';

const NOW = Date.parse('2026-11-23T09:41:00Z');
const RANGE = presetRange('30d', NOW);

class HttpError extends Error {
  constructor(readonly status: number, message = `HTTP ${status}`) {
    super(message);
  }
  userMessage(): string {
    return `Neon answered ${this.status}: ${this.message}`;
  }
}

/** A fake with N projects, cursor = last id on the page, a cursor even on the last page (like the real API). */
function fakeClient(opts: { projects?: number; v2?: number; legacy?: number; names?: 'ok' | 'fail'; delayMs?: number; namesDelayMs?: number; failPage?: number } = {}) {
  const ids = Array.from({ length: opts.projects ?? 250 }, (_, i) => `proj-${String(i).padStart(4, '0')}`);
  const calls: { kind: string; q: Partial<ConsumptionPageQuery> }[] = [];
  const page = <T>(q: ConsumptionPageQuery, row: (id: string) => T) => {
    let list = q.projectIds ? ids.filter((id) => q.projectIds!.includes(id)) : ids;
    const start = q.cursor ? list.indexOf(q.cursor) + 1 : 0;
    list = list.slice(start, start + q.limit);
    return { projects: list.map(row), ...(list.length ? { pagination: { cursor: list[list.length - 1]! } } : {}) };
  };
  const wait = async (signal?: AbortSignal) => {
    if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
    if (signal?.aborted) throw Object.assign(new Error('aborted'), { name: 'AbortError' });
  };
  const client: ConsumptionClient = {
    async consumptionV2Page(q): Promise<V2ProjectsResponse> {
      calls.push({ kind: 'v2', q });
      await wait(q.signal);
      if (opts.v2) throw new HttpError(opts.v2);
      if (opts.failPage === calls.length) throw new HttpError(500);
      return page(q, (id) => ({
        project_id: id,
        periods: [{ consumption: [{ timeframe_start: new Date(RANGE.from).toISOString(), metrics: q.metrics!.map((m) => ({ metric_name: m, value: 3600 })) }] }],
      }));
    },
    async consumptionLegacyPage(q): Promise<LegacyProjectsResponse> {
      calls.push({ kind: 'legacy', q });
      await wait(q.signal);
      if (opts.legacy) throw new HttpError(opts.legacy);
      return page(q, (id) => ({ project_id: id, periods: [{ consumption: [{ timeframe_start: new Date(RANGE.from).toISOString(), active_time_seconds: 7200 }] }] }));
    },
    async projectNames() {
      if (opts.namesDelayMs) await new Promise((r) => setTimeout(r, opts.namesDelayMs));
      if (opts.names === 'fail') throw new HttpError(500);
      return new Map(ids.map((id) => [id, `Name of ${id}`]));
    },
  };
  return { client, calls };
}

describe('consumption load', () => {
  it('uses v2 for an org, follows every page of 100 and reports progress', async () => {
    const { client, calls } = fakeClient({ projects: 250 });
    const progress: LoadProgress[] = [];
    const r = await loadConsumption(client, { orgId: 'org-a-1', range: RANGE, metrics: ['compute_unit_seconds', 'active_time_seconds'] }, { now: NOW, onProgress: (p) => progress.push(p) });
    assert.equal(r.kind, 'data');
    if (r.kind !== 'data') return;
    assert.equal(r.dataset.api, 'v2');
    assert.equal(r.dataset.projects.length, 250);
    assert.deepEqual(r.dataset.metrics, ['compute_unit_seconds'], 'legacy metrics are not sent to v2');
    assert.deepEqual(calls.map((c) => [c.kind, c.q.cursor ?? null, c.q.limit]), [['v2', null, 100], ['v2', 'proj-0099', 100], ['v2', 'proj-0199', 100]]);
    assert.deepEqual(progress.map((p) => [p.pages, p.projects]), [[1, 100], [2, 200], [3, 250]]);
    assert.equal(calls[0]!.q.orgId, 'org-a-1');
    assert.equal(calls[0]!.q.granularity, 'daily');
    assert.equal(calls[0]!.q.from, new Date(RANGE.from).toISOString().replace('.000', ''));
    assert.equal(r.dataset.projects[0]!.name, 'Name of proj-0000');
  });

  it('stops on a full last page whose cursor leads to an empty page', async () => {
    const { client, calls } = fakeClient({ projects: 200 });
    const r = await loadConsumption(client, { orgId: 'org-a-1', range: RANGE }, { now: NOW });
    assert.equal(r.kind === 'data' && r.dataset.projects.length, 200);
    assert.equal(calls.length, 3);
  });

  it('asks for one project only in project scope', async () => {
    const { client, calls } = fakeClient({ projects: 5 });
    const r = await loadConsumption(client, { orgId: 'org-a-1', projectId: 'proj-0003', range: RANGE }, { now: NOW });
    assert.deepEqual(calls[0]!.q.projectIds, ['proj-0003']);
    assert.equal(r.kind === 'data' && r.dataset.projects.length, 1);
  });

  it('falls back to the legacy API when the plan is not eligible for v2 (403)', async () => {
    const { client, calls } = fakeClient({ projects: 3, v2: 403 });
    const r = await loadConsumption(client, { orgId: 'org-a-1', range: RANGE }, { now: NOW });
    assert.deepEqual(calls.map((c) => c.kind), ['v2', 'legacy']);
    assert.ok(r.kind === 'data');
    assert.equal(r.dataset.api, 'legacy');
    assert.deepEqual(r.dataset.metrics, ['active_time_seconds', 'compute_time_seconds', 'written_data_bytes', 'synthetic_storage_size_bytes']);
  });

  it('says which plans have history when neither API is available', async () => {
    const { client } = fakeClient({ v2: 403, legacy: 403 });
    const r = await loadConsumption(client, { orgId: 'org-a-1', range: RANGE }, { now: NOW });
    assert.deepEqual(r, { kind: 'unsupported', message: NO_HISTORY_MESSAGE });
    assert.match(NO_HISTORY_MESSAGE, /Launch, Scale, Agent, Business and Enterprise/);
  });

  it('reads a 404 from the legacy per-project endpoint as "not a member of that organization", and asks nothing more', async () => {
    const { client, calls } = fakeClient({ v2: 403, legacy: 404 });
    const err = await loadConsumption(client, { orgId: 'org-a-1', range: RANGE }, { now: NOW }).then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof NotMemberError);
    assert.deepEqual(calls.map((c) => c.kind), ['v2', 'legacy'], 'no account-wide fallback: the document has no such endpoint');
    assert.match(describeLoadError(err), /not a member of organization org-a-1 \(404\)/);
    assert.match(describeLoadError(err), /Ask an admin of the organization to invite you/);
    const one = fakeClient({ legacy: 404 });
    const e2 = await loadConsumption(one.client, { projectId: 'p-1', range: RANGE }, { now: NOW }).then(() => undefined, (e: unknown) => e);
    assert.match(describeLoadError(e2), /not a member of the organization that owns this project/);
  });

  for (const preset of ['24h', '30d', '12m'] as const) {
    it(`never asks for a period ending in the future (${preset}): \`to\` is now, the buckets still cover the current one`, async () => {
      const now = Date.parse('2026-11-30T16:41:27.450Z');
      const range = presetRange(preset, now);
      assert.ok(range.to > now, 'the range itself ends on the next bucket boundary');
      const { client, calls } = fakeClient({ projects: 2 });
      const r = await loadConsumption(client, { orgId: 'org-a-1', range }, { now });
      assert.equal(calls[0]!.q.to, '2026-11-30T16:41:27Z');
      assert.equal(calls[0]!.q.from, new Date(range.from).toISOString().replace('.000Z', 'Z'));
      assert.ok(r.kind === 'data' && r.dataset.buckets.at(-1)! <= now && r.dataset.buckets.at(-1)! + 1 > range.from);
    });
  }

  it('a range that ended in the past is sent as it is', async () => {
    const { client, calls } = fakeClient({ projects: 1 });
    await loadConsumption(client, { orgId: 'org-a-1', range: RANGE }, { now: RANGE.to + 86_400_000 });
    assert.equal(calls[0]!.q.to, new Date(RANGE.to).toISOString().replace('.000Z', 'Z'));
  });

  it('skips v2 without an org and when an earlier load found legacy', async () => {
    const a = fakeClient();
    await loadConsumption(a.client, { range: RANGE }, { now: NOW });
    assert.deepEqual(a.calls.map((c) => c.kind).slice(0, 1), ['legacy']);
    const b = fakeClient();
    await loadConsumption(b.client, { orgId: 'org-a-1', range: RANGE, api: 'legacy' }, { now: NOW });
    assert.equal(b.calls[0]!.kind, 'legacy');
  });

  it('throws other errors (406, 429, 500) for the page to show', async () => {
    const { client } = fakeClient({ v2: 406 });
    await assert.rejects(loadConsumption(client, { orgId: 'org-a-1', range: RANGE }, { now: NOW }), (e: unknown) => (e as HttpError).status === 406);
    assert.match(describeLoadError({ status: 406 }), /hourly data covers the last 168 hours/);
    assert.match(describeLoadError({ status: 429 }), /rate-limiting/);
    assert.equal(describeLoadError(new HttpError(406, 'range too long')), 'Neon answered 406: range too long', "the client's own sentence wins");
    assert.equal(describeLoadError(new HttpError(500, 'boom')), 'Neon answered 500: boom');
    assert.equal(describeLoadError(new Error('plain')), 'plain');
  });

  it('keeps ids as labels when names fail', async () => {
    const { client } = fakeClient({ projects: 2, names: 'fail' });
    const r = await loadConsumption(client, { orgId: 'org-a-1', range: RANGE }, { now: NOW });
    assert.ok(r.kind === 'data');
    assert.equal(r.dataset.projects[0]!.name, 'proj-0000');
  });

  describe('what has arrived while more pages come (onPartial)', () => {
    const load = async (o: Parameters<typeof fakeClient>[0]) => {
      const { client } = fakeClient(o);
      const partials: ConsumptionDataset[] = [];
      const pages: number[] = [];
      const r = loadConsumption(client, { orgId: 'org-a-1', range: RANGE, metrics: ['compute_unit_seconds'] }, { now: NOW, onPartial: (d, n) => (partials.push(d), pages.push(n)) });
      return { r, partials, pages };
    };

    it('a full first page followed by an empty one: the partial after the first page is the whole answer, names and all', async () => {
      const { r, partials } = await load({ projects: 100 });
      const got = await r;
      assert.equal(partials.length, 1);
      assert.ok(got.kind === 'data');
      assert.deepEqual(partials[0], got.dataset);
      assert.equal(partials[0]!.projects[0]!.name, 'Name of proj-0000');
      assert.strictEqual(got.dataset, partials[0], 'the answer is the partial already shaped, not shaped a second time');
    });

    it('more projects after it: the partial has the first page only; one page answers with none', async () => {
      const many = await load({ projects: 250 });
      const got = await many.r;
      assert.deepEqual(many.partials.map((d) => d.projects.length), [100], 'pages 2 and 3 come within a second of the first');
      assert.deepEqual(many.pages, [1], 'the partial says the pages it was shaped from, which the page counts in its status');
      assert.ok(got.kind === 'data' && got.dataset.projects.length === 250);
      assert.notStrictEqual(got.dataset, many.partials[0], 'pages with projects after the partial are shaped');
      const one = await load({ projects: 40 });
      await one.r;
      assert.deepEqual(one.partials, [], 'a short first page is the whole answer');
    });

    it(`at most one every ${PARTIAL_EVERY_MS} ms while a long list comes`, async function () {
      this.timeout(10_000);
      // 500 projects at 300 ms a page: pages at about 0.3, 0.6, 0.9, 1.2, 1.5 s, then the empty page.
      const { r, partials } = await load({ projects: 500, delayMs: 300 });
      await r;
      assert.deepEqual(partials.map((d) => d.projects.length), [100, 500]);
    });

    it('none once the load has settled: names that arrive after the last page, or a page that failed', async () => {
      const late = await load({ projects: 100, namesDelayMs: 100 });
      const got = await late.r;
      assert.ok(got.kind === 'data' && got.dataset.projects[0]!.name === 'Name of proj-0000');
      assert.deepEqual(late.partials, [], 'the answer came first');
      const failed = await load({ projects: 250, failPage: 2, namesDelayMs: 50 });
      await assert.rejects(failed.r, (e: unknown) => e instanceof HttpError && e.status === 500);
      await new Promise((res) => setTimeout(res, 100));
      assert.deepEqual(failed.partials, [], 'no partial after the error');
    });
  });

  it('stops when cancelled and says so', async () => {
    const { client, calls } = fakeClient({ projects: 1000, delayMs: 20 });
    const ac = new AbortController();
    const p = loadConsumption(client, { orgId: 'org-a-1', range: RANGE }, { now: NOW, signal: ac.signal, onProgress: (x) => x.pages === 2 && ac.abort() });
    await assert.rejects(p, (e: unknown) => e instanceof LoadCancelledError && isLoadCancelled(e));
    assert.ok(calls.length <= 3, `stopped early (${calls.length} calls)`);
    const pre = new AbortController();
    pre.abort();
    await assert.rejects(loadConsumption(client, { orgId: 'org-a-1', range: RANGE }, { now: NOW, signal: pre.signal }), LoadCancelledError);
  });
});

describe('organizations offered by Show Consumption', () => {
  const org = (name: string, plan: string | null) => ({ name, plan });
  it('leaves Free organizations out while another is left (an unknown plan is offered)', () => {
    const orgs = [org('hobby', 'free_v3'), org('work', 'scale_v3'), org('old', null), org('free2', 'FREE')];
    assert.deepEqual(orgsWithConsumption(orgs).map((o) => o.name), ['work', 'old']);
    assert.deepEqual(orgsWithConsumption([]), []);
  });
  it('with only Free organizations, says why nothing can be charted and what to do', () => {
    assert.throws(() => orgsWithConsumption([org('hobby', 'free_v3')]), /^Error: This account's only organization is on the Free plan, which has no consumption history to chart\. Upgrade it to a paid plan in the Neon Console, or add an API key/);
    assert.throws(() => orgsWithConsumption([org('a', 'free_v3'), org('b', 'free_v2')]), /^Error: All 2 organizations of this account are on the Free plan/);
  });
});
