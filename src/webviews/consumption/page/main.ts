/**
 * The consumption page. Runs in the webview: never sees an API key; asks the host for data
 * with typed messages (../messages.ts) and draws a uPlot chart, a sortable table and states
 * in words. Colours come from `--vscode-*` variables and follow theme changes.
 */
// First: the translations, before any module builds a label.
import './l10n';
import { columnDecimals, formatFixed, formatPercent, formatShare, metricDef, metricsFor } from '../../../consumption/metrics';
import {
  buildChart,
  type ChartMode,
  type ConsumptionDataset,
  isEmpty,
  type SortKey,
  sortRows,
  type TableRow,
  tableRows,
  totalSeries,
  convertSeries,
  seriesTotal,
  shownBuckets,
  shownFigures,
} from '../../../consumption/shape';
import { allowedGranularities, bucketLabel, bucketStart, describeRange, earliestBucket, fittingGranularity, formatDateInput, type Granularity, granularityLabel, HISTORY_START, parseDateInput, presetRange, PRESETS, type PresetId, GRANULARITIES, windowText } from '../../../consumption/time';
import { DEFAULT_VIEW } from '../defaultView';
import type { HostToPage, PageToHost, Scope, ViewState } from '../messages';
import { isPersistedState, parseHostMessage } from '../messageChecks';
import { resolveRangeSpec } from '../range';
import { chartMarker } from '../../../testing/chartMarks';
import { type ChartHandle, loadChartLibrary, renderChart, warmUpChart } from './chart';
import { byId, h, linkedWords, show, wholeWords } from './dom';
import { currentTheme, watchTheme } from './theme';
import * as l10n from '@vscode/l10n';

