/**
 * Command-to-chart time of the consumption page for an organization of 100 projects, against
 * the emulator at 50 ms latency per request: the real page (bundle, CSP) in headless Chromium,
 * talking to the real host session (NeonClient → emulator) through a bridge that stands in for
 * VS Code's postMessage. Measured from creating the session (the command; it starts fetching
 * the view's range as panel.ts does) to the chart being drawn, for 60 days daily and 168 hours
 * hourly, with 4 metrics (and all 8 for comparison). The view (60 days or 168 hours, by project)
 * is the page's saved one, as after a reload; a new panel asks for its default range the same way.
 * Also the bytes posted to the page per chart, against posting every fetched metric (before),
 * and the time to check one such page's JSON: the client's one-pass check against zod's schema.
 * The first page of 100 projects is full, so the API sends a cursor and a second, empty page ends
 * the list: the host posts the first page as a `partial`, which the page draws while that page
 * is fetched, then `complete` (timed to the frame that shows the total, as a plain `data` is).
 * The emulator runs in a process of its own (bench/lib/emulator-process.ts), as the API is not in
 * the extension host: in this process it built each 2 MB page on the host's own event loop.
 *
 *   npx tsx bench/consumption-load.ts [--projects 100] [--latency 50] [--runs 5] [--page-against <git ref>]
 *
 * `--page-against`: each run is followed (or preceded, every other time) by one with the page as
 * that commit built it, today's host serving both; the command → chart rows get it as their peer.
 * A change to the page is read from those pairs: runs minutes apart on a shared 2-core machine
 * differ more than most changes do.
 *
 * The host's part (fetch + shaping) ends at the session's log line for the fetched range, not at
 * its answer to the page (which waits for the page's request; a row of its own). Its peer is the
 * same requests as a plain fetch loop, run after each of ours: what the emulator and the transfer
 * cost above the round trips. Ours runs while Chromium starts the page on the same cores, the
 * loop alone; a last row times the host's part with no page, against the same loop.
 *
 * At 300 ms a request the page is ready long before its data (it draws a throwaway chart
 * meanwhile, so uPlot's code is compiled and its canvas set up); the row "the page's part" times
 * what is left after the data: from the host posting the first series to the frame with a chart.
 *
 * Floor: 2 round trips — the first consumption page of 100 projects is full, so a second
 * (empty) one ends the list; the project names load alongside. The same work at 0 ms latency
 * shows what the page itself costs (bundle, first draw).
 */
import * as path from 'path';
import { chromium, type Page } from 'playwright-core';
import { NeonClient } from '../src/api';
import { ConsumptionProjectsResponseSchema, isConsumptionProjectsResponse } from '../src/api/schemas/consumption';
import { consumptionClientFrom } from '../src/consumption/load';
import type { HostToPage } from '../src/webviews/consumption/messages';
import { ConsumptionSession } from '../src/webviews/consumption/session';
import { BUNDLE, CHROMIUM_ARGS, servePage, THEMES } from '../test/webview/harness';

import { firstOrgId, startEmulatorProcess } from './lib/emulator-process';
import { pageBundleAt, productionBuild } from './lib/host';
import { emit, numArg as arg, runsWanted } from './lib/record';

const G = 'consumption';

/** A v2 consumption page, as much of it as the plain loops read. */
interface ConsumptionPage {
  projects?: { periods?: { consumption?: { timeframe_start: string; metrics?: { metric_name: string; value: number }[] }[] }[] }[];
  pagination?: { cursor?: string };
}
const PEER_PAGE = path.join(__dirname, 'peers', 'minimal-chart', 'page.js');

