import { strict as assert } from 'assert';
import * as path from 'path';
import type { Page } from 'playwright-core';
import type { PresetId } from '../../src/consumption/time';
import { ensureResultsDir, openPage, useChromiumAndPage } from './harness';
import { orgDataset } from './fixtures';

const ORG = { accountId: 'acc-1', orgId: 'org-ocean-art-12345678', title: 'Ocean Art' };
// A fixed "now" whose 12 months cross a year boundary (Dec 2025 – Nov 2026).
const NOW = Date.parse('2026-11-23T09:41:00Z');

/**
 * Records every fillText on a canvas since its last full clear, with the text's box in canvas
 * pixels as Chromium measures it: what uPlot actually drew, not what it meant to draw.
 */
const RECORD_CANVAS_TEXT = `(() => {
  const frames = new WeakMap();
  window.__canvasText = (canvas) => frames.get(canvas) || [];
  const P = CanvasRenderingContext2D.prototype;
  const clear = P.clearRect;
  P.clearRect = function (x, y, w, h) {
    if (x <= 0 && y <= 0 && w >= this.canvas.width && h >= this.canvas.height) frames.set(this.canvas, []);
    return clear.call(this, x, y, w, h);
  };
  const fill = P.fillText;
  P.fillText = function (text, x, y, maxWidth) {
    const m = this.measureText(text);
    const t = this.getTransform();
    const list = frames.get(this.canvas) || [];
    frames.set(this.canvas, list);
    list.push({
      text: String(text), align: this.textAlign, baseline: this.textBaseline,
      rotated: t.b !== 0 || t.c !== 0,
      left: t.a * (x - m.actualBoundingBoxLeft) + t.e, right: t.a * (x + m.actualBoundingBoxRight) + t.e,
      top: t.d * (y - m.actualBoundingBoxAscent) + t.f, bottom: t.d * (y + m.actualBoundingBoxDescent) + t.f,
    });
    return fill.call(this, text, x, y, maxWidth);
  };
})();`;

interface TextBox {
  text: string;
  align: string;
  baseline: string;
  rotated: boolean;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

interface Drawn {
  canvas: { width: number; height: number; cssLeft: number; cssRight: number };
  viewportWidth: number;
  xTicks: string[];
  labels: TextBox[];
}

/** The x axis's tick labels as last drawn: centred, hanging below the plot, not rotated. */
async function drawnXLabels(page: Page): Promise<Drawn> {
  return page.evaluate(() => {
    const canvas = document.querySelector('#plot canvas') as HTMLCanvasElement;
    const all = (window as unknown as { __canvasText(c: HTMLCanvasElement): TextBox[] }).__canvasText(canvas);
    const r = canvas.getBoundingClientRect();
    return {
      canvas: { width: canvas.width, height: canvas.height, cssLeft: r.left, cssRight: r.right },
      viewportWidth: document.documentElement.clientWidth,
      xTicks: (document.getElementById('plot')!.dataset.xTicks ?? '').split('|'),
      labels: all.filter((t) => t.align === 'center' && t.baseline === 'top' && !t.rotated),
    };
  });
}

function describeBox(b: TextBox): string {
  return `"${b.text}" [${b.left.toFixed(1)}, ${b.right.toFixed(1)}]`;
}

const CASES: { preset: PresetId; what: string; format: RegExp }[] = [
  { preset: '12m', what: '12 months monthly', format: /^([A-Z][a-z]{2}|\d{4})$/ },
  { preset: '7d', what: '168 hours hourly', format: /^([A-Z][a-z]{2} \d{1,2}|\d{2}:00)$/ },
  { preset: '60d', what: '60 days daily', format: /^[A-Z][a-z]{2} \d{1,2}$/ },
];

describe('consumption chart x axis in Chromium', function () {
  const chromium = useChromiumAndPage(`Consumption: ${ORG.title}`);

  for (const { preset, what, format } of CASES) {
    for (const width of [500, 1400]) {
      it(`${what} at ${width} px: tick labels neither overlap nor leave the chart`, async () => {
        const view = { range: { kind: 'preset', preset }, mode: 'total', sort: { key: 'total', dir: 'desc' } };
        const { page, errors } = await openPage(
          chromium.browser(),
          chromium.served(),
          { scope: ORG, mode: 'data', theme: 'dark', dataset: orgDataset(3, preset, NOW), savedState: { scope: ORG, view } },
          { viewport: { width, height: 800 }, initScript: RECORD_CANVAS_TEXT },
        );
        try {
          await page.waitForSelector('#plot canvas');
          // Let the resize observer's redraw land, then read the last frame.
          await page.waitForFunction(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(true)))));
          const d = await drawnXLabels(page);
          const boxes = d.labels;
          assert.ok(boxes.length >= 3, `at least 3 x labels drawn, got ${boxes.map(describeBox).join(', ')}`);
          // What was drawn is what the formatter produced (multi-line labels draw line by line).
          const lines = d.xTicks.flatMap((t) => t.split('\n')).filter((t) => t !== '');
          assert.deepEqual(boxes.map((b) => b.text), lines);
          // Inside the canvas: nothing is cut off.
          for (const b of boxes) {
            assert.ok(b.left >= 0 && b.right <= d.canvas.width, `${describeBox(b)} leaves the chart (0–${d.canvas.width} px)`);
            assert.ok(b.top >= 0 && b.bottom <= d.canvas.height, `"${b.text}" leaves the chart vertically`);
          }
          assert.ok(d.canvas.cssLeft >= 0 && d.canvas.cssRight <= d.viewportWidth, `the chart (${d.canvas.cssLeft}–${d.canvas.cssRight}) fits the ${d.viewportWidth} px page`);
          // No two labels touch: at least 4 px between boxes on the same line.
          for (let i = 0; i < boxes.length; i++) {
            for (let j = i + 1; j < boxes.length; j++) {
              const a = boxes[i]!;
              const b = boxes[j]!;
              const sameLine = a.top < b.bottom && b.top < a.bottom;
              const apart = a.right + 4 <= b.left || b.right + 4 <= a.left;
              assert.ok(!sameLine || apart, `${describeBox(a)} and ${describeBox(b)} overlap`);
            }
          }
          for (const b of boxes) assert.match(b.text, format);
          if (preset === '12m') assert.match(lines.join(' '), /\b20\d\d\b/, 'the year is shown');
          assert.deepEqual(errors, []);
        } finally {
          ensureResultsDir();
          await page.locator('#figure').screenshot({ path: path.join('test-results', `axis-${preset}-${width}.png`) }).catch(() => undefined);
          await page.context().close();
        }
      });
    }
  }
});