interface VsCodeApi {
  postMessage(msg: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const TOP_N = 8;

type Status =
  | { kind: 'starting' }
  /** `waitUntil`: Neon answered 429; the host's request goes on by itself then (page clock). */
  | { kind: 'loading'; requestId: number; pages: number; projects: number; waitUntil?: number }
  | { kind: 'data' }
  | { kind: 'error'; message: string }
  | { kind: 'unsupported'; message: string }
  | { kind: 'cancelled' };

let scope: Scope | undefined;
let view: ViewState = DEFAULT_VIEW;
/** What the host sent last: every metric's name, the series of `dataMetric` only. */
let dataset: ConsumptionDataset | undefined;
let dataMetric: string | undefined;
let status: Status = { kind: 'starting' };
let requestSeq = 0;
let chart: ChartHandle | undefined;
/** The host is the test host: the chart's drawing is written to data attributes. */
let markCharts = false;
/** Data that came before init (see earlyLoad). */
let held: HostToPage | undefined;
/** `dataset` is a `partial` of the current request: more projects are on their way. */
let partial = false;
/** The partial in `dataset` waits for the next frame to be drawn (drawPartialSoon). */
let partialDraw: (() => void) | undefined;
/** The chart on screen is the partial in `dataset`. */
let partialDrawn = false;
/** The pages the partial in `dataset` came in: the loading status counts what the chart shows (renderStatus). */
let partialPages = 0;
/** The range last asked for (a cancelled Refresh says whether the chart is of it). */
let loadedRange: ViewState['range'] | undefined;
/**
 * Custom dates or a granularity chosen in the custom fields and not applied yet. `view` keeps the
 * range charted: Refresh, Retry, a metric switch and the saved state use it, and only Apply makes
 * the draft the view (walk 32 saw the Granularity box switch as soon as Custom… was picked).
 */
let draft: { granularity: Granularity } | undefined;
/**
 * Export CSV… opened the host's save dialog: when the page has the focus again (saved, or Escape)
 * and nothing in it holds it, the Export button takes it back (walk 36: it was on the body, and
 * Tab started from the top).
 */
let exportAsked = false;

/** A metric's name inside a sentence: lower-case in English ("Total compute"); German keeps its nouns' capitals ("Gesamt Compute"). */
function inSentence(label: string): string {
  return /^en\b/i.test(document.documentElement.lang || 'en') ? label.toLowerCase() : label;
}

function post(msg: PageToHost): void {
  vscode.postMessage(msg);
}

function isOrgScope(): boolean {
  return !!scope && !scope.projectId;
}

function saveState(): void {
  if (scope) vscode.setState({ scope, view });
}

// ---------------------------------------------------------------------------------------------
// Layout (built once)

function radio(name: string, value: string, label: string, checked: boolean): HTMLLabelElement {
  return h('label', { class: 'choice' }, h('input', { type: 'radio', name, value, checked }), label);
}

function buildLayout(): void {
  const app = byId('app');
  const presets = h(
    'fieldset',
    { class: 'presets', id: 'range-set' },
    h('legend', {}, l10n.t('Range')),
    ...PRESETS.map((p) => radio('range', p.id, p.label, false)),
    radio('range', 'custom', l10n.t('Custom…'), false),
  );
  const custom = h(
    'div',
    { id: 'custom', class: 'custom', hidden: true },
    // Date inputs once shown (showCustom): Chromium sets up its date formats for a page's first one.
    h('label', {}, l10n.t('From '), h('input', { type: 'text', id: 'from', required: true })),
    h('label', {}, l10n.t('To '), h('input', { type: 'text', id: 'to', required: true })),
    h('button', { type: 'submit', id: 'apply' }, l10n.t('Apply')),
    h('p', { id: 'custom-pending', class: 'hint', 'aria-live': 'polite' }),
  );
  const gran = h('label', {}, l10n.t('Granularity '), h('select', { id: 'granularity' }, ...GRANULARITIES.map((g) => h('option', { value: g }, granularityLabel(g)))));
  const metric = h('label', {}, l10n.t('Metric '), h('select', { id: 'metric' }));
  const mode = h('fieldset', { id: 'mode-set', class: 'mode' }, h('legend', {}, l10n.t('Show')), radio('mode', 'total', l10n.t('Total'), true), radio('mode', 'projects', l10n.t('By project'), false));
  const actions = h(
    'div',
    { class: 'actions' },
    h('button', { type: 'button', id: 'refresh' }, l10n.t('Refresh')),
    h('button', { type: 'button', id: 'export', class: 'secondary' }, l10n.t('Export CSV…')),
  );
  const form = h('form', { id: 'controls', 'aria-label': l10n.t('Chart options'), novalidate: true }, presets, custom, h('div', { class: 'row' }, gran, metric, mode, actions), h('p', { id: 'range-error', class: 'error', role: 'alert' }));
  const statusEl = h(
    'div',
    { id: 'status', class: 'status', role: 'status', 'aria-live': 'polite' },
    h('span', { id: 'status-text' }),
    // The host's word on an export, on a line under the status rather than over it (the total stays).
    h('span', { id: 'status-notice', class: 'muted' }),
    h('button', { type: 'button', id: 'cancel', class: 'secondary', hidden: true }, l10n.t('Cancel')),
    h('button', { type: 'button', id: 'retry', hidden: true }, l10n.t('Retry')),
  );
  const figure = h('figure', { id: 'figure', hidden: true }, h('div', { id: 'plot', role: 'img', tabindex: '0' }), h('figcaption', { id: 'summary' }));
  const table = h(
    'section',
    { id: 'table-section', hidden: true, 'aria-labelledby': 'table-title' },
    h('h2', { id: 'table-title' }, l10n.t('Projects')),
    // A narrow view scrolls the table in its own box, not the whole page (walk 40: 401 px in 350).
    h('div', { class: 'table-scroll' }, h('table', { id: 'projects' }, h('caption', { id: 'projects-caption', class: 'visually-hidden' }), h('thead'), h('tbody'), h('tfoot'))),
  );
  const buckets = h(
    'details',
    { id: 'bucket-details', hidden: true },
    h('summary', {}, l10n.t('Values per time bucket')),
    h('table', { id: 'buckets' }, h('thead'), h('tbody')),
  );
  app.replaceChildren(
    h('header', {}, h('h1', { id: 'title' }, scope ? l10n.t('Consumption: {0}', scope.title) : l10n.t('Consumption')), h('p', { id: 'subtitle', class: 'muted' })),
    form,
    statusEl,
    figure,
    table,
    buckets,
  );
  app.removeAttribute('aria-busy');
  wire();
}

function wire(): void {
  const form = byId<HTMLFormElement>('controls');
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    applyCustom();
  });
  form.addEventListener('change', (e) => {
    const t = e.target as HTMLInputElement | HTMLSelectElement;
    if (t.name === 'range') {
      if (t.value === 'custom') {
        const r = currentRangeGuess();
        // A draft: the chart, the Granularity box and the saved view stay as they are until Apply.
        draft = { granularity: r.granularity };
        showCustom(true);
        // The range shown, to its last day that has begun: "Last 12 months" ends with this month's 31st.
        setCustomFields(formatDateInput(r.from), formatDateInput(Math.min(r.to - 1, Date.now())));
        syncControls();
        byId<HTMLInputElement>('from').focus();
        return;
      }
      draft = undefined;
      view = { ...view, range: { kind: 'preset', preset: t.value as PresetId } };
      saveState();
      syncControls();
      load();
    } else if (t.id === 'granularity') {
      const g = t.value as Granularity;
      // Beside custom dates the granularity is part of what Apply charts.
      if (customShown()) {
        draft = { granularity: g };
        renderPending();
        return;
      }
      if (view.range.kind !== 'preset') return;
      view = { ...view, range: { ...view.range, granularity: g } };
      saveState();
      syncControls();
      load();
    } else if (t.id === 'metric') {
      view = { ...view, metric: t.value };
      saveState();
      changeMetric();
    } else if (t.name === 'mode') {
      view = { ...view, mode: t.value as ChartMode };
      saveState();
      renderData();
    }
  });
  form.addEventListener('input', (e) => {
    const id = (e.target as HTMLElement).id;
    if (id !== 'from' && id !== 'to') return;
    draft ??= { granularity: appliedGranularity() };
    // The refusal was of the dates before this edit.
    clearRangeError();
    renderPending();
  });
  // Escape leaves the custom fields as if they had not been touched: the charted range's again.
  form.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape' || !draft) return;
    e.preventDefault();
    discardDraft();
  });
  byId('refresh').addEventListener('click', () => load(true));
  byId('retry').addEventListener('click', () => load());
  byId('cancel').addEventListener('click', () => {
    if (status.kind === 'loading') post({ type: 'cancel', requestId: status.requestId });
  });
  byId('export').addEventListener('click', () => {
    if (dataset && view.metric) {
      exportAsked = true;
      post({ type: 'exportCsv', metric: view.metric });
    }
  });
  window.addEventListener('focus', () => {
    if (!exportAsked) return;
    exportAsked = false;
    const now = document.activeElement;
    if (!now || now === document.body) byId<HTMLButtonElement>('export').focus();
  });
  byId('table-section').addEventListener('click', (e) => {
    const btn = (e.target as HTMLElement).closest('button[data-sort]') as HTMLButtonElement | null;
    if (!btn) return;
    const key = btn.dataset.sort as SortKey;
    const dir = view.sort.key === key ? (view.sort.dir === 'asc' ? 'desc' : 'asc') : key === 'name' ? 'asc' : 'desc';
    view = { ...view, sort: { key, dir } };
    saveState();
    renderTable();
    (document.querySelector(`button[data-sort="${key}"]`) as HTMLButtonElement | null)?.focus();
  });
  const ro = new ResizeObserver(() => chart?.resize(plotWidth()));
  ro.observe(byId('figure'));
  watchTheme(() => renderChartOnly());
}

function currentRangeGuess() {
  const r = resolveRangeSpec(view.range, Date.now());
  return r.ok ? r.range : presetRange('30d', Date.now());
}

/** The custom fields are shown: the charted range is custom, or custom dates are being chosen. */
function customShown(): boolean {
  return view.range.kind === 'custom' || draft !== undefined;
}

/** The granularity of the range charted (the view's), whatever the box shows meanwhile. */
function appliedGranularity(): Granularity {
  const spec = view.range;
  return spec.kind === 'custom' ? spec.granularity : spec.granularity ?? presetRange(spec.preset, Date.now()).granularity;
}

