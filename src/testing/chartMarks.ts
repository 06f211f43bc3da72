// Runs in the consumption page (no `vscode` here). uPlot draws ticks and labels on a canvas, so
// the webview tests read what was drawn from data attributes of the chart element. The page
// writes them only when the host's init message says it is the test host.

/** What a drawn chart shows, as the tests read it (lists joined with "|", colours with " "). */
export interface ChartMarks {
  unit?: string;
  theme?: string;
  palette?: string;
  xTicks?: string;
  /** The x scale's min and max, seconds. */
  xRange?: string;
  yTicks?: string;
  yLabel?: string;
}

export type MarkChart = (marks: ChartMarks) => void;

/** Writes the marks as `data-*` attributes of `el`. */
export function chartMarker(el: HTMLElement): MarkChart {
  return (marks) => void Object.assign(el.dataset, marks);
}
