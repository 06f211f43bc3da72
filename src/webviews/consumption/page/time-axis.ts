/**
 * The chart's time axis: where ticks go, how they are labelled and how much room a label needs,
 * so labels never run into each other or off the canvas at any width.
 */
import type { Granularity } from '../../../consumption/time';
import * as l10n from '@vscode/l10n';

const MONTHS = [l10n.t('Jan'), l10n.t('Feb'), l10n.t('Mar'), l10n.t('Apr'), l10n.t('May'), l10n.t('Jun'), l10n.t('Jul'), l10n.t('Aug'), l10n.t('Sep'), l10n.t('Oct'), l10n.t('Nov'), l10n.t('Dec')];
const HOUR = 3600;
const DAY = 24 * HOUR;
/** uPlot's month step: a multiple of it makes uPlot put ticks on the 1st of a month. */
const MONTH = 30 * DAY;
const YEAR = 365 * DAY;

/** A day's tick: "Nov 3" (German "3. Nov"). */
function dayLabel(month: string, day: number | string): string {
  return l10n.t({ message: '{0} {1}', args: [month, day], comment: ['A tick on the chart\'s time axis: the month\'s short name, then the day of the month ("Nov 3")'] });
}

/** Gap between two neighbouring labels, in CSS pixels. */
const LABEL_GAP = 14;

/** Tick steps no finer than one bucket: a monthly chart never gets a tick mid-month. */
export function tickIncrements(granularity: Granularity): number[] {
  const hours = [1, 2, 3, 4, 6, 8, 12].map((n) => n * HOUR);
  const days = [1, 2, 3, 4, 5, 6, 7, 10, 14, 15].map((n) => n * DAY);
  const months = [1, 2, 3, 4, 6].map((n) => n * MONTH);
  const years = [1, 2, 5, 10].map((n) => n * YEAR);
  if (granularity === 'hourly') return [...hours, ...days, ...months, ...years];
  if (granularity === 'daily') return [...days, ...months, ...years];
  return [...months, ...years];
}

/**
 * Labels for the ticks at `splits` (epoch seconds, UTC), `step` seconds apart. Month steps show
 * the month, with the year on a second line at the first tick and where the year changes; finer
 * steps show "Nov 3", or "14:00" between midnights on an hourly chart.
 */
export function xTickLabels(splits: number[], granularity: Granularity, step: number): string[] {
  let prevYear: number | undefined;
  return splits.map((sec) => {
    const d = new Date(sec * 1000);
    const mon = MONTHS[d.getUTCMonth()]!;
    const year = d.getUTCFullYear();
    if (granularity === 'monthly' || step >= 28 * DAY) {
      const label = year === prevYear ? mon : `${mon}\n${year}`;
      prevYear = year;
      return label;
    }
    if (granularity === 'hourly' && (d.getUTCHours() !== 0 || d.getUTCMinutes() !== 0)) {
      return `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
    }
    return dayLabel(mon, d.getUTCDate());
  });
}

/** The widest label a tick of this granularity can get, in CSS pixels at `font`. */
export function widestLabel(granularity: Granularity, measure: (text: string) => number): number {
  const samples = granularity === 'monthly' ? [...MONTHS, '8888'] : [...MONTHS.map((m) => dayLabel(m, 28)), '88:88', '8888'];
  return Math.max(...samples.map(measure));
}

export interface TimeAxisLayout {
  /** Least distance between two ticks (uPlot's `space`). */
  space: number;
  /** Room right of the plot, so a label on the last tick is not cut off. */
  rightPadding: number;
}

/** By granularity and font: measuring makes a canvas and sets its font, ~1–8 ms a chart here. */
const layouts = new Map<string, TimeAxisLayout>();

export function timeAxisLayout(granularity: Granularity, font: string): TimeAxisLayout {
  const key = `${granularity}|${font}`;
  let layout = layouts.get(key);
  if (!layout) layouts.set(key, (layout = measureTimeAxis(granularity, font)));
  return layout;
}

function measureTimeAxis(granularity: Granularity, font: string): TimeAxisLayout {
  const ctx = document.createElement('canvas').getContext('2d');
  // Without a 2D context (never in a webview), assume 8 px a character.
  const measure = (text: string) => {
    if (!ctx) return text.length * 8;
    ctx.font = font;
    return ctx.measureText(text).width;
  };
  const widest = Math.ceil(widestLabel(granularity, measure));
  return { space: widest + LABEL_GAP, rightPadding: Math.ceil(widest / 2) + 4 };
}