/** Only a changed value is written: Chromium empties a half-typed date when its value is written. */
function setCustomFields(from: string, to: string): void {
  for (const [id, value] of [['from', from], ['to', to]] as const) {
    const input = byId<HTMLInputElement>(id);
    if (input.value !== value) input.value = value;
  }
}

/** Drops the custom choices not applied: the controls show the charted range again. */
function discardDraft(): void {
  const wasShown = customShown();
  draft = undefined;
  clearRangeError();
  if (view.range.kind === 'custom') setCustomFields(view.range.from, view.range.to);
  syncControls();
  // The field that had the focus may be hidden now: the range's own choice takes it.
  if (wasShown && !customShown()) document.querySelector<HTMLInputElement>('input[name="range"]:checked')?.focus();
}

/** Said under the custom dates once applied when Apply changed them or the granularity to fit. */
let appliedNote = '';

function applyCustom(): void {
  if (!customShown()) return;
  const now = Date.now();
  const from = byId<HTMLInputElement>('from').value;
  let to = byId<HTMLInputElement>('to').value;
  // A typed To after today (the picker's max stops only the calendar) is charted to today, as
  // the host cuts it: the field says so rather than keep a date the chart does not show.
  const today = formatDateInput(now);
  const cut = (parseDateInput(to, false) ?? 0) > now;
  if (cut) to = today;
  // As a preset picks its granularity: a few days after "Last 12 months" are charted daily
  // rather than refused for not being whole months.
  const asked = draft?.granularity ?? appliedGranularity();
  const granularity = fittingGranularity(from, to, asked, now);
  const range = { kind: 'custom', from, to, granularity } as const;
  const check = resolveRangeSpec(range, now);
  // Refused: nothing changes but the sentence and the fields it is about; the typed dates stay for a correction.
  if (!check.ok) {
    markInvalid(from, to, granularity, now);
    return refuse(check.message);
  }
  const notes = [
    cut ? l10n.t('The end was set to today, {0}: there is no consumption after today yet.', today) : '',
    granularity === asked ? '' : l10n.t('Granularity set to {0}: {1} data cannot show these dates.', granularityLabel(granularity), granularityLabel(asked)),
  ];
  appliedNote = notes.filter(Boolean).join(' ');
  draft = undefined;
  view = { ...view, range };
  setCustomFields(from, to);
  saveState();
  syncControls();
  load();
}

/**
 * Shows or hides the custom range's fields. They become date inputs the first time they are
 * shown: Chromium sets up its date formats for the first date input of a page (25–45 ms on a
 * 2-core machine, even hidden), which held back the first chart by that much.
 */
function showCustom(visible: boolean): void {
  show(byId('custom'), visible);
  if (!visible) return;
  // No day after today (UTC) in the date picker: a later To was cut to today without a word (walk 23).
  const now = Date.now();
  const today = formatDateInput(now);
  // Nor one before the oldest Neon keeps: monthly data covers the last year, the longest window.
  const oldest = formatDateInput(earliestBucket('monthly', now));
  for (const id of ['from', 'to']) {
    const input = byId<HTMLInputElement>(id);
    if (input.type !== 'date') input.type = 'date';
    // Written only when changed: Chromium empties a half-typed date when its max (or value) is written.
    if (input.max !== today) input.max = today;
    if (input.min !== oldest) input.min = oldest;
  }
}

/** Puts the view into the controls. */
function syncControls(): void {
  const spec = view.range;
  const custom = customShown();
  const rangeValue = custom ? 'custom' : spec.kind === 'preset' ? spec.preset : 'custom';
  for (const r of Array.from(document.querySelectorAll<HTMLInputElement>('input[name="range"]'))) r.checked = r.value === rangeValue;
  showCustom(custom);
  // A draft's dates are the person's, in the fields: only the charted range is written there.
  if (spec.kind === 'custom' && !draft) setCustomFields(spec.from, spec.to);
  const now = Date.now();
  const sel = byId<HTMLSelectElement>('granularity');
  sel.value = draft?.granularity ?? appliedGranularity();
  // Beside custom dates every granularity is offered: Apply says why one cannot show them.
  const preset = !custom && spec.kind === 'preset' ? presetRange(spec.preset, now) : undefined;
  for (const o of Array.from(sel.options)) {
    const why = preset ? unfitFor(preset, o.value as Granularity, now) : '';
    o.disabled = why !== '';
    // Said on the greyed choice itself: walk 40 found Hourly and Daily off without a word why.
    o.title = why;
  }
  // A refusal of a draft stays until the draft changes (see the input handler).
  if (!draft) {
    const resolved = resolveRangeSpec(spec, now);
    setRangeError(resolved.ok ? '' : resolved.message);
  }
  for (const r of Array.from(document.querySelectorAll<HTMLInputElement>('input[name="mode"]'))) r.checked = r.value === view.mode;
  show(byId('mode-set'), isOrgScope());
  renderPending();
}

/**
 * Why a preset's range cannot be charted at `g` ('' when it can): outside `g`'s window, or
 * Monthly for a preset of hours or days. A month is one bucket, so "Last 30 days" monthly charted
 * 36 days (the 1st of last month to today) under "Last 30 days" (walk 40); a person who asks for
 * the last 30 days means those days, and custom dates inside months are refused monthly too.
 * Whole months are "Last 12 months", or custom dates.
 */
function unfitFor(preset: { from: number; to: number; granularity: Granularity }, g: Granularity, now: number): string {
  if (g === 'monthly' && preset.granularity !== 'monthly') return l10n.t('Monthly data comes in whole months, more than this range: choose Last 12 months, or Custom… with whole months.');
  return allowedGranularities(preset.from, preset.to, now).includes(g) ? '' : l10n.t('{0} data covers {1} only.', granularityLabel(g), windowText(g));
}

/** A view saved before Monthly was refused for a preset of days (unfitFor) is charted at the preset's own granularity. */
function fitView(v: ViewState): ViewState {
  const r = v.range;
  return r.kind === 'preset' && r.granularity === 'monthly' && presetRange(r.preset, Date.now()).granularity !== 'monthly' ? { ...v, range: { kind: 'preset', preset: r.preset } } : v;
}

