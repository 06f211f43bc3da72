// Client for the launcher's browser endpoint (test/launcher/browser-endpoint.js): lets a test in
// the extension host read what the workbench page shows, webview iframes included, and take a
// screenshot. Only the code-server launcher has one; under electron these helpers are absent and
// tests that need them skip (skipUnlessBrowser).
import * as http from 'http';

export interface FrameText {
  url: string;
  name: string;
  text: string;
}

export function browserPort(): number | undefined {
  const p = Number(process.env.NEON_TEST_BROWSER_PORT);
  return Number.isInteger(p) && p > 0 ? p : undefined;
}

export function browserAvailable(): boolean {
  return browserPort() !== undefined;
}

/**
 * Skips the current test (or suite, from a before hook) when no browser page is reachable; in CI
 * (code-server + chromium: no display for a desktop VS Code) that is a failure, not a skip.
 */
export function skipUnlessBrowser(ctx: Mocha.Context): void {
  if (!browserAvailable()) {
    if (process.env.CI === 'true') throw new Error('no browser page to read in CI: the code-server launcher must provide one (NEON_TEST_BROWSER_PORT)');
    console.log('      (skipped: no browser page to read: the electron launcher has none; run with NEON_TEST_LAUNCHER=code-server)');
    ctx.skip();
  }
}

