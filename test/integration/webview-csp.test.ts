// The consumption webview's Content Security Policy, in the real VS Code host and browser: an
// injected inline script does not run, a remote image or fetch is refused, and the page loads
// nothing but VS Code's own webview host files and the extension's dist/webviews and media files.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { probeWebview, skipUnlessBrowser, watchedRequests, watchRequests, webviewText } from './helpers/browser';
import { eventually } from './helpers/eventually';
import { useEmulator } from './helpers/emulator';
import { addAccount, removeAllAccounts, setBaseUrl, testing, type Testing } from './tree.support';

const ACME = 'org-morning-bread-81040908';

describe('webview: the consumption panel\'s CSP holds in the real host', function () {
  this.timeout(90_000);
  const emulator = useEmulator({ seed: 'small' });
  let t: Testing;
  let you = '';

  before(async function () {
    skipUnlessBrowser(this);
    t = await testing();
    await removeAllAccounts();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await setBaseUrl(emulator().url);
    you = await addAccount(emulator().apiKey, 'you');
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await removeAllAccounts();
  });

  it('an injected inline script does not run; remote image and fetch are refused; only extension resources load', async () => {
    await watchRequests();
    await vscode.commands.executeCommand('neonExplorer.showConsumption', { accountId: you, orgId: ACME, orgName: 'Acme Inc' });
    await eventually(async () => assert.match(await webviewText(), /Total: [\d.,]+ CU-hours/), { timeout: 45_000 });

    const probe = await probeWebview('CU-hours');
    assert.ok(probe.csp, 'the page declares a CSP');
    assert.match(probe.csp!, /default-src 'none'/);
    assert.match(probe.csp!, /script-src 'nonce-[A-Za-z0-9+/=]{16,}'/);
    assert.doesNotMatch(probe.csp!, /unsafe-inline'[^;]*;?\s*$|script-src[^;]*unsafe-(inline|eval)/);
    assert.strictEqual(probe.injectedRan, false, 'the injected inline script ran');
    assert.strictEqual(probe.fetched, 'blocked', 'a fetch to a remote host was let through');
    const directives = probe.violations.map((v) => v.directive).sort();
    assert.ok(directives.includes('script-src-elem'), `no script violation reported: ${JSON.stringify(probe.violations)}`);
    assert.ok(directives.includes('img-src'), `no img violation reported: ${JSON.stringify(probe.violations)}`);
    assert.ok(directives.includes('connect-src'), `no connect violation reported: ${JSON.stringify(probe.violations)}`);

    // Every request a webview frame made: VS Code's own webview host pages, or the extension's
    // files under dist/webviews and media; anything else was stopped by the CSP before the network.
    const root = t.services.context.extensionUri.path;
    const reqs = (await watchedRequests()).filter((r) => /\/webview\/browser\/pre\//.test(r.frame) || /\/webview\/browser\/pre\//.test(r.url));
    const ours = reqs.filter((r) => new URL(r.url).hostname.endsWith('.vscode-resource.vscode-cdn.net'));
    const vscodeHost = reqs.filter((r) => /\/static\/out\/vs\/workbench\/contrib\/webview\/browser\/pre\/(index|fake)\.html\?/.test(r.url));
    const blocked = reqs.filter((r) => r.failure === 'csp' || r.failure === 'net::ERR_BLOCKED_BY_CSP');
    assert.ok(ours.length >= 2, `the page loaded its script and style: ${JSON.stringify(reqs.map((r) => r.url))}`);
    for (const r of ours) {
      const p = decodeURIComponent(new URL(r.url).pathname);
      assert.ok(p.startsWith(`${root}/dist/webviews/`) || p.startsWith(`${root}/media/`), `outside the extension's resources: ${p}`);
      assert.strictEqual(r.status, 200, `${p} answered ${r.status} ${r.failure}`);
    }
    const other = reqs.filter((r) => !ours.includes(r) && !vscodeHost.includes(r) && !blocked.includes(r));
    assert.deepStrictEqual(other.map((r) => `${r.url} ${r.status} ${r.failure}`), []);
    assert.deepStrictEqual(blocked.map((r) => r.url), ['https://example.com/tracker.png'], 'the probe\'s image was stopped by the CSP, before the network');
    console.log(`      ${reqs.length} webview requests: ${ours.length} extension files, ${vscodeHost.length} VS Code webview host pages, ${blocked.length} blocked by the CSP`);
  });
});
