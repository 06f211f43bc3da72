// The second workbench window's side of the two-windows test. The code-server launcher opens a
// second tab (same browser profile, same server: its own extension host) whose
// extensionTestsPath is this file instead of the suite. run() takes calls that the test in the
// first window relays through the launcher's browser endpoint, runs them against this window's
// extension (its real account store, tree and commands) and answers; it never writes the first
// window's stores itself. Keys never travel back: only a digest of each key this window holds.
import { createHash } from 'crypto';
import * as http from 'http';
import * as vscode from 'vscode';
import type { NeonAccountStore } from '../../src/accounts/store';
import { getTesting } from './helpers/extension';
import type { Testing } from './tree.support';

function post<T>(route: string, body: unknown, timeoutMs: number): Promise<T> {
  const port = Number(process.env.NEON_TEST_BROWSER_PORT);
  const data = JSON.stringify(body ?? {});
  return new Promise<T>((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: route, method: 'POST', timeout: timeoutMs, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () => {
          try {
            resolve(JSON.parse(text) as T);
          } catch {
            reject(new Error(`${route}: bad response ${res.statusCode}`));
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${route} timed out`)));
    req.on('error', reject);
    req.end(data);
  });
}

export const digest = (key: string | undefined) => (key ? createHash('sha256').update(key).digest('hex').slice(0, 16) : undefined);

type Call = { id: number; op: string; args?: Record<string, unknown> };

async function handle(t: Testing, call: Call): Promise<unknown> {
  const store = t.services.accounts as NeonAccountStore;
  const a = call.args ?? {};
  switch (call.op) {
    case 'ready':
      await vscode.commands.executeCommand('neonExplorer.accounts.focus');
      return { accounts: store.list().length };
    case 'state': {
      const accounts = await Promise.all(
        store.list().map(async (x) => ({ id: x.id, label: x.label, key: digest(await store.getKey(x.id).catch(() => undefined)), elsewhere: store.keyInOtherWindow(x.id) })),
      );
      return { accounts, synced: store.syncedFromOtherWindows };
    }
    case 'add': {
      // The person's way: the command, the key box, the name box.
      const before = new Set(store.list().map((x) => x.id));
      t.prompt.reset();
      t.prompt.script({ input: String(a.key) }, { input: String(a.label ?? '') });
      await vscode.commands.executeCommand('neonExplorer.addAccount');
      const error = t.prompt.shown.filter((m) => m.kind === 'error').pop();
      return { id: store.list().find((x) => !before.has(x.id))?.id, error: error?.text, buttons: error?.buttons };
    }
    case 'remove':
      // Accounts this window added (their keys are in its secret storage): removed here.
      // ("all" at the end of a run: what this window can remove; a refusal leaves the rest to the first window.)
      for (const id of a.ids === 'all' ? store.list().map((x) => x.id) : ((a.ids as string[] | undefined) ?? [])) {
        if (store.get(id)) await store.remove(id).catch((e: unknown) => (a.ids === 'all' ? undefined : Promise.reject(e)));
      }
      return { accounts: store.list().length };
    default:
      throw new Error(`unknown op ${call.op}`);
  }
}

export async function run(): Promise<void> {
  const t = await getTesting();
  console.log('[window 2] agent ready');
  for (;;) {
    let call: Call | undefined;
    try {
      call = (await post<{ call?: Call }>('/agent/poll', {}, 30_000)).call;
    } catch {
      return; // the endpoint closed: the run is over
    }
    if (!call) continue;
    if (call.op === 'stop') {
      await post('/agent/result', { id: call.id, result: true }, 10_000).catch(() => undefined);
      return;
    }
    let answer: { id: number; result?: unknown; error?: string };
    try {
      answer = { id: call.id, result: await handle(t, call) };
    } catch (e) {
      answer = { id: call.id, error: e instanceof Error ? e.message : String(e) };
    }
    await post('/agent/result', answer, 10_000).catch(() => undefined);
  }
}
