/**
 * panel.ts with a stand-in `vscode` module (the real one only exists inside VS Code): one panel
 * per scope, options, CSP, message wiring, disposal and the serializer.
 */
import { strict as assert } from 'assert';
import * as fs from 'fs';
import Module = require('module');
import * as os from 'os';
import * as path from 'path';

// ------------------------------------------------------------------ a minimal fake of `vscode`
class Uri {
  constructor(readonly fsPath: string, readonly scheme = 'file') {}
  static file(p: string) {
    return new Uri(p);
  }
  static joinPath(u: Uri, ...parts: string[]) {
    return new Uri(path.posix.join(u.fsPath, ...parts), u.scheme);
  }
  toString() {
    return `${this.scheme}://${this.fsPath}`;
  }
}
type Listener<T> = (e: T) => void;
class Emitter<T> {
  private ls: Listener<T>[] = [];
  event = (l: Listener<T>) => {
    this.ls.push(l);
    return { dispose: () => (this.ls = this.ls.filter((x) => x !== l)) };
  };
  fire(e: T) {
    this.ls.forEach((l) => l(e));
  }
}
class FakePanel {
  title: string;
  revealed = 0;
  disposed = false;
  readonly onMessage = new Emitter<unknown>();
  readonly onDispose = new Emitter<void>();
  readonly posted: unknown[] = [];
  webview = {
    html: '',
    options: {} as Record<string, unknown>,
    cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
    asWebviewUri: (u: Uri) => new Uri(u.fsPath, 'https'),
    postMessage: (m: unknown) => {
      this.posted.push(m);
      return Promise.resolve(true);
    },
    onDidReceiveMessage: this.onMessage.event,
  };
  constructor(readonly viewType: string, title: string, readonly options: Record<string, unknown>) {
    this.title = title;
    this.webview.options = options;
  }
  reveal() {
    this.revealed++;
  }
  onDidDispose = this.onDispose.event;
  dispose() {
    if (this.disposed) return;
    this.disposed = true;
    this.onDispose.fire();
  }
}
const created: FakePanel[] = [];
let serializer: { deserializeWebviewPanel(p: FakePanel, state: unknown): Promise<void> } | undefined;
const fakeVscode = {
  Uri,
  // English, as the host without a language pack: the message with its {0}… filled in.
  env: { language: 'en' },
  l10n: { bundle: undefined, t: (message: string, ...args: unknown[]) => message.replace(/\{(\d+)\}/g, (_m, i: string) => String(args[Number(i)])) },
  ViewColumn: { Active: -1 },
  window: {
    createWebviewPanel: (viewType: string, title: string, _col: number, options: Record<string, unknown>) => {
      const p = new FakePanel(viewType, title, options);
      created.push(p);
      return p;
    },
    registerWebviewPanelSerializer: (_t: string, s: typeof serializer) => {
      serializer = s;
      return { dispose: () => (serializer = undefined) };
    },
    showSaveDialog: async () => undefined,
    showInformationMessage: async () => undefined,
  },
  workspace: { workspaceFolders: undefined, fs: { writeFile: async () => undefined }, asRelativePath: (u: Uri) => u.fsPath },
};
const M = Module as unknown as { _load: (req: string, ...rest: unknown[]) => unknown };
const realLoad = M._load;
M._load = function (req: string, ...rest: unknown[]) {
  if (req === 'vscode') return fakeVscode;
  return realLoad.call(this, req, ...rest);
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const panelModule = require('../../src/webviews/consumption/panel') as typeof import('../../src/webviews/consumption/panel');
M._load = realLoad;

const logs: string[] = [];
const log = { info: (m: string) => logs.push(`info ${m}`), warn: (m: string) => logs.push(`warn ${m}`), error: (m: string) => logs.push(`error ${m}`) };
// An extension folder holding a page script and style with markers, so the test can find them in the HTML.
const EXT = fs.mkdtempSync(path.join(os.tmpdir(), 'neon-panel-'));
fs.mkdirSync(path.join(EXT, 'dist', 'webviews'), { recursive: true });
fs.mkdirSync(path.join(EXT, 'media'));
fs.writeFileSync(path.join(EXT, 'dist', 'webviews', 'consumption.js'), 'window.__pageScriptMarker = 1;');
fs.writeFileSync(path.join(EXT, 'media', 'consumption.css'), 'body { --page-style-marker: 1; }');
const ctx = { extensionUri: Uri.file(EXT), log } as unknown as Parameters<typeof panelModule.openConsumptionPanel>[0];
const tick = () => new Promise((r) => setTimeout(r, 10));

describe('consumption panel (stand-in vscode)', () => {
  const scope = { accountId: 'acc-1', orgId: 'org-morning-bread-81040908', title: 'Acme Inc' };

  it('opens one panel per scope with safe options and a nonce CSP', () => {
    const p = panelModule.openConsumptionPanel(ctx, scope, async () => undefined) as unknown as FakePanel;
    assert.equal(p.viewType, 'neonExplorer.consumption');
    assert.equal(p.title, 'Consumption: Acme Inc');
    assert.equal(p.options.enableScripts, true);
    assert.equal(p.options.retainContextWhenHidden, false);
    assert.deepEqual(p.options.localResourceRoots, [], 'the page may load nothing from disk');
    const html = p.webview.html;
    const nonce = /script-src 'nonce-([^']+)'/.exec(html)![1]!;
    assert.ok(nonce.length >= 32);
    assert.ok(html.includes(`default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; img-src data:; base-uri 'none'; form-action 'none'`));
    assert.ok(html.includes(`<script nonce="${nonce}">window.__pageScriptMarker = 1;</script>`), 'the script is in the page, under the nonce');
    assert.ok(html.includes(`<style nonce="${nonce}">body { --page-style-marker: 1; }</style>`), 'the style is in the page, under the nonce');
    assert.ok(!/\bsrc=|\bhref=/.test(html), 'nothing is loaded by reference');
    assert.ok(!/https?:\/\//.test(html), 'no remote content');
    const again = panelModule.openConsumptionPanel(ctx, scope, async () => undefined) as unknown as FakePanel;
    assert.equal(again, p);
    assert.equal(p.revealed, 1);
    const other = panelModule.openConsumptionPanel(ctx, { ...scope, projectId: 'hidden-cell-76330112', title: 'acme-web' }, async () => undefined) as unknown as FakePanel;
    assert.notEqual(other, p);
    assert.equal(other.title, 'Consumption: acme-web');
    const nonce2 = /nonce-([^']+)/.exec(other.webview.html)![1];
    assert.notEqual(nonce2, nonce, 'a fresh nonce per page');
    p.dispose();
    other.dispose();
  });

  it('wires page messages to the session and drops malformed ones', async () => {
    const p = panelModule.openConsumptionPanel(ctx, scope, async () => undefined) as unknown as FakePanel;
    p.onMessage.fire({ type: 'ready' });
    await tick();
    assert.equal((p.posted[0] as { type: string }).type, 'init');
    p.onMessage.fire({ type: 'load', requestId: 1, range: { kind: 'preset', preset: '7d' } });
    await tick();
    assert.deepEqual(p.posted[1], { type: 'error', requestId: 1, message: 'This account was removed from Neon Explorer. Add its API key again (Add Neon API Key… in the Neon view), then choose Retry.' });
    p.onMessage.fire({ type: 'evil', payload: '<script>' });
    await tick();
    assert.equal(p.posted.length, 2);
    assert.ok(logs.some((l) => l.startsWith('warn consumption page: dropped a malformed message')));
    p.dispose();
    // After disposal a new open creates a new panel.
    const q = panelModule.openConsumptionPanel(ctx, scope, async () => undefined) as unknown as FakePanel;
    assert.notEqual(q, p);
    q.dispose();
  });

  it('restores a panel from saved state after a reload, and closes one with bad state', async () => {
    const d = panelModule.registerConsumptionSerializer(ctx, async () => undefined);
    const restored = new FakePanel('neonExplorer.consumption', 'old title', {});
    const view = { range: { kind: 'preset', preset: '12m' }, mode: 'projects', sort: { key: 'name', dir: 'asc' } };
    await serializer!.deserializeWebviewPanel(restored, { scope, view });
    assert.equal(restored.title, 'Consumption: Acme Inc');
    assert.equal(restored.webview.options.enableScripts, true);
    assert.match(restored.webview.html, /Content-Security-Policy/);
    restored.onMessage.fire({ type: 'ready' });
    await tick();
    assert.deepEqual((restored.posted[0] as { view: unknown }).view, view, 'the saved view comes back');
    // The restored panel is the one for its scope now.
    assert.equal(panelModule.openConsumptionPanel(ctx, scope, async () => undefined), restored as unknown);
    const bad = new FakePanel('neonExplorer.consumption', 'x', {});
    await serializer!.deserializeWebviewPanel(bad, { scope: { accountId: 'a', orgId: 'NOT VALID', title: 't' }, apiKey: 'napi_secret' });
    assert.equal(bad.disposed, true);
    restored.dispose();
    d.dispose();
  });

  it("closes a removed account's panels (and only those); a restored panel of a removed account closes", async () => {
    const a = panelModule.openConsumptionPanel(ctx, scope, async () => undefined) as unknown as FakePanel;
    const a2 = panelModule.openConsumptionPanel(ctx, { ...scope, projectId: 'hidden-cell-76330112', title: 'acme-web' }, async () => undefined) as unknown as FakePanel;
    const b = panelModule.openConsumptionPanel(ctx, { ...scope, accountId: 'acc-2' }, async () => undefined) as unknown as FakePanel;
    assert.equal(panelModule.closeConsumptionPanelsOfGoneAccounts((id) => id === 'acc-1'), 2);
    assert.deepEqual([a.disposed, a2.disposed, b.disposed], [true, true, false]);
    assert.equal(panelModule.closeConsumptionPanelsOfGoneAccounts((id) => id === 'acc-1'), 0, 'nothing left to close');
    b.dispose();

    const d = panelModule.registerConsumptionSerializer({ ...ctx, hasAccount: (id: string) => id !== 'acc-1' }, async () => undefined);
    const gone = new FakePanel('neonExplorer.consumption', 'x', {});
    await serializer!.deserializeWebviewPanel(gone, { scope, view: { range: { kind: 'preset', preset: '12m' }, mode: 'projects', sort: { key: 'name', dir: 'asc' } } });
    assert.equal(gone.disposed, true);
    assert.ok(logs.some((l) => l === 'info consumption: not restoring the panel of Acme Inc: its account was removed'));
    d.dispose();
  });
});