async function main(): Promise<void> {
  const projects = arg('projects', 100);
  const latencyMs = arg('latency', 50);
  // At least 9: the page, the host and the emulator share the cores, and a median of 5 moved by a third between runs.
  const runs = Math.max(runsWanted(), 9);
  const runsNote = `median of ${runs} runs (at least 9 here: the page, the host and the emulator share the machine's cores)`;
  // The page as shipped (minified), whatever `npm run build` left in dist/.
  productionBuild();
  const em = await startEmulatorProcess({ orgs: 1, projectsPerOrg: projects, branches: 1, latencyMs });
  const at = process.argv.indexOf('--page-against');
  const againstRef = at >= 0 ? process.argv[at + 1] : undefined;
  const againstBundle = againstRef ? pageBundleAt(againstRef) : undefined;
  let bundle = BUNDLE;
  const served = await servePage('Consumption: Acme Inc', () => bundle);
  const peerServed = await servePage('Consumption: Acme Inc', () => PEER_PAGE);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  const orgId = await firstOrgId(em);
  const FOUR: readonly string[] = ['compute_unit_seconds', 'root_branch_bytes_month', 'child_branch_bytes_month', 'public_network_transfer_bytes'];

  async function once(preset: '60d' | '7d', metrics: string[] | undefined, page_ = BUNDLE): Promise<{ total: number; host: number; answered: number; pageDraw: number; requests: number; bytes: number; allBytes: number; urls: string[] }> {
    bundle = page_;
    let requests = 0;
    const urls: string[] = [];
    const neon = new NeonClient({
      baseUrl: em.url,
      apiKey: em.apiKey,
      userAgent: 'neon-explorer-bench',
      fetch: (input, init) => {
        requests++;
        urls.push(input instanceof Request ? input.url : String(input));
        return fetch(input, init);
      },
    });
    const page: Page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
    let session: ConsumptionSession | undefined;
    let hostEnd = 0;
    // The host's own part ends when the range is fetched and shaped: the session logs that line
    // then, whether or not the page has asked for it yet.
    let fetchedAt = 0;
    let bytes = 0;
    await page.exposeFunction('__toHost', (m: { type: string }) => void session?.handle(m));
    // The chart is drawn in the first animation frame that has its canvas and its total on the
    // page: the page calls back then (a binding, one message), rather than Playwright polling for
    // it, which added its own 30–60 ms here.
    let drawnAt = 0;
    // The page's own part: from the host posting the first series (partial or data) to the frame
    // that first has a chart on the page (bench clock; the bridge's two hops are in it).
    let firstDataAt = 0;
    let paintedAt = 0;
    await page.exposeFunction('__chartPainted', () => void (paintedAt ||= performance.now()));
    let drawn: () => void = () => undefined;
    const chartDrawn = new Promise<void>((resolve) => (drawn = resolve));
    await page.exposeFunction('__chartDrawn', () => {
      drawnAt = performance.now();
      drawn();
    });
    const view = { range: { kind: 'preset', preset }, mode: 'projects', sort: { key: 'total', dir: 'desc' } } as const;
    // VS Code puts its theme's variables in the root element's style attribute, and the theme's
    // class on the body, before the page's script runs.
    await page.addInitScript({
      content: `new MutationObserver((_, o) => { if (document.body) { o.disconnect(); for (const [k, v] of Object.entries(${JSON.stringify(THEMES.dark)})) document.documentElement.style.setProperty(k, v); document.body.classList.add('vscode-dark'); } }).observe(document, { childList: true, subtree: true });
        new MutationObserver((_, o) => { if (document.querySelector('#plot canvas')) { o.disconnect(); requestAnimationFrame(() => window.__chartPainted()); } }).observe(document, { subtree: true, childList: true });
        new MutationObserver((_, o) => { if (document.querySelector('#plot canvas') && /^Total /.test(document.getElementById('status-text')?.textContent ?? '')) { o.disconnect(); requestAnimationFrame(() => window.__chartDrawn()); } }).observe(document, { subtree: true, childList: true, characterData: true });
        window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__toHost(m), getState: () => ({ scope: { accountId: 'bench', orgId: ${JSON.stringify(orgId)}, title: 'Acme Inc' }, view: ${JSON.stringify(view)} }), setState: () => {} });`,
    });
    // The command: a panel, its session, the page. The session starts fetching the view's range
    // at once (panel.ts does the same), so the requests overlap the page's start.
    const t0 = performance.now();
    session = new ConsumptionSession({
      scope: { accountId: 'bench', orgId, title: 'Acme Inc' },
      getClient: async () => consumptionClientFrom(neon),
      post: (m: HostToPage) => {
        // As one JSON string, like VS Code's own transport (Playwright's per-value argument
        // serialisation would otherwise dominate for large datasets).
        const json = JSON.stringify(m);
        // The chart's series come in a `partial` (drawn while the last, empty page is fetched) and
        // its answer as `complete`, or all in one `data`: the host is done at either answer.
        if (m.type === 'data' || m.type === 'partial') {
          bytes += Buffer.byteLength(json);
          firstDataAt ||= performance.now();
        }
        if (m.type === 'data' || m.type === 'complete') hostEnd = performance.now();
        void page.evaluate((json) => window.postMessage(JSON.parse(json), '*'), json).catch(() => undefined);
      },
      log: { info: (m) => void (/^consumption: .* via /.test(m) && (fetchedAt ||= performance.now())), warn: () => undefined, error: (m) => console.error(m) },
      view,
      ...(metrics ? { metrics } : {}),
    });
    session.prefetch(view.range);
    await page.goto(served.origin + '/');
    await Promise.race([chartDrawn, new Promise((_, reject) => setTimeout(() => reject(new Error('no chart within 60 s')), 60_000))]);
    const total = drawnAt - t0;
    const requestsToChart = requests;
    // What posting every metric (as before) would have sent, for the bytes row: the other metrics
    // arrive after the chart is drawn.
    const allBytes = Buffer.byteLength(JSON.stringify({ type: 'data', requestId: 1, dataset: await session.completeDataset() }));
    session.dispose();
    await page.close();
    if (!fetchedAt) throw new Error('the session logged no fetched range');
    return { total, host: fetchedAt - t0, answered: hostEnd - t0, pageDraw: paintedAt - firstDataAt, requests: requestsToChart, bytes, allBytes, urls: urls.slice(0, requestsToChart) };
  }

  /**
   * The host row's peer: the same requests as a plain loop (fetch, JSON.parse, follow the cursor
   * until the empty page; the other requests alongside; no checks, no shaping). What the emulator
   * and the transfer cost above the round trips, for any client.
   */
  async function plainLoop(urls: string[]): Promise<number> {
    const t = performance.now();
    await plainRequests(urls);
    return performance.now() - t;
  }

  /**
   * `urls` as a plain loop: the consumption pages one after another (fetch, JSON.parse, follow the
   * cursor until the empty page), the other requests alongside; each consumption page to `onPage`.
   */
  function plainRequests(urls: string[], onPage: (page: ConsumptionPage) => void = () => undefined): Promise<unknown> {
    const headers = { authorization: `Bearer ${em.apiKey}` };
    const first = urls.find((u) => u.includes('/consumption_history/') && !u.includes('cursor='));
    if (!first) throw new Error(`no consumption request among ${urls.join(', ')}`);
    return Promise.all([
      (async () => {
        for (let url = first; ; ) {
          const page = (await (await fetch(url, { headers })).json()) as ConsumptionPage;
          onPage(page);
          const cursor = page.pagination?.cursor;
          if (!cursor || !page.projects?.length) return;
          const next = new URL(first);
          next.searchParams.set('cursor', cursor);
          url = next.toString();
        }
      })(),
      ...urls.filter((u) => !u.includes('/consumption_history/')).map(async (u) => (await fetch(u, { headers })).json()),
    ]);
  }

  /**
   * The command → chart rows' peer: the least a page can do with the same data. The same requests
   * as ours, as a plain fetch loop started with the page (no checks, no shaping); the metric summed
   * into one series; a page that says it is ready, takes that series in one message and draws it as
   * one line on a canvas (bench/peers/minimal-chart/page.js), served and timed like ours (CSP,
   * the same browser, the same bridge). Above the floor, what is left in it is this machine's:
   * the emulator building and sending the JSON, Chromium starting a page, the bridge's hops.
   */
  async function peerOnce(urls: string[], drawn0: string): Promise<number> {
    const first = urls.find((u) => u.includes('/consumption_history/') && !u.includes('cursor='));
    if (!first) throw new Error(`no consumption request among ${urls.join(', ')}`);
    // The metric ours drew (its first request asks for it alone).
    const metric = new URL(first).searchParams.get('metrics')?.split(',')[0] ?? drawn0;
    const page: Page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
    let ready: () => void = () => undefined;
    const pageReady = new Promise<void>((resolve) => (ready = resolve));
    await page.exposeFunction('__toHost', (m: { type: string }) => void (m.type === 'ready' && ready()));
    let drawnAt = 0;
    let drawn: () => void = () => undefined;
    const chartDrawn = new Promise<void>((resolve) => (drawn = resolve));
    await page.exposeFunction('__chartDrawn', () => {
      drawnAt = performance.now();
      drawn();
    });
    await page.addInitScript({
      content: `new MutationObserver((_, o) => { if (document.querySelector('#plot canvas') && /^Total /.test(document.getElementById('status-text')?.textContent ?? '')) { o.disconnect(); requestAnimationFrame(() => window.__chartDrawn()); } }).observe(document, { subtree: true, childList: true, characterData: true });
        window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__toHost(m), getState: () => undefined, setState: () => {} });`,
    });
    const t0 = performance.now();
    const sums = new Map<string, number>();
    const fetched = plainRequests(urls, (body) => {
      for (const p of body.projects ?? []) for (const period of p.periods ?? []) for (const c of period.consumption ?? []) for (const m of c.metrics ?? []) if (m.metric_name === metric) sums.set(c.timeframe_start, (sums.get(c.timeframe_start) ?? 0) + m.value);
    });
    // VS Code holds a message posted before the page has loaded; the bridge here needs the page.
    const navigated = page.goto(peerServed.origin + '/');
    await Promise.all([fetched, pageReady, navigated]);
    const x = [...sums.keys()].sort();
    const y = x.map((k) => sums.get(k)!);
    const json = JSON.stringify({ type: 'data', x, y, total: y.reduce((a, b) => a + b, 0) });
    await page.evaluate((json) => window.postMessage(JSON.parse(json), '*'), json);
    await Promise.race([chartDrawn, new Promise((_, reject) => setTimeout(() => reject(new Error('no peer chart within 60 s')), 60_000))]);
    await page.close();
    return drawnAt - t0;
  }

  /**
   * The host's part with no page starting alongside: the session's prefetch of 60 days daily to
   * its log line, against the same requests as a plain loop, interleaved. The rows above run
   * while Chromium starts the page on the same two cores; this one shows what the host's own
   * code (client, checks, shaping) adds to the round trips.
   */
  async function hostAlone(metrics: readonly string[], n: number): Promise<void> {
    const view = { range: { kind: 'preset', preset: '60d' }, mode: 'projects', sort: { key: 'total', dir: 'desc' } } as const;
    const ours: number[] = [];
    const plain: number[] = [];
    for (let i = 0; i <= n; i++) {
      const urls: string[] = [];
      const neon = new NeonClient({ baseUrl: em.url, apiKey: em.apiKey, userAgent: 'neon-explorer-bench', fetch: (input, init) => (urls.push(input instanceof Request ? input.url : String(input)), fetch(input, init)) });
      let fetched: () => void = () => undefined;
      const done = new Promise<void>((resolve) => (fetched = resolve));
      const t0 = performance.now();
      const session = new ConsumptionSession({
        scope: { accountId: 'bench', orgId, title: 'Acme Inc' },
        getClient: async () => consumptionClientFrom(neon),
        post: () => undefined,
        log: { info: (m) => void (/^consumption: .* via /.test(m) && fetched()), warn: () => undefined, error: (m) => console.error(m) },
        view,
        metrics: [...metrics],
      });
      session.prefetch(view.range);
      await Promise.race([done, new Promise((_, reject) => setTimeout(() => reject(new Error('no range fetched within 60 s')), 60_000))]);
      const took = performance.now() - t0;
      session.dispose();
      const plainMs = await plainLoop(urls);
      // The first pair warms both up.
      if (i > 0) {
        ours.push(took);
        plain.push(plainMs);
      }
    }
    emit({
      group: G, what: '… the host\'s fetch + shaping with no page starting alongside (60 days daily, 4 metrics) — what the host\'s own code adds to the round trips', unit: 'ms', ours, floor: 2 * latencyMs, floorNote: `2 round trips × ${latencyMs} ms`,
      peer: { name: 'the same requests as a plain fetch loop (no checks, no shaping; after each of ours)', values: plain },
    });
  }

  try {
    console.log(`Org of ${projects} projects, emulator latency ${latencyMs} ms per request, page in Chromium ${browser.version()}, ${runs} runs each after one warm-up`);
    const cases = [
      { preset: '60d', label: '60 days daily, 4 metrics', metrics: FOUR, latency: latencyMs },
      { preset: '7d', label: '168 hours hourly, 4 metrics', metrics: FOUR, latency: latencyMs },
      { preset: '60d', label: '60 days daily, all 8 metrics', metrics: undefined, latency: latencyMs },
      { preset: '60d', label: '60 days daily, 4 metrics, 0 ms latency (the page and shaping alone)', metrics: FOUR, latency: 0 },
      // An API slower than the page's start: the page has its chart library and waits for the data.
      { preset: '60d', label: '60 days daily, 4 metrics, 300 ms latency', metrics: FOUR, latency: 300, pageDraw: true },
    ] as const;
    for (const c of cases) {
      await em.setLatency(c.latency);
      await once(c.preset, c.metrics ? [...c.metrics] : undefined); // warm-up
      if (againstBundle) await once(c.preset, c.metrics ? [...c.metrics] : undefined, againstBundle);
      const rs = [];
      const before = [];
      const plain: number[] = [];
      const minimal: number[] = [];
      for (let i = 0; i < runs; i++) {
        const metricsOf = () => (c.metrics ? [...c.metrics] : undefined);
        if (againstBundle && i % 2 === 1) before.push(await once(c.preset, metricsOf(), againstBundle));
        rs.push(await once(c.preset, metricsOf()));
        if (againstBundle && i % 2 === 0) before.push(await once(c.preset, metricsOf(), againstBundle));
        if (c.latency && c.metrics) plain.push(await plainLoop(rs[rs.length - 1]!.urls));
        if (!againstBundle) minimal.push(await peerOnce(rs[rs.length - 1]!.urls, (c.metrics ?? FOUR)[0]!));
      }
      const floor = c.latency ? { floor: 2 * c.latency, floorNote: `2 round trips × ${c.latency} ms` } : {};
      const peer = againstRef
        ? { peer: { name: `the page at ${againstRef} (same host, runs interleaved)`, values: before.map((r) => r.total) } }
        : { peer: { name: 'a page that only draws (bench/peers/minimal-chart: the same requests as a plain fetch loop, one summed series, one canvas line; after each of ours)', values: minimal } };
      emit({ group: G, what: `Consumption of ${projects} projects, command → chart drawn: ${c.label}`, unit: 'ms', ours: rs.map((r) => r.total), ...peer, requests: { ours: rs[0]!.requests }, ...floor, note: runsNote });
      if (c.latency && c.metrics) {
        emit({
          group: G, what: `… of which the host's fetch + shaping, from the command to the range fetched and shaped (${c.label})`, unit: 'ms', ours: rs.map((r) => r.host), ...floor,
          peer: { name: 'the same requests as a plain fetch loop (no checks, no shaping; after each of ours)', values: plain },
          note: 'ours runs while its page starts on the same cores, the plain loop alone',
        });
        emit({
          group: G, what: `… the host's answer posted, from the command (${c.label})`, unit: 'ms', ours: rs.map((r) => r.answered), ...floor,
          note: 'the host answers the page\'s request: when the range is fetched before the page has asked, this is the page\'s start',
        });
      }
      if ('pageDraw' in c) {
        const peerDraw = againstRef ? { peer: { name: `the page at ${againstRef} (same host, runs interleaved)`, values: before.map((r) => r.pageDraw) } } : {};
        emit({
          group: G, what: `… of which the page's part, the first series posted → a chart on the page (${c.label})`, unit: 'ms', ours: rs.map((r) => r.pageDraw), ...peerDraw,
          note: 'the page waits for the data here, and draws a throwaway chart meanwhile so the real one is drawn warm',
        });
      }
      if (c.latency && c.latency === latencyMs) {
        emit({
          group: G, what: `Bytes posted to the page per chart: ${c.label}`, unit: 'bytes', ours: [rs[0]!.bytes],
          peer: { name: 'every metric fetched, as posted before', values: [rs[0]!.allBytes] }, note: 'one metric\'s series; the host keeps the rest',
        });
      }
    }
    await em.setLatency(latencyMs);
    await hostAlone(FOUR, runs);
    await checkRow(em.url, em.apiKey, orgId, FOUR, runs);
  } finally {
    await browser.close();
    await served.close();
    await peerServed.close();
    await em.close();
  }
}

