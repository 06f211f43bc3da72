/**
 * The consumption webview panel: one per scope (a second open reveals it), CSP with a nonce,
 * its script and style inside the page (no local resource may load), the host fetches (the page never sees an API
 * key), CSV export through the save dialog, restore after a window reload. A removed account's
 * panels close: their Refresh could never work again.
 */
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as vscode from 'vscode';
import type { ConsumptionClient } from '../../consumption/load';
import { csvFileName, toCsv } from '../../consumption/csv';
import { metricDef } from '../../consumption/metrics';
import { pageHtml } from './html';
import { DEFAULT_VIEW } from './defaultView';
import { PersistedStateSchema, type Scope, type ViewState } from './messages';
import { ConsumptionSession } from './session';
import type { Prompter } from '../../ui/prompt';

export const CONSUMPTION_VIEW_TYPE = 'neonExplorer.consumption';

export interface ConsumptionPanelContext {
  extensionUri: vscode.Uri;
  /** The extension's log (redacting): malformed page messages and load failures are written here. */
  log: { info(m: string): void; warn(m: string): void; error(m: string): void };
  /** The extension's prompter, so the save dialog and its notice go where every other one goes. */
  prompt: Prompter;
  /** Whether an account is still added (a panel restored after a reload for a removed one closes). */
  hasAccount?(accountId: string): boolean;
  /** Tells the page to write what it drew as data attributes (the test host only). */
  markCharts?: boolean;
}

export type ConsumptionScope = { accountId: string; orgId?: string; projectId?: string; title: string };
export type GetConsumptionClient = (accountId: string) => Promise<ConsumptionClient | undefined>;

const open = new Map<string, { panel: vscode.WebviewPanel; session: ConsumptionSession; scope: ConsumptionScope }>();

function scopeKey(s: ConsumptionScope): string {
  return `${s.accountId}\u0000${s.orgId ?? ''}\u0000${s.projectId ?? ''}`;
}

function panelTitle(s: ConsumptionScope): string {
  return vscode.l10n.t('Consumption: {0}', s.title);
}

function webviewOptions(): vscode.WebviewOptions {
  // The page's script and style travel inside it: it may load nothing from disk.
  return { enableScripts: true, localResourceRoots: [] };
}

/** The page's script and style, read once per extension folder (a reload reads a rebuilt page). */
let assets: { root: string; script: string; style: string } | undefined;
function pageAssets(extensionUri: vscode.Uri): { script: string; style: string } {
  const root = extensionUri.fsPath;
  if (assets?.root !== root) {
    const read = (...parts: string[]) => fs.readFileSync(vscode.Uri.joinPath(extensionUri, ...parts).fsPath, 'utf8');
    assets = { root, script: read('dist', 'webviews', 'consumption.js'), style: read('media', 'consumption.css') };
  }
  return assets;
}

function render(panel: vscode.WebviewPanel, ctx: ConsumptionPanelContext, scope: ConsumptionScope): void {
  const webview = panel.webview;
  const { script, style } = pageAssets(ctx.extensionUri);
  webview.html = pageHtml({
    nonce: randomBytes(24).toString('base64'),
    title: panelTitle(scope),
    l10nBundle: vscode.l10n.bundle,
    language: vscode.env.language,
    script,
    style,
  });
}

export const OPEN_EXPORT = vscode.l10n.t('Open');
export const REVEAL_EXPORT = vscode.l10n.t('Reveal');

/** "Compute consumption (CU-hours)": the metric as people read it, never its API name. */
export function exportLabel(metric: string): string {
  const def = metricDef(metric);
  return def.unit ? vscode.l10n.t('{0} consumption ({1})', def.label, def.unit) : vscode.l10n.t('{0} consumption', def.label);
}

async function saveCsv(scope: ConsumptionScope, ctx: ConsumptionPanelContext, ...[dataset, metric]: Parameters<typeof toCsv>): Promise<string | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir());
  const target = await ctx.prompt.saveDialog({
    defaultUri: vscode.Uri.joinPath(folder, csvFileName(scope.title, dataset, metric)),
    filters: { 'CSV (comma-separated values)': ['csv'] },
    saveLabel: vscode.l10n.t('Export'),
    title: vscode.l10n.t('Export {0} as CSV', exportLabel(metric)),
  });
  if (!target) return undefined;
  await vscode.workspace.fs.writeFile(target, Buffer.from(toCsv(dataset, metric), 'utf8'));
  ctx.log.info(`consumption: exported ${metric} to ${target.fsPath}`);
  void ctx.prompt.message('info', vscode.l10n.t('{0} exported to {1}.', exportLabel(metric), vscode.workspace.asRelativePath(target)), {}, OPEN_EXPORT, REVEAL_EXPORT).then(
    (choice) => {
      if (choice === OPEN_EXPORT) return vscode.window.showTextDocument(target, { preview: false });
      // The OS file manager on the desktop; in a browser (code-server) VS Code's own Explorer.
      if (choice === REVEAL_EXPORT) return vscode.commands.executeCommand(vscode.env.uiKind === vscode.UIKind.Desktop ? 'revealFileInOS' : 'revealInExplorer', target);
      return undefined;
    },
    () => undefined,
  );
  return target.fsPath;
}