/**
 * Custom dates take effect on Apply; until then the chart is still the last range's, and the
 * panel says so (the granularity and "By project" act on what is drawn meanwhile).
 */
function renderPending(): void {
  const el = document.getElementById('custom-pending');
  if (!el) return;
  const r = view.range;
  const typed = { from: byId<HTMLInputElement>('from').value, to: byId<HTMLInputElement>('to').value, granularity: byId<HTMLSelectElement>('granularity').value };
  // Typed back to the charted range: nothing is pending.
  const pending = !!draft && !(r.kind === 'custom' && r.from === typed.from && r.to === typed.to && r.granularity === typed.granularity);
  el.textContent = pending && dataset ? l10n.t('Choose Apply to chart these dates. The chart shows {0} until then.', describeRange(dataset.range)) : !pending && r.kind === 'custom' ? appliedNote : '';
}

function fillMetricSelect(): void {
  const sel = byId<HTMLSelectElement>('metric');
  const ids = dataset ? dataset.metrics : metricsFor('v2').map((m) => m.id);
  if (!view.metric || !ids.includes(view.metric)) view = { ...view, metric: ids[0] };
  const same = sel.options.length === ids.length && Array.from(sel.options).every((o, i) => o.value === ids[i]);
  if (!same) sel.replaceChildren(...ids.map((id) => h('option', { value: id }, `${metricDef(id).label} (${metricDef(id).unit || l10n.t('raw value')})`)));
  sel.value = view.metric ?? '';
}

// ---------------------------------------------------------------------------------------------
/** The red line under the controls; a date in it never breaks at its hyphens (walk 26 saw "2026-01-" / "01"). */
function setRangeError(text: string): void {
  byId('range-error').replaceChildren(...wholeWords(text));
}

// Loading and states

/** The refusal is gone (an edit, Escape, a load): so are the fields' marks. */
function clearRangeError(): void {
  byId('range-error').textContent = '';
  for (const id of ['from', 'to']) byId(id).removeAttribute('aria-invalid');
}

/**
 * Marks the custom date fields a refusal is about (red border, aria-invalid; walk 40 saw none):
 * the order of validateCustomRange's checks. A wrong order, whole months or an empty range is
 * about both.
 */
function markInvalid(fromText: string, toText: string, g: Granularity, now: number): void {
  const from = parseDateInput(fromText, false);
  const to = parseDateInput(toText, true);
  const which =
    from === undefined ? 'from'
    : to === undefined ? 'to'
    : from > now ? 'from'
    : to <= from ? 'both'
    : to <= HISTORY_START ? 'to'
    : from < HISTORY_START || bucketStart(from, g) < earliestBucket(g, now) ? 'from'
    : 'both';
  byId('from').setAttribute('aria-invalid', String(which !== 'to'));
  byId('to').setAttribute('aria-invalid', String(which !== 'from'));
}

/** Says why a range is not asked for; a chart on screen is still the last range's, and is said to be. */
function refuse(message: string): void {
  const drawn = dataset && !byId('figure').hidden ? l10n.t(' The chart still shows {0}.', describeRange(dataset.range)) : '';
  setRangeError(message + drawn);
  // That sentence says what the chart shows: the note would say it twice.
  byId('custom-pending').textContent = '';
}

function load(force = false): void {
  const check = resolveRangeSpec(view.range, Date.now());
  if (!check.ok) return refuse(check.message);
  clearRangeError();
  loadedRange = view.range;
  renderPending();
  const requestId = ++requestSeq;
  status = { kind: 'loading', requestId, pages: 0, projects: 0 };
  partial = false;
  partialDraw = undefined;
  post({ type: 'load', requestId, range: view.range, ...(force ? { force } : {}), ...(view.metric ? { metric: view.metric } : {}) });
  renderStatus();
}

/**
 * The host posts one metric's series at a time and keeps the rest: another metric is asked for
 * (no request to Neon). While a range is loading, the load is asked again with the new metric;
 * the host waits for the fetch already on its way.
 */
function changeMetric(): void {
  // While loading, or after a load stopped part-way (the host holds no answer to slice): load again with the new metric.
  if (status.kind === 'loading' || partial) return load();
  if (!dataset || dataMetric === view.metric) return renderData();
  if (status.kind !== 'data' && status.kind !== 'cancelled') return;
  const requestId = ++requestSeq;
  post({ type: 'metric', requestId, metric: view.metric! });
  // The host answers from what it holds, as a rule at once; the other metrics follow the first
  // chart, so right after it (or while Neon rate-limits) this one may still be on its way: then,
  // and only then, the page says it is loading, with Cancel.
  status = { kind: 'loading', requestId, pages: 0, projects: 0 };
  syncExport();
  setTimeout(() => {
    if (status.kind === 'loading' && status.requestId === requestId) renderStatus();
  }, METRIC_PATIENCE_MS);
}

/** How long a metric switch may take before the page says it is loading (no flash when it is at once). */
const METRIC_PATIENCE_MS = 150;

function setStatusText(text: string | readonly (string | Node)[], cls: 'info' | 'error' | 'empty' | 'loading'): void {
  const el = byId('status');
  el.className = `status ${cls}`;
  byId('status-text').replaceChildren(...(typeof text === 'string' ? linkedWords(text) : text));
  byId('status-notice').textContent = '';
}