/**
 * The client checks a consumption page in one pass (src/api/schemas/shapeCheck.ts) and uses zod
 * only for an answer the check refuses; the peer is zod's schema on the same JSON, which copies
 * each of its ~30,000 objects. Each run checks a fresh JSON.parse of the first page of 60 days.
 */
async function checkRow(url: string, apiKey: string, orgId: string, metrics: readonly string[], runs: number): Promise<void> {
  const to = new Date();
  const from = new Date(to.getTime() - 59 * 86_400_000);
  from.setUTCHours(0, 0, 0, 0);
  const q = new URLSearchParams({ from: from.toISOString(), to: to.toISOString(), granularity: 'daily', org_id: orgId, metrics: metrics.join(','), limit: '100' });
  const res = await fetch(`${url}/consumption_history/v2/projects?${q}`, { headers: { authorization: `Bearer ${apiKey}` } });
  const text = await res.text();
  if (!res.ok) throw new Error(`consumption page: ${res.status} ${text.slice(0, 200)}`);
  const time = (check: (json: unknown) => boolean): number => {
    const json: unknown = JSON.parse(text);
    const t = performance.now();
    if (!check(json)) throw new Error('the page did not pass the check');
    return performance.now() - t;
  };
  const ours: number[] = [];
  const zod: number[] = [];
  // Alternated, after one of each, so both see the same machine and a warm JIT.
  time(isConsumptionProjectsResponse);
  time((j) => ConsumptionProjectsResponseSchema.safeParse(j).success);
  for (let i = 0; i < runs; i++) {
    ours.push(time(isConsumptionProjectsResponse));
    zod.push(time((j) => ConsumptionProjectsResponseSchema.safeParse(j).success));
  }
  emit({
    group: G, what: `Checking one consumption page's JSON (100 projects, 60 days daily, 4 metrics, ${Math.round(text.length / 1024)} KiB) in the host`, unit: 'ms', ours,
    peer: { name: 'zod schema (as before)', values: zod }, note: 'the one-pass check; zod only for an answer it refuses',
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
