/** The host side of the consumption page (vscode-free), against the emulator. */
import { strict as assert } from 'assert';
import { NeonClient } from '../../src/api';
import { consumptionClientFrom, type ConsumptionClient } from '../../src/consumption/load';
import type { ConsumptionDataset } from '../../src/consumption/shape';
import { startEmulator, type Emulator } from '../../emulator';
import { control } from './emulator-helpers';
import type { HostToPage } from '../../src/webviews/consumption/messages';
import { ConsumptionSession, SIGNED_OUT_MESSAGE } from '../../src/webviews/consumption/session';

const ACME = 'org-morning-bread-81040908';
const scope = { accountId: 'acc-1', orgId: ACME, title: 'Acme Inc' };

async function waitUntil(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('consumption session (host side of the page)', function () {
  let em: Emulator;
  let client: ConsumptionClient;
  before(async () => {
    em = await startEmulator({ port: 0, seed: 'small', latencyMs: 0 });
    client = consumptionClientFrom(new NeonClient({ baseUrl: em.url, apiKey: em.apiKey, userAgent: 'test' }));
  });
  after(async () => em?.close());

  function make(over: Partial<ConstructorParameters<typeof ConsumptionSession>[0]> = {}) {
    const posted: HostToPage[] = [];
    const logs: string[] = [];
    let clients = 0;
    const exports: [ConsumptionDataset, string][] = [];
    const session = new ConsumptionSession({
      scope,
      getClient: async () => {
        clients++;
        return client;
      },
      post: (m) => posted.push(m),
      log: { info: (m) => logs.push(`info ${m}`), warn: (m) => logs.push(`warn ${m}`), error: (m) => logs.push(`error ${m}`) },
      exportCsv: async (ds, metric) => {
        exports.push([ds, metric]);
        return '/tmp/x.csv';
      },
      ...over,
    });
    return { session, posted, logs, exports, clients: () => clients };
  }

  it('answers ready with the scope', async () => {
    const { session, posted } = make();
    await session.handle({ type: 'ready' });
    assert.equal(posted[0]!.type, 'init');
    assert.deepEqual((posted[0] as Extract<HostToPage, { type: 'init' }>).scope, scope);
  });

  it('tells the page to mark its chart only when the test seam says so', async () => {
    const plain = make();
    await plain.session.handle({ type: 'ready' });
    assert.ok(!('markCharts' in plain.posted[0]!), JSON.stringify(plain.posted[0]));
    const marked = make({ markCharts: true });
    await marked.session.handle({ type: 'ready' });
    assert.equal((marked.posted[0] as Extract<HostToPage, { type: 'init' }>).markCharts, true);
  });

  it('logs and drops malformed messages', async () => {
    const { session, posted, logs } = make();
    for (const bad of [null, 'ready', {}, { type: 'nope' }, { type: 'load', requestId: -1, range: { kind: 'preset', preset: '30d' } }, { type: 'load', requestId: 1, range: { kind: 'preset', preset: '3y' } }, { type: 'exportCsv', metric: 'x'.repeat(500) }, { type: 'load', requestId: 1.5, range: { kind: 'preset', preset: '30d' } }]) {
      await session.handle(bad);
    }
    assert.deepEqual(posted, []);
    assert.equal(logs.filter((l) => l.startsWith('warn consumption page: dropped a malformed message')).length, 8);
  });

  it('drops a message whose type is an object that cannot be turned into text, naming it by typeof', async () => {
    const { session, posted, logs } = make();
    await session.handle({ type: { toString: 'load' } });
    await session.handle({ type: Object.create(null) });
    assert.deepEqual(posted, []);
    assert.deepEqual(logs.filter((l) => l.includes('dropped')), [
      'warn consumption page: dropped a malformed message (type "object")',
      'warn consumption page: dropped a malformed message (type "object")',
    ]);
  });

  it('loads with progress, then serves the same range from its cache unless forced', async () => {
    const { session, posted, clients, logs } = make();
    await session.handle({ type: 'load', requestId: 1, range: { kind: 'preset', preset: '30d' } });
    assert.deepEqual(posted.map((m) => m.type), ['progress', 'data']);
    const data = posted[1] as Extract<HostToPage, { type: 'data' }>;
    assert.equal(data.requestId, 1);
    assert.equal(data.dataset.projects.length, 4);
    await session.handle({ type: 'load', requestId: 2, range: { kind: 'preset', preset: '30d' } });
    assert.equal(clients(), 1, 'cached');
    assert.equal(posted[2]!.type, 'data');
    await session.handle({ type: 'load', requestId: 3, range: { kind: 'preset', preset: '30d' }, force: true });
    assert.equal(clients(), 2, 'refresh refetches');
    assert.ok(logs.some((l) => /info consumption: organization Acme Inc \(org-morning-bread-81040908\), .* daily: 4 projects via v2 in \d+ ms/.test(l)));
    assert.ok(!logs.join('\n').includes(em.apiKey), 'the key never reaches the log');
  });

  it('refuses a custom range the API would refuse, in words', async () => {
    const { session, posted } = make();
    await session.handle({ type: 'load', requestId: 7, range: { kind: 'custom', from: '2023-01-01', to: '2023-02-01', granularity: 'daily' } });
    assert.deepEqual(posted, [{ type: 'error', requestId: 7, message: 'Consumption history starts on 1 March 2024; choose a later end.' }]);
  });

  it('says so when the account is signed out', async () => {
    const { session, posted } = make({ getClient: async () => undefined });
    await session.handle({ type: 'load', requestId: 1, range: { kind: 'preset', preset: '7d' } });
    assert.deepEqual(posted, [{ type: 'error', requestId: 1, message: SIGNED_OUT_MESSAGE }]);
  });

  it('cancels on request and lets a newer load supersede an older one', async () => {
    const slow = await startEmulator({ port: 0, seed: 'small', latencyMs: 200 });
    try {
      const c = consumptionClientFrom(new NeonClient({ baseUrl: slow.url, apiKey: slow.apiKey, userAgent: 'test' }));
      const { session, posted } = make({ getClient: async () => c });
      const p1 = session.handle({ type: 'load', requestId: 1, range: { kind: 'preset', preset: '30d' } });
      await new Promise((r) => setTimeout(r, 30));
      await session.handle({ type: 'cancel', requestId: 1 });
      await p1;
      assert.deepEqual(posted, [{ type: 'cancelled', requestId: 1 }]);
      posted.length = 0;
      const a = session.handle({ type: 'load', requestId: 2, range: { kind: 'preset', preset: '30d' } });
      await new Promise((r) => setTimeout(r, 30));
      const b = session.handle({ type: 'load', requestId: 3, range: { kind: 'preset', preset: '7d' } });
      await Promise.all([a, b]);
      assert.ok(posted.every((m) => !('requestId' in m) || m.requestId === 3), JSON.stringify(posted.map((m) => m.type)));
      assert.equal(posted[posted.length - 1]!.type, 'data');
      // Disposing (panel closed) aborts and silences.
      posted.length = 0;
      const c2 = session.handle({ type: 'load', requestId: 4, range: { kind: 'preset', preset: '24h' }, force: true });
      await new Promise((r) => setTimeout(r, 30));
      session.dispose();
      await c2;
      assert.deepEqual(posted, []);
    } finally {
      await slow.close();
    }
  });

  it('posts the series of one metric only, and answers a metric change from what it holds without a request', async () => {
    const { session, posted, clients } = make();
    await session.handle({ type: 'load', requestId: 1, range: { kind: 'preset', preset: '30d' }, metric: 'root_branch_bytes_month' });
    const data = posted.at(-1) as Extract<HostToPage, { type: 'data' }>;
    assert.equal(data.type, 'data');
    assert.equal(data.metric, 'root_branch_bytes_month');
    assert.ok(data.dataset.metrics.length >= 4 && data.dataset.metrics.includes('compute_unit_seconds'), 'every metric is still named, for the menu');
    for (const p of data.dataset.projects) assert.deepEqual(Object.keys(p.values), ['root_branch_bytes_month'], `project ${p.id} carries one metric`);
    await session.completeDataset(); // the other metrics, fetched after the chart's
    const requests = em.server.log.total;
    await session.handle({ type: 'metric', requestId: 2, metric: 'compute_unit_seconds' });
    const next = posted.at(-1) as Extract<HostToPage, { type: 'data' }>;
    assert.deepEqual([next.type, next.requestId, next.metric], ['data', 2, 'compute_unit_seconds']);
    for (const p of next.dataset.projects) assert.deepEqual(Object.keys(p.values), ['compute_unit_seconds']);
    // The same numbers as the kept dataset holds for that metric.
    for (const p of next.dataset.projects) {
      assert.deepEqual(p.values.compute_unit_seconds, session.lastDataset!.projects.find((q) => q.id === p.id)!.values.compute_unit_seconds);
    }
    assert.equal(em.server.log.total, requests, 'no request to the API');
    assert.equal(clients(), 1);
    // An unknown metric falls back to the first; a metric before any load is refused in words.
    await session.handle({ type: 'metric', requestId: 3, metric: 'nope' });
    assert.equal((posted.at(-1) as Extract<HostToPage, { type: 'data' }>).metric, data.dataset.metrics[0]);
    const fresh = make();
    await fresh.session.handle({ type: 'metric', requestId: 1, metric: 'compute_unit_seconds' });
    assert.deepEqual(fresh.posted, [{ type: 'error', requestId: 1, message: 'Nothing is loaded yet: choose Retry.' }]);
  });

  it('prefetches the range the page will ask for: its load waits for that fetch instead of sending its own', async () => {
    const slow = await startEmulator({ port: 0, seed: 'small', latencyMs: 100 });
    try {
      const c = consumptionClientFrom(new NeonClient({ baseUrl: slow.url, apiKey: slow.apiKey, userAgent: 'test' }));
      let n = 0;
      const clients = () => n;
      const { session, posted } = make({
        getClient: async () => {
          n++;
          return c;
        },
      });
      session.prefetch({ kind: 'preset', preset: '30d' });
      assert.equal(clients(), 1, 'the fetch started before the page asked');
      await session.handle({ type: 'load', requestId: 1, range: { kind: 'preset', preset: '30d' } });
      assert.equal(clients(), 1, 'one fetch');
      const consumptionRequests = slow.server.log.entries.filter((e) => e.route.includes('consumption_history')).length;
      assert.equal(consumptionRequests, 1, 'the 4 projects of the small seed fit one page (the drawn metric; the others follow the answer)');
      assert.deepEqual(posted.filter((m) => m.type === 'data').map((m) => (m as { requestId: number }).requestId), [1]);
      // A page that asks for another range gets that one; the prefetch is dropped.
      posted.length = 0;
      session.prefetch({ kind: 'preset', preset: '7d' });
      await session.handle({ type: 'load', requestId: 2, range: { kind: 'preset', preset: '24h' } });
      const data = posted.at(-1) as Extract<HostToPage, { type: 'data' }>;
      assert.equal(data.type, 'data');
      assert.equal(data.dataset.range.granularity, 'hourly');
      assert.equal(data.dataset.buckets.length, 24);
    } finally {
      await slow.close();
    }
  });

  it('a plan without consumption history is asked once: a page that starts after the prefetch settled gets the answer without a request; Refresh asks again', async () => {
    const side = { accountId: 'acc-1', orgId: 'org-ocean-art-12345678', title: 'Side Project' };
    const { session, posted } = make({ scope: side });
    const asked = () => em.server.log.entries.filter((e) => e.route.includes('consumption_history')).length;
    const before = asked();
    session.prefetch({ kind: 'preset', preset: '30d' });
    // The page starts late: the prefetch has its answer (v2 refused, then the legacy API refused).
    await waitUntil(() => asked() - before === 2 && em.server.log.inFlight === 0);
    await new Promise((r) => setTimeout(r, 20));
    await session.handle({ type: 'load', requestId: 1, range: { kind: 'preset', preset: '30d' } });
    await session.handle({ type: 'load', requestId: 2, range: { kind: 'preset', preset: '7d' } });
    assert.equal(asked() - before, 2, 'no request after the prefetch');
    assert.deepEqual(posted.map((m) => `${m.type} ${(m as { requestId?: number }).requestId}`), ['unsupported 1', 'unsupported 2']);
    assert.match((posted[0] as Extract<HostToPage, { type: 'unsupported' }>).message, /no consumption history/);
    await session.handle({ type: 'load', requestId: 3, range: { kind: 'preset', preset: '30d' }, force: true });
    assert.equal(asked() - before, 4, 'Refresh asks the API again');
    assert.equal(posted.at(-1)!.type, 'unsupported');
    // The plan is upgraded; Refresh shows data, and other ranges are asked for again.
    const org = em.state.orgs.get(side.orgId)!;
    const plan = org.plan;
    org.plan = 'business';
    try {
      await session.handle({ type: 'load', requestId: 4, range: { kind: 'preset', preset: '30d' }, force: true });
      assert.equal(posted.at(-1)!.type, 'data');
      await session.handle({ type: 'load', requestId: 5, range: { kind: 'preset', preset: '7d' } });
      assert.equal(posted.at(-1)!.type, 'data', 'the remembered "no history" is gone once data came');
    } finally {
      org.plan = plan;
    }
  });

  it('fetches the drawn metric first and the others once the page has drawn it; a metric change or an export waits for them', async () => {
    const slow = await startEmulator({ port: 0, seed: 'small', latencyMs: 150 });
    try {
      const c = consumptionClientFrom(new NeonClient({ baseUrl: slow.url, apiKey: slow.apiKey, userAgent: 'test' }));
      const requested: string[] = [];
      const recording: ConsumptionClient = {
        ...c,
        consumptionV2Page: (q) => {
          requested.push([...(q.metrics ?? [])].sort().join(','));
          return c.consumptionV2Page(q);
        },
      };
      const { session, posted, exports } = make({ getClient: async () => recording });
      const asked = () => [...requested];
      await session.handle({ type: 'load', requestId: 1, range: { kind: 'preset', preset: '30d' }, metric: 'public_network_transfer_bytes' });
      const data = posted.at(-1) as Extract<HostToPage, { type: 'data' }>;
      assert.deepEqual([data.type, data.metric], ['data', 'public_network_transfer_bytes']);
      assert.deepEqual(asked(), ['public_network_transfer_bytes'], 'the chart waited for its own metric only');
      assert.ok(data.dataset.metrics.length === 8, 'the menu still names every metric');
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(asked().length, 1, 'the others wait for the page to draw');
      await session.handle({ type: 'drawn', requestId: 1 });
      await new Promise((r) => setTimeout(r, 20));
      assert.equal(asked().length, 2, 'the page drew: the others are on their way');
      // Asked before they arrive: answered once they are in, without another request.
      await session.handle({ type: 'metric', requestId: 2, metric: 'compute_unit_seconds' });
      const next = posted.at(-1) as Extract<HostToPage, { type: 'data' }>;
      assert.deepEqual([next.type, next.requestId, next.metric], ['data', 2, 'compute_unit_seconds']);
      assert.equal(asked().length, 2);
      assert.ok(!asked()[1]!.includes('public_network_transfer_bytes') && asked()[1]!.split(',').length === 7, asked()[1]);
      const full = session.lastDataset!;
      for (const p of full.projects) assert.deepEqual(Object.keys(p.values).sort(), [...full.metrics].sort(), `project ${p.id} has every metric`);
      await session.handle({ type: 'exportCsv', metric: 'extra_branches_month' });
      assert.deepEqual(exports.map(([ds, m]) => [ds.projects.every((p) => Array.isArray(p.values[m])), m]), [[true, 'extra_branches_month']]);
      // A new range whose other metrics fail to arrive: the metric change says so in words.
      const failing: typeof c = { ...c, consumptionV2Page: (q) => (q.metrics?.length === 1 ? c.consumptionV2Page(q) : Promise.reject(Object.assign(new Error('Neon answered 500. Try again.'), { status: 500 }))) };
      const broken = make({ getClient: async () => failing });
      await broken.session.handle({ type: 'load', requestId: 1, range: { kind: 'preset', preset: '7d' } });
      assert.equal(broken.posted.at(-1)!.type, 'data');
      await broken.session.handle({ type: 'metric', requestId: 2, metric: 'root_branch_bytes_month' });
      assert.deepEqual(broken.posted.at(-1), { type: 'error', requestId: 2, message: 'Neon answered 500. Try again.' });
      assert.ok(broken.logs.some((l) => l.startsWith('warn consumption: the other metrics of organization')), broken.logs.join('\n'));
    } finally {
      await slow.close();
    }
  });

  describe('the projects received so far, while the rest of the pages come', () => {
    /** An org of `projects` projects; consumption pages after the first wait for `release()`. */
    async function gatedOrg(projects: number) {
      const big = await startEmulator({ port: 0, orgs: 1, projectsPerOrg: projects, branches: 1, latencyMs: 0 });
      const orgs = (await (await fetch(`${big.url}/users/me/organizations`, { headers: { authorization: `Bearer ${big.apiKey}` } })).json()) as { organizations: { id: string }[] };
      const real = consumptionClientFrom(new NeonClient({ baseUrl: big.url, apiKey: big.apiKey, userAgent: 'test' }));
      let release: () => void = () => undefined;
      const gate = new Promise<void>((r) => (release = r));
      let later = 0;
      const gated: ConsumptionClient = {
        ...real,
        consumptionV2Page: async (q) => {
          if (q.cursor) {
            later++;
            await gate;
          }
          return real.consumptionV2Page(q);
        },
      };
      const s = make({ scope: { accountId: 'acc-1', orgId: orgs.organizations[0]!.id, title: 'Big' }, getClient: async () => gated });
      return { ...s, big, release, laterPages: () => later };
    }
    const types = (posted: HostToPage[]) => posted.filter((m) => m.type !== 'progress').map((m) => m.type);

    it('a full page, then an empty one: the page draws the partial, then hears "complete" instead of the same series again', async () => {
      const o = await gatedOrg(100);
      try {
        const done = o.session.handle({ type: 'load', requestId: 1, range: { kind: 'preset', preset: '30d' }, metric: 'compute_unit_seconds' });
        await waitUntil(() => o.posted.some((m) => m.type === 'partial'));
        const partial = o.posted.find((m) => m.type === 'partial') as Extract<HostToPage, { type: 'partial' }>;
        assert.equal(partial.requestId, 1);
        assert.equal(partial.metric, 'compute_unit_seconds');
        assert.equal(partial.dataset.projects.length, 100);
        assert.ok(partial.dataset.projects.every((p) => Object.keys(p.values).join() === 'compute_unit_seconds'), 'one metric');
        assert.ok(partial.dataset.projects.every((p) => p.name && p.name !== p.id), 'with names');
        assert.equal(o.laterPages(), 1, 'the second page is on its way');
        o.release();
        await done;
        assert.deepEqual(types(o.posted), ['partial', 'complete']);
        assert.deepEqual(o.posted.at(-1), { type: 'complete', requestId: 1, metric: 'compute_unit_seconds' });
        assert.equal(o.session.lastDataset?.projects.length, 100, 'held for metric changes and export');
        // The same range again comes from the cache, whole.
        await o.session.handle({ type: 'load', requestId: 2, range: { kind: 'preset', preset: '30d' }, metric: 'compute_unit_seconds' });
        assert.equal(o.posted.at(-1)!.type, 'data');
      } finally {
        await o.big.close();
      }
    });

    it('more projects on the later pages: the whole answer comes as data', async () => {
      const o = await gatedOrg(150);
      try {
        const done = o.session.handle({ type: 'load', requestId: 1, range: { kind: 'preset', preset: '30d' } });
        await waitUntil(() => o.posted.some((m) => m.type === 'partial'));
        o.release();
        await done;
        assert.deepEqual(types(o.posted), ['partial', 'data']);
        assert.equal((o.posted.at(-1) as Extract<HostToPage, { type: 'data' }>).dataset.projects.length, 150);
      } finally {
        await o.big.close();
      }
    });

    it("a prefetch's partial is posted as soon as the page asks for that range; a superseded request gets none", async () => {
      const o = await gatedOrg(100);
      try {
        o.session.prefetch({ kind: 'preset', preset: '30d' });
        await waitUntil(() => o.laterPages() === 1);
        assert.equal(o.posted.length, 0, 'nobody asked yet');
        const done = o.session.handle({ type: 'load', requestId: 1, range: { kind: 'preset', preset: '30d' } });
        assert.deepEqual(types(o.posted), ['partial'], 'at once, while the second page is still out');
        // A newer request for the same range (a metric change while loading) waits for the same fetch; the old id hears nothing more.
        const again = o.session.handle({ type: 'load', requestId: 2, range: { kind: 'preset', preset: '30d' }, metric: 'compute_unit_seconds' });
        o.release();
        await Promise.all([done, again]);
        assert.deepEqual(o.posted.filter((m) => m.type !== 'progress').map((m) => `${m.type} ${'requestId' in m ? m.requestId : ''}`), ['partial 1', 'partial 2', 'complete 2']);
      } finally {
        await o.big.close();
      }
    });
  });

  it('Neon answers 429: the page hears how long its request waits (before the data), a later request on the same account hears it too, and a settled one does not', async () => {
    const limited = await startEmulator({ port: 0, seed: 'small', latencyMs: 0 });
    try {
      const neon = new NeonClient({ baseUrl: limited.url, apiKey: limited.apiKey, userAgent: 'test' });
      const c = consumptionClientFrom(neon);
      const { session, posted } = make({ getClient: async () => c });
      await session.handle({ type: 'load', requestId: 1, range: { kind: 'preset', preset: '24h' } });
      assert.deepEqual(posted.filter((m) => m.type === 'waiting'), [], 'no 429, no wait');
      // One request per second per route: a second forced reload's requests are answered 429, Retry-After 1.
      await control(limited, 'POST', '/config', { rateLimit: { perSecond: 1 } });
      await session.handle({ type: 'load', requestId: 1, range: { kind: 'preset', preset: '24h' }, force: true });
      posted.length = 0;
      const t0 = Date.now();
      await session.handle({ type: 'load', requestId: 2, range: { kind: 'preset', preset: '24h' }, force: true });
      const kinds = posted.map((m) => m.type);
      const waiting = posted.filter((m): m is Extract<HostToPage, { type: 'waiting' }> => m.type === 'waiting');
      assert.ok(waiting.length >= 1, kinds.join(', '));
      assert.ok(waiting.every((w) => w.requestId === 2 && w.retryInMs > 0 && w.retryInMs <= 1000), JSON.stringify(waiting));
      assert.ok(kinds.indexOf('waiting') < kinds.indexOf('data'), kinds.join(', '));
      assert.ok(Date.now() - t0 >= 900, 'the request did wait');
      assert.ok(limited.server.log.entries.some((e) => e.status === 429));
      // Settled: a 429 the account gets afterwards is not the page's. (That request is stopped
      // once the account waits: its Retry-After is then still running.)
      posted.length = 0;
      const stop = new AbortController();
      const unsubscribe = neon.onRateLimit(() => stop.abort());
      for (let i = 0; i < 3 && !stop.signal.aborted; i++) await neon.getAuth({ signal: stop.signal }).catch(() => undefined);
      unsubscribe();
      assert.ok(stop.signal.aborted, 'the account got a 429');
      assert.equal(posted.length, 0, JSON.stringify(posted));
      // The account still waits when the page's next request starts: the page is told at once.
      const left = neon.rateLimitedUntil - Date.now();
      const third = session.handle({ type: 'load', requestId: 3, range: { kind: 'preset', preset: '7d' } });
      await waitUntil(() => posted.some((m) => m.type === 'waiting'));
      const w3 = posted.find((m) => m.type === 'waiting') as Extract<HostToPage, { type: 'waiting' }>;
      assert.equal(w3.requestId, 3);
      assert.ok(left > 0 && w3.retryInMs <= left, `${w3.retryInMs} ms of ${left}`);
      await session.handle({ type: 'cancel', requestId: 3 });
      await third;
      assert.equal(posted.at(-1)!.type, 'cancelled');
    } finally {
      await limited.close();
    }
  });

  it('a metric switch that waits for the other metrics hears of their 429 wait, then gets its series', async () => {
    const limited = await startEmulator({ port: 0, seed: 'small', latencyMs: 0 });
    try {
      const c = consumptionClientFrom(new NeonClient({ baseUrl: limited.url, apiKey: limited.apiKey, userAgent: 'test' }));
      const { session, posted } = make({ getClient: async () => c });
      await control(limited, 'POST', '/config', { rateLimit: { perSecond: 1 } });
      // The drawn metric only (the page has not said "drawn"): this takes the consumption route's token.
      await session.handle({ type: 'load', requestId: 1, range: { kind: 'preset', preset: '24h' } });
      const first = posted.find((m) => m.type === 'data') as Extract<HostToPage, { type: 'data' }>;
      const other = first.dataset.metrics.find((m) => m !== first.metric)!;
      posted.length = 0;
      await session.handle({ type: 'metric', requestId: 2, metric: other });
      const kinds = posted.map((m) => m.type);
      const waiting = posted.find((m) => m.type === 'waiting') as Extract<HostToPage, { type: 'waiting' }> | undefined;
      assert.ok(waiting && waiting.requestId === 2 && waiting.retryInMs > 0 && waiting.retryInMs <= 1000, kinds.join(', '));
      assert.deepEqual(kinds.filter((k) => k !== 'waiting'), ['data']);
      assert.equal((posted.at(-1) as Extract<HostToPage, { type: 'data' }>).metric, other);
    } finally {
      await limited.close();
    }
  });

  it('exports the loaded dataset as CSV, and says when there is nothing yet', async () => {
    const { session, posted, exports } = make();
    await session.handle({ type: 'exportCsv', metric: 'compute_unit_seconds' });
    assert.deepEqual(posted, [{ type: 'notice', message: 'Nothing to export yet: load some consumption first.' }]);
    await session.handle({ type: 'load', requestId: 1, range: { kind: 'preset', preset: '24h' } });
    await session.handle({ type: 'exportCsv', metric: 'compute_unit_seconds' });
    assert.equal(exports.length, 1);
    assert.equal(exports[0]![1], 'compute_unit_seconds');
    assert.deepEqual(posted[posted.length - 1], { type: 'notice', message: 'Exported to /tmp/x.csv.' });
  });
});
