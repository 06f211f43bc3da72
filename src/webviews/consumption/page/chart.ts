/** The consumption chart, drawn with uPlot on a canvas (see bench/consumption-render.ts). */
import type uPlot from 'uplot';
import { columnDecimals, formatFixed, formatNumber, tickDecimals } from '../../../consumption/metrics';
import { type ChartModel, OTHERS_KEY, stackValues } from '../../../consumption/shape';
import { addBuckets } from '../../../consumption/time';
import type { MarkChart } from '../../../testing/chartMarks';
import { type ChartTheme, withAlpha } from './theme';
import { tickIncrements, timeAxisLayout, xTickLabels } from './time-axis';
import * as l10n from '@vscode/l10n';

export function seriesColors(model: ChartModel, theme: ChartTheme): string[] {
  let k = 0;
  return model.series.map((s) => (s.key === OTHERS_KEY ? theme.others : theme.palette[k++ % theme.palette.length]!));
}

/**
 * uPlot, evaluated on first use rather than with the page's script: its module's top level (its
 * tables; its Intl objects are made lazily, see scripts/uplot-lazy-intl.js) ran before the page
 * could say it was ready. The page starts it right after saying so, while the host answers; the
 * bundle still holds it (no extra request).
 */
let UPlot: typeof uPlot | undefined;
let loading: Promise<void> | undefined;
export function loadChartLibrary(): Promise<void> {
  return (loading ??= import('uplot').then((m) => void (UPlot = m.default)));
}

export interface ChartHandle {
  plot: uPlot;
  /** What was drawn (the page rewrites its caption when a partial turns out complete or stops). */
  model: ChartModel;
  destroy(): void;
  resize(width: number): void;
}

/**
 * Draws a small chart on a detached element and throws it away, while the page waits for its
 * data: the first chart a page draws compiles uPlot's drawing code and sets up the canvas's
 * font and colours, which then no longer wait for the data. Same theme and granularity as the
 * chart expected, so the time axis measured here is the one it reuses (timeAxisLayout).
 */
export function warmUpChart(theme: ChartTheme, granularity: ChartModel['granularity']): void {
  const step = granularity === 'hourly' ? 3_600 : granularity === 'daily' ? 86_400 : 2_592_000;
  const x = [0, step, 2 * step, 3 * step];
  const values = [1, 2, null, 3];
  const series = ['a', 'b'].map((key) => ({ key, label: key, values, total: 6 }));
  const chart = renderChart(document.createElement('div'), { metric: '', unit: '', label: '', granularity, x, series, stacked: true, total: 12 }, theme, 400);
  // uPlot draws in a microtask; batch() draws now, before the chart is thrown away.
  chart.plot.batch(() => undefined);
  chart.destroy();
}

/**
 * The x scale of a chart of one bucket: uPlot gives a single time 1000 days (its 86400 seconds
 * taken as milliseconds), so a one-day chart had years of ticks. The bucket is centred instead, a
 * bucket either side. Any other chart spans its data (uPlot's own range).
 */
function xRange(model: ChartModel): uPlot.Scale['range'] {
  const n = model.x.length;
  if (n === 0 || n > 3) return undefined;
  const first = model.x[0]! * 1000;
  const last = model.x[n - 1]! * 1000;
  if (n === 1) return (): uPlot.Range.MinMax => [addBuckets(first, model.granularity, -1) / 1000, addBuckets(first, model.granularity, 1) / 1000];
  // Two or three buckets are drawn as columns centred on their bucket: half a bucket more on either
  // side keeps the first and last whole (walk 26 saw them cut in half at the plot's edges).
  const before = addBuckets(first, model.granularity, -1);
  const after = addBuckets(last, model.granularity, 1);
  return (): uPlot.Range.MinMax => [(first - (first - before) / 2) / 1000, (last + (after - last) / 2) / 1000];
}

/** A column's width as a share of the space between buckets, and its most in px. */
export const COLUMN_SHARE = 0.65;
const MAX_COLUMN_PX = 320;

