/**
 * Command-to-data time of the consumption page for an organization of 100 projects, against
 * the emulator at 50 ms latency per request: the real page (bundle, CSP) in headless Chromium,
 * talking to the real host session (NeonClient → emulator) through a bridge that stands in for
 * VS Code's postMessage. Measured from loading the page to the chart being drawn, for 60 days
 * daily and 168 hours hourly, with 4 metrics (and all 8 for comparison).
 *
 *   npx tsx bench/consumption-load.ts [--projects 100] [--latency 50] [--runs 5]
 *
 * Floor: 2 round trips — the first consumption page of 100 projects is full, so a second
 * (empty) one ends the list; the project names load alongside. The same work at 0 ms latency
 * shows what the page itself costs (bundle, first draw).
 */
import { chromium, type Page } from 'playwright-core';
import { NeonClient } from '../src/api';
import { consumptionClientFrom } from '../src/consumption/load';
import { startEmulator } from '../emulator';
import type { HostToPage } from '../src/webviews/consumption/messages';
import { ConsumptionSession } from '../src/webviews/consumption/session';
import { CHROMIUM_ARGS, ensureBundle, servePage } from '../test/webview/harness';

import { emit, numArg as arg, runsWanted } from './lib/record';

const G = 'consumption';

async function main(): Promise<void> {
  const projects = arg('projects', 100);
  const latencyMs = arg('latency', 50);
  const runs = runsWanted();
  await ensureBundle();
  const em = await startEmulator({ port: 0, orgs: 1, projectsPerOrg: projects, branches: 1, latencyMs });
  const served = await servePage('Consumption: Acme Inc');
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  const orgId = [...em.state.orgs.values()][0]!.id;
  const FOUR: readonly string[] = ['compute_unit_seconds', 'root_branch_bytes_month', 'child_branch_bytes_month', 'public_network_transfer_bytes'];

  async function once(preset: '60d' | '7d', metrics: string[] | undefined): Promise<{ total: number; host: number; requests: number }> {
    let requests = 0;
    const neon = new NeonClient({
      baseUrl: em.url,
      apiKey: em.apiKey,
      userAgent: 'neon-explorer-bench',
      fetch: (input, init) => {
        requests++;
        return fetch(input, init);
      },
    });
    const page: Page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
    let hostStart = 0;
    let hostEnd = 0;
    const session = new ConsumptionSession({
      scope: { accountId: 'bench', orgId, title: 'Acme Inc' },
      getClient: async () => consumptionClientFrom(neon),
      post: (m: HostToPage) => {
        if (m.type === 'data') hostEnd = performance.now();
        // As one JSON string, like VS Code's own transport (Playwright's per-value argument
        // serialisation would otherwise dominate for large datasets).
        void page.evaluate((json) => window.postMessage(JSON.parse(json), '*'), JSON.stringify(m)).catch(() => undefined);
      },
      log: { info: () => undefined, warn: () => undefined, error: (m) => console.error(m) },
      ...(metrics ? { metrics } : {}),
    });
    await page.exposeFunction('__toHost', (m: { type: string }) => {
      if (m.type === 'load') hostStart = performance.now();
      void session.handle(m);
    });
    await page.addInitScript({
      content: `window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__toHost(m), getState: () => ({ scope: { accountId: 'bench', orgId: ${JSON.stringify(orgId)}, title: 'Acme Inc' }, view: { range: { kind: 'preset', preset: ${JSON.stringify(preset)} }, mode: 'projects', sort: { key: 'total', dir: 'desc' } } }), setState: () => {} });`,
    });
    const t0 = performance.now();
    await page.goto(served.origin + '/');
    await page.waitForFunction(() => !!document.querySelector('#plot canvas') && /^Total /.test(document.getElementById('status-text')?.textContent ?? ''), undefined, { timeout: 60_000 });
    const total = performance.now() - t0;
    session.dispose();
    await page.close();
    return { total, host: hostEnd - hostStart, requests };
  }

  try {
    console.log(`Org of ${projects} projects, emulator latency ${latencyMs} ms per request, page in Chromium ${browser.version()}, ${runs} runs each after one warm-up`);
    const setLatency = (ms: number) => fetch(`${em.controlUrl}/config`, { method: 'POST', body: JSON.stringify({ latencyMs: ms }), headers: { 'content-type': 'application/json' } });
    const cases = [
      { preset: '60d', label: '60 days daily, 4 metrics', metrics: FOUR, latency: latencyMs },
      { preset: '7d', label: '168 hours hourly, 4 metrics', metrics: FOUR, latency: latencyMs },
      { preset: '60d', label: '60 days daily, all 8 metrics', metrics: undefined, latency: latencyMs },
      { preset: '60d', label: '60 days daily, 4 metrics, 0 ms latency (the page and shaping alone)', metrics: FOUR, latency: 0 },
    ] as const;
    for (const c of cases) {
      await setLatency(c.latency);
      await once(c.preset, c.metrics ? [...c.metrics] : undefined); // warm-up
      const rs = [];
      for (let i = 0; i < runs; i++) rs.push(await once(c.preset, c.metrics ? [...c.metrics] : undefined));
      const floor = c.latency ? { floor: 2 * c.latency, floorNote: `2 round trips × ${c.latency} ms` } : {};
      emit({ group: G, what: `Consumption of ${projects} projects, command → chart drawn: ${c.label}`, unit: 'ms', ours: rs.map((r) => r.total), requests: { ours: rs[0]!.requests }, ...floor });
      if (c.latency && c.metrics) emit({ group: G, what: `… of which the host's fetch + shaping (${c.label})`, unit: 'ms', ours: rs.map((r) => r.host), ...floor });
    }
  } finally {
    await browser.close();
    await served.close();
    await em.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