function renderStatus(): void {
  const loading = status.kind === 'loading';
  syncExport();
  show(byId('cancel'), loading);
  show(byId('retry'), status.kind === 'error' || status.kind === 'cancelled');
  byId('app').setAttribute('aria-busy', loading ? 'true' : 'false');
  const title = scope?.title ?? l10n.t('this scope');
  switch (status.kind) {
    case 'starting':
      setStatusText(l10n.t('Starting…'), 'loading');
      break;
    case 'loading': {
      // Once a partial is drawn the status counts its pages and projects, as the chart's caption
      // does: the pages that came since are counted with the next partial (at most a second later),
      // not ahead of the chart (walk 33 read "22 pages (2200 projects)" over a caption of 2000).
      const got = partial && dataset ? { pages: partialPages, projects: dataset.projects.length } : status;
      const pages = got.pages === 1 ? l10n.t('1 page') : l10n.t('{0} pages', got.pages);
      const projects = got.projects === 1 ? l10n.t('1 project') : l10n.t('{0} projects', got.projects);
      const received = got.pages > 0 ? l10n.t(' Received {0} ({1}).', pages, projects) : '';
      const waitS = Math.ceil(((status.waitUntil ?? 0) - Date.now()) / 1000);
      if (waitS > 0) {
        setStatusText(l10n.t('Neon is limiting this account\'s requests (429 Too Many Requests). Loading consumption for {0} goes on by itself in {1} s, as Neon asks; Cancel stops it.{2}', title, waitS, received), 'loading');
        tickWait();
      } else {
        setStatusText(l10n.t('Loading consumption for {0}…{1}', title, received), 'loading');
      }
      break;
    }
    case 'error':
      // A later page failed after a partial was drawn: what arrived stays, said to be incomplete.
      if (partial && chart && dataset) {
        renderSummary(chart.model);
        setStatusText(l10n.t('The chart shows only the {0} projects received: loading the rest failed. Choose Retry to load them all. {1}', dataset.projects.length, status.message), 'error');
        break;
      }
      // A Refresh, another range or another metric failed: the chart of the last answer stays, said to be that.
      if (chart && dataset && dataMetric === view.metric) {
        setStatusText(l10n.t('Could not load consumption: {0} The chart still shows {1}.', status.message, describeRange(dataset.range)), 'error');
        break;
      }
      setStatusText(l10n.t('Could not load consumption: {0}', status.message), 'error');
      hideData();
      break;
    case 'unsupported':
      setStatusText(status.message, 'info');
      hideData();
      break;
    case 'cancelled':
      if (partial && chart) renderSummary(chart.model);
      setStatusText(
        dataset && partial
          ? l10n.t('Loading was cancelled; the chart shows only the {0} projects received. Choose Retry to load them all.', dataset.projects.length)
          : dataset && sameRangeAsAsked(dataset)
          ? l10n.t('Loading was cancelled; the chart still shows the last answer for {0}. Choose Retry to load it again.', describeRange(dataset.range))
          : dataset
          ? l10n.t('Loading was cancelled; the chart still shows {0}. Choose Retry to load the new range.', describeRange(dataset.range))
          : l10n.t('Loading was cancelled. Choose Retry to load again.'),
        'info',
      );
      break;
    case 'data':
      break;
  }
}

let waitTicker: ReturnType<typeof setTimeout> | undefined;
/** Counts a rate-limit wait down: the status is drawn again when its whole seconds change. */
function tickWait(): void {
  if (waitTicker !== undefined || status.kind !== 'loading' || status.waitUntil === undefined) return;
  const left = status.waitUntil - Date.now();
  waitTicker = setTimeout(() => {
    waitTicker = undefined;
    if (status.kind === 'loading') renderStatus();
  }, (left % 1000 || 1000) + 5);
}

/** The chart's data covers the range the cancelled load asked for (a Refresh), not another one. */
function sameRangeAsAsked(data: ConsumptionDataset): boolean {
  const asked = loadedRange && resolveRangeSpec(loadedRange, Date.now());
  return !!asked && asked.ok && asked.range.granularity === data.range.granularity && asked.range.from === data.range.from && asked.range.to === data.range.to;
}

/**
 * The host exports the answer it holds, which is the chart's only once all of it has come: while
 * a range loads it still holds the last one. A plan without history, or a range without
 * consumption, has nothing to export; a load under way (Cancel) or refused is not refreshed.
 */
function syncExport(): void {
  const loading = status.kind === 'starting' || status.kind === 'loading' || partial;
  // A cancelled or failed load leaves the host's last whole answer, which is the chart on screen
  // (walk 40: Export stayed off under "the chart still shows the last answer").
  const kept = (status.kind === 'cancelled' || status.kind === 'error') && !!chart && dataMetric === view.metric;
  const ready = (status.kind === 'data' || kept) && !partial && !!dataset && !!view.metric && !isEmpty(dataset, view.metric);
  const btn = byId<HTMLButtonElement>('export');
  btn.disabled = !ready;
  btn.title = ready ? '' : loading ? l10n.t('Export is available once every project has loaded.') : l10n.t('Export is available once a range with consumption has loaded.');
  byId<HTMLButtonElement>('refresh').disabled = loading || status.kind === 'unsupported';
}

function hideData(): void {
  destroyChart();
  show(byId('figure'), false);
  show(byId('table-section'), false);
  show(byId('bucket-details'), false);
}

function destroyChart(): void {
  chart?.destroy();
  chart = undefined;
}

function plotWidth(): number {
  const w = byId('figure').clientWidth;
  return Math.max(280, Math.floor(w || 600));
}

function chartMode(): ChartMode {
  return isOrgScope() ? view.mode : 'total';
}

/** Bumped by every render: tables left for later by an older one are not drawn. */
let tablesGeneration = 0;

/**
 * Draws the view of the dataset. With `tablesAfterPaint`, the chart and its total are painted
 * first and the two tables a frame later (then `done`): new data is what a person waits for, and
 * 100 table rows cost that first frame about as much again as the chart. A partial (more pages
 * on their way) draws the chart alone and keeps the loading status; `keepChart` keeps the chart
 * already drawn from the partial that turned out to be the whole answer.
 */
