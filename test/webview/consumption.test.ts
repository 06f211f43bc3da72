import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { columnDecimals, formatFixed } from '../../src/consumption/metrics';
import { convertSeries, seriesTotal, sliceMetric, tableRows, totalSeries } from '../../src/consumption/shape';
import { contentSecurityPolicy } from '../../src/webviews/consumption/html';
import { ensureResultsDir, type FakeHostConfig, openPage, useChromiumAndPage } from './harness';
import { legacyDatasets, orgDataset, zeroDataset } from './fixtures';

const ORG = { accountId: 'acc-1', orgId: 'org-ocean-art-12345678', title: 'Ocean Art' };

describe('consumption page in Chromium', function () {
  const chromium = useChromiumAndPage(`Consumption: ${ORG.title}`);
  const pages: Page[] = [];
  afterEach(async () => {
    while (pages.length) await pages.pop()!.context().close();
  });

  async function open(cfg: Partial<FakeHostConfig>) {
    const full: FakeHostConfig = { scope: ORG, mode: 'data', theme: 'dark', ...cfg };
    const r = await openPage(chromium.browser(), chromium.served(), full);
    pages.push(r.page);
    return r;
  }
  const text = (page: Page, sel: string) => page.locator(sel).innerText();
  // New data paints the chart first and its tables a frame later: wait for what a table shows.
  const tableShows = (page: Page, sel: string, re: RegExp) =>
    page.waitForFunction(([s, src]) => new RegExp(src).test((document.querySelector(s) as HTMLElement | null)?.innerText ?? ''), [sel, re.source] as const);
  // The fake host's side: what the page posted, and messages posted to the page as the host would.
  type Sent = { type: string; requestId?: number };
  const sent = (page: Page) => page.evaluate(() => (window as unknown as { __sent: Sent[] }).__sent);
  /** The id of the last request of `type` the page posted. */
  const lastId = async (page: Page, type = 'load') => (await sent(page)).filter((m) => m.type === type).at(-1)!.requestId!;
  const hostSays = (page: Page, m: unknown) => page.evaluate((msg) => window.postMessage(msg, '*'), m);
  const statusIs = (page: Page, re: RegExp) => page.waitForFunction((src) => new RegExp(src).test(document.getElementById('status-text')?.textContent ?? ''), re.source);

  it('draws an org total with legend, axes, summary and table totals', async () => {
    const ds = orgDataset(24, '30d');
    const { page, errors } = await open({ dataset: ds });
    await page.waitForSelector('#plot canvas');
    // The legend: x label plus one "Total" series in total mode.
    const legend = await page.locator('.u-legend .u-series .u-label').allInnerTexts();
    assert.deepEqual(legend, ['Time (UTC)', 'Total']);
    const plot = page.locator('#plot');
    assert.equal(await plot.getAttribute('data-y-label'), 'CU-hours');
    const xTicks = (await plot.getAttribute('data-x-ticks'))!.split('|');
    assert.ok(xTicks.length >= 3, `x ticks: ${xTicks}`);
    assert.ok(xTicks.every((t) => /^[A-Z][a-z]{2} \d{1,2}$/.test(t)), `daily ticks look like "Nov 3": ${xTicks}`);
    const yTicks = (await plot.getAttribute('data-y-ticks'))!.split('|');
    assert.ok(yTicks.length >= 3);
    // One precision for the whole axis (read 0 / 0.5 / 1 before walk 23's leftover was fixed).
    assert.equal(new Set(yTicks.map((t) => t.split('.')[1]?.length ?? 0)).size, 1, `y ticks: ${yTicks}`);
    // Totals agree with the shaping module.
    const expected = seriesTotal(convertSeries(totalSeries(ds, 'compute_unit_seconds'), 'compute_unit_seconds'), 'compute_unit_seconds');
    await page.waitForFunction(() => document.querySelectorAll('#projects tbody tr').length === 24);
    const written = formatFixed(expected, columnDecimals([expected]));
    assert.equal(await text(page, '#grand-total'), written);
    assert.match(await text(page, '#summary'), new RegExp(`Total: ${written.replace(/[.]/g, '\\.')} CU-hours`));
    assert.equal(await text(page, '#status-text'), `Total compute: ${written} CU-hours.`);
    assert.equal(await page.locator('#projects tbody tr').count(), 24);
    assert.equal(await text(page, '#title'), 'Consumption: Ocean Art');
    assert.match(await text(page, '#subtitle'), /daily, UTC · usage-based plan metrics/);
    assert.deepEqual(errors, []);
    ensureResultsDir();
    await page.screenshot({ path: path.join('test-results', 'consumption-dark-total.png'), fullPage: true });
  });

  it('labels an hourly axis with UTC times and day starts', async () => {
    const { page, errors } = await open({ dataset: orgDataset(3, '7d'), savedState: { scope: ORG, view: { range: { kind: 'preset', preset: '7d' }, mode: 'total', sort: { key: 'total', dir: 'desc' } } } });
    await page.waitForSelector('#plot canvas');
    assert.equal(await page.locator('input[name="range"][value="7d"]').isChecked(), true, 'the saved view is restored');
    const ticks = (await page.locator('#plot').getAttribute('data-x-ticks'))!.split('|');
    assert.ok(ticks.every((t) => /^([A-Z][a-z]{2} \d{1,2}|\d{2}:00)$/.test(t)), `hourly ticks: ${ticks}`);
    assert.match(await text(page, '#subtitle'), /hourly, UTC/);
    await tableShows(page, '#projects thead', /Peak per hour/);
    assert.deepEqual(errors, []);
    ensureResultsDir();
    await page.screenshot({ path: path.join('test-results', 'consumption-dark-hourly.png') });
  });

  it("restores the host's view after a reload, but prefers the page's newer state", async () => {
    const restored = { range: { kind: 'preset', preset: '12m' }, mode: 'projects', sort: { key: 'name', dir: 'asc' } };
    const a = await open({ dataset: orgDataset(3, '12m'), initView: restored });
    await a.page.waitForSelector('#plot canvas');
    assert.equal(await a.page.locator('input[name="range"][value="12m"]').isChecked(), true);
    assert.equal(await a.page.locator('input[name="mode"][value="projects"]').isChecked(), true);
    const newer = { scope: ORG, view: { range: { kind: 'preset', preset: '24h' }, mode: 'total', sort: { key: 'total', dir: 'desc' } } };
    const b = await open({ dataset: orgDataset(3, '24h'), initView: restored, savedState: newer });
    await b.page.waitForSelector('#plot canvas');
    assert.equal(await b.page.locator('input[name="range"][value="24h"]').isChecked(), true);
    // A custom range comes back with its dates in date pickers.
    const custom = { range: { kind: 'custom', from: '2026-01-01', to: '2026-01-31', granularity: 'daily' }, mode: 'total', sort: { key: 'total', dir: 'desc' } };
    const c = await open({ dataset: orgDataset(3, '30d'), initView: custom });
    await c.page.waitForSelector('#plot canvas');
    assert.deepEqual(await c.page.locator('#custom input').evaluateAll((els) => els.map((e) => [(e as HTMLInputElement).type, (e as HTMLInputElement).value])), [['date', '2026-01-01'], ['date', '2026-01-31']]);
    assert.equal(await c.page.locator('#custom').isVisible(), true);
  });

  it('breaks an org down by project: top 8 stacked plus Others', async () => {
    const { page, errors } = await open({ dataset: orgDataset(24, '30d'), theme: 'light' });
    await page.waitForSelector('#plot canvas');
    await page.getByLabel('By project').check();
    await page.waitForFunction(() => document.querySelectorAll('.u-legend .u-series').length > 2);
    const legend = await page.locator('.u-legend .u-series .u-label').allInnerTexts();
    assert.equal(legend.length, 1 + 8 + 1);
    assert.equal(legend[1], 'project-001', 'largest project first');
    assert.equal(legend[9], 'Others (16 projects)');
    assert.match(await text(page, '#summary'), /Stacked by project: project-001, project-002/);
    const state = await page.evaluate(() => (window as unknown as { __state: { view: { mode: string } } }).__state);
    assert.equal(state.view.mode, 'projects', 'the view is kept in webview state');
    assert.deepEqual(errors, []);
    ensureResultsDir();
    await page.screenshot({ path: path.join('test-results', 'consumption-light-projects.png'), fullPage: true });
  });

  it('draws a chart, its legend and both tables without making an Intl object (ICU costs the first one 35–65 ms)', async () => {
    // Every way into ICU's locale data counts, until the page is fully drawn (hover included).
    const initScript = `window.__intl = [];
      for (const name of ['NumberFormat', 'DateTimeFormat', 'Collator', 'PluralRules', 'RelativeTimeFormat', 'ListFormat', 'Segmenter', 'DisplayNames']) {
        const C = Intl[name];
        if (C) Intl[name] = new Proxy(C, { construct: (t, a) => (window.__intl.push(name), Reflect.construct(t, a)), apply: (t, self, a) => (window.__intl.push(name), Reflect.apply(t, self, a)) });
      }
      for (const [proto, names] of [[String.prototype, ['localeCompare', 'toLocaleLowerCase', 'toLocaleUpperCase']], [Number.prototype, ['toLocaleString']], [Date.prototype, ['toLocaleString', 'toLocaleDateString', 'toLocaleTimeString']]]) {
        for (const n of names) { const f = proto[n]; proto[n] = function (...a) { window.__intl.push(n); return f.apply(this, a); }; }
      }`;
    const view = { range: { kind: 'preset', preset: '30d' }, mode: 'projects', sort: { key: 'total', dir: 'desc' } } as const;
    const full: FakeHostConfig = { scope: ORG, mode: 'data', theme: 'dark', dataset: orgDataset(24, '30d'), savedState: { scope: ORG, view } };
    const { page, errors } = await openPage(chromium.browser(), chromium.served(), full, { initScript });
    pages.push(page);
    await page.waitForFunction(() => document.querySelectorAll('#projects tbody tr').length === 24 && document.querySelectorAll('#buckets tbody tr').length > 0);
    assert.equal(await page.locator('.u-legend .u-series').count(), 1 + 8 + 1, 'stacked by project');
    await page.locator('#plot .u-over').hover();
    await page.waitForFunction(() => /\d/.test(document.querySelector('.u-legend .u-series:nth-child(2) .u-value')?.textContent ?? ''));
    assert.match(await text(page, '#grand-total'), /^[\d,]+(\.\d+)?$/);
    assert.deepEqual(await page.evaluate(() => (window as unknown as { __intl: string[] }).__intl), []);
    assert.deepEqual(errors, []);
  });

  it('writes every table column with one number of decimals, so its right-aligned cells line up; shares with one decimal', async () => {
    const { page, errors } = await open({ dataset: orgDataset(24, '30d') });
    await page.waitForFunction(() => document.querySelectorAll('#projects tbody tr').length === 24 && document.querySelectorAll('#buckets tbody tr').length > 0);
    const column = (sel: string) => page.locator(sel).allInnerTexts();
    const decimals = (cells: string[]) => [...new Set(cells.filter((c) => c !== '—').map((c) => /\.(\d+)/.exec(c)?.[1]?.length ?? 0))];
    const totals = [...(await column('#projects tbody td:nth-of-type(1)')), await text(page, '#grand-total')];
    const peaks = await column('#projects tbody td:nth-of-type(3)');
    const buckets = await column('#buckets tbody td');
    for (const [name, cells] of [['total', totals], ['peak', peaks], ['per bucket', buckets]] as const) assert.equal(decimals(cells).length, 1, `${name}: ${cells.join(' / ')}`);
    // The decimals are the largest value's for 3 significant digits (not 0.00 for small values).
    const largest = Math.max(...buckets.map((c) => Number(c.replace(/,/g, ''))));
    assert.deepEqual(decimals(buckets), [columnDecimals([largest])]);
    const shares = [...(await column('#projects tbody td:nth-of-type(2)')), await text(page, '#projects tfoot td:nth-of-type(2)')];
    assert.ok(shares.every((c) => /^\d{1,3}\.\d%$/.test(c)), shares.join(' / '));
    assert.equal(shares.at(-1), '100.0%');
    // The legend's totals for the whole range read as the table's (was 576.87 beside 577): the largest project, first in both.
    await page.getByLabel('By project').check();
    await page.waitForFunction(() => document.querySelectorAll('.u-legend .u-series').length > 2);
    const legend = await page.locator('.u-legend .u-series:nth-child(2) .u-value').innerText();
    const row = await page.locator('#projects tbody tr:first-child td:nth-of-type(1)').innerText();
    assert.equal(legend, `${row} CU-hours`);
    assert.deepEqual(errors, []);
  });

  it('writes each y axis with one precision, small and large metrics alike (walk 23)', async () => {
    const { page, errors } = await open({ dataset: orgDataset(1, '7d') });
    const seen: string[] = [];
    await page.waitForFunction(() => (document.getElementById('plot')!.dataset.yTicks ?? '') !== '');
    for (const [metric, unit] of [['root_branch_bytes_month', 'GB-month'], ['public_network_transfer_bytes', 'GB'], ['compute_unit_seconds', 'CU-hours']]) {
      await page.selectOption('#metric', metric!);
      await page.waitForFunction((u) => document.getElementById('plot')!.dataset.yLabel === u, unit);
      const ticks = (await page.locator('#plot').getAttribute('data-y-ticks'))!.split('|');
      seen.push(ticks.join(' '));
      assert.equal(new Set(ticks.map((t) => t.split('.')[1]?.length ?? 0)).size, 1, `${metric}: ${ticks.join(' / ')}`);
    }
    assert.ok(seen.some((t) => t.includes('.')), `some axis has decimals: ${seen.join(' ; ')}`);
    assert.deepEqual(errors, []);
  });

  it('two or three buckets are columns with half a bucket to spare on either side, so the first and last are whole (walk 26)', async () => {
    const full = orgDataset(2, '12m');
    const keep = 3;
    const ds = {
      ...full,
      buckets: full.buckets.slice(-keep),
      range: { ...full.range, from: full.buckets.at(-keep)! },
      projects: full.projects.map((p) => ({ ...p, values: Object.fromEntries(Object.entries(p.values).map(([k, v]) => [k, v.slice(-keep)])) })),
    };
    const { page, errors } = await open({ dataset: ds });
    await page.waitForFunction(() => (document.getElementById('plot')!.dataset.xRange ?? '') !== '');
    const [min, max] = (await page.locator('#plot').getAttribute('data-x-range'))!.split('|').map(Number);
    const [b0, b1, b2] = ds.buckets.map((b) => b / 1000);
    // At least half of the neighbouring month's length beyond the first and last bucket (28–31 days).
    assert.ok(b0! - min! >= 14 * 86400 - 1, `first bucket whole: ${b0! - min!} s of margin`);
    assert.ok(max! - b2! >= 14 * 86400 - 1, `last bucket whole: ${max! - b2!} s of margin`);
    assert.ok(b1! > min! && b1! < max!);
    assert.deepStrictEqual(errors, []);
  });

  /** The last `keep` buckets of a dataset (a range of a few months, days or hours). */
  const lastBuckets = (full: ReturnType<typeof orgDataset>, keep: number) => ({
    ...full,
    buckets: full.buckets.slice(-keep),
    range: { ...full.range, from: full.buckets.at(-keep)! },
    projects: full.projects.map((p) => ({ ...p, values: Object.fromEntries(Object.entries(p.values).map(([k, v]) => [k, v.slice(-keep)])) })),
  });

  it('columns are about two thirds of the space between buckets wide, monthly, daily and hourly, narrow page or wide (walk 28: 48 px slivers)', async () => {
    const cases = [
      ['12m', 3, 1400],
      ['12m', 3, 530],
      ['12m', 2, 900],
      ['30d', 3, 1100],
      ['24h', 2, 700],
    ] as const;
    for (const [preset, keep, width] of cases) {
      const { page, errors } = await open({ dataset: lastBuckets(orgDataset(3, preset), keep) });
      await page.setViewportSize({ width, height: 900 });
      // Drawn again at the new width (the page's ResizeObserver).
      await page.waitForFunction(() => (document.querySelector('#plot canvas') as HTMLCanvasElement | null)?.width === Math.max(280, document.getElementById('figure')!.clientWidth));
      const colour = (await page.locator('#plot').getAttribute('data-palette'))!.split(' ')[0]!;
      // The columns' outlines crossed by a row of pixels low in the plot: a left and a right edge per column.
      const edges = await page.evaluate((hex) => {
        const c = document.querySelector('#plot canvas') as HTMLCanvasElement;
        const y = Math.round(c.height * 0.75);
        const d = c.getContext('2d')!.getImageData(0, y, c.width, 1).data;
        const want = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
        const runs: [number, number][] = [];
        for (let x = 0; x < c.width; x++) {
          const on = want.every((w, k) => Math.abs(d[4 * x + k]! - w) < 40) && d[4 * x + 3]! > 200;
          if (!on) continue;
          const last = runs.at(-1);
          if (last && last[1] >= x - 1) last[1] = x;
          else runs.push([x, x]);
        }
        return runs;
      }, colour);
      const what = `${preset}, ${keep} buckets, ${width} px`;
      assert.equal(edges.length, 2 * keep, `${what}: ${keep} outlined columns: ${JSON.stringify(edges)}`);
      const columns = Array.from({ length: keep }, (_, i) => ({ left: edges[2 * i]![0], right: edges[2 * i + 1]![1] }));
      const centres = columns.map((c) => (c.left + c.right) / 2);
      const spacing = Math.min(...centres.slice(1).map((c, i) => c - centres[i]!));
      const share = Math.min(...columns.map((c) => c.right - c.left)) / spacing;
      assert.ok(share >= 0.55 && share <= 0.72, `${what}: columns ${JSON.stringify(columns)} are ${share.toFixed(2)} of the ${spacing} px between buckets`);
      assert.deepEqual(errors, []);
      ensureResultsDir();
      await page.screenshot({ path: path.join('test-results', `consumption-columns-${preset}-${keep}-${width}.png`) });
    }
  });

  it('never breaks "CU-hours", a date or a project id at a hyphen in the caption, the subtitle and the tables, at any width from 400 to 1000 px; words still wrap (walk 28)', async () => {
    const { page, errors } = await open({ dataset: orgDataset(12, '30d') });
    await page.waitForFunction(() => document.querySelectorAll('#projects tbody tr').length === 12 && document.querySelectorAll('#buckets tbody tr').length > 0);
    await page.locator('#bucket-details summary').click();
    let captionWrapped = 0;
    let checked = 0;
    for (let width = 400; width <= 1000; width += 10) {
      await page.setViewportSize({ width, height: 900 });
      // The chart follows a resize on its next frame: until then its canvas may still be wider (a
      // full run saw the first, 400 px step read while the canvas had 1,080 px). The check below still fails a page that never fits.
      await page.waitForFunction(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth, undefined, { timeout: 2000 }).catch(() => undefined);
      // Every hyphenated word in a text node: a Range over it has one line box, or it was broken.
      const r = await page.evaluate(() => {
        const broken: string[] = [];
        let words = 0;
        for (const root of Array.from(document.querySelectorAll('#summary, #subtitle, #projects thead, #projects tbody, #projects tfoot, #buckets thead'))) {
          const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
          for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            for (const m of n.textContent!.matchAll(/[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)+/gu)) {
              const range = document.createRange();
              range.setStart(n, m.index);
              range.setEnd(n, m.index + m[0].length);
              words++;
              if (new Set(Array.from(range.getClientRects()).map((b) => Math.round(b.top))).size > 1) broken.push(m[0]);
            }
          }
        }
        const summary = document.getElementById('summary')!;
        const lineHeight = parseFloat(getComputedStyle(summary).lineHeight) || 20;
        return { broken, words, captionLines: Math.round(summary.getBoundingClientRect().height / lineHeight), overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth };
      });
      assert.deepEqual(r.broken, [], `at ${width} px`);
      assert.ok(r.words >= 12 * 2 + 4, `${r.words} hyphenated words checked at ${width} px`);
      assert.ok(r.overflow <= 0, `at ${width} px the page is ${r.overflow} px wider than the window`);
      if (r.captionLines > 1) captionWrapped++;
      checked++;
    }
    assert.ok(captionWrapped >= 10, `the caption still wraps between words in a narrow page (${captionWrapped} of ${checked} widths)`);
    // Copied, the words keep their hyphens (no U+2011).
    assert.match(await text(page, '#summary'), /Compute in CU-hours, \d{4}-\d{2}-\d{2} – /);
    assert.match(await text(page, '#projects tbody tr:first-child th'), /^project-001 amber-cell-10000000$/);
    assert.deepEqual(errors, []);
  });

  it('the projects column adds up to the total under it, and the shares to 100.0%, where rounding each row alone did not (walk 28)', async () => {
    // 24 projects on a fixed day: one by one their whole CU-hours read 3,194 under 3,192 and their shares 100.1%.
    const ds = orgDataset(24, '30d', Date.parse('2026-12-05T12:00:00Z'));
    const rows = tableRows(ds, 'compute_unit_seconds');
    const grand = seriesTotal(convertSeries(totalSeries(ds, 'compute_unit_seconds'), 'compute_unit_seconds'), 'compute_unit_seconds')!;
    const decimals = columnDecimals([grand, ...rows.map((r) => r.total)]);
    const num = (c: string) => Number(c.replace(/[,%]/g, ''));
    assert.equal(decimals, 0);
    assert.notEqual(rows.reduce((a, r) => a + num(formatFixed(r.total, 0)), 0), num(formatFixed(grand, 0)), 'precondition: one by one the rows do not add up');
    assert.notEqual(Math.round(rows.reduce((a, r) => a + num(formatFixed(r.share! * 100, 1)), 0) * 10), 1000, 'precondition: nor the shares');
    const { page, errors } = await open({ dataset: ds });
    await page.waitForFunction(() => document.querySelectorAll('#projects tbody tr').length === 24);
    for (const sort of [null, 'name', 'share'] as const) {
      if (sort) await page.click(`button[data-sort="${sort}"]`);
      const totals = (await page.locator('#projects tbody td:nth-of-type(1)').allInnerTexts()).map(num);
      const shares = (await page.locator('#projects tbody td:nth-of-type(2)').allInnerTexts()).map(num);
      assert.equal(totals.reduce((a, b) => a + b), num(await text(page, '#grand-total')), `sorted by ${sort ?? 'total'}: ${totals.join(' + ')}`);
      assert.equal(Math.round(shares.reduce((a, b) => a + b) * 10), 1000, `sorted by ${sort ?? 'total'}: ${shares.join(' + ')}`);
    }
    // Each row within one of its own value, and the legend by project says each project's as its row.
    const byName = new Map(rows.map((r) => [r.name, r.total!]));
    for (const tr of await page.locator('#projects tbody tr').all()) {
      const name = (await tr.locator('th').innerText()).split(' ')[0]!;
      assert.ok(Math.abs(num(await tr.locator('td').first().innerText()) - byName.get(name)!) <= 1, name);
    }
    await page.getByLabel('By project').check();
    await page.waitForFunction(() => document.querySelectorAll('.u-legend .u-series').length > 2);
    const legend = await page.locator('.u-legend .u-series').evaluateAll((els) => els.slice(1).map((e) => [e.querySelector('.u-label')!.textContent, e.querySelector('.u-value')!.textContent]));
    const rowOf = new Map((await page.locator('#projects tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.querySelector('th')!.firstChild!.textContent, tr.querySelector('td')!.textContent])) as [string, string][]));
    const shown = legend.map(([label, value]) => [label, value!.replace(/ CU-hours$/, '')]);
    for (const [label, value] of shown.slice(0, -1)) assert.equal(value, rowOf.get(label!), `${label}: legend ${value}, table ${rowOf.get(label!)}`);
    // Others is the sum of its rows as written, so the legend too adds up to the total.
    assert.equal(shown.reduce((a, [, v]) => a + num(v!), 0), num(await text(page, '#grand-total')), shown.map(([l, v]) => `${l} ${v}`).join(', '));
    assert.deepEqual(errors, []);
  });

  it('a table of 2,500 projects (walk 33): names sort as numbers read, a sort moves the rows it built, and a small share reads "<0.1%", not "0.0%"', async () => {
    const ds = orgDataset(2500, '30d');
    // Names as the walk's demo org had them: project-1-1 … project-1-2500, in the dataset's order.
    ds.projects.forEach((p, i) => (p.name = `project-1-${i + 1}`));
    const { page, errors } = await open({ dataset: ds });
    await page.waitForFunction(() => document.querySelectorAll('#projects tbody tr').length === 2500, undefined, { timeout: 30_000 });
    const names = () => page.locator('#projects tbody th').evaluateAll((els) => els.map((e) => e.firstChild!.textContent!));
    // The rows as built: a sort puts these very elements in another order.
    await page.evaluate(() => document.querySelectorAll<HTMLElement>('#projects tbody tr').forEach((tr) => (tr.dataset.built = 'yes')));
    await page.click('button[data-sort="name"]');
    const asc = await names();
    assert.deepEqual(asc.slice(0, 12), ['project-1-1', 'project-1-2', 'project-1-3', 'project-1-4', 'project-1-5', 'project-1-6', 'project-1-7', 'project-1-8', 'project-1-9', 'project-1-10', 'project-1-11', 'project-1-12']);
    assert.deepEqual(asc, ds.projects.map((p) => p.name));
    await page.click('button[data-sort="name"]');
    assert.deepEqual(await names(), [...asc].reverse());
    assert.equal(await page.locator('#projects tbody tr:not([data-built])').count(), 0, 'no row was built again');
    // Shares: a real share under 0.05% says so; the column still adds up to 100.0% (those rows count as the 0.0 they were rounded to).
    const shares = await page.locator('#projects tbody td:nth-of-type(2)').allInnerTexts();
    const small = shares.filter((t) => t === '<0.1%').length;
    assert.ok(small > 100, `${small} rows read "<0.1%"`);
    assert.deepEqual(shares.filter((t) => t === '0.0%'), [], 'no project with consumption reads 0.0%');
    assert.equal(Math.round(shares.reduce((a, t) => a + (t === '<0.1%' ? 0 : Number(t.replace('%', ''))), 0) * 10), 1000);
    assert.deepEqual(errors, []);
  });

  it('sorts the table with the keyboard and announces the order', async () => {
    const ds = orgDataset(12, '30d');
    const { page } = await open({ dataset: ds });
    await page.waitForSelector('#projects tbody tr');
    const names = () => page.locator('#projects tbody th').evaluateAll((els) => els.map((e) => e.firstChild!.textContent));
    const byTotal = tableRows(ds, 'compute_unit_seconds').sort((a, b) => b.total! - a.total!).map((r) => r.name);
    assert.deepEqual(await names(), byTotal);
    const nameHeader = page.locator('button[data-sort="name"]');
    await nameHeader.focus();
    await page.keyboard.press('Enter');
    assert.deepEqual(await names(), [...byTotal].sort());
    assert.equal(await page.locator('th:has(button[data-sort="name"])').getAttribute('aria-sort'), 'ascending');
    await page.keyboard.press('Enter'); // focus stays on the header
    assert.deepEqual(await names(), [...byTotal].sort().reverse());
    assert.equal(await page.locator('th:has(button[data-sort="name"])').getAttribute('aria-sort'), 'descending');
    // Controls are reachable with Tab.
    await page.locator('input[name="range"][value="24h"]').focus();
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);
    assert.ok(focused, 'focus moved');
  });

  it('a focused range choice is ringed in the focus colour; a selected one is told by its fill and a border of another colour (walk 36)', async () => {
    const { page } = await open({ dataset: orgDataset(3, '30d') });
    await statusIs(page, /^Total compute/);
    const focusRing = 'rgb(0, 127, 212)'; // the dark theme's --vscode-focusBorder
    const style = () =>
      page.evaluate(() => {
        const label = document.querySelector('input[name="range"]:checked')!.closest('label')!;
        const cs = getComputedStyle(label);
        return { border: cs.borderTopColor, outline: cs.outlineStyle, outlineColor: cs.outlineColor, outlineWidth: cs.outlineWidth };
      });
    const unfocused = await style();
    assert.notEqual(unfocused.border, focusRing, 'selected is not drawn in the focus colour');
    assert.equal(unfocused.outline, 'none');
    // By keyboard, as a person reaches it: Tab into the group lands on its checked choice.
    await page.locator('input[name="range"]:checked').focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => (document.activeElement as HTMLInputElement).name), 'range');
    const focused = await style();
    assert.deepEqual([focused.outline, focused.outlineColor, focused.outlineWidth], ['solid', focusRing, '2px'], 'the whole choice is ringed');
  });

  it('after Export CSV…, when the page has the focus again (saved, or Escape in the dialog), the Export button holds it, not the body (walk 36)', async () => {
    const { page } = await open({ dataset: orgDataset(3, '30d') });
    await statusIs(page, /^Total compute/);
    await page.locator('#export').focus();
    await page.keyboard.press('Enter');
    assert.deepEqual((await sent(page)).filter((m) => m.type === 'exportCsv').length, 1);
    // The host's save dialog took the focus; VS Code gives the webview its focus back with none of its elements focused.
    await page.evaluate(() => {
      (document.activeElement as HTMLElement | null)?.blur();
      window.dispatchEvent(new FocusEvent('focus'));
    });
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'export');
    // Only once: later the page's focus is left alone.
    await page.evaluate(() => {
      (document.activeElement as HTMLElement | null)?.blur();
      window.dispatchEvent(new FocusEvent('focus'));
    });
    assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'BODY');
  });

  it('outside the test host (no markCharts in init) the chart carries no data attributes', async () => {
    const { page, errors } = await open({ dataset: orgDataset(3, '30d'), markCharts: false });
    await page.waitForSelector('#plot canvas');
    // uPlot draws its axes on the next frames: let them pass.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    assert.deepEqual(await page.evaluate(() => Object.keys(document.getElementById('plot')!.dataset)), []);
    const marked = await open({ dataset: orgDataset(3, '30d') });
    await marked.page.waitForFunction(() => (document.getElementById('plot')!.dataset.yTicks ?? '') !== '');
    assert.deepEqual(Object.keys(await marked.page.evaluate(() => ({ ...document.getElementById('plot')!.dataset }))).sort(), ['palette', 'theme', 'unit', 'xRange', 'xTicks', 'yLabel', 'yTicks']);
    assert.deepEqual(errors, []);
  });

  it('paints the chart before the tables, then says drawn once the tables are there', async () => {
    // At the first frame that has the chart, record whether the projects table had rows yet.
    const initScript = `window.__order = [];
      new MutationObserver((_, mo) => {
        if (!document.querySelector('#plot canvas')) return;
        mo.disconnect();
        window.__order.push('chart with ' + document.querySelectorAll('#projects tbody tr').length + ' rows');
        requestAnimationFrame(() => window.__order.push('painted with ' + document.querySelectorAll('#projects tbody tr').length + ' rows'));
      }).observe(document, { subtree: true, childList: true });`;
    const full: FakeHostConfig = { scope: ORG, mode: 'data', theme: 'dark', dataset: orgDataset(24, '30d') };
    const { page, errors } = await openPage(chromium.browser(), chromium.served(), full, { initScript });
    pages.push(page);
    await page.waitForFunction(() => (window as unknown as { __sent: { type: string }[] }).__sent.some((m) => m.type === 'drawn'));
    const order = await page.evaluate(() => (window as unknown as { __order: string[] }).__order);
    assert.deepEqual(order, ['chart with 0 rows', 'painted with 0 rows'], 'the chart was painted before the table was filled');
    assert.equal(await page.locator('#projects tbody tr').count(), 24, 'the table was filled before the page said drawn');
    assert.deepEqual(errors, []);
  });

  it('switches metric by asking the host for that metric only (no new load), and converts units', async () => {
    const { page } = await open({ dataset: orgDataset(5, '30d') });
    await page.waitForSelector('#plot canvas');
    const sent = () => page.evaluate(() => (window as unknown as { __sent: { type: string; metric?: string }[] }).__sent);
    const before = await sent();
    assert.equal(before.filter((m) => m.type === 'load').at(-1)!.metric, 'compute_unit_seconds', 'the first load names the metric drawn');
    await page.selectOption('#metric', 'root_branch_bytes_month');
    await page.waitForFunction(() => document.getElementById('plot')!.dataset.yLabel === 'GB-month');
    await tableShows(page, '#projects thead', /Total \(GB-month\)/);
    const after = await sent();
    assert.equal(after.filter((m) => m.type === 'load').length, before.filter((m) => m.type === 'load').length, 'no new load');
    assert.deepEqual(after.slice(before.length).filter((m) => m.type === 'metric').map((m) => m.metric), ['root_branch_bytes_month']);
    // Back to the first metric: asked again (the page holds one metric at a time), drawn in CU-hours.
    await page.selectOption('#metric', 'compute_unit_seconds');
    await page.waitForFunction(() => document.getElementById('plot')!.dataset.yLabel === 'CU-hours');
  });

  it('asks for a preset range and picks its granularity', async () => {
    const { page } = await open({ dataset: orgDataset(3, '7d') });
    await page.waitForSelector('#plot canvas');
    await page.getByLabel('Last 7 days').check();
    await page.waitForFunction(() => (window as unknown as { __sent: { type: string }[] }).__sent.filter((m) => m.type === 'load').length === 2);
    const sent = await page.evaluate(() => (window as unknown as { __sent: { type: string }[] }).__sent.filter((m) => m.type === 'load'));
    assert.deepEqual(sent[sent.length - 1], { type: 'load', requestId: 2, range: { kind: 'preset', preset: '7d' }, metric: 'compute_unit_seconds' });
    assert.equal(await page.locator('#granularity').inputValue(), 'hourly');
    assert.equal(await page.locator('#granularity option[value="hourly"]').isDisabled(), false);
    await page.getByLabel('Last 60 days').check();
    assert.equal(await page.locator('#granularity').inputValue(), 'daily');
    assert.equal(await page.locator('#granularity option[value="hourly"]').isDisabled(), true, 'hourly cannot hold 60 days');
  });

  it('custom dates are charted on Apply; until then the panel says which range the chart still shows', async () => {
    const { page } = await open({ dataset: orgDataset(3, '30d') });
    await page.waitForSelector('#plot canvas');
    const last = (await text(page, '#subtitle')).split(' · ')[0]!;
    assert.equal(await text(page, '#custom-pending'), '', 'no note while a preset is drawn');
    // Chromium sets up its date formats for a page's first date input (50–60 ms on 2 cores): none
    // is made until the custom fields are shown, and then both are date pickers with the range.
    assert.equal(await page.locator('input[type="date"]').count(), 0, 'no date input before Custom…');
    await page.getByLabel('Custom…').check();
    assert.deepEqual(await page.locator('#custom input').evaluateAll((els) => els.map((e) => [(e as HTMLInputElement).type, /^\d{4}-\d{2}-\d{2}$/.test((e as HTMLInputElement).value)])), [['date', true], ['date', true]]);
    assert.equal(await text(page, '#custom-pending'), `Choose Apply to chart these dates. The chart shows ${last} until then.`);
    // "By project" redraws what is drawn; the note stays, as the dates are still not applied.
    await page.getByLabel('By project').check();
    assert.match(await text(page, '#custom-pending'), /^Choose Apply/);
    const from = new Date(Date.now() - 10 * 86400e3).toISOString().slice(0, 10);
    await page.fill('#from', from);
    await page.click('#apply');
    await page.waitForFunction(() => (window as unknown as { __sent: { type: string }[] }).__sent.filter((m) => m.type === 'load').length === 2);
    assert.equal(await text(page, '#custom-pending'), '', 'applied: no note');
    // Another date typed after Apply: not charted yet, said again.
    await page.fill('#from', new Date(Date.now() - 12 * 86400e3).toISOString().slice(0, 10));
    assert.match(await text(page, '#custom-pending'), /^Choose Apply to chart these dates\./);
  });

  it('explains a custom range the API would refuse, without asking the host', async () => {
    const { page } = await open({ dataset: orgDataset(3, '30d') });
    await page.waitForSelector('#plot canvas');
    await page.getByLabel('Custom…').check();
    await page.fill('#from', '2023-05-01');
    await page.fill('#to', '2023-06-01');
    await page.click('#apply');
    assert.match(await text(page, '#range-error'), /history starts on 1 March 2024/);
    // The chart on screen is the last range's: the sentence says so (the subtitle names it too).
    const subtitle = await text(page, '#subtitle');
    const last = subtitle.split(' · ')[0]!;
    assert.ok(last.length > 0, subtitle);
    assert.ok((await text(page, '#range-error')).endsWith(` The chart still shows ${last}.`), await text(page, '#range-error'));
    assert.equal(await text(page, '#custom-pending'), '', 'the refusal already says what the chart shows');
    const loads = await page.evaluate(() => (window as unknown as { __sent: { type: string }[] }).__sent.filter((m) => m.type === 'load').length);
    assert.equal(loads, 1);
  });

  /**
   * Types an ISO day into a date input as a person does: focus, then the digits in the order the
   * browser's locale shows the fields (12/20/2026 in en-US), each field moving on to the next.
   */
  async function typeDate(page: Page, sel: string, iso: string) {
    const order = await page.evaluate(() =>
      new Intl.DateTimeFormat(undefined, { year: 'numeric', month: '2-digit', day: '2-digit' })
        .formatToParts(new Date())
        .map((p) => p.type)
        .filter((t) => t !== 'literal'),
    );
    const [y, m, d] = iso.split('-') as [string, string, string];
    await page.focus(sel);
    await page.keyboard.type(order.map((t) => (t === 'year' ? y : t === 'month' ? m : d)).join(''));
  }
  const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86400e3).toISOString().slice(0, 10);
  const loads = (page: Page) => page.evaluate(() => (window as unknown as { __sent: { type: string; range?: unknown }[] }).__sent.filter((m) => m.type === 'load'));

  it('a To typed after today is charted to today: the field and the note under it say so (Apply looked as if it did nothing)', async () => {
    const { page } = await open({ dataset: orgDataset(3, '30d') });
    await page.waitForSelector('#plot canvas');
    await page.getByLabel('Custom…').check();
    await typeDate(page, '#from', day(10));
    await typeDate(page, '#to', day(-15));
    // What the walk saw: the field holds the typed day, which the browser marks as after its max.
    assert.deepEqual(await page.locator('#to').evaluate((e: HTMLInputElement) => [e.value, e.validity.rangeOverflow]), [day(-15), true]);
    assert.match(await text(page, '#custom-pending'), /^Choose Apply to chart these dates\./);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => (window as unknown as { __sent: { type: string }[] }).__sent.filter((m) => m.type === 'load').length === 2);
    assert.deepEqual((await loads(page)).at(-1)!.range, { kind: 'custom', from: day(10), to: day(0), granularity: 'daily' });
    assert.deepEqual(await page.locator('#to').evaluate((e: HTMLInputElement) => [e.value, e.validity.valid]), [day(0), true]);
    assert.equal(await text(page, '#custom-pending'), `The end was set to today, ${day(0)}: there is no consumption after today yet.`);
    assert.equal(await text(page, '#range-error'), '');
    // Another date typed: not charted yet, said again.
    await typeDate(page, '#from', day(12));
    assert.match(await text(page, '#custom-pending'), /^Choose Apply to chart these dates\./);
  });

  it('a From typed after today is refused in red, and nothing is asked for', async () => {
    const { page } = await open({ dataset: orgDataset(3, '30d') });
    await page.waitForSelector('#plot canvas');
    const last = (await text(page, '#subtitle')).split(' · ')[0]!;
    await page.getByLabel('Custom…').check();
    await typeDate(page, '#from', day(-3));
    await page.click('#apply');
    assert.equal(await text(page, '#range-error'), `The start is in the future. The chart still shows ${last}.`);
    assert.equal(await text(page, '#custom-pending'), '', 'the refusal already says what the chart shows');
    assert.equal((await loads(page)).length, 1);
  });

  it('a half-typed date is refused in red, and what was typed stays in the field', async () => {
    const { page } = await open({ dataset: orgDataset(3, '30d') });
    await page.waitForSelector('#plot canvas');
    const last = (await text(page, '#subtitle')).split(' · ')[0]!;
    await page.getByLabel('Custom…').check();
    // Backspace empties the field under the caret (the month in en-US): the rest stays typed.
    await page.focus('#to');
    await page.keyboard.press('Backspace');
    assert.deepEqual(await page.locator('#to').evaluate((e: HTMLInputElement) => [e.value, e.validity.badInput]), ['', true]);
    await page.click('#apply');
    assert.equal(await text(page, '#range-error'), `Enter the end as a date such as 2026-01-31. The chart still shows ${last}.`);
    // Dates never break at their hyphens (walk 26).
    assert.ok((await page.locator('#range-error .nowrap').allInnerTexts()).includes('2026-01-31'));
    assert.equal((await loads(page)).length, 1);
    assert.equal(await page.locator('#to').evaluate((e: HTMLInputElement) => e.validity.badInput), true, 'the typed parts are not wiped');
    // The day completed: the refusal goes, the hint comes back, and Apply charts it.
    await typeDate(page, '#to', day(2));
    assert.equal(await text(page, '#range-error'), '');
    assert.match(await text(page, '#custom-pending'), /^Choose Apply to chart these dates\./);
    await page.click('#apply');
    await page.waitForFunction(() => (window as unknown as { __sent: { type: string }[] }).__sent.filter((m) => m.type === 'load').length === 2);
    assert.equal(((await loads(page)).at(-1)!.range as { to: string }).to, day(2));
  });

  it('Custom after "Last 12 months": To is the last day shown up to today; dates monthly cannot show are charted daily, and the panel says so', async () => {
    const view = { range: { kind: 'preset', preset: '12m' }, mode: 'total', sort: { key: 'total', dir: 'desc' } } as const;
    const { page } = await open({ dataset: orgDataset(3, '12m'), savedState: { scope: ORG, view } });
    await page.waitForSelector('#plot canvas');
    await page.getByLabel('Custom…').check();
    const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86400e3).toISOString().slice(0, 10);
    // Not this month's last day (12/31/2026 on 5 December, walk 21): today.
    assert.equal(await page.locator('#to').inputValue(), day(0));
    assert.deepEqual([await page.locator('#from').getAttribute('max'), await page.locator('#to').getAttribute('max')], [day(0), day(0)], 'no day after today in the picker');
    assert.equal(await page.locator('#granularity').inputValue(), 'monthly');
    // A week that is not whole months (a start on the 1st would be one, running into this month).
    await page.fill('#from', day(10).endsWith('-01') ? day(11) : day(10));
    await page.fill('#to', day(3));
    await page.click('#apply');
    await page.waitForFunction(() => (window as unknown as { __sent: { type: string }[] }).__sent.filter((m) => m.type === 'load').length === 2);
    const asked = (await sent(page)).filter((m) => m.type === 'load').at(-1) as unknown as { range: { granularity: string } };
    assert.equal(asked.range.granularity, 'daily');
    assert.equal(await page.locator('#granularity').inputValue(), 'daily');
    assert.equal(await text(page, '#range-error'), '', 'not refused');
    assert.equal(await text(page, '#custom-pending'), 'Granularity set to Daily: Monthly data cannot show these dates.');
    // Twenty days hourly: daily too (hourly covers 168 hours).
    await page.selectOption('#granularity', 'hourly');
    await page.fill('#from', day(20));
    await page.click('#apply');
    await page.waitForFunction(() => (window as unknown as { __sent: { type: string }[] }).__sent.filter((m) => m.type === 'load').length === 3);
    assert.equal(await page.locator('#granularity').inputValue(), 'daily');
    assert.equal(await text(page, '#custom-pending'), 'Granularity set to Daily: Hourly data cannot show these dates.');
  });

  it('Custom… changes nothing until Apply: not the Granularity box, the chart, the saved view nor what Refresh asks for; Apply changes range and granularity together (walk 32)', async () => {
    const view = { range: { kind: 'preset', preset: '7d' }, mode: 'total', sort: { key: 'total', dir: 'desc' } } as const;
    const { page } = await open({ dataset: orgDataset(3, '7d'), savedState: { scope: ORG, view } });
    await page.waitForSelector('#plot canvas');
    const before = (await sent(page)).length;
    const subtitle = await text(page, '#subtitle');
    await page.getByLabel('Custom…').check();
    assert.equal(await page.locator('#granularity').inputValue(), 'hourly', 'the box still shows what is charted');
    await page.selectOption('#granularity', 'daily');
    await page.fill('#from', day(5));
    assert.deepEqual((await sent(page)).slice(before), [], 'nothing posted before Apply');
    assert.equal(await text(page, '#subtitle'), subtitle, 'the chart is the preset\'s');
    const saved = () => page.evaluate(() => (window as unknown as { __state?: { view: { range: unknown } } }).__state?.view.range);
    assert.deepEqual(await saved(), { kind: 'preset', preset: '7d' });
    // Refresh reloads what is charted, not the dates typed.
    await page.click('#refresh');
    assert.deepEqual((await loads(page)).at(-1)!.range, { kind: 'preset', preset: '7d' });
    await hostSays(page, { type: 'data', requestId: await lastId(page), metric: 'compute_unit_seconds', dataset: orgDataset(3, '7d') });
    await statusIs(page, /^Total/);
    assert.match(await text(page, '#custom-pending'), /^Choose Apply to chart these dates\./, 'the typed dates are still there, not applied');
    assert.equal(await page.locator('#granularity').inputValue(), 'daily', 'the granularity chosen for the dates stays chosen');
    await page.click('#apply');
    await page.waitForFunction(() => (window as unknown as { __sent: { type: string }[] }).__sent.filter((m) => m.type === 'load').length === 3);
    const asked = { kind: 'custom', from: day(5), to: day(0), granularity: 'daily' };
    assert.deepEqual((await loads(page)).at(-1)!.range, asked);
    assert.deepEqual(await saved(), asked);
    assert.equal(await page.locator('#granularity').inputValue(), 'daily');
  });

  it('Escape or another preset leaves the custom fields without effect; Escape puts applied custom dates back', async () => {
    const view = { range: { kind: 'preset', preset: '7d' }, mode: 'total', sort: { key: 'total', dir: 'desc' } } as const;
    const { page } = await open({ dataset: orgDataset(3, '7d'), savedState: { scope: ORG, view } });
    await page.waitForSelector('#plot canvas');
    const before = (await sent(page)).length;
    await page.getByLabel('Custom…').check();
    await page.selectOption('#granularity', 'monthly');
    await page.focus('#from');
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('#custom').isVisible(), false);
    assert.equal(await page.getByLabel('Last 7 days').isChecked(), true);
    assert.equal(await page.locator('#granularity').inputValue(), 'hourly');
    assert.deepEqual((await sent(page)).slice(before), [], 'nothing posted');
    // Another preset: that preset is charted, at its own granularity.
    await page.getByLabel('Custom…').check();
    await page.fill('#from', day(20));
    await page.getByLabel('Last 30 days').check();
    assert.deepEqual((await loads(page)).at(-1)!.range, { kind: 'preset', preset: '30d' });
    assert.equal(await page.locator('#custom').isVisible(), false);
    assert.equal(await page.locator('#granularity').inputValue(), 'daily');
    await hostSays(page, { type: 'data', requestId: await lastId(page), metric: 'compute_unit_seconds', dataset: orgDataset(3, '30d') });
    await statusIs(page, /^Total/);
    // Applied custom dates, then others typed and dropped with Escape: the applied ones come back.
    await page.getByLabel('Custom…').check();
    await page.fill('#from', day(10));
    await page.fill('#to', day(2));
    await page.click('#apply');
    await page.waitForFunction(() => (window as unknown as { __sent: { type: string }[] }).__sent.filter((m) => m.type === 'load').length === 3);
    await page.fill('#from', day(12));
    await page.selectOption('#granularity', 'monthly');
    assert.match(await text(page, '#custom-pending'), /^Choose Apply/);
    await page.keyboard.press('Escape');
    assert.deepEqual([await page.locator('#from').inputValue(), await page.locator('#to').inputValue(), await page.locator('#granularity').inputValue()], [day(10), day(2), 'daily']);
    assert.equal(await text(page, '#custom-pending'), '');
    assert.equal((await loads(page)).length, 3, 'Escape asks for nothing');
  });

  it("the date pickers offer only days Neon keeps (monthly's last year, to today); an end before the start is refused on the page, nothing asked for", async () => {
    const { page } = await open({ dataset: orgDataset(3, '30d') });
    await page.waitForSelector('#plot canvas');
    const last = (await text(page, '#subtitle')).split(' · ')[0]!;
    await page.getByLabel('Custom…').check();
    // The first whole month inside the last year (the API's monthly window; daily keeps 60 days, hourly 168 hours).
    const now = new Date();
    const yearAgo = Date.UTC(now.getUTCFullYear() - 1, now.getUTCMonth(), now.getUTCDate(), now.getUTCHours(), now.getUTCMinutes(), now.getUTCSeconds());
    const y = new Date(yearAgo);
    const firstMonth = Date.UTC(y.getUTCFullYear(), y.getUTCMonth(), 1) === yearAgo ? yearAgo : Date.UTC(y.getUTCFullYear(), y.getUTCMonth() + 1, 1);
    const oldest = new Date(firstMonth).toISOString().slice(0, 10);
    for (const id of ['#from', '#to']) assert.deepEqual([await page.locator(id).getAttribute('min'), await page.locator(id).getAttribute('max')], [oldest, day(0)], id);
    await page.fill('#from', day(3));
    await page.fill('#to', day(8));
    await page.click('#apply');
    assert.equal(await text(page, '#range-error'), `The start must be before the end. The chart still shows ${last}.`);
    assert.equal((await loads(page)).length, 1);
    assert.equal(await page.locator('#from').inputValue(), day(3), 'the typed dates stay for a correction');
  });

  it('shows legacy-plan metrics, sizes as latest values in GiB', async () => {
    const { legacy } = legacyDatasets();
    const { page, errors } = await open({ dataset: legacy });
    await page.waitForSelector('#plot canvas');
    const options = await page.locator('#metric option').allInnerTexts();
    assert.deepEqual(options, ['Active time (hours)', 'Compute time (CU-hours)', 'Written data (GiB)', 'Storage size (GiB)']);
    assert.match(await text(page, '#subtitle'), /legacy plan metrics/);
    await page.selectOption('#metric', 'synthetic_storage_size_bytes');
    await page.waitForFunction(() => document.getElementById('plot')!.dataset.yLabel === 'GiB');
    await tableShows(page, '#projects thead', /Latest \(GiB\)/);
    assert.match(await text(page, '#status-text'), /^Latest storage size: [\d.,]+ GiB\.$/);
    assert.deepEqual(errors, []);
  });

  it('a range of one bucket draws a column (by project, stacked columns), not a lone point', async () => {
    const ds = orgDataset(3, '30d');
    const one = { ...ds, buckets: ds.buckets.slice(0, 1), range: { ...ds.range, to: ds.buckets[1]! }, projects: ds.projects.map((p) => ({ ...p, values: Object.fromEntries(Object.entries(p.values).map(([m, v]) => [m, v.slice(0, 1)])) })) };
    const { page, errors } = await open({ dataset: one });
    await page.waitForSelector('#plot canvas');
    // Pixels of each series' colour on the canvas (its outline; a lone point was a ring of 16 px).
    const pixelsOf = (colours: string[]) =>
      page.evaluate((hexes) => {
        const c = document.querySelector('#plot canvas') as HTMLCanvasElement;
        const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        return hexes.map((hex) => {
          const want = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
          let n = 0;
          for (let i = 0; i < d.length; i += 4) if (want.every((w, k) => Math.abs(d[i + k]! - w) < 24) && d[i + 3]! > 200) n++;
          return n;
        });
      }, colours);
    const [total] = await pixelsOf((await page.locator('#plot').getAttribute('data-palette'))!.split(' '));
    assert.ok(total! >= 300, `the column's outline covers ${total} px`);
    await page.getByLabel('By project').check();
    await page.waitForFunction(() => document.querySelectorAll('.u-legend .u-series').length === 4);
    const palette = (await page.locator('#plot').getAttribute('data-palette'))!.split(' ');
    assert.strictEqual(palette.length, 3);
    const each = await pixelsOf(palette);
    assert.ok(each.every((n) => n >= 100), `each project's column is drawn: ${each.join(', ')} px`);
    assert.deepEqual(errors, []);
  });

  it('says when there is nothing to draw, in a sentence that reads right for every metric name', async () => {
    const { page } = await open({ dataset: zeroDataset('30d', Date.now(), ['compute_unit_seconds', 'extra_branches_month']) });
    await statusIs(page, /^Nothing was recorded/);
    assert.equal(await text(page, '#status-text'), 'Nothing was recorded for compute in this range. Try a longer range or another metric.');
    assert.equal(await page.locator('#figure').isVisible(), false);
    assert.equal(await page.locator('#plot canvas').count(), 0);
    // A plural name: "No extra branches was recorded" (walk 21).
    await page.selectOption('#metric', 'extra_branches_month');
    await statusIs(page, /extra branches/);
    assert.equal(await text(page, '#status-text'), 'Nothing was recorded for extra branches in this range. Try a longer range or another metric.');
  });

  it('shows an error in words with Retry', async () => {
    const { page } = await open({ mode: 'error', errorMessage: 'Neon is rate-limiting requests (429). Request id 123.' });
    await page.waitForSelector('#retry:not([hidden])');
    assert.equal(await text(page, '#status-text'), 'Could not load consumption: Neon is rate-limiting requests (429). Request id 123.');
    assert.equal(await page.locator('#status').getAttribute('class'), 'status error');
    await page.evaluate(() => ((window as unknown as { __cfg: { mode: string } }).__cfg.mode = 'data'));
    await page.evaluate((ds) => ((window as unknown as { __cfg: { dataset: unknown } }).__cfg.dataset = ds), orgDataset(2, '30d'));
    ensureResultsDir();
    await page.screenshot({ path: path.join('test-results', 'consumption-error.png') });
    await page.click('#retry');
    await page.waitForSelector('#plot canvas');
  });

  it('says which plans have history when the plan has none', async () => {
    const msg = 'This plan has no consumption history. The Neon API serves it on the Launch, Scale, Agent, Business and Enterprise plans.';
    const { page } = await open({ mode: 'unsupported', unsupportedMessage: msg });
    await page.waitForFunction(() => /no consumption history/.test(document.getElementById('status-text')?.textContent ?? ''));
    assert.equal(await text(page, '#status-text'), msg);
    assert.equal(await page.locator('#figure').isVisible(), false);
  });

  it('draws a throwaway chart off the page while the data is on its way, and leaves nothing of it behind', async () => {
    // uPlot fills each series' area: count fills on canvases in and out of the document.
    const initScript = `window.__fills = { off: 0, on: 0 };
      const fill = CanvasRenderingContext2D.prototype.fill;
      CanvasRenderingContext2D.prototype.fill = function (...a) { window.__fills[this.canvas.isConnected ? 'on' : 'off']++; return fill.apply(this, a); };`;
    const { page, errors } = await openPage(chromium.browser(), chromium.served(), { scope: ORG, mode: 'hang', theme: 'dark', savedState: { scope: ORG, view: { range: { kind: 'preset', preset: '30d' }, mode: 'projects', sort: { key: 'total', dir: 'desc' } } } }, { initScript });
    pages.push(page);
    await page.waitForFunction(() => /Received 2 pages/.test(document.getElementById('status-text')?.textContent ?? ''));
    const fills = () => page.evaluate(() => (window as unknown as { __fills: { off: number; on: number } }).__fills);
    // It is drawn once the page is idle (requestIdleCallback), so it may come after the status.
    await page.waitForFunction(() => (window as unknown as { __fills: { off: number } }).__fills.off >= 2, undefined, { timeout: 5000 }).catch(() => undefined);
    const before = await fills();
    assert.ok(before.off >= 2, `the throwaway chart filled its two series off the page (${before.off})`);
    assert.equal(before.on, 0, 'nothing is drawn on the page before the data');
    assert.equal(await page.locator('canvas, .uplot, .u-legend').count(), 0, 'nothing of the throwaway chart is in the document');
    // The data then comes: the chart on the page is the data's, drawn on the page.
    const requestId = await page.evaluate(() => (window as unknown as { __sent: { type: string; requestId?: number }[] }).__sent.filter((m) => m.type === 'load').at(-1)!.requestId!);
    // As the host posts it (session.ts): one metric's series.
    await page.evaluate((m) => window.postMessage(m, '*'), { type: 'data', requestId, ...sliceMetric(orgDataset(6, '30d'), undefined) });
    await tableShows(page, '#projects tbody', /\S/);
    assert.equal(await page.locator('#plot canvas').count(), 1);
    assert.equal(await page.locator('.u-legend .u-series').count(), 1 + 6, 'the data\'s six projects, not the throwaway chart\'s two series');
    const after = await fills();
    assert.ok(after.on > 0, 'the chart was drawn on the page');
    assert.equal(after.off, before.off, 'no second throwaway chart');
    assert.deepEqual(errors, []);
  });

  it('shows progress while loading and cancels on request', async () => {
    const { page } = await open({ mode: 'hang' });
    await page.waitForFunction(() => /Received 2 pages/.test(document.getElementById('status-text')?.textContent ?? ''));
    assert.equal(await text(page, '#status-text'), 'Loading consumption for Ocean Art… Received 2 pages (200 projects).');
    assert.equal(await page.locator('#app').getAttribute('aria-busy'), 'true');
    ensureResultsDir();
    await page.screenshot({ path: path.join('test-results', 'consumption-loading.png') });
    await page.click('#cancel');
    await page.waitForFunction(() => /cancelled/.test(document.getElementById('status-text')?.textContent ?? ''));
    const sent = await page.evaluate(() => (window as unknown as { __sent: { type: string }[] }).__sent.map((m) => m.type));
    assert.deepEqual(sent, ['ready', 'load', 'cancel']);
  });

  it('says how long Neon makes the request wait (429), counts down, and says loading again once pages come', async () => {
    const { page } = await open({ mode: 'hang' });
    const status = () => text(page, '#status-text');
    await statusIs(page, /Received 2 pages/);
    const load = await lastId(page);
    // A wait for a request the page no longer waits for is not shown.
    await hostSays(page, { type: 'waiting', requestId: load + 1, retryInMs: 30_000 });
    await hostSays(page, { type: 'waiting', requestId: load, retryInMs: 2_400 });
    await statusIs(page, /429/);
    assert.equal(await status(), 'Neon is limiting this account\'s requests (429 Too Many Requests). Loading consumption for Ocean Art goes on by itself in 3 s, as Neon asks; Cancel stops it. Received 2 pages (200 projects).');
    assert.ok(await page.locator('#cancel').isVisible(), 'Cancel stays offered');
    await statusIs(page, /in 2 s/);
    await statusIs(page, /in 1 s/);
    // Over: it says loading again by itself, without a message from the host.
    await statusIs(page, /^Loading consumption for Ocean Art… Received 2 pages/);
    await hostSays(page, { type: 'waiting', requestId: load, retryInMs: 20_000 });
    await statusIs(page, /in 20 s/);
    ensureResultsDir();
    await page.screenshot({ path: path.join('test-results', 'consumption-rate-limited.png') });
    // The next page arrived: the wait is over.
    await hostSays(page, { type: 'progress', requestId: load, api: 'v2', pages: 3, projects: 300 });
    await statusIs(page, /^Loading consumption for Ocean Art… Received 3 pages \(300 projects\)\.$/);
    await page.click('#cancel');
    await statusIs(page, /cancelled/);
  });

  it('a cancelled Refresh says the chart still shows the last answer for that range; a cancelled other range says which range it shows', async () => {
    const { page } = await open({ mode: 'data', dataset: orgDataset(6, '30d') });
    await page.waitForSelector('#plot canvas');
    await page.evaluate(() => ((window as unknown as { __cfg: { mode: string } }).__cfg.mode = 'hang'));
    await page.click('#refresh');
    await statusIs(page, /^Loading/);
    await page.click('#cancel');
    await statusIs(page, /cancelled/);
    const shown = (await text(page, '#status-text')).match(/for (.+)\. Choose/)?.[1];
    assert.match(await text(page, '#status-text'), /^Loading was cancelled; the chart still shows the last answer for .+\. Choose Retry to load it again\.$/);
    await page.getByLabel('Last 7 days').check();
    await statusIs(page, /^Loading/);
    await page.click('#cancel');
    await statusIs(page, /cancelled/);
    assert.equal(await text(page, '#status-text'), `Loading was cancelled; the chart still shows ${shown}. Choose Retry to load the new range.`);
  });

  it('a failed Refresh keeps the chart of the last answer and says so, with Retry', async () => {
    const { page } = await open({ mode: 'data', dataset: orgDataset(6, '30d'), errorMessage: 'Neon had a problem on its side (503). Request id 77.' });
    await page.waitForSelector('#plot canvas');
    await page.evaluate(() => ((window as unknown as { __cfg: { mode: string } }).__cfg.mode = 'error'));
    await page.click('#refresh');
    await statusIs(page, /^Could not load/);
    assert.match(await text(page, '#status-text'), /^Could not load consumption: Neon had a problem on its side \(503\)\. Request id 77\. The chart still shows \d{4}-\d\d-\d\d – \d{4}-\d\d-\d\d\.$/);
    assert.equal(await page.locator('#plot canvas').count(), 1, 'the chart stays');
    assert.ok(await page.locator('#figure').isVisible());
    assert.ok(await page.locator('#retry').isVisible());
  });

  it('a metric switch the host cannot answer at once says it is loading (and a 429 wait), Cancel puts the menu back; one answered at once shows no loading', async () => {
    const { page } = await open({ mode: 'data', dataset: orgDataset(6, '30d') });
    await page.waitForSelector('#plot canvas');
    const metric = () => page.locator('#metric').inputValue();
    const first = await metric();
    const other = (await page.locator('#metric option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).find((v) => v !== first)!;
    // Every text the status shows from here on.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { __statusSeen: string[] }).__statusSeen = seen;
      const el = document.getElementById('status-text')!;
      new MutationObserver(() => seen.push(el.textContent ?? '')).observe(el, { childList: true, characterData: true, subtree: true });
    });
    await page.evaluate(() => ((window as unknown as { __cfg: { metricMode?: string } }).__cfg.metricMode = 'hang'));
    await page.locator('#metric').selectOption(other);
    await statusIs(page, /^Loading consumption for Ocean Art…$/);
    assert.ok(await page.locator('#cancel').isVisible());
    await hostSays(page, { type: 'waiting', requestId: await lastId(page, 'metric'), retryInMs: 9_000 });
    await statusIs(page, /429 Too Many Requests\). Loading consumption for Ocean Art goes on by itself in 9 s/);
    await page.click('#cancel');
    await statusIs(page, /^Loading was cancelled; the chart still shows the last answer for .+\. Choose Retry to load it again\.$/);
    assert.equal(await metric(), first, 'the menu names the metric the chart shows again');
    // Answered at once: the chart changes and the status never says loading.
    await page.evaluate(() => {
      (window as unknown as { __cfg: { metricMode?: string } }).__cfg.metricMode = undefined;
      (window as unknown as { __statusSeen: string[] }).__statusSeen.length = 0;
    });
    await page.locator('#metric').selectOption(other);
    await statusIs(page, /^(?!Loading)./);
    await new Promise((r) => setTimeout(r, 300));
    const seen = await page.evaluate(() => (window as unknown as { __statusSeen: string[] }).__statusSeen);
    assert.ok(!seen.some((t) => /Loading/.test(t)), seen.join(' | '));
    assert.equal(await metric(), other);
  });

  describe('what has arrived while the rest of the pages come (partial)', () => {
    it('draws the partial as loading (no tables, no total), then keeps that very chart when the host says it was complete', async () => {
      const { page, errors } = await open({ mode: 'partial', dataset: orgDataset(24, '30d') });
      await page.waitForSelector('#plot canvas');
      await statusIs(page, /^Loading consumption for Ocean Art… Received 1 page \(24 projects\)\.$/);
      assert.match(await text(page, '#summary'), /So far \(24 projects received, more are loading\): /);
      assert.equal(await page.locator('#table-section').isVisible(), false, 'no table of an unfinished answer');
      assert.equal(await page.locator('#export').isDisabled(), true, 'no export of an unfinished answer');
      assert.equal(await page.locator('#cancel').isVisible(), true);
      assert.equal(await page.locator('#app').getAttribute('aria-busy'), 'true');
      ensureResultsDir();
      await page.screenshot({ path: path.join('test-results', 'consumption-partial.png') });
      await page.evaluate(() => ((document.querySelector('#plot canvas') as HTMLElement).dataset.fromPartial = 'yes'));
      assert.ok(!(await sent(page)).some((m) => m.type === 'drawn'));
      await hostSays(page, { type: 'complete', requestId: await lastId(page), metric: 'compute_unit_seconds' });
      await statusIs(page, /^Total compute: .* CU-hours\.$/);
      await page.waitForFunction(() => (window as unknown as { __sent: Sent[] }).__sent.some((m) => m.type === 'drawn'));
      assert.equal(await page.locator('#plot canvas').getAttribute('data-from-partial'), 'yes', 'the chart drawn from the partial was kept');
      assert.equal(await page.locator('#projects tbody tr').count(), 24);
      assert.match(await text(page, '#summary'), /Total: /);
      assert.doesNotMatch(await text(page, '#summary'), /So far/);
      assert.equal(await page.locator('#export').isDisabled(), false);
      assert.equal(await page.locator('#app').getAttribute('aria-busy'), 'false');
      assert.deepEqual(errors, []);
    });

    it('a "complete" that comes before the next frame: the chart is drawn once, whole, not first as a partial', async () => {
      // Animation frames are held until the test lets them go; canvases put on the page are counted.
      const initScript = `window.__canvases = 0;
        new MutationObserver((rs) => { for (const r of rs) for (const n of r.addedNodes) if (n.nodeName === 'CANVAS' || n.querySelector?.('canvas')) window.__canvases++; }).observe(document, { childList: true, subtree: true });
        const raf = window.requestAnimationFrame.bind(window);
        window.__held = [];
        window.requestAnimationFrame = (cb) => (window.__held ? (window.__held.push(cb), 0) : raf(cb));
        window.__releaseFrames = () => { const held = window.__held; window.__held = undefined; for (const cb of held) raf(cb); };`;
      const full: FakeHostConfig = { scope: ORG, mode: 'partial', theme: 'dark', dataset: orgDataset(24, '30d') };
      const { page, errors } = await openPage(chromium.browser(), chromium.served(), full, { initScript });
      pages.push(page);
      type W = { __held?: unknown[]; __canvases: number; __releaseFrames(): void };
      await page.waitForFunction(() => ((window as unknown as W).__held?.length ?? 0) > 0);
      assert.equal(await page.evaluate(() => (window as unknown as W).__canvases), 0, 'the partial waits for the next frame');
      await hostSays(page, { type: 'complete', requestId: await lastId(page), metric: 'compute_unit_seconds' });
      await statusIs(page, /^Total compute: .* CU-hours\.$/);
      await page.evaluate(() => (window as unknown as W).__releaseFrames());
      await page.waitForFunction(() => (window as unknown as { __sent: Sent[] }).__sent.some((m) => m.type === 'drawn'));
      assert.equal(await page.evaluate(() => (window as unknown as W).__canvases), 1, 'one chart, drawn with its total');
      assert.match(await text(page, '#summary'), /Total: /);
      assert.doesNotMatch(await text(page, '#summary'), /So far/);
      assert.equal(await page.locator('#projects tbody tr').count(), 24);
      assert.deepEqual(errors, []);
    });

    it('the status counts the projects the chart shows: pages that came after the partial wait for the next one (walk 33 read 2200 over a caption of 2000)', async () => {
      const { page, errors } = await open({ mode: 'partial', dataset: orgDataset(24, '30d'), partialProjects: 10 });
      await page.waitForSelector('#plot canvas');
      await statusIs(page, /Received 1 page \(10 projects\)\.$/);
      const load = await lastId(page);
      await hostSays(page, { type: 'progress', requestId: load, api: 'v2', pages: 2, projects: 20 });
      await hostSays(page, { type: 'progress', requestId: load, api: 'v2', pages: 3, projects: 24 });
      // Handled in order: a message after them has been handled once the status says "3 pages" or not.
      await page.evaluate(() => new Promise((r) => setTimeout(r, 100)));
      assert.equal(await text(page, '#status-text'), 'Loading consumption for Ocean Art… Received 1 page (10 projects).');
      assert.match(await text(page, '#summary'), /So far \(10 projects received, more are loading\): /);
      const m = 'compute_unit_seconds';
      const full = orgDataset(24, '30d');
      await hostSays(page, { type: 'partial', requestId: load, metric: m, pages: 3, dataset: { ...full, projects: full.projects.map((p) => ({ ...p, values: { [m]: p.values[m] } })) } });
      await statusIs(page, /Received 3 pages \(24 projects\)\.$/);
      await page.waitForFunction(() => /So far \(24 projects received/.test(document.getElementById('summary')?.textContent ?? ''));
      assert.deepEqual(errors, []);
    });

    it('a larger answer after the partial replaces it; a "complete" with nothing drawn asks again', async () => {
      const { page, errors } = await open({ mode: 'partial', dataset: orgDataset(24, '30d'), partialProjects: 10 });
      await page.waitForSelector('#plot canvas');
      assert.match(await text(page, '#summary'), /So far \(10 projects received/);
      const full = orgDataset(24, '30d');
      const m = 'compute_unit_seconds';
      await hostSays(page, { type: 'data', requestId: await lastId(page), metric: m, dataset: { ...full, projects: full.projects.map((p) => ({ ...p, values: { [m]: p.values[m] } })) } });
      await page.waitForFunction(() => document.querySelectorAll('#projects tbody tr').length === 24);
      await statusIs(page, /^Total compute/);
      // The host says "complete" for a request whose partial the page never drew: it asks again.
      const loads = (await sent(page)).filter((x) => x.type === 'load').length;
      await page.selectOption('#metric', 'public_network_transfer_bytes');
      await page.evaluate(() => ((window as unknown as { __cfg: { mode: string } }).__cfg.mode = 'hang'));
      await page.click('#refresh');
      await hostSays(page, { type: 'complete', requestId: await lastId(page), metric: 'public_network_transfer_bytes' });
      await page.waitForFunction((n) => (window as unknown as { __sent: Sent[] }).__sent.filter((x) => x.type === 'load').length === n + 2, loads);
      assert.deepEqual(errors, []);
    });

    it('cancelled after a partial: says the chart shows only what arrived, and offers Retry', async () => {
      const { page, errors } = await open({ mode: 'partial', dataset: orgDataset(24, '30d'), partialProjects: 10 });
      await page.waitForSelector('#plot canvas');
      await page.click('#cancel');
      await statusIs(page, /cancelled/);
      assert.equal(await text(page, '#status-text'), 'Loading was cancelled; the chart shows only the 10 projects received. Choose Retry to load them all.');
      assert.equal(await page.locator('#retry').isVisible(), true);
      assert.equal(await page.locator('#plot canvas').count(), 1);
      assert.match(await text(page, '#summary'), /Only the 10 projects received \(loading stopped\): /);
      assert.doesNotMatch(await text(page, '#summary'), /more are loading/);
      assert.deepEqual(errors, []);
    });

    it('a later page fails after a partial: the chart stays, the error says it is incomplete; a metric change loads again', async () => {
      const { page, errors } = await open({ mode: 'partial', dataset: orgDataset(24, '30d'), partialProjects: 10 });
      await page.waitForSelector('#plot canvas');
      await page.evaluate(() => ((document.querySelector('#plot canvas') as HTMLElement).dataset.fromPartial = 'yes'));
      const message = 'Neon is rate-limiting requests (429). Wait a minute and try again. (request id req-9)';
      await hostSays(page, { type: 'error', requestId: await lastId(page), message });
      await statusIs(page, /loading the rest failed/);
      assert.equal(await text(page, '#status-text'), `The chart shows only the 10 projects received: loading the rest failed. Choose Retry to load them all. ${message}`);
      assert.equal(await page.locator('#status').getAttribute('class'), 'status error');
      assert.equal(await page.locator('#plot canvas').getAttribute('data-from-partial'), 'yes', 'the partial chart was kept');
      assert.match(await text(page, '#summary'), /Only the 10 projects received \(loading stopped\): /);
      assert.equal(await page.locator('#retry').isVisible(), true);
      assert.equal(await page.locator('#cancel').isVisible(), false);
      assert.equal(await page.locator('#export').isDisabled(), true, 'the host holds no answer to export');
      // The host holds no answer to slice another metric from: the page loads that metric again.
      const loads = (await sent(page)).filter((m) => m.type === 'load').length;
      await page.selectOption('#metric', 'public_network_transfer_bytes');
      await page.waitForFunction((n) => (window as unknown as { __sent: Sent[] }).__sent.filter((x) => x.type === 'load').length === n + 1, loads);
      assert.ok(!(await sent(page)).some((m) => m.type === 'metric'), 'no metric message for a load that stopped part-way');
      await page.waitForFunction(() => /So far \(10 projects received/.test(document.getElementById('summary')?.textContent ?? ''));
      assert.deepEqual(errors, []);
    });
  });

  it('hides the breakdown for a project scope', async () => {
    const { page } = await open({ scope: { accountId: 'acc-1', orgId: ORG.orgId, projectId: 'amber-cell-10000000', title: 'amber-cell' }, dataset: orgDataset(1, '30d') });
    await page.waitForSelector('#plot canvas');
    assert.equal(await page.locator('#mode-set').isVisible(), false);
  });

  it('a project with no consumption in the range says "This project…", an organization "No project of this organization…"; neither suggests another metric (walk 25)', async () => {
    const empty = { ...orgDataset(1, '30d'), projects: [] };
    const project = await open({ scope: { accountId: 'acc-1', orgId: ORG.orgId, projectId: 'amber-cell-10000000', title: 'amber-cell' }, dataset: empty });
    await project.page.waitForFunction(() => /no consumption/i.test(document.getElementById('status-text')?.textContent ?? ''));
    assert.equal(await text(project.page, '#status-text'), 'This project recorded no consumption in this range. Try a longer range.');
    const org = await open({ dataset: empty });
    await org.page.waitForFunction(() => /recorded consumption/i.test(document.getElementById('status-text')?.textContent ?? ''));
    assert.equal(await text(org.page, '#status-text'), 'No project of this organization recorded consumption in this range (an organization without projects has none). Try a longer range.');
  });

  it('follows a theme change (body class and --vscode-* variables)', async () => {
    const { page } = await open({ dataset: orgDataset(6, '30d'), theme: 'dark' });
    await page.waitForSelector('#plot canvas');
    assert.equal(await page.locator('#plot').getAttribute('data-theme'), 'dark');
    assert.match((await page.locator('#plot').getAttribute('data-palette'))!, /^#3794ff/);
    const bgDark = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.evaluate(() => (window as unknown as { __applyTheme: (k: string) => void }).__applyTheme('light'));
    await page.waitForFunction(() => document.getElementById('plot')!.dataset.theme === 'light');
    assert.match((await page.locator('#plot').getAttribute('data-palette'))!, /^#1a85ff/);
    const bgLight = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(bgDark, 'rgb(30, 30, 30)');
    assert.equal(bgLight, 'rgb(255, 255, 255)');
  });

  it('reads the theme from the variables VS Code puts on the root element, computing no style; a variable missing there is read from the computed style', async () => {
    // Counts the page's getComputedStyle calls until its chart is drawn: each one made Chromium
    // recalculate the page's styles first, on the first chart's path.
    const initScript = `window.__computed = 0; const gcs = window.getComputedStyle; window.getComputedStyle = function (...a) { window.__computed++; return gcs.apply(this, a); };`;
    const cfg: FakeHostConfig = { scope: ORG, mode: 'data', theme: 'dark', dataset: orgDataset(12, '30d'), savedState: { scope: ORG, view: { range: { kind: 'preset', preset: '30d' }, mode: 'projects', sort: { key: 'total', dir: 'desc' } } } };
    const inVsCode = await openPage(chromium.browser(), chromium.served(), cfg, { initScript });
    await inVsCode.page.waitForSelector('#plot canvas');
    const palette = (await inVsCode.page.locator('#plot').getAttribute('data-palette'))!.split(' ');
    assert.deepEqual(palette.slice(0, 8), ['#3794ff', '#d18616', '#89d185', '#b180d7', '#f14c4c', '#cca700', '#11a8cd', '#bc3fbc']);
    assert.equal(await inVsCode.page.evaluate(() => (window as unknown as { __computed: number }).__computed), 0);
    await inVsCode.page.context().close();
    // A variable that is not on the root (set elsewhere, as outside VS Code) comes from the computed style, read once.
    const bare = await openPage(chromium.browser(), chromium.served(), cfg, { initScript: `${initScript} new MutationObserver((_, o) => { if (document.body) { o.disconnect(); document.documentElement.style.removeProperty('--vscode-charts-blue'); document.body.style.setProperty('--vscode-charts-blue', '#123456'); } }).observe(document, { childList: true, subtree: true });` });
    await bare.page.waitForSelector('#plot canvas');
    assert.equal((await bare.page.locator('#plot').getAttribute('data-palette'))!.split(' ')[0], '#123456');
    assert.equal(await bare.page.evaluate(() => (window as unknown as { __computed: number }).__computed), 1);
    await bare.page.context().close();
  });

  it('the CSP the panel sends blocks injected inline and foreign scripts', async () => {
    const { page } = await open({ dataset: orgDataset(2, '30d') });
    await page.waitForSelector('#plot canvas');
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.equal(csp, contentSecurityPolicy(chromium.served().nonce));
    const result = await page.evaluate(async () => {
      const violations: string[] = [];
      document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.violatedDirective}`));
      const inline = document.createElement('script');
      inline.textContent = 'window.__pwned = true;';
      document.body.appendChild(inline);
      const foreign = document.createElement('script');
      foreign.src = '/evil.js'; // same origin as the page, but no nonce
      document.body.appendChild(foreign);
      const styled = document.createElement('div');
      styled.innerHTML = '<img src="https://example.invalid/x.png">';
      document.body.appendChild(styled);
      await new Promise((r) => setTimeout(r, 300));
      const w = window as unknown as { __pwned?: boolean; __evilLoaded?: boolean };
      return { pwned: w.__pwned ?? false, evil: w.__evilLoaded ?? false, violations };
    });
    assert.equal(result.pwned, false, 'inline script did not run');
    assert.equal(result.evil, false, 'script without the nonce did not run');
    assert.ok(result.violations.some((v) => v.startsWith('script-src')), `violations: ${result.violations}`);
    assert.ok(result.violations.some((v) => v.startsWith('img-src')), `remote image blocked: ${result.violations}`);
  });

  it('names the table total "All N projects", or "Total" for a single project', async () => {
    for (const [n, expected] of [[24, 'All 24 projects'], [1, 'Total']] as const) {
      const { page } = await open({ dataset: orgDataset(n, '30d') });
      await page.waitForSelector('#projects tfoot th');
      assert.equal(await text(page, '#projects tfoot th'), expected);
    }
  });
  it('Export and Refresh wait for data: off while the first answer or a new range loads, on a plan without history, for a range with nothing in it', async () => {
    const loading = (await open({ mode: 'hang' })).page;
    await statusIs(loading, /Received 2 pages/);
    assert.equal(await loading.locator('#export').isDisabled(), true, 'nothing to export before the data');
    assert.equal(await loading.locator('#refresh').isDisabled(), true, 'a load is under way (Cancel stops it)');
    const free = (await open({ mode: 'unsupported', unsupportedMessage: 'This plan has no consumption history.' })).page;
    await statusIs(free, /no consumption history/);
    assert.equal(await free.locator('#export').isDisabled(), true);
    assert.equal(await free.locator('#refresh').isDisabled(), true);
    const empty = (await open({ dataset: zeroDataset('30d') })).page;
    await statusIs(empty, /^Nothing was recorded/);
    assert.equal(await empty.locator('#export').isDisabled(), true);
    const { page } = await open({ dataset: orgDataset(3, '30d') });
    await statusIs(page, /^Total compute/);
    assert.equal(await page.locator('#export').isDisabled(), false);
    assert.equal(await page.locator('#refresh').isDisabled(), false);
    // Another range: the host still holds the last range's answer, which Export would save.
    await page.evaluate(() => ((window as unknown as { __cfg: { mode: string } }).__cfg.mode = 'hang'));
    await page.getByLabel('Last 7 days').check();
    await statusIs(page, /^Loading consumption/);
    assert.equal(await page.locator('#export').isDisabled(), true);
    assert.equal(await page.locator('#export').getAttribute('title'), 'Export is available once every project has loaded.');
  });

  it('an export notice goes on a line under the total, which stays whole: the number and its unit never wrap, even in a narrow page', async () => {
    const { page } = await open({ dataset: orgDataset(3, '30d') });
    await page.setViewportSize({ width: 420, height: 700 });
    await statusIs(page, /^Total compute: .* CU-hours\.$/);
    const total = await text(page, '#status-text');
    await page.click('#export');
    assert.deepEqual((await sent(page)).filter((m) => m.type === 'exportCsv'), [{ type: 'exportCsv', metric: 'compute_unit_seconds' }]);
    // A long path beside the total squeezed it to "377.47 CU-" / "hours." (walk 21).
    const note = 'Exported to /tmp/vscode-neon-explorer-0123456789abcdef/exports/neon-consumption-org-ocean-art-12345678-2026-11-05-2026-12-04.csv.';
    await hostSays(page, { type: 'notice', message: note });
    await page.waitForFunction((n) => document.getElementById('status-notice')?.textContent === n, note);
    assert.equal(await text(page, '#status-text'), total);
    // Rectangles by id (no helper function inside evaluate: tsx would name it with a __name the page lacks).
    const box = await page.evaluate((ids) => {
      const [text, notice, status] = ids.map((id) => document.getElementById(id)!.getBoundingClientRect().toJSON() as DOMRect);
      const lineHeight = parseFloat(getComputedStyle(document.getElementById('status-text')!).lineHeight) || 0;
      return { lines: document.getElementById('status-total')!.getClientRects().length, text: text!, notice: notice!, status: status!, lineHeight };
    }, ['status-text', 'status-notice', 'status']);
    assert.equal(box.lines, 1, 'the number and its unit are one line box');
    assert.ok(box.text.height <= (box.lineHeight || 24) + 1, `the total is one line: ${box.text.height}px`);
    assert.ok(box.notice.top >= box.text.bottom, `the note is under the total: ${JSON.stringify(box)}`);
    assert.ok(box.notice.right <= box.status.right + 1, 'the note wraps inside the page');
  });
});

describe('consumption page in German', function () {
  const de = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'l10n', 'bundle.l10n.de.json'), 'utf8')) as Record<string, string>;
  const chromium = useChromiumAndPage(`Verbrauch: ${ORG.title}`, de, 'de');
  const pages: Page[] = [];
  afterEach(async () => {
    while (pages.length) await pages.pop()!.context().close();
  });
  async function open(cfg: Partial<FakeHostConfig>) {
    const r = await openPage(chromium.browser(), chromium.served(), { scope: ORG, mode: 'data', theme: 'dark', ...cfg });
    pages.push(r.page);
    return r.page;
  }
  const text = (page: Page, sel: string) => page.locator(sel).innerText();

  it('says counts, units (CU-hours as CU-Stunden) and the sort order in German words (no English inside), and leaves CSS classes alone', async () => {
    const loading = await open({ mode: 'hang' });
    await loading.waitForFunction(() => /Seiten/.test(document.getElementById('status-text')?.textContent ?? ''));
    assert.match(await text(loading, '#status-text'), / 2 Seiten empfangen \(200 Projekte\)\.$/);
    const page = await open({ dataset: orgDataset(3, '30d') });
    await page.waitForSelector('#projects tbody tr');
    const classes = await page.locator('#projects tbody th span').evaluateAll((els) => els.map((e) => e.className));
    assert.deepEqual([...new Set(classes)], ['muted id'], 'a class name is not translated');
    assert.match(await text(page, '#projects-caption'), /\. Sortiert nach Gesamt \(CU-Stunden\), absteigend\.$/);
    assert.equal(await text(page, 'button[data-sort="peak"]'), 'Spitze pro Tag');
    assert.match(await text(page, '#summary'), / Der letzte Tag läuft noch\./);
  });

  it('writes numbers as German does (1.234,56; 33,3 %) and keeps the metric\'s capital inside a sentence', async () => {
    const page = await open({ dataset: orgDataset(3, '30d') });
    await page.waitForSelector('#projects tbody tr');
    assert.match(await text(page, '#status-text'), /^Gesamt Compute: \d{1,3}(\.\d{3})*(,\d{1,4})? CU-Stunden\.$/);
    const shares = await page.locator('#projects tbody td:nth-of-type(2)').allInnerTexts();
    assert.ok(shares.length === 3 && shares.every((s) => /^\d{1,3},\d\u00a0%$/.test(s)), JSON.stringify(shares));
    assert.match(await text(page, '#projects tfoot td:nth-of-type(2)'), /^100,0\u00a0%$/);
    // One number of decimals per column, with German commas.
    const totals = await page.locator('#projects tbody td:nth-of-type(1)').allInnerTexts();
    assert.equal(new Set(totals.map((c) => /,(\d+)/.exec(c)?.[1]?.length ?? 0)).size, 1, totals.join(' / '));
    assert.doesNotMatch(await text(page, '#summary'), /\d\.\d{1,2}\b(?!\d)/, 'no English decimal point in the summary');
  });
});
