// The consumption panel in the real extension host: opened by the command against the emulator,
// its webview read back from the browser that plays the VS Code window; its CSP tried from inside.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { postFromWebview, probeWebview, screenshot, skipUnlessBrowser, watchedRequests, watchRequests, webviewText } from './helpers/browser';
import { eventually } from './helpers/eventually';
import { useEmulator } from './helpers/emulator';
import { workspaceDir } from './helpers/extension';
import { removeAllAccounts, type Testing } from './tree.support';
import { startWithAccount } from './helpers/suite';

const ACME = 'org-morning-bread-81040908';

function consumptionTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((tab) => tab.label.startsWith('Consumption: '));
}

describe('consumption: the panel in the real VS Code host', function () {
  this.timeout(90_000);
  const emulator = useEmulator({ seed: 'small' });
  let t: Testing;
  let you = '';

  before(async function () {
    skipUnlessBrowser(this);
    ({ t, accountId: you } = await startWithAccount(emulator()));
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await removeAllAccounts();
  });

  it('opens from an organization node, fetches through the host and draws the org total with its projects', async () => {
    const org = { accountId: you, orgId: ACME, orgName: 'Acme Inc' };
    const since = emulator().server.log.mark();
    await vscode.commands.executeCommand('neonExplorer.showConsumption', org);
    await eventually(() => assert.deepStrictEqual(consumptionTabs().map((x) => x.label), ['Consumption: Acme Inc']), { timeout: 20_000 });

    // The per-project table lists the org's projects from the emulator (drawn a frame after the total).
    const acmeProjects = [...emulator().state.projects.values()].filter((p) => p.orgId === ACME).map((p) => p.name);
    assert.ok(acmeProjects.length > 0);
    const text = await eventually(async () => {
      const s = await webviewText();
      assert.match(s, /Consumption: Acme Inc/);
      assert.match(s, /Total: [\d.,]+ CU-hours/, 'the summary states the total in CU-hours');
      for (const name of acmeProjects) assert.ok(s.includes(name), `the table names ${name}`);
      return s;
    }, { timeout: 45_000 });
    // The host fetched the v2 history for this org; the page never saw the key.
    const calls = emulator().server.log.since(since).filter((e) => e.route.includes('consumption_history'));
    assert.ok(calls.length > 0, 'the host asked the API for consumption');
    assert.ok(calls.every((e) => e.status === 200), JSON.stringify(calls.map((e) => [e.route, e.status])));
    assert.ok(!text.includes(emulator().apiKey), 'no API key in the page');
    await screenshot(path.resolve(__dirname, '../../../test-results/consumption-in-vscode.png'));
  });

  it('CSV export: the save dialog names the metric as people read it (Compute, CU-hours), and the result offers Open and Reveal', async () => {
    const file = path.join(workspaceDir(), 'export-test.csv');
    fs.rmSync(file, { force: true });
    t.prompt.reset();
    t.prompt.script({ save: vscode.Uri.file(file) });
    await postFromWebview('Consumption: Acme Inc', [{ type: 'exportCsv', metric: 'compute_unit_seconds' }]);
    const done = await eventually(() => {
      const m = t.prompt.shown.find((x) => x.kind === 'info' && /exported to/.test(x.text));
      assert.ok(m, JSON.stringify(t.prompt.shown));
      return m;
    }, { timeout: 10_000 });
    const dialog = t.prompt.shown.find((x) => x.kind === 'save')!;
    assert.strictEqual(dialog.text, 'Export Compute consumption (CU-hours) as CSV');
    assert.ok(!t.prompt.shown.some((x) => x.text.includes('compute_unit_seconds')), 'no API metric name shown');
    assert.strictEqual(done.text, 'Compute consumption (CU-hours) exported to export-test.csv.');
    assert.deepStrictEqual(done.buttons, ['Open', 'Reveal']);
    assert.match(fs.readFileSync(file, 'utf8'), /^bucket_start_utc,.*\(CU-hours\)/);
    fs.rmSync(file, { force: true });
  });

  it('a second open of the same scope reveals the panel; another scope gets its own', async () => {
    const org = { accountId: you, orgId: ACME, orgName: 'Acme Inc' };
    await vscode.commands.executeCommand('neonExplorer.showConsumption', org);
    assert.deepStrictEqual(consumptionTabs().map((x) => x.label), ['Consumption: Acme Inc']);
    const project = [...emulator().state.projects.values()].find((p) => p.orgId === ACME)!;
    await vscode.commands.executeCommand('neonExplorer.showConsumption', { accountId: you, orgId: ACME, projectId: project.id, projectName: project.name });
    await eventually(() => assert.deepStrictEqual(consumptionTabs().map((x) => x.label).sort(), [`Consumption: ${project.name}`, 'Consumption: Acme Inc'].sort()), { timeout: 20_000 });
    assert.ok(!t.prompt.shown.some((x) => x.kind === 'error'), t.prompt.shown.map((x) => x.text).join('\n'));
  });

  it('CSP: an injected inline script does not run; remote image and fetch are refused; the page loads no file', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors'); // a fresh panel, its every request recorded
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

    // Every request a webview frame made: VS Code's own webview host pages only. The page's
    // script and style are inside its HTML (no local resource may load); anything else was
    // stopped by the CSP before the network.
    const reqs = (await watchedRequests()).filter((r) => /\/webview\/browser\/pre\//.test(r.frame) || /\/webview\/browser\/pre\//.test(r.url));
    const ours = reqs.filter((r) => new URL(r.url).hostname.endsWith('.vscode-resource.vscode-cdn.net'));
    const vscodeHost = reqs.filter((r) => /\/static\/out\/vs\/workbench\/contrib\/webview\/browser\/pre\/(index|fake)\.html\?/.test(r.url));
    const blocked = reqs.filter((r) => r.failure === 'csp' || r.failure === 'net::ERR_BLOCKED_BY_CSP');
    assert.deepStrictEqual(ours.map((r) => r.url), [], 'the page loaded a file of the extension: its script and style should be inside it');
    assert.ok(vscodeHost.length >= 1, `VS Code's webview host page was seen: ${JSON.stringify(reqs.map((r) => r.url))}`);
    const other = reqs.filter((r) => !ours.includes(r) && !vscodeHost.includes(r) && !blocked.includes(r));
    assert.deepStrictEqual(other.map((r) => `${r.url} ${r.status} ${r.failure}`), []);
    assert.deepStrictEqual(blocked.map((r) => r.url), ['https://example.com/tracker.png'], 'the probe\'s image was stopped by the CSP, before the network');
    console.log(`      ${reqs.length} webview requests: ${vscodeHost.length} VS Code webview host pages, ${blocked.length} blocked by the CSP, ${ours.length} extension files`);
  });

});