function post<T>(route: string, body: unknown, timeoutMs = 30_000): Promise<T> {
  const port = browserPort();
  if (!port) return Promise.reject(new Error('NEON_TEST_BROWSER_PORT is not set: no browser endpoint in this launcher'));
  const data = JSON.stringify(body ?? {});
  return new Promise<T>((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: route,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) },
        timeout: timeoutMs,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () => {
          let parsed: { error?: string } & Record<string, unknown>;
          try {
            parsed = JSON.parse(text);
          } catch {
            return reject(new Error(`browser endpoint ${route}: bad response ${res.statusCode}: ${text.slice(0, 200)}`));
          }
          if ((res.statusCode ?? 500) >= 400) return reject(new Error(`browser endpoint ${route}: ${parsed.error ?? res.statusCode}`));
          resolve(parsed as T);
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`browser endpoint ${route} timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(data);
  });
}

/** Text (innerText of body) of every frame of the workbench page, nested webview frames included. */
export async function framesText(urlIncludes?: string): Promise<FrameText[]> {
  const r = await post<{ frames: FrameText[] }>('/frames-text', { urlIncludes });
  return r.frames;
}

/** All frames' text joined, handy for `includes` assertions. */
export async function allText(urlIncludes?: string): Promise<string> {
  return (await framesText(urlIncludes)).map((f) => f.text).join('\n');
}

/** Text of webview frames only (VS Code serves webviews from a separate origin, `webview` in the URL). */
export async function webviewText(): Promise<string> {
  const frames = await framesText();
  return frames
    .filter((f) => /webview|vscode-cdn|vscode-resource/i.test(f.url))
    .map((f) => f.text)
    .join('\n');
}

/** The text of each notification toast on screen now (progress notifications included). */
export async function toastsText(): Promise<string[]> {
  return (await post<{ toasts: string[] }>('/toasts', {})).toasts;
}

/** Saves a PNG screenshot of the whole workbench page to an absolute path. */
export async function screenshot(absPath: string, fullPage = false): Promise<string> {
  const r = await post<{ path: string }>('/screenshot', { path: absPath, fullPage });
  return r.path;
}

export interface PageRequest {
  url: string;
  /** URL of the frame that made it ('' for a worker). */
  frame: string;
  type: string;
  /** HTTP status, 0 when no response came. */
  status: number;
  /** Chromium's reason when it never completed, e.g. net::ERR_BLOCKED_BY_CSP. */
  failure: string;
}

/** Starts recording every request the workbench page and its frames make (drops earlier ones). */
export async function watchRequests(): Promise<void> {
  await post('/requests/watch', {});
}

/** The requests recorded since watchRequests(). */
export async function watchedRequests(): Promise<PageRequest[]> {
  return (await post<{ requests: PageRequest[] }>('/requests', {})).requests;
}

export interface WebviewProbe {
  frame: string;
  csp: string | null;
  injectedRan: boolean;
  fetched: 'sent' | 'blocked';
  violations: { directive: string; blocked: string }[];
}

/** Inside the frame showing `marker`: tries an inline script, a remote image and a remote fetch. */
export async function probeWebview(marker: string): Promise<WebviewProbe> {
  return post<WebviewProbe>('/webview-probe', { marker });
}

/** Posts `messages` to the extension from the webview frame showing `marker`, as its page would. */
export async function postFromWebview(marker: string, messages: unknown[]): Promise<number> {
  return (await post<{ posted: number }>('/webview-post', { marker, messages })).posted;
}

export interface TreeRowShown {
  label: string;
  description: string;
  /** 1 for the view's top rows. */
  level: number;
  expanded: boolean;
  /** What a screen reader says for the row (its aria-label). */
  ariaLabel: string;
}

/** The rows the workbench's side-bar tree renders now (what a person sees); window 1 is the second window. */
export async function treeRowsShown(window: 0 | 1 = 0): Promise<TreeRowShown[]> {
  return (await post<{ rows: TreeRowShown[] }>('/tree-rows', { window })).rows;
}

/**
 * Opens a second workbench window: a second tab of the same browser profile against the same
 * code-server, so with its own extension host, running test/integration/window-agent.ts.
 */
export async function openSecondWindow(): Promise<void> {
  await post('/window/open', {}, 90_000);
}

export async function closeSecondWindow(): Promise<void> {
  await post('/window/close', {});
}

/** Runs `op` in the second window's host (see window-agent.ts) and returns what it answered. */
export async function inSecondWindow<T>(op: string, args: Record<string, unknown> = {}, timeoutMs = 60_000): Promise<T> {
  const r = await post<{ result?: T; error?: string }>('/agent/call', { op, args, timeoutMs }, timeoutMs + 5_000);
  if (r.error !== undefined) throw new Error(`second window: ${r.error}`);
  return r.result as T;
}

/** Notifications the workbench shows (toasts and the notification center). */
export async function notificationsShown(): Promise<{ message: string; severity: 'error' | 'warning' | 'info' }[]> {
  return (await post<{ notifications: { message: string; severity: 'error' | 'warning' | 'info' }[] }>('/notifications', {})).notifications;
}

/** Right-clicks the tree row labelled `label` and returns its context menu's items (then closes it). */
export async function contextMenuOf(label: string, level?: number): Promise<{ label: string; enabled: boolean }[]> {
  const once = async () => (await post<{ items: { label: string; enabled: boolean }[] }>('/context-menu', { label, level })).items;
  // A right-click that opened no menu (seen here while the row's hover card was opening) is tried once more.
  return once().catch(once);
}

/** Presses a key where the keyboard focus is (F2, Delete…); says which tree row had the focus and which was selected. */
export async function pressKey(key: string): Promise<{ focused: string; selected: string }> {
  return post<{ focused: string; selected: string }>('/key', { key });
}

/** The labels of every row of the open quick input (e.g. the command palette), scrolled through. */
export async function quickInputRows(): Promise<string[]> {
  return (await post<{ rows: string[] }>('/quick-input-rows', {})).rows;
}

export interface QuickInputShown {
  visible: boolean;
  title?: string;
  value?: string;
  /** The validation message under the box ('' when none). */
  message?: string;
  /** The label of the active (highlighted) row of a pick. */
  active?: string;
  /** Its Back button is shown. */
  back?: boolean;
}

/** Acts on the open quick input as a person would (type into it, press Back, a key), then reads it. */
export async function quickInput(action: { type?: string; click?: 'back'; press?: string } = {}): Promise<QuickInputShown> {
  return post<QuickInputShown>('/quick-input', action);
}

export interface WalkthroughStep {
  id: string;
  title: string;
  done: boolean;
}

/**
 * The open walkthrough's steps; with `click` (a step id), clicks that step's button first; with
 * `press`, selects the step, focuses its button and presses Enter, as a keyboard user does.
 */
export async function walkthroughSteps(click?: string, press?: string): Promise<WalkthroughStep[]> {
  return (await post<{ steps: WalkthroughStep[] }>('/walkthrough', { ...(click ? { click } : {}), ...(press ? { press } : {}) })).steps;
}

export interface KeyboardFocus {
  where: 'body' | 'quick-input' | 'welcome-view' | 'tree' | 'walkthrough' | string;
  /** A tree row's label. */
  label?: string;
  text?: string;
}

/** Where the page's keyboard focus is now (body: nowhere a key does anything). */
export async function keyboardFocus(): Promise<KeyboardFocus> {
  return post<KeyboardFocus>('/focus', {});
}

/** Types `text` where the keyboard focus is, as a person would; then says where the focus is. */
export async function typeText(text: string): Promise<KeyboardFocus> {
  return post<KeyboardFocus>('/type', { text });
}