function renderData(o: { tablesAfterPaint?: boolean; keepChart?: boolean; done?: () => void } = {}): void {
  const generation = ++tablesGeneration;
  if (!dataset) return o.done?.();
  fillMetricSelect();
  syncControls();
  const ds = dataset;
  const metric = view.metric!;
  const def = metricDef(metric);
  const apiText = ds.api === 'v2' ? l10n.t('usage-based plan metrics') : l10n.t('legacy plan metrics');
  byId('subtitle').replaceChildren(...wholeWords(l10n.t('{0} · {1}, UTC · {2}', describeRange(ds.range), granularityLabel(ds.range.granularity).toLowerCase(), apiText)));
  if (partial) {
    syncExport();
    show(byId('table-section'), false);
    show(byId('bucket-details'), false);
    if (isEmpty(ds, metric)) hideData();
    else {
      show(byId('figure'), true);
      renderChartOnly();
    }
    return o.done?.();
  }
  status = { kind: 'data' };
  renderStatus();
  if (isEmpty(ds, metric)) {
    // No project at all: another metric cannot help, and the organization may have no projects (walk 25).
    const text =
      ds.projects.length > 0
        ? l10n.t('{0} Try a longer range or another metric.', l10n.t('Nothing was recorded for {0} in this range.', inSentence(def.label)))
        : isOrgScope()
          ? l10n.t('No project of this organization recorded consumption in this range (an organization without projects has none). Try a longer range.')
          : l10n.t('This project recorded no consumption in this range. Try a longer range.');
    setStatusText(text, 'empty');
    hideData();
    return o.done?.();
  }
  const total = seriesTotal(convertSeries(totalSeries(ds, metric), metric), metric);
  const totalWord = def.kind === 'gauge' ? l10n.t('Latest') : l10n.t('Total');
  // The number and its unit never wrap apart (nor at "CU-hours"' hyphen), whatever stands beside them.
  setStatusText([`${totalWord} ${inSentence(def.label)}: `, h('span', { id: 'status-total', class: 'nowrap' }, `${formatTotal(total)} ${def.unit}.`)], 'info');
  show(byId('figure'), true);
  if (o.keepChart && chart) renderSummary(chart.model);
  else renderChartOnly();
  const tables = () => {
    if (generation !== tablesGeneration) return;
    renderTable();
    renderBucketTable();
    o.done?.();
  };
  if (!o.tablesAfterPaint) return tables();
  afterNextFrame(tables);
}

/** Runs `fn` once the next frame is painted; a hidden page gets no frames, so in the next task. */
function afterNextFrame(fn: () => void): void {
  if (document.hidden) setTimeout(fn, 0);
  else requestAnimationFrame(() => setTimeout(fn, 0));
}

function renderChartOnly(): void {
  if (!dataset || (status.kind !== 'data' && !partial) || !view.metric || isEmpty(dataset, view.metric)) return;
  const model = buildChart(dataset, { metric: view.metric, mode: chartMode(), topN: TOP_N });
  destroyChart();
  const el = byId('plot');
  chart = renderChart(el, model, currentTheme(), plotWidth(), markCharts ? chartMarker(el) : undefined);
  renderSummary(model);
}

/** The chart's caption and accessible name; a partial's says how many projects it has so far. */
function renderSummary(model: ReturnType<typeof buildChart>): void {
  if (!dataset || !view.metric) return;
  const def = metricDef(view.metric);
  const g = dataset.range.granularity;
  const current = lastInProgress(dataset);
  const currentText = !current ? '' : g === 'hourly' ? l10n.t(' The last hour is still in progress.') : g === 'daily' ? l10n.t(' The last day is still in progress.') : l10n.t(' The last month is still in progress.');
  const n = dataset.projects.length;
  const partialWord = status.kind === 'loading' ? l10n.t('So far ({0} projects received, more are loading)', n) : l10n.t('Only the {0} projects received (loading stopped)', n);
  const totalWord = partial ? partialWord : def.kind === 'gauge' ? l10n.t('Latest') : l10n.t('Total');
  const summary = l10n.t('{0} in {1}, {2} ({3}, UTC). {4}: {5} {6}.{7}{8}', model.label, model.unit, describeRange(dataset.range), granularityLabel(g).toLowerCase(), totalWord, formatTotal(model.total), model.unit, currentText, model.stacked ? l10n.t(' Stacked by project: {0}.', model.series.map((s) => s.label).join(', ')) : '');
  const el = byId('plot');
  el.setAttribute('aria-label', summary);
  byId('summary').replaceChildren(...wholeWords(summary));
}

/**
 * A range's total as the projects table's footer writes it: that column's decimals are its
 * largest and smallest values', so the status and the caption round the total as the table does
 * (walk 40 read "12.1 GB" over a footer of 12.11).
 */
function formatTotal(total: number | null): string {
  return formatFixed(total, dataset && view.metric ? figuresOf(dataset, view.metric).totalDecimals : columnDecimals([total]));
}

/** shownFigures of the dataset on screen, worked out once for the status, the caption and the table. */
let figures: { dataset: ConsumptionDataset; metric: string; shown: ReturnType<typeof shownFigures> } | undefined;
function figuresOf(ds: ConsumptionDataset, metric: string): ReturnType<typeof shownFigures> {
  if (figures?.dataset !== ds || figures.metric !== metric) figures = { dataset: ds, metric, shown: shownFigures(ds, metric) };
  return figures.shown;
}

function sortButton(key: SortKey, label: string): HTMLTableCellElement {
  const active = view.sort.key === key;
  const ariaSort = active ? (view.sort.dir === 'asc' ? 'ascending' : 'descending') : 'none';
  const arrow = active ? (view.sort.dir === 'asc' ? ' ▲' : ' ▼') : '';
  return h('th', { scope: 'col', 'aria-sort': ariaSort, class: key === 'name' ? '' : 'num' }, h('button', { type: 'button', 'data-sort': key }, ...wholeWords(label), h('span', { 'aria-hidden': 'true' }, arrow)));
}

