/**
 * Loads the real consumption page (real HTML, real CSP, real bundle) in headless Chromium with a
 * fake `acquireVsCodeApi` that plays the host with fixture data.
 */
import * as esbuild from 'esbuild';
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import { type AddressInfo } from 'net';
import { type Browser, chromium, type Page } from 'playwright-core';
import { makeNonce, pageHtml } from '../../src/webviews/consumption/html';
import type { ConsumptionDataset } from '../../src/consumption/shape';
import type { Scope } from '../../src/webviews/consumption/messages';

export const ROOT = path.resolve(__dirname, '..', '..');
export const BUNDLE = path.join(ROOT, 'dist', 'webviews', 'consumption.js');
const UPLOT_PLUGIN = path.join(ROOT, 'scripts', 'uplot-lazy-intl.js');
export const CSS = path.join(ROOT, 'media', 'consumption.css');
export const RESULTS = path.join(ROOT, 'test-results');

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

function newestMtime(dir: string): number {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

/** Builds dist/webviews/consumption.js when it is missing or older than the sources. */
export async function ensureBundle(): Promise<void> {
  const srcTime = Math.max(...['webviews/consumption', 'consumption', 'testing'].map((d) => newestMtime(path.join(ROOT, 'src', d))), fs.statSync(UPLOT_PLUGIN).mtimeMs);
  if (fs.existsSync(BUNDLE) && fs.statSync(BUNDLE).mtimeMs >= srcTime) return;
  await esbuild.build({
    entryPoints: [path.join(ROOT, 'src', 'webviews', 'consumption', 'page', 'main.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    outfile: BUNDLE,
    logLevel: 'silent',
    // As esbuild.js builds the page: uPlot makes no Intl object until one is used.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS build script, shared with esbuild.js
    plugins: [require(UPLOT_PLUGIN) as esbuild.Plugin],
  });
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
}

export interface Served {
  origin: string;
  nonce: string;
  close(): Promise<void>;
}

/** Mocha hooks for a describe block: one Chromium and one page server, closed after it. `l10nBundle`, `language`: the page's translations and `<html lang>`, as the panel passes them. */
export function useChromiumAndPage(title: string, l10nBundle?: Record<string, string>, language?: string): { browser(): Browser; served(): Served } {
  let browser: Browser | undefined;
  let served: Served | undefined;
  before(async function () {
    await ensureBundle();
    browser = await launchChromium();
    served = await servePage(title, undefined, l10nBundle, language);
  });
  after(async () => {
    await browser?.close();
    await served?.close();
  });
  return { browser: () => browser!, served: () => served! };
}

/** Serves the page as the panel builds it: its script and style inside, under the nonce. `bundle`: the script's file, read for each page (a bench alternates two). */
export async function servePage(title = 'Consumption — Acme', bundle: () => string = () => BUNDLE, l10nBundle?: Record<string, string>, language?: string): Promise<Served> {
  const nonce = makeNonce();
  const server = http.createServer((req, res) => {
    const url = (req.url ?? '/').split('?')[0];
    if (url === '/' || url === '/index.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      // Read per page: a test run may rebuild the bundle (ensureBundle).
      res.end(pageHtml({ nonce, title, script: fs.readFileSync(bundle(), 'utf8'), style: fs.readFileSync(CSS, 'utf8'), ...(l10nBundle ? { l10nBundle } : {}), ...(language ? { language } : {}) }));
    } else if (url === '/favicon.ico') {
      res.writeHead(204);
      res.end();
    } else if (url === '/evil.js') {
      // Same origin as the page, no nonce: the CSP must refuse it.
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end('window.__evilLoaded = true;');
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, nonce, close: () => new Promise((r) => server.close(() => r())) };
}

/** `partial`: a load gets a progress and a `partial` of the first `partialProjects` projects, then nothing (the test posts the rest). */
export type HostMode = 'data' | 'error' | 'unsupported' | 'hang' | 'partial';

export interface FakeHostConfig {
  scope: Scope;
  mode: HostMode;
  dataset?: ConsumptionDataset;
  errorMessage?: string;
  unsupportedMessage?: string;
  theme: 'dark' | 'light';
  savedState?: unknown;
  /** The view the host sends with init (as after a window reload). */
  initView?: unknown;
  /** Sent with init: the page writes what it drew as data attributes (default true, as the test host). */
  markCharts?: boolean;
  /** Mode `partial`: how many of the dataset's projects the partial has (default all). */
  partialProjects?: number;
  /** `hang`: a metric switch is never answered (the host still fetching the other metrics). */
  metricMode?: 'hang';
}

export const THEMES: Record<'dark' | 'light', Record<string, string>> = {
  dark: {
    '--vscode-foreground': '#cccccc',
    '--vscode-editor-foreground': '#d4d4d4',
    '--vscode-editor-background': '#1e1e1e',
    '--vscode-descriptionForeground': '#9d9d9d',
    '--vscode-panel-border': '#3c3c3c',
    '--vscode-editorWidget-border': '#454545',
    '--vscode-focusBorder': '#007fd4',
    '--vscode-button-background': '#0e639c',
    '--vscode-button-foreground': '#ffffff',
    '--vscode-button-hoverBackground': '#1177bb',
    '--vscode-button-secondaryBackground': '#3a3d41',
    '--vscode-button-secondaryForeground': '#ffffff',
    '--vscode-dropdown-background': '#3c3c3c',
    '--vscode-dropdown-foreground': '#f0f0f0',
    '--vscode-dropdown-border': '#3c3c3c',
    '--vscode-input-background': '#3c3c3c',
    '--vscode-input-foreground': '#cccccc',
    '--vscode-errorForeground': '#f48771',
    '--vscode-textLink-foreground': '#3794ff',
    '--vscode-progressBar-background': '#0e70c0',
    '--vscode-textBlockQuote-background': '#222222',
    '--vscode-list-hoverBackground': '#2a2d2e',
    '--vscode-charts-blue': '#3794ff',
    '--vscode-charts-orange': '#d18616',
    '--vscode-charts-green': '#89d185',
    '--vscode-charts-purple': '#b180d7',
    '--vscode-charts-red': '#f14c4c',
    '--vscode-charts-yellow': '#cca700',
    '--vscode-terminal-ansiCyan': '#11a8cd',
    '--vscode-terminal-ansiMagenta': '#bc3fbc',
    '--vscode-terminal-ansiBrightBlue': '#3b8eea',
    '--vscode-terminal-ansiBrightGreen': '#23d18b',
    '--vscode-font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif',
    '--vscode-font-size': '13px',
  },
  light: {
    '--vscode-foreground': '#616161',
    '--vscode-editor-foreground': '#3b3b3b',
    '--vscode-editor-background': '#ffffff',
    '--vscode-descriptionForeground': '#717171',
    '--vscode-panel-border': '#e5e5e5',
    '--vscode-editorWidget-border': '#c8c8c8',
    '--vscode-focusBorder': '#0090f1',
    '--vscode-button-background': '#007acc',
    '--vscode-button-foreground': '#ffffff',
    '--vscode-button-hoverBackground': '#0062a3',
    '--vscode-button-secondaryBackground': '#e5e5e5',
    '--vscode-button-secondaryForeground': '#3b3b3b',
    '--vscode-dropdown-background': '#ffffff',
    '--vscode-dropdown-foreground': '#3b3b3b',
    '--vscode-dropdown-border': '#cecece',
    '--vscode-input-background': '#ffffff',
    '--vscode-input-foreground': '#3b3b3b',
    '--vscode-errorForeground': '#a1260d',
    '--vscode-textLink-foreground': '#006ab1',
    '--vscode-progressBar-background': '#0e70c0',
    '--vscode-textBlockQuote-background': '#f2f2f2',
    '--vscode-list-hoverBackground': '#e8e8e8',
    '--vscode-charts-blue': '#1a85ff',
    '--vscode-charts-orange': '#d18616',
    '--vscode-charts-green': '#388a34',
    '--vscode-charts-purple': '#652d90',
    '--vscode-charts-red': '#e51400',
    '--vscode-charts-yellow': '#bf8803',
    '--vscode-terminal-ansiCyan': '#0598bc',
    '--vscode-terminal-ansiMagenta': '#bc05bc',
    '--vscode-terminal-ansiBrightBlue': '#0451a5',
    '--vscode-terminal-ansiBrightGreen': '#14ce14',
    '--vscode-font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif',
    '--vscode-font-size': '13px',
  },
};

/**
 * Runs in the page before any of its scripts: applies a theme the way VS Code does (CSS
 * variables on <html> through CSSOM, `vscode-dark`/`vscode-light` on <body>) and defines the
 * fake `acquireVsCodeApi`.
 */
function fakeVsCode(arg: { cfg: FakeHostConfig; themes: typeof THEMES }): void {
  const w = window as unknown as Record<string, unknown> & Window;
  const applyTheme = (kind: 'dark' | 'light') => {
    const root = document.documentElement;
    for (const [k, v] of Object.entries(arg.themes[kind])) root.style.setProperty(k, v);
    if (document.body) {
      document.body.classList.remove('vscode-dark', 'vscode-light');
      document.body.classList.add(`vscode-${kind}`);
      document.body.setAttribute('data-vscode-theme-kind', `vscode-${kind}`);
    }
  };
  w.__applyTheme = applyTheme;
  const mo = new MutationObserver(() => {
    if (document.documentElement && document.body) {
      applyTheme(arg.cfg.theme);
      mo.disconnect();
    }
  });
  mo.observe(document, { childList: true, subtree: true });

  const sent: unknown[] = [];
  w.__sent = sent;
  w.__cfg = arg.cfg;
  let state: unknown = arg.cfg.savedState;
  const reply = (m: unknown) => setTimeout(() => window.postMessage(m, '*'), 5);
  // Like the real host (session.ts): the page gets the series of one metric; it asks for another.
  const slice = (ds: ConsumptionDataset, metric: string | undefined) => {
    const m = metric !== undefined && ds.metrics.includes(metric) ? metric : ds.metrics[0] ?? '';
    return { metric: m, dataset: { ...ds, projects: ds.projects.map((p) => ({ id: p.id, name: p.name, values: p.values[m] ? { [m]: p.values[m] } : {} })) } };
  };
  const host = (m: { type: string; requestId?: number; metric?: string }) => {
    const cfg = w.__cfg as FakeHostConfig;
    if (m.type === 'ready') reply({ type: 'init', scope: cfg.scope, now: Date.now(), markCharts: cfg.markCharts ?? true, ...(cfg.initView ? { view: cfg.initView } : {}) });
    if (m.type === 'metric' && cfg.metricMode !== 'hang') reply({ type: 'data', requestId: m.requestId, ...slice(cfg.dataset!, m.metric) });
    if (m.type === 'load') {
      if (cfg.mode === 'data') {
        reply({ type: 'progress', requestId: m.requestId, api: cfg.dataset!.api, pages: 1, projects: cfg.dataset!.projects.length });
        reply({ type: 'data', requestId: m.requestId, ...slice(cfg.dataset!, m.metric) });
      } else if (cfg.mode === 'error') reply({ type: 'error', requestId: m.requestId, message: cfg.errorMessage ?? 'boom' });
      else if (cfg.mode === 'unsupported') reply({ type: 'unsupported', requestId: m.requestId, message: cfg.unsupportedMessage ?? 'no' });
      else if (cfg.mode === 'partial') {
        const some = { ...cfg.dataset!, projects: cfg.dataset!.projects.slice(0, cfg.partialProjects ?? cfg.dataset!.projects.length) };
        reply({ type: 'progress', requestId: m.requestId, api: some.api, pages: 1, projects: some.projects.length });
        reply({ type: 'partial', requestId: m.requestId, ...slice(some, m.metric) });
      }
      else reply({ type: 'progress', requestId: m.requestId, api: 'v2', pages: 2, projects: 200 });
    }
    if (m.type === 'cancel') reply({ type: 'cancelled', requestId: m.requestId });
  };
  w.acquireVsCodeApi = () => ({
    postMessage: (m: { type: string }) => {
      sent.push(JSON.parse(JSON.stringify(m)));
      host(m);
    },
    getState: () => state,
    setState: (s: unknown) => {
      state = s;
      w.__state = s;
    },
  });
}

export interface PageOptions {
  viewport?: { width: number; height: number };
  /** Script run in the page before its own (after the fake VS Code API). */
  initScript?: string;
}

export async function openPage(browser: Browser, served: Served, cfg: FakeHostConfig, opts: PageOptions = {}): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1100, height: 900 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  // As a string: tsx (esbuild keepNames) wraps named functions in `__name(...)`, which does not
  // exist in the page, so a shim goes first.
  await page.addInitScript({ content: `var __name = (f) => f;\n(${fakeVsCode.toString()})(${JSON.stringify({ cfg, themes: THEMES })});` });
  if (opts.initScript) await page.addInitScript({ content: opts.initScript });
  await page.goto(served.origin + '/');
  return { page, errors };
}

export function ensureResultsDir(): string {
  fs.mkdirSync(RESULTS, { recursive: true });
  return RESULTS;
}