/** `mark`, given only in the test host, receives what was drawn (uPlot draws it on a canvas). */
export function renderChart(el: HTMLElement, model: ChartModel, theme: ChartTheme, width: number, mark?: MarkChart, height = 320): ChartHandle {
  const Plot = UPlot;
  if (!Plot) throw new Error('renderChart before loadChartLibrary() settled');
  const colors = seriesColors(model, theme);
  const raw = model.series.map((s) => s.values);
  const drawn = model.stacked ? stackValues(raw) : raw;
  const data: uPlot.AlignedData = [model.x, ...drawn.map((v) => v as (number | null)[])];
  const unit = model.unit ? ` ${model.unit}` : '';
  // The series' totals as the projects table's total column writes them (its decimals are the total's).
  const totalDecimals = columnDecimals([model.total]);
  mark?.({ unit: model.unit, theme: theme.kind, palette: colors.join(' ') });

  // Columns two thirds of a bucket wide (walk 28: 48 px at most left monthly columns slivers in a
  // wide chart). uPlot sizes a bar by the space between points; one bucket has none, and its
  // plot is two buckets wide (xRange), so its factor is halved. The cap only keeps a column of a
  // very wide page from turning into a block.
  const columns = model.x.length <= 3 ? Plot.paths.bars!({ size: [model.x.length === 1 ? COLUMN_SHARE / 2 : COLUMN_SHARE, MAX_COLUMN_PX] }) : undefined;
  const series: uPlot.Series[] = [
    {
      label: l10n.t('Time (UTC)'),
      // Without a cursor the legend shows the whole range and each series' total.
      value: (_u, v) => (v === null || v === undefined ? l10n.t('whole range') : new Date(v * 1000).toISOString().replace('T', ' ').slice(0, model.granularity === 'hourly' ? 16 : model.granularity === 'daily' ? 10 : 7)),
    },
    ...model.series.map((s, i): uPlot.Series => ({
      label: s.label,
      stroke: colors[i]!,
      width: theme.lineWidth,
      fill: withAlpha(colors[i]!, model.stacked ? 0.55 : 0.25),
      spanGaps: false,
      // A range of one to three buckets has little or no line to draw (one bucket: none; stacked,
      // a lone point sits at the running total): columns instead, stacked as the areas are.
      ...(model.x.length <= 3 ? { paths: columns, points: { show: false } } : { points: { show: model.x.length <= 62 } }),
      // The legend shows the series' own value, not the stacked height.
      value: (_u, _v, _si, idx) => {
        if (idx === null || idx === undefined) {
          const whole = s.shown !== undefined && model.shownDecimals !== undefined ? formatFixed(s.shown, model.shownDecimals) : formatFixed(s.total, totalDecimals);
          return whole === '—' ? whole : `${whole}${unit}`;
        }
        const v = raw[i]![idx];
        return v === null || v === undefined ? '—' : `${formatNumber(v)}${unit}`;
      },
    })),
  ];
  const bands: uPlot.Band[] = model.stacked ? model.series.slice(1).map((_s, i) => ({ series: [i + 2, i + 1] as [number, number] })) : [];

  const axisFont = theme.font;
  const xAxis = timeAxisLayout(model.granularity, axisFont);
  const opts: uPlot.Options = {
    width,
    height,
    pxAlign: 0,
    padding: [null, xAxis.rightPadding, null, null],
    tzDate: (ts) => Plot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    scales: { x: { time: true, range: xRange(model) }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.05 : 1] } },
    legend: { live: true },
    cursor: { drag: { x: true, y: false }, points: { size: 6 } },
    series,
    bands,
    axes: [
      {
        stroke: theme.foreground,
        font: axisFont,
        grid: { stroke: theme.grid, width: 1 },
        ticks: { stroke: theme.grid, width: 1 },
        space: xAxis.space,
        incrs: tickIncrements(model.granularity),
        values: (_u, splits, _axis, _space, step) => {
          const labels = xTickLabels(splits, model.granularity, step);
          mark?.({ xTicks: labels.join('|'), xRange: `${_u.scales.x!.min}|${_u.scales.x!.max}` });
          return labels;
        },
      },
      {
        stroke: theme.foreground,
        font: axisFont,
        label: model.unit || model.label,
        labelFont: axisFont,
        size: 64,
        grid: { stroke: theme.grid, width: 1 },
        ticks: { stroke: theme.grid, width: 1 },
        values: (_u, splits, _axis, _space, step) => {
          const decimals = tickDecimals(step);
          const labels = splits.map((s) => formatFixed(s, decimals));
          mark?.({ yTicks: labels.join('|') });
          return labels;
        },
      },
    ],
  };
  mark?.({ yLabel: model.unit || model.label });
  el.replaceChildren();
  const plot = new Plot(opts, data, el);
  return {
    plot,
    model,
    destroy: () => plot.destroy(),
    resize: (w: number) => plot.setSize({ width: w, height }),
  };
}