function renderTable(): void {
  if (!dataset || !view.metric) return;
  const section = byId('table-section');
  if (dataset.projects.length === 0) {
    show(section, false);
    return;
  }
  show(section, true);
  const metric = view.metric;
  const def = metricDef(metric);
  const table = byId<HTMLTableElement>('projects');
  const gauge = def.kind === 'gauge';
  const g = dataset.range.granularity;
  // The columns' headings: the caption names the sort column by its heading.
  const headings: Record<SortKey, string> = {
    name: l10n.t('Project'),
    total: `${gauge ? l10n.t('Latest') : l10n.t('Total')} (${def.unit})`,
    share: l10n.t('Share'),
    peak: g === 'hourly' ? l10n.t('Peak per hour') : g === 'daily' ? l10n.t('Peak per day') : l10n.t('Peak per month'),
  };
  const sortedBy = headings[view.sort.key];
  byId('projects-caption').textContent =
    view.sort.dir === 'asc'
      ? l10n.t('{0} per project, {1}. Sorted by {2}, ascending.', def.label, describeRange(dataset.range), sortedBy)
      : l10n.t('{0} per project, {1}. Sorted by {2}, descending.', def.label, describeRange(dataset.range), sortedBy);
  table.tHead!.replaceChildren(h('tr', {}, ...(['name', 'total', 'share', 'peak'] as const).map((k) => sortButton(k, headings[k]))));
  const built = projectRows(dataset, metric);
  // A sort moves the rows already built: building 2,500 rows again cost about 100 ms of script a click
  // (walk 33 waited 0.4–0.6 s a sort); laying the moved rows out again still costs about as much.
  table.tBodies[0]!.replaceChildren(...sortRows(built.rows, view.sort.key, view.sort.dir).map((r) => built.elements.get(r.id)!));
  table.tFoot!.replaceChildren(built.foot);
}

/** The projects table's rows of one dataset and metric, built once for every sort of them. */
let builtRows: { dataset: ConsumptionDataset; metric: string; rows: TableRow[]; elements: Map<string, HTMLTableRowElement>; foot: HTMLTableRowElement } | undefined;

function projectRows(ds: ConsumptionDataset, metric: string): NonNullable<typeof builtRows> {
  if (builtRows && builtRows.dataset === ds && builtRows.metric === metric) return builtRows;
  const rows = tableRows(ds, metric);
  // One number of decimals per column, so its right-aligned cells line up; totals and shares add up to the row under them.
  const { grand, totalDecimals, totals, shares } = figuresOf(ds, metric);
  const peakDecimals = columnDecimals(rows.map((r) => r.peak));
  const elements = new Map<string, HTMLTableRowElement>();
  for (const r of rows) {
    elements.set(
      r.id,
      h(
        'tr',
        { 'data-project': r.id },
        // The space outside the id's span: a line may break before the id, never inside it (.id is nowrap).
        h('th', { scope: 'row' }, r.name, r.name !== r.id ? ' ' : null, r.name !== r.id ? h('span', { class: 'muted id' }, r.id) : null),
        h('td', { class: 'num' }, formatFixed(totals.get(r.id), totalDecimals)),
        h('td', { class: 'num' }, formatShare(shares.get(r.id), r.share)),
        h('td', { class: 'num' }, formatFixed(r.peak, peakDecimals)),
      ),
    );
  }
  const foot = h('tr', {}, h('th', { scope: 'row' }, rows.length === 1 ? l10n.t('Total') : l10n.t('All {0} projects', rows.length)), h('td', { class: 'num', id: 'grand-total' }, formatFixed(grand, totalDecimals)), h('td', { class: 'num' }, grand ? formatPercent(100) : '—'), h('td', {}));
  builtRows = { dataset: ds, metric, rows, elements, foot };
  return builtRows;
}

function renderBucketTable(): void {
  if (!dataset || !view.metric) return;
  const metric = view.metric;
  const def = metricDef(metric);
  const details = byId('bucket-details');
  show(details, true);
  const table = byId<HTMLTableElement>('buckets');
  const { decimals, values } = shownBuckets(dataset, metric);
  const g = dataset.range.granularity;
  table.tHead!.replaceChildren(h('tr', {}, h('th', { scope: 'col' }, l10n.t('Time (UTC)')), h('th', { scope: 'col', class: 'num' }, ...wholeWords(`${def.label} (${def.unit})`))));
  // The bucket still in progress says so in its row too, not only under the chart (walk 40).
  const last = lastInProgress(dataset) ? dataset.buckets.length - 1 : -1;
  table.tBodies[0]!.replaceChildren(
    ...dataset.buckets.map((b, i) => h('tr', {}, h('th', { scope: 'row' }, i === last ? l10n.t('{0} (so far)', bucketLabel(b, g)) : bucketLabel(b, g)), h('td', { class: 'num' }, formatFixed(values[i], decimals)))),
  );
}

/** The dataset's last bucket had begun and not ended when it was fetched: its value is still growing. */
function lastInProgress(ds: ConsumptionDataset): boolean {
  return ds.buckets.length > 0 && ds.buckets[ds.buckets.length - 1]! <= ds.fetchedAt && ds.range.to > ds.fetchedAt;
}

// ---------------------------------------------------------------------------------------------
// Messages from the host

