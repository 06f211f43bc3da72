// Proxy in the real VS Code host: with `http.proxy` set to a forward proxy on loopback
// (test/proxy-server.ts), adding an account, the tree and the consumption panel's data all reach
// the emulator through it, none directly (matched by request id); a proxy that refuses ends in a
// sentence naming it by host:port. Figures go to test-results/reliability.json ("proxyHost").
import * as assert from 'assert';
import * as vscode from 'vscode';
import { startTestProxy, type TestProxy } from '../proxy-server';
import { recordReliability } from '../reliability-record';
import { eventually } from './helpers/eventually';
import { useEmulator } from './helpers/emulator';
import { addAccount, children, removeAllAccounts, rows, testing, walk } from './tree.support';
import { startClean } from './helpers/suite';

const ACME = 'org-morning-bread-81040908';

async function setProxy(url: string | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('http').update('proxy', url, vscode.ConfigurationTarget.Global);
  await eventually(() => assert.strictEqual(vscode.workspace.getConfiguration('http').get('proxy') || undefined, url));
}

describe('proxy: http.proxy in the real host', function () {
  this.timeout(90_000);
  const emulator = useEmulator({ seed: 'small' });
  let proxy: TestProxy;
  const figures: Record<string, unknown> = {};

  before(async () => {
    await startClean(emulator());
    proxy = await startTestProxy();
    await setProxy(proxy.url);
  });
  after(async () => {
    await setProxy(undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await removeAllAccounts();
    await proxy?.close();
    recordReliability('proxyHost', figures);
  });

  it('the key check, the tree and the consumption data all go through the proxy; none goes direct', async () => {
    const em = emulator();
    em.server.log.clear();
    const you = await addAccount(em.apiKey, 'you');
    await rows(); // the accounts level
    const acme = await walk('you', 'Acme Inc');
    await children(acme);
    await vscode.commands.executeCommand('neonExplorer.showConsumption', { accountId: you, orgId: ACME, orgName: 'Acme Inc' });
    await eventually(() => assert.ok(em.server.log.entries.some((e) => e.route.includes('consumption_history') && e.status === 200), 'consumption loaded'), { timeout: 45_000 });

    const seen = em.server.log.entries.map((e) => e.requestId);
    const forwarded = new Set(proxy.log.filter((l) => l.kind === 'forward').map((l) => l.requestId));
    const direct = seen.filter((id) => !forwarded.has(id));
    const routes = new Set(em.server.log.entries.map((e) => e.route));
    assert.ok(routes.has('/auth') || [...routes].some((r) => r.includes('/auth')), [...routes].join(', '));
    assert.ok([...routes].some((r) => r.includes('consumption_history')));
    const directRoutes = em.server.log.entries.filter((e) => direct.includes(e.requestId)).map((e) => `${e.method} ${e.route}`);
    assert.deepStrictEqual(directRoutes, [], 'requests that reached the emulator without the proxy');
    assert.ok(seen.length >= 5);
    const t = await testing();
    assert.ok(t.logLines.some((l) => l.includes(`through the proxy 127.0.0.1:${proxy.port}`)), 'the log says which proxy is used');
    Object.assign(figures, { requestsSeenByEmulator: seen.length, requestsThroughProxy: forwarded.size, requestsDirect: direct.length, routes: routes.size });
  });

  it('a proxy that refuses ends in a sentence naming it (host:port, no credentials)', async () => {
    const closed = await startTestProxy();
    const port = closed.port;
    await closed.close();
    await setProxy(`http://proxy-user-q7:pw-secret-1@127.0.0.1:${port}`);
    await removeAllAccounts();
    const t = await testing();
    emulator().server.log.clear();
    t.prompt.script({ input: emulator().apiKey }, { input: 'blocked' });
    await vscode.commands.executeCommand('neonExplorer.addAccount');
    const err = t.prompt.shown.find((s) => s.kind === 'error');
    assert.ok(err, JSON.stringify(t.prompt.shown));
    assert.match(err.text, new RegExp(`through the proxy 127\\.0\\.0\\.1:${port}: it refused the connection`));
    assert.doesNotMatch(err.text + t.logLines.join('\n'), /proxy-user-q7|pw-secret-1/);
    assert.strictEqual(emulator().server.log.entries.length, 0, 'nothing went direct');
    assert.ok(!t.services.accounts.list().some((a) => a.label === 'blocked'), 'nothing was saved');
    figures.refusedSentence = err.text;
    await setProxy(proxy.url);
  });
});
