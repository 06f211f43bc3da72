/**
 * Browser side of bench/consumption-render.ts: draws the same series with uPlot and with
 * Chart.js and reports how long each took from construction to the end of its first draw.
 */
import uPlot from 'uplot';
import { Chart, LineController, LineElement, LinearScale, PointElement, Decimation, Filler } from 'chart.js';

Chart.register(LineController, LineElement, LinearScale, PointElement, Decimation, Filler);

interface BenchData {
  x: number[];
  series: number[][];
  /** The same points as {x, y} objects, built outside the timing (Chart.js's own format). */
  xy: { x: number; y: number }[][];
}

function makeData(points: number, seriesCount: number): BenchData {
  const per = Math.floor(points / seriesCount);
  const x = Array.from({ length: per }, (_, i) => 1_700_000_000 + i * 3600);
  let seed = 42;
  const rnd = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  const series = Array.from({ length: seriesCount }, () => {
    let v = 100;
    return x.map(() => (v = Math.max(0, v + (rnd() - 0.5) * 10)));
  });
  return { x, series, xy: series.map((s) => s.map((y, j) => ({ x: x[j]!, y }))) };
}

const W = 1000;
const H = 400;
const COLORS = ['#3794ff', '#d18616', '#89d185', '#b180d7', '#f14c4c', '#cca700', '#29b8db', '#bc3fbc'];

function host(): HTMLDivElement {
  const el = document.createElement('div');
  document.body.replaceChildren(el);
  return el;
}

function renderUPlot(d: BenchData): Promise<number> {
  const el = host();
  return new Promise((resolve) => {
    const t0 = performance.now();
    let u: uPlot | undefined;
    const opts: uPlot.Options = {
      width: W,
      height: H,
      scales: { x: { time: false } },
      legend: { show: false },
      series: [{}, ...d.series.map((_, i) => ({ stroke: COLORS[i % COLORS.length]!, width: 1 }))],
      hooks: {
        draw: [
          () => {
            const t = performance.now() - t0;
            setTimeout(() => {
              u?.destroy();
              resolve(t);
            }, 0);
          },
        ],
      },
    };
    u = new uPlot(opts, [d.x, ...d.series], el);
  });
}

function renderChartJs(d: BenchData, decimation: boolean): Promise<number> {
  const el = host();
  const canvas = document.createElement('canvas');
  canvas.width = W;
  canvas.height = H;
  el.appendChild(canvas);
  return new Promise((resolve) => {
    const t0 = performance.now();
    let chart: Chart | undefined;
    let done = false;
    // eslint-disable-next-line prefer-const -- Chart.js may call the callbacks below (which read it) before the constructor returns
    chart = new Chart(canvas, {
      type: 'line',
      data: {
        datasets: d.xy.map((data, i) => ({
          // Chart.js may annotate the objects; give each run its own shallow copy of the array.
          data: data.slice(),
          borderColor: COLORS[i % COLORS.length]!,
          borderWidth: 1,
          pointRadius: 0,
          tension: 0,
          spanGaps: true,
        })),
      },
      options: {
        responsive: false,
        animation: false,
        parsing: false,
        normalized: true,
        events: [],
        scales: { x: { type: 'linear' }, y: { type: 'linear' } },
        plugins: { legend: { display: false }, tooltip: { enabled: false }, decimation: { enabled: decimation, algorithm: 'lttb', samples: 2 * W } },
      },
      plugins: [
        {
          id: 'bench-timer',
          afterRender: () => {
            if (done) return;
            done = true;
            const t = performance.now() - t0;
            setTimeout(() => {
              chart?.destroy();
              resolve(t);
            }, 0);
          },
        },
      ],
    });
  });
}

const w = window as unknown as Record<string, unknown>;
w.benchMakeData = (points: number, seriesCount: number) => {
  w.benchData = makeData(points, seriesCount);
  return true;
};
w.benchUPlot = () => renderUPlot(w.benchData as BenchData);
w.benchChartJs = (decimation: boolean) => renderChartJs(w.benchData as BenchData, decimation);