function onMessage(msg: HostToPage): void {
  if (!scope && msg.type !== 'init') {
    // The early load answered before init (the host sends init first; this is for safety): the
    // answer is shown once the layout is built.
    if (msg.type !== 'progress' && msg.type !== 'notice') held = msg;
    return;
  }
  switch (msg.type) {
    case 'init': {
      scope = msg.scope;
      markCharts = msg.markCharts === true;
      const saved = vscode.getState();
      // The page's own state is the newest (it survives hide/show); the host's view is what the
      // serializer restored, used when the page has none.
      view = fitView(isPersistedState(saved) && saved.view ? saved.view : msg.view ?? DEFAULT_VIEW);
      if (!isOrgScope()) view = { ...view, mode: 'total' };
      if (!byId('app').querySelector('#controls')) buildLayout();
      byId('title').textContent = l10n.t('Consumption: {0}', scope.title);
      document.title = l10n.t('Consumption: {0}', scope.title);
      fillMetricSelect();
      syncControls();
      saveState();
      const asked = early && status.kind === 'loading' && status.requestId === 1 && JSON.stringify(early.range) === JSON.stringify(view.range) && early.metric === view.metric;
      if (asked) renderStatus();
      else load();
      if (held) {
        const m = held;
        held = undefined;
        onMessage(m);
      }
      break;
    }
    case 'progress':
      if (status.kind === 'loading' && status.requestId === msg.requestId) {
        // A page arrived: any wait Neon asked for is over.
        status = { kind: 'loading', requestId: status.requestId, pages: msg.pages, projects: msg.projects };
        renderStatus();
      }
      break;
    case 'waiting':
      if (status.kind === 'loading' && status.requestId === msg.requestId) {
        status = { ...status, waitUntil: Date.now() + msg.retryInMs };
        renderStatus();
      }
      break;
    case 'partial':
      // What has arrived so far: drawn while the rest comes; the status still says loading.
      if (msg.requestId !== requestSeq || status.kind !== 'loading') return;
      take(msg, true);
      drawPartialSoon();
      break;
    case 'complete':
      if (msg.requestId !== requestSeq) return;
      // Nothing drawn to keep (the partial was dropped): ask again; the host answers from what it holds.
      if (!partial || !dataset || dataMetric !== msg.metric) return load();
      partial = false;
      // The partial's chart is kept when it was drawn; one still waiting is drawn now, whole.
      partialDraw = undefined;
      renderData({ keepChart: partialDrawn, tablesAfterPaint: true, done: () => setTimeout(() => post({ type: 'drawn', requestId: msg.requestId }), 0) });
      break;
    case 'data':
      if (msg.requestId !== requestSeq) return; // a superseded request
      take(msg, false);
      // Once drawn, tables too: the host fetches the other metrics then, not while the page draws.
      renderData({ tablesAfterPaint: true, done: () => setTimeout(() => post({ type: 'drawn', requestId: msg.requestId }), 0) });
      break;
    case 'unsupported':
      if (msg.requestId !== requestSeq) return;
      partial = false;
      dataset = undefined;
      dataMetric = undefined;
      status = { kind: 'unsupported', message: msg.message };
      renderStatus();
      break;
    case 'error':
      if (msg.requestId !== requestSeq) return;
      // What arrived is on screen before the status says it is all there is.
      partialDraw?.();
      backToDrawnMetric();
      status = { kind: 'error', message: msg.message };
      renderStatus();
      break;
    case 'cancelled':
      if (msg.requestId !== requestSeq) return;
      partialDraw?.();
      backToDrawnMetric();
      status = { kind: 'cancelled' };
      renderStatus();
      break;
    case 'notice':
      byId('status-notice').textContent = msg.message;
      break;
  }
}

/** A metric switch that was stopped or failed: the menu goes back to the metric the chart shows. */
function backToDrawnMetric(): void {
  if (!dataset || partial || dataMetric === undefined || view.metric === dataMetric) return;
  view = { ...view, metric: dataMetric };
  saveState();
  fillMetricSelect();
}

/**
 * A partial is drawn in the next frame rather than at once: when the answer's last page follows
 * close behind (the usual case: the API ends a full page with an empty one), its `complete` is
 * handled first and the chart is drawn once, with its total, instead of twice in two frames.
 */
function drawPartialSoon(): void {
  const draw = () => {
    partialDraw = undefined;
    if (!partial) return;
    renderData();
    partialDrawn = true;
    // The status's counts are the chart's (see renderStatus); a failed or stopped load says its own words.
    if (status.kind === 'loading') renderStatus();
  };
  partialDraw = draw;
  // A hidden page gets no animation frames: then the next task.
  const run = () => (partialDraw === draw ? draw() : undefined);
  if (document.hidden) setTimeout(run, 0);
  else requestAnimationFrame(run);
}

/**
 * Messages are handled in order once the chart library is there (loadChartLibrary, started
 * below once the page has said it is ready). A handler's error still reaches the page's console
 * as an uncaught error, and the messages after it are handled.
 */
let inbox: Promise<void> = Promise.resolve();
/** Holds a dataset the host sent (one metric's series); the view follows that metric. */
function take(msg: Extract<HostToPage, { type: 'data' | 'partial' }>, isPartial: boolean): void {
  dataset = msg.dataset as ConsumptionDataset;
  dataMetric = msg.metric;
  partial = isPartial;
  partialDraw = undefined;
  partialDrawn = false;
  partialPages = msg.type === 'partial' ? msg.pages ?? (status.kind === 'loading' ? status.pages : 0) : 0;
  if (dataset.metrics.includes(msg.metric) && view.metric !== msg.metric) {
    view = { ...view, metric: msg.metric };
    saveState();
  }
}

window.addEventListener('message', (e: MessageEvent) => {
  const msg = parseHostMessage(e.data);
  if (!msg) return;
  inbox = inbox
    .then(() => onMessage(msg))
    .catch((err: unknown) => {
      setTimeout(() => {
        throw err;
      }, 0);
    });
});

/** The metric drawn when a view names none: the menu's first (see fillMetricSelect). */
const firstMetric = () => metricsFor('v2')[0]!.id;

/**
 * The load sent with `ready`, before init: the page already knows the view it will show (its
 * saved one, else the default), so the data is asked for one round trip sooner. Init repeats
 * the load only when it settles on another view (a host view restored without page state).
 */
function earlyLoad(): { range: ViewState['range']; metric: string } {
  const saved = vscode.getState();
  const guess = fitView(isPersistedState(saved) && saved.view ? saved.view : DEFAULT_VIEW);
  const metric = guess.metric ?? firstMetric();
  const requestId = ++requestSeq;
  status = { kind: 'loading', requestId, pages: 0, projects: 0 };
  loadedRange = guess.range;
  post({ type: 'load', requestId, range: guess.range, metric });
  return { range: guess.range, metric };
}

post({ type: 'ready' });
const early: { range: ViewState['range']; metric: string } | undefined = earlyLoad();
inbox = loadChartLibrary().then(
  () => void requestIdleCallback(warmUpForView),
  (err: unknown) => console.error('The chart library did not load:', err),
);

/**
 * A throwaway chart of the view's granularity, drawn off the page while the page has nothing
 * else to do (waiting for the data, which is most of the wait at Neon's latencies): the first
 * chart in a page compiles uPlot's drawing code and sets up its canvas, its font and the theme's
 * colours, and that is then done before the data comes rather than after. Not when the data came
 * first: its chart has done all that already.
 */
function warmUpForView(): void {
  if (dataset || chart || !early) return;
  const range = resolveRangeSpec(early.range, Date.now());
  if (!range.ok) return;
  try {
    warmUpChart(currentTheme(), range.range.granularity);
  } catch (err) {
    // Only a head start: the real chart is drawn either way.
    console.error('The chart warm-up failed:', err);
  }
}