/** The dataset cut down to its `n`-th last bucket: a range of one bucket (one day daily, from == to). */
function oneBucket(preset: PresetId, n = 2) {
  const ds = orgDataset(3, preset, NOW);
  const i = ds.buckets.length - n;
  const b = ds.buckets[i]!;
  const next = ds.buckets[i + 1]!;
  const projects = ds.projects.map((p) => ({ ...p, values: Object.fromEntries(Object.entries(p.values).map(([m, v]) => [m, v.slice(i, i + 1)])) }));
  return { ...ds, range: { ...ds.range, from: b, to: next }, buckets: [b], projects };
}

describe('consumption chart of a single bucket in Chromium', function () {
  const chromium = useChromiumAndPage(`Consumption: ${ORG.title}`);
  const SINGLE: { preset: PresetId; what: string; ticks: string[] }[] = [
    { preset: '30d', what: 'one day daily', ticks: ['Nov 21', 'Nov 22', 'Nov 23'] },
    { preset: '12m', what: 'one month monthly', ticks: ['Sep\n2026', 'Oct', 'Nov'] },
    { preset: '24h', what: 'one hour hourly', ticks: ['07:00', '08:00', '09:00'] },
  ];
  for (const { preset, what, ticks } of SINGLE) {
    it(`${what}: the bucket sits in the middle, with a tick a bucket either side`, async () => {
      const view = { range: { kind: 'preset', preset }, mode: 'total', sort: { key: 'total', dir: 'desc' } };
      const { page, errors } = await openPage(chromium.browser(), chromium.served(), { scope: ORG, mode: 'data', theme: 'dark', dataset: oneBucket(preset), savedState: { scope: ORG, view } });
      try {
        await page.waitForSelector('#plot canvas');
        await page.waitForFunction(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(true)))));
        const xTicks = await page.evaluate(() => (document.getElementById('plot')!.dataset.xTicks ?? '').split('|'));
        assert.deepEqual(xTicks, ticks);
        assert.deepEqual(errors, []);
      } finally {
        await page.context().close();
      }
    });
  }
});
