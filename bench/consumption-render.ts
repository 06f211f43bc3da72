/**
 * uPlot vs Chart.js: time to draw the same 200,000 points in headless Chromium
 * (construction → end of the first draw, median of several runs, fresh chart each run).
 *
 *   npx tsx bench/consumption-render.ts [--points 200000] [--series 1] [--runs 5]  (3 draws per run: they are short)
 */
import * as esbuild from 'esbuild';
import * as path from 'path';
import { chromium } from 'playwright-core';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

import { emit, numArg as arg, runsWanted } from './lib/record';

async function main(): Promise<void> {
  const points = arg('points', 200_000);
  const seriesCount = arg('series', 1);
  const runs = 3 * runsWanted();
  const built = await esbuild.build({
    entryPoints: [path.join(__dirname, 'consumption-render.page.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    write: false,
    logLevel: 'silent',
  });
  const bundle = built.outputFiles[0]!.text;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 600 }, deviceScaleFactor: 1 });
    await page.setContent('<!DOCTYPE html><html><body></body></html>');
    await page.addScriptTag({ content: bundle });
    await page.evaluate(([p, s]) => (window as unknown as { benchMakeData: (p: number, s: number) => boolean }).benchMakeData(p, s), [points, seriesCount] as const);
    type W = { benchUPlot: () => Promise<number>; benchChartJs: (d: boolean) => Promise<number> };
    const u: number[] = [];
    const c: number[] = [];
    const cd: number[] = [];
    // One warm-up each (JIT, fonts), then alternate so drift hits both alike.
    await page.evaluate(() => (window as unknown as W).benchUPlot());
    await page.evaluate(() => (window as unknown as W).benchChartJs(false));
    await page.evaluate(() => (window as unknown as W).benchChartJs(true));
    for (let i = 0; i < runs; i++) {
      u.push(await page.evaluate(() => (window as unknown as W).benchUPlot()));
      c.push(await page.evaluate(() => (window as unknown as W).benchChartJs(false)));
      cd.push(await page.evaluate(() => (window as unknown as W).benchChartJs(true)));
    }
    console.log(`Chromium ${browser.version()}, ${points.toLocaleString('en-US')} points in ${seriesCount} series, 1000×400 canvas, DPR 1, ${runs} draws each`);
    const what = `Draw ${points.toLocaleString('en-US')} points in Chromium (construction → first draw)`;
    emit({ group: 'consumption', what, unit: 'ms', ours: u, peer: { name: 'Chart.js 4', values: c }, note: 'uPlot 1.6' });
    emit({ group: 'consumption', what: `${what}, against Chart.js with LTTB decimation (draws 2,000 of the points)`, unit: 'ms', ours: u, peer: { name: 'Chart.js 4 + LTTB', values: cd } });
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