/** Connects a panel (new or restored) to a session; returns the panel. */
function attach(panel: vscode.WebviewPanel, ctx: ConsumptionPanelContext, scope: ConsumptionScope, getClient: GetConsumptionClient, view?: ViewState): vscode.WebviewPanel {
  const key = scopeKey(scope);
  const session = new ConsumptionSession({
    scope: scope as Scope,
    getClient,
    post: (msg) => void panel.webview.postMessage(msg).then(undefined, () => undefined),
    log: { info: (m) => ctx.log.info(m), warn: (m) => ctx.log.warn(m), error: (m) => ctx.log.error(m) },
    exportCsv: (ds, metric) => saveCsv(scope, ctx, ds, metric),
    ...(view ? { view } : {}),
    ...(ctx.markCharts ? { markCharts: true } : {}),
  });
  open.set(key, { panel, session, scope });
  const subs: vscode.Disposable[] = [
    panel.webview.onDidReceiveMessage((raw: unknown) => {
      session.handle(raw).catch((err: unknown) => ctx.log.error(`consumption: ${err instanceof Error ? err.message : String(err)}`));
    }),
  ];
  panel.onDidDispose(() => {
    session.dispose();
    if (open.get(key)?.panel === panel) open.delete(key);
    subs.forEach((d) => d.dispose());
  });
  panel.title = panelTitle(scope);
  // The page asks for its saved view's range and metric (else the default) once its script runs;
  // fetching them now, before the page's HTML is set, overlaps those requests with its start.
  session.prefetch((view ?? DEFAULT_VIEW).range, view?.metric);
  render(panel, ctx, scope);
  return panel;
}

/**
 * Opens (or reveals) the consumption panel of an organization or a project. `getClient` gives
 * the API client of an account when it is signed in (undefined otherwise).
 */
export function openConsumptionPanel(
  ctx: ConsumptionPanelContext,
  scope: { accountId: string; orgId?: string; projectId?: string; title: string },
  getClient: (accountId: string) => Promise<ConsumptionClient | undefined>,
): vscode.WebviewPanel {
  const existing = open.get(scopeKey(scope));
  if (existing) {
    existing.panel.reveal();
    return existing.panel;
  }
  const panel = vscode.window.createWebviewPanel(CONSUMPTION_VIEW_TYPE, panelTitle(scope), vscode.ViewColumn.Active, {
    ...webviewOptions(),
    // Off: the page keeps its view in webview state and the host caches answers for 5 minutes,
    // so a hidden panel costs no memory and comes back quickly.
    retainContextWhenHidden: false,
    enableFindWidget: false,
  });
  return attach(panel, ctx, scope, getClient);
}

/**
 * Restores consumption panels after a window reload. The saved state holds scope ids and the
 * view only (validated here); data is fetched again. Needs the activation event
 * `onWebviewPanel:neonExplorer.consumption`.
 */
export function registerConsumptionSerializer(ctx: ConsumptionPanelContext, getClient: GetConsumptionClient): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(CONSUMPTION_VIEW_TYPE, {
    deserializeWebviewPanel: (panel: vscode.WebviewPanel, state: unknown) => restoreConsumptionPanel(ctx, getClient, panel, state),
  });
}

/** One panel VS Code brings back after a reload: shown again from its saved scope and view, or closed. */
export async function restoreConsumptionPanel(ctx: ConsumptionPanelContext, getClient: GetConsumptionClient, panel: vscode.WebviewPanel, state: unknown): Promise<void> {
  const parsed = PersistedStateSchema.safeParse(state);
  if (!parsed.success) {
    ctx.log.warn('consumption: a restored panel had no usable state; closing it');
    panel.dispose();
    return;
  }
  const { scope, view } = parsed.data;
  if (ctx.hasAccount && !ctx.hasAccount(scope.accountId)) {
    ctx.log.info(`consumption: not restoring the panel of ${scope.title}: its account was removed`);
    panel.dispose();
    return;
  }
  const existing = open.get(scopeKey(scope));
  if (existing) {
    panel.dispose();
    existing.panel.reveal();
    return;
  }
  panel.webview.options = webviewOptions();
  attach(panel, ctx, scope, getClient, view);
}

/** Closes the panels of every account `isGone` says was removed; returns how many closed. */
export function closeConsumptionPanelsOfGoneAccounts(isGone: (accountId: string) => boolean): number {
  let closed = 0;
  for (const { panel, scope } of [...open.values()]) {
    if (!isGone(scope.accountId)) continue;
    panel.dispose();
    closed++;
  }
  return closed;
}
