import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import { allText, browserAvailable, screenshot, skipUnlessBrowser } from './helpers/browser';
import { eventually, sleep } from './helpers/eventually';
import { EXTENSION_ID, getApi, getExtension, packageJson } from './helpers/extension';
import { type NetRequest, probeInstalledAt, requestsSince } from './helpers/netprobe';

const CONTAINER = 'neonExplorer';
const ACCOUNTS_VIEW = 'neonExplorer.accounts';

function viewIds(): string[] {
  return Object.values(packageJson().contributes?.views ?? {})
    .flat()
    .map((v) => v.id);
}

describe('activation', () => {
  it('the extension is loaded in the test host with NEON_EXPLORER_TEST=1', () => {
    const ext = getExtension();
    assert.strictEqual(ext.id.toLowerCase(), EXTENSION_ID);
    assert.strictEqual(process.env.NEON_EXPLORER_TEST, '1');
  });

  it('activates without making any HTTP request', async () => {
    const ext = getExtension();
    const wasActive = ext.isActive;
    const start = Date.now();
    await getApi();
    assert.ok(ext.isActive, 'extension should be active after activate()');
    await sleep(1000); // let fire-and-forget work started by activate() get going

    const extRoot = ext.extensionPath;
    const fromThisExtension = (r: NetRequest) => r.stack.includes(path.join(extRoot, 'dist') + path.sep);
    // Built-in extensions share the host; their requests carry their own paths in the stack.
    const fromAnotherExtension = (r: NetRequest) =>
      !fromThisExtension(r) && /[\\/]extensions[\\/][^\\/]+[\\/](out|dist)[\\/]/.test(r.stack);
    const seen = wasActive
      ? // Activated before the runner could watch (eager activation): only attributable requests count.
        requestsSince(probeInstalledAt(), (r) => fromThisExtension(r) && r.at <= start + 1000)
      : requestsSince(start, (r) => !fromAnotherExtension(r));
    assert.deepStrictEqual(
      // A data: URL never leaves the process (activation warms VS Code's fetch with one when an account exists).
      seen.filter((r) => !r.target.startsWith('data:')).map((r) => `${r.kind} ${r.target}\n${r.stack.split('\n').slice(1, 6).join('\n')}`),
      [],
      'activation must not touch the network',
    );
  });

  it('exports its testing seams when NEON_EXPLORER_TEST=1', async () => {
    const api = await getApi();
    assert.ok(api && typeof api.testing === 'object' && api.testing !== null, 'activate() should return { testing: {...} }');
    // The seam's log sink is the one the extension's Log writes to: activation's own line is in it.
    assert.ok(api.testing.logLines.some((l) => /^info Neon Explorer \S+ activated in \d+ ms$/.test(l)), api.testing.logLines.slice(0, 5).join('\n'));
    assert.ok(api.testing.timings.activateMs !== undefined && api.testing.timings.activateMs >= 0, 'activation timed');
    assert.deepStrictEqual(api.testing.progress(), [], 'no progress notification at rest');
  });

  it('contributes the Neon Explorer view container and the Accounts view, and both open', async () => {
    await getApi();
    const pkg = packageJson();
    const containers = pkg.contributes?.viewsContainers?.activitybar ?? [];
    assert.ok(containers.some((c) => c.id === CONTAINER), `view container ${CONTAINER} contributed`);
    assert.ok(viewIds().includes(ACCOUNTS_VIEW), `view ${ACCOUNTS_VIEW} contributed`);

    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes(`workbench.view.extension.${CONTAINER}`), 'the view container is registered');
    assert.ok(commands.includes(`${ACCOUNTS_VIEW}.focus`), 'the accounts view is registered');
    await vscode.commands.executeCommand(`workbench.view.extension.${CONTAINER}`);
    await vscode.commands.executeCommand(`${ACCOUNTS_VIEW}.focus`);
  });

  it('the side bar shows the Neon Explorer container (read from the browser)', async function () {
    skipUnlessBrowser(this);
    await vscode.commands.executeCommand(`${ACCOUNTS_VIEW}.focus`);
    const title = packageJson().contributes?.viewsContainers?.activitybar?.find((c) => c.id === CONTAINER)?.title ?? 'Neon Explorer';
    await eventually(
      async () => {
        const text = (await allText()).toLowerCase();
        assert.ok(text.includes(title.toLowerCase()), `workbench text should include "${title}"`);
      },
      { timeout: 20_000, interval: 250, message: 'side bar' },
    );
    if (browserAvailable()) {
      const shot = path.resolve(getExtension().extensionPath, 'test-results', 'activation-sidebar.png');
      await screenshot(shot);
    }
  });

  it('registers every contributed command, and contributes every neonExplorer.* command it registers', async () => {
    await getApi();
    const contributed = (packageJson().contributes?.commands ?? []).map((c) => c.command);
    assert.ok(contributed.length > 0, 'package.json contributes commands');
    const registered = await vscode.commands.getCommands(true);

    const missing = contributed.filter((c) => !registered.includes(c));
    assert.deepStrictEqual(missing, [], 'contributed but not registered');

    // VS Code itself registers <viewId>.focus, .resetViewLocation, … for contributed views.
    const views = viewIds();
    const extra = registered.filter(
      (c) => c.startsWith('neonExplorer.') && !contributed.includes(c) && !views.some((v) => c.startsWith(`${v}.`)),
    );
    assert.deepStrictEqual(extra, [], 'registered but not contributed in package.json');
  });
});
