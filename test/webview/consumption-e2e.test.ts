/**
 * The real page in Chromium talking to the real host session (NeonClient → emulator) through a
 * bridge standing in for VS Code's postMessage: what the person sees for a business-plan org,
 * a free-plan org, and CSV export — and the key never reaches the page.
 */
import { strict as assert } from 'assert';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import { NeonClient } from '../../src/api';
import { consumptionClientFrom } from '../../src/consumption/load';
import type { ConsumptionDataset } from '../../src/consumption/shape';
import { toCsv } from '../../src/consumption/csv';
import { startEmulator, type Emulator } from '../../emulator';
import type { HostToPage, Scope } from '../../src/webviews/consumption/messages';
import { ConsumptionSession } from '../../src/webviews/consumption/session';
import { ensureBundle, ensureResultsDir, launchChromium, servePage, type Served, THEMES } from './harness';

const ACME: Scope = { accountId: 'acc-main', orgId: 'org-morning-bread-81040908', title: 'Acme Inc' };
const SIDE: Scope = { accountId: 'acc-main', orgId: 'org-ocean-art-12345678', title: 'Side Project' };

describe('consumption page end to end (page ↔ session ↔ emulator)', function () {
  let browser: Browser;
  let served: Served;
  let em: Emulator;
  before(async () => {
    await ensureBundle();
    // Each one kept as it starts: if another fails (no Chromium), `after` still closes it, or
    // its open server would keep mocha from ever exiting.
    const started = await Promise.allSettled([
      launchChromium().then((b) => (browser = b)),
      servePage('Consumption').then((s) => (served = s)),
      startEmulator({ port: 0, seed: 'small', latencyMs: 5 }).then((e) => (em = e)),
    ]);
    for (const r of started) if (r.status === 'rejected') throw r.reason;
  });
  after(async () => {
    await browser?.close();
    await served?.close();
    await em?.close();
  });

  async function open(scope: Scope) {
    const page: Page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const toPage: string[] = [];
    const exports: [ConsumptionDataset, string][] = [];
    const neon = new NeonClient({ baseUrl: em.url, apiKey: em.apiKey, userAgent: 'e2e' });
    const session = new ConsumptionSession({
      scope,
      getClient: async () => consumptionClientFrom(neon),
      post: (m: HostToPage) => {
        const json = JSON.stringify(m);
        toPage.push(json);
        void page.evaluate((j) => window.postMessage(JSON.parse(j), '*'), json).catch(() => undefined);
      },
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
      exportCsv: async (ds, metric) => {
        exports.push([ds, metric]);
        return '/tmp/acme.csv';
      },
    });
    await page.exposeFunction('__toHost', (m: unknown) => void session.handle(m));
    const vars = JSON.stringify(THEMES.dark);
    await page.addInitScript({
      content: `window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__toHost(m), getState: () => undefined, setState: () => {} });
        new MutationObserver((_, mo) => { if (document.body) { for (const [k, v] of Object.entries(${vars})) document.documentElement.style.setProperty(k, v); document.body.classList.add('vscode-dark'); mo.disconnect(); } }).observe(document, { childList: true, subtree: true });`,
    });
    await page.goto(served.origin + '/');
    return { page, toPage, exports, session };
  }

  it('draws a business-plan org from the emulator and exports what is on screen', async () => {
    const { page, toPage, exports, session } = await open(ACME);
    await page.waitForSelector('#plot canvas');
    assert.equal(await page.locator('#title').innerText(), 'Consumption: Acme Inc');
    await page.waitForSelector('#projects tbody th'); // the tables follow the chart by a frame
    const rows = await page.locator('#projects tbody th').evaluateAll((els) => els.map((e) => e.firstChild!.textContent));
    assert.deepEqual([...rows].sort(), ['acme-analytics', 'acme-api', 'acme-sandbox', 'acme-web']);
    await page.getByLabel('By project').check();
    await page.waitForFunction(() => document.querySelectorAll('.u-legend .u-series').length === 5);
    await page.selectOption('#metric', 'public_network_transfer_bytes');
    await page.click('#export');
    // The notice stands beside the status: the total stays.
    await page.waitForFunction(() => /Exported to/.test(document.getElementById('status-notice')?.textContent ?? ''));
    assert.doesNotMatch(await page.locator('#status-text').innerText(), /^$|Exported/);
    assert.equal(exports.length, 1);
    assert.equal(exports[0]![1], 'public_network_transfer_bytes');
    const csv = toCsv(exports[0]![0], 'public_network_transfer_bytes');
    assert.match(csv.split('\r\n')[0]!, /^bucket_start_utc,.*\(GB\),Total \(GB\)$/);
    assert.ok(toPage.every((m) => !m.includes(em.apiKey)), 'the API key never reaches the page');
    ensureResultsDir();
    await page.screenshot({ path: path.join('test-results', 'consumption-e2e-acme.png'), fullPage: true });
    session.dispose();
    await page.close();
  });

  it('says the free plan has no history', async () => {
    const { page, session } = await open(SIDE);
    await page.waitForFunction(() => /no consumption history/.test(document.getElementById('status-text')?.textContent ?? ''));
    assert.match(await page.locator('#status-text').innerText(), /Launch, Scale, Agent, Business and Enterprise/);
    assert.equal(await page.locator('#figure').isVisible(), false);
    session.dispose();
    await page.close();
  });
});
