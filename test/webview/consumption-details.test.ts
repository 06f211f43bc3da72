import { strict as assert } from 'assert';
import type { Page } from 'playwright-core';
import { type FakeHostConfig, openPage, useChromiumAndPage } from './harness';
import { orgDataset } from './fixtures';

const ORG = { accountId: 'acc-1', orgId: 'org-ocean-art-12345678', title: 'Ocean Art' };

/** The findings of walk 40 on the consumption page, each as the person saw it. */
describe('consumption page details (walk 40)', function () {
  const chromium = useChromiumAndPage(`Consumption: ${ORG.title}`);
  const pages: Page[] = [];
  afterEach(async () => {
    while (pages.length) await pages.pop()!.context().close();
  });

  async function open(cfg: Partial<FakeHostConfig>, viewport?: { width: number; height: number }) {
    const full: FakeHostConfig = { scope: ORG, mode: 'data', theme: 'dark', ...cfg };
    const r = await openPage(chromium.browser(), chromium.served(), full, viewport ? { viewport } : {});
    pages.push(r.page);
    return r;
  }
  const text = (page: Page, sel: string) => page.locator(sel).innerText();
  const statusIs = (page: Page, re: RegExp) => page.waitForFunction((src) => new RegExp(src).test(document.getElementById('status-text')?.textContent ?? ''), re.source);
  const setMode = (page: Page, mode: string) => page.evaluate((m) => ((window as unknown as { __cfg: { mode: string } }).__cfg.mode = m), mode);
  type Sent = { type: string; range?: unknown; metric?: string };
  const sent = (page: Page) => page.evaluate(() => (window as unknown as { __sent: Sent[] }).__sent);
  const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);

  it('offers Monthly only for whole months, and every greyed granularity says why; a saved "Last 30 days" monthly view is charted daily', async () => {
    const view = { range: { kind: 'preset', preset: '30d', granularity: 'monthly' }, mode: 'total', sort: { key: 'total', dir: 'desc' } };
    const { page } = await open({ dataset: orgDataset(3, '30d'), savedState: { scope: ORG, view } });
    await statusIs(page, /^Total/);
    // Monthly widened "Last 30 days" to the 1st of last month, under "Last 30 days" (36 days charted).
    assert.deepEqual((await sent(page)).filter((m) => m.type === 'load').map((m) => m.range), [{ kind: 'preset', preset: '30d' }]);
    assert.match(await text(page, '#subtitle'), /daily, UTC/);
    const options = () => page.locator('#granularity option').evaluateAll((os) => os.map((o) => [(o as HTMLOptionElement).value, (o as HTMLOptionElement).disabled, (o as HTMLOptionElement).title]));
    assert.deepEqual(await options(), [
      ['hourly', true, 'Hourly data covers the last 168 hours (7 days) only.'],
      ['daily', false, ''],
      ['monthly', true, 'Monthly data comes in whole months, more than this range: choose Last 12 months, or Custom… with whole months.'],
    ]);
    await page.getByLabel('Last 12 months').check();
    await page.waitForFunction(() => (document.querySelector('#granularity option[value="monthly"]') as HTMLOptionElement).disabled === false);
    assert.deepEqual(await options(), [
      ['hourly', true, 'Hourly data covers the last 168 hours (7 days) only.'],
      ['daily', true, 'Daily data covers the last 60 days only.'],
      ['monthly', false, ''],
    ]);
    // Beside custom dates all are offered: Apply says why one cannot show them.
    await page.getByLabel('Custom…').check();
    assert.deepEqual((await options()).map((o) => o[1]), [false, false, false]);
  });

  it('an error is in the theme\'s text colour on the error background (4.5:1 or more), its address a link', async () => {
    const message = 'Neon had a problem on its side (503). Try again in a minute; if it persists check https://neonstatus.com. (request id 77)';
    const { page } = await open({ mode: 'error', errorMessage: message });
    // Dark Modern's error colours: errorForeground on inputValidation-errorBackground was 3.9:1.
    await page.evaluate(() => {
      const s = document.documentElement.style;
      s.setProperty('--vscode-errorForeground', '#f85149');
      s.setProperty('--vscode-inputValidation-errorBackground', '#5a1d1d');
      s.setProperty('--vscode-inputValidation-errorBorder', '#be1100');
    });
    await statusIs(page, /^Could not load/);
    assert.equal(await text(page, '#status-text'), `Could not load consumption: ${message}`);
    const [fg, bg] = await page.evaluate(() => [getComputedStyle(document.getElementById('status-text')!).color, getComputedStyle(document.getElementById('status')!).backgroundColor]);
    const lum = (rgb: string) => {
      const [r, g, b] = rgb.match(/\d+/g)!.slice(0, 3).map((v) => {
        const c = Number(v) / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    assert.equal(bg, 'rgb(90, 29, 29)');
    const ratio = (Math.max(lum(fg!), lum(bg!)) + 0.05) / (Math.min(lum(fg!), lum(bg!)) + 0.05);
    assert.ok(ratio >= 4.5, `contrast ${ratio.toFixed(2)}:1 of ${fg} on ${bg}`);
    // The address without the full stop after it.
    const links = await page.locator('#status-text a').evaluateAll((as) => as.map((a) => [a.getAttribute('href'), a.textContent]));
    assert.deepEqual(links, [['https://neonstatus.com', 'https://neonstatus.com']]);
  });

  it('at 350 px the projects table scrolls in its own box, not the page', async () => {
    const { page } = await open({ dataset: orgDataset(6, '30d') }, { width: 350, height: 800 });
    await page.waitForSelector('#projects tbody tr');
    const widths = await page.evaluate(() => {
      const box = document.getElementById('projects')!.parentElement!;
      return { page: document.documentElement.scrollWidth, view: document.documentElement.clientWidth, box: box.clientWidth, table: box.scrollWidth, overflow: getComputedStyle(box).overflowX };
    });
    assert.ok(widths.page <= widths.view, `the page is ${widths.page} px wide in ${widths.view}`);
    assert.equal(widths.overflow, 'auto');
    assert.ok(widths.table > widths.box, `the table (${widths.table} px) is wider than its box (${widths.box} px): it scrolls there`);
  });

  it('after Cancel, Export saves the data still on screen', async () => {
    const { page } = await open({ dataset: orgDataset(3, '30d') });
    await statusIs(page, /^Total/);
    await setMode(page, 'hang');
    await page.getByLabel('Last 7 days').check();
    await statusIs(page, /^Loading/);
    assert.equal(await page.locator('#export').isDisabled(), true);
    await page.click('#cancel');
    await statusIs(page, /^Loading was cancelled; the chart still shows/);
    assert.equal(await page.locator('#export').isDisabled(), false);
    assert.equal(await page.locator('#export').getAttribute('title'), '');
    await page.click('#export');
    assert.deepEqual((await sent(page)).filter((m) => m.type === 'exportCsv'), [{ type: 'exportCsv', metric: 'compute_unit_seconds' }]);
  });

  it('marks the custom date a refusal is about (red border, aria-invalid) until it is edited', async () => {
    const { page } = await open({ dataset: orgDataset(3, '30d') });
    await statusIs(page, /^Total/);
    await page.getByLabel('Custom…').check();
    const marks = () => page.locator('#custom input').evaluateAll((els) => els.map((e) => [e.getAttribute('aria-invalid'), getComputedStyle(e).borderTopColor]));
    const before = await marks();
    assert.deepEqual(before.map((m) => m[0]), [null, null]);
    // An end before the start: both.
    await page.fill('#from', day(3));
    await page.fill('#to', day(10));
    await page.click('#apply');
    await page.waitForFunction(() => document.getElementById('range-error')!.textContent !== '');
    const both = await marks();
    assert.deepEqual(both.map((m) => m[0]), ['true', 'true']);
    // The theme's input error border (harness dark theme: no inputValidation colours, so errorForeground #f48771).
    assert.deepEqual(both.map((m) => m[1]), ['rgb(244, 135, 113)', 'rgb(244, 135, 113)']);
    // An edit takes the refusal and the marks away.
    await page.fill('#to', day(1));
    assert.deepEqual((await marks()).map((m) => m[0]), [null, null]);
    // A start in the future: only From.
    await page.fill('#from', day(-3));
    await page.fill('#to', day(-5));
    await page.click('#apply');
    await page.waitForFunction(() => document.getElementById('range-error')!.textContent !== '');
    assert.equal(await text(page, '#range-error'), 'The start is in the future. The chart still shows ' + (await text(page, '#subtitle')).split(' · ')[0] + '.');
    assert.deepEqual((await marks()).map((m) => m[0]), ['true', 'false']);
    assert.deepEqual((await sent(page)).filter((m) => m.type === 'load').length, 1, 'nothing asked for');
  });

  it('the bucket in progress says "(so far)" in the table of values per bucket too', async () => {
    const { page } = await open({ dataset: orgDataset(3, '12m'), savedState: { scope: ORG, view: { range: { kind: 'preset', preset: '12m' }, mode: 'total', sort: { key: 'total', dir: 'desc' } } } });
    await page.waitForSelector('#buckets tbody tr', { state: 'attached' });
    const rows = await page.locator('#buckets tbody th').allTextContents();
    const month = new Date().toISOString().slice(0, 7);
    assert.equal(rows.at(-1), `${month} (so far)`);
    assert.ok(rows.slice(0, -1).every((r) => /^\d{4}-\d{2}$/.test(r)), `only the last: ${rows}`);
  });

  it('the status, the caption and the table footer write the total with the same decimals', async () => {
    // A project with a tiny share gives the total column a decimal the total alone would not need (walk 40: "12.1 GB" over "12.11").
    const ds = orgDataset(3, '30d');
    const tiny = { ...ds, projects: ds.projects.map((p, i) => (i === 2 ? { ...p, values: { ...p.values, compute_unit_seconds: p.values.compute_unit_seconds!.map((v) => (v === null ? null : 36)) } } : p)) };
    const { page } = await open({ dataset: tiny });
    await page.waitForSelector('#grand-total');
    const footer = await text(page, '#grand-total');
    assert.match(footer, /\.\d+$/, `the footer has decimals: ${footer}`);
    assert.equal(await text(page, '#status-text'), `Total compute: ${footer} CU-hours.`);
    assert.match(await text(page, '#summary'), new RegExp(`Total: ${footer.replace(/[.]/g, '\\.')} CU-hours`));
  });
});
