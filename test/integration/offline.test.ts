// Offline in the real host: the in-process emulator's port is closed (the network gone) and later
// listened on again. The tree keeps what it showed, the account row alone says "Offline", commands
// say so in one sentence, the tree reloads by itself once the API answers, and nothing that failed
// offline is sent afterwards. Figures go to test-results/reliability.json ("offline").
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { TreeNode } from '../../src/tree/node';
import { recordReliability } from '../reliability-record';
import { eventually, sleep } from './helpers/eventually';
import { requestsSince, useEmulator } from './helpers/emulator';
import { children, current, removeAllAccounts, rows, testing, walk } from './tree.support';
import { startWithAccount } from './helpers/suite';

const OFFLINE = 'Offline — reloads when Neon answers';

/** Every row at or below `node` that VS Code has been given (labels and context values). */
async function shown(node: TreeNode): Promise<string[]> {
  const out: string[] = [];
  for (const r of await rows(node)) out.push(`${r.label} [${r.contextValue}]`);
  return out;
}

describe('offline (the API port closed, then open again)', function () {
  this.timeout(120_000);
  const emulator = useEmulator({ seed: 'small' });
  const figures: Record<string, unknown> = {};
  let you = '';
  let em: ReturnType<typeof emulator>;

  before(async () => {
    em = emulator();
    ({ accountId: you } = await startWithAccount(em, 'You'));
  });
  after(async () => {
    await removeAllAccounts();
    // The port is open again whatever a failed test left.
    await em.server.listen(em.port).catch(() => undefined);
    recordReliability('offline', figures);
  });

  it('keeps the tree, marks the account row only, says "offline" in commands, recovers by itself, sends nothing twice', async () => {
    const t = await testing();
    const watch = t.services.offline!;
    const acct = t.tree.provider.node(`acct/${you}`) ?? (await children())[0]!;
    const acme = await walk('You', 'Acme Inc');
    const api = await walk('You', 'Acme Inc', 'acme-api');
    const before = { acct: await shown(acct), acme: await shown(acme), api: await shown(api) };
    assert.ok(before.api.some((l) => l.startsWith('main')), before.api.join(', '));

    await emulator().server.close();
    const offAt = Date.now();
    const probesBefore = watch.probesSent;
    t.tree.provider.refreshNode(acct); // the person presses Refresh (or any load runs)
    await children(await current(acct.id)); // VS Code asks for the expanded account's children again
    const markedAt = await eventually(
      async () => {
        const [r] = await rows();
        assert.strictEqual(r!.description, OFFLINE);
        return Date.now();
      },
      { timeout: 30_000 },
    );
    figures.markOfflineMs = markedAt - offAt;
    const [acctRow] = await rows();
    assert.match(acctRow!.tooltip, /Offline since .*could not be reached\. The tree keeps what it showed and reloads by itself/);
    // What was shown stays, with no error row anywhere.
    const during = await eventually(async () => {
      const now = { acct: await shown(await current(acct.id)), acme: await shown(await current(acme.id)), api: await shown(await current(api.id)) };
      assert.deepStrictEqual(now, before);
      return now;
    });
    assert.ok(!JSON.stringify(during).includes('[error]'));

    // A command: one sentence that says offline; its POST is never sent, then or later.
    t.prompt.reset();
    const dev = await current(`${api.id}/branch/${[...emulator().state.detail(emulator().state.projects.get(api.id.split('/project/')[1]!)!).branches.values()].find((b) => b.name === 'dev')!.id}`);
    t.prompt.script({ input: 'made-offline' }, { pick: 'Current data' }, { pick: 'With a read-write compute' }, { pick: 'Never' });
    await vscode.commands.executeCommand('neonExplorer.createBranch', dev);
    const err = await eventually(() => {
      const e = t.prompt.shown.find((s) => s.kind === 'error');
      assert.ok(e, JSON.stringify(t.prompt.shown.map((s) => s.text)));
      return e;
    });
    // Create Branch reads the branches before it asks anything: that read is what failed.
    assert.match(err.text, /^Couldn't [^:]+: (The branches of [^ ]+ could not be read, so nothing was changed\. )?You are offline: the Neon API at 127\.0\.0\.1:\d+ could not be reached \(check the network connection and proxy settings\); the view keeps what it showed and reloads by itself when Neon answers again(\. The change was not sent \(no connection was made\): make it again once Neon answers)?\.( \(request id [^)]+\))?$/);
    figures.commandSentence = err.text.replace(/ \(request id [^)]+\)$/, '').replace(/127\.0\.0\.1:\d+/, '127.0.0.1:…');
    t.prompt.reset();

    await sleep(3000); // a few probes go out while the API is away
    const probesWhileOffline = watch.probesSent - probesBefore;
    assert.ok(probesWhileOffline >= 1 && probesWhileOffline <= 6, `probes while offline: ${probesWhileOffline}`);
    figures.probesInFirst3sOffline = probesWhileOffline;
    figures.offlineSeconds = Math.round((Date.now() - offAt) / 100) / 10;

    await emulator().server.listen(emulator().port);
    const backAt = Date.now();
    const loadsBefore = t.tree.provider.loads.get(acct.id) ?? 0;
    const recoveredAt = await eventually(
      async () => {
        const [r] = await rows();
        assert.match(r!.description, /personal key/);
        assert.deepStrictEqual(await shown(await current(acct.id)), before.acct);
        assert.ok((t.tree.provider.loads.get(acct.id) ?? 0) > loadsBefore, 'the account was reloaded');
        return Date.now();
      },
      { timeout: 30_000, interval: 50 },
    );
    figures.recoverMs = recoveredAt - backAt;
    figures.probesTotal = watch.probesSent - probesBefore;
    await eventually(async () => assert.deepStrictEqual(await shown(await current(api.id)), before.api));
    await sleep(2000);
    const after = requestsSince(emulator(), backAt);
    const changes = after.filter((e) => e.method !== 'GET');
    assert.deepStrictEqual(changes.map((e) => `${e.method} ${e.route}`), [], 'nothing that failed offline is sent after');
    figures.changesSentAfterRecovery = changes.length;
    figures.requestsAfterRecovery = after.length;
    assert.ok(![...emulator().state.detail(emulator().state.projects.get(api.id.split('/project/')[1]!)!).branches.values()].some((b) => b.name === 'made-offline'));
  });

  it('the probe stops when the account is removed', async () => {
    const t = await testing();
    const watch = t.services.offline!;
    const acct = (await children())[0]!;
    await emulator().server.close();
    try {
      t.tree.provider.refreshNode(acct);
      await children(await current(acct.id));
      await eventually(async () => assert.strictEqual((await rows())[0]!.description, OFFLINE), { timeout: 30_000 });
      await removeAllAccounts();
      assert.strictEqual(watch.state(you), undefined);
      const n = watch.probesSent;
      await sleep(2500);
      assert.strictEqual(watch.probesSent, n, 'no probe after removal');
    } finally {
      await emulator().server.listen(emulator().port);
    }
  });
});
