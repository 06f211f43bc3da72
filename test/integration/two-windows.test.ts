// Two workbench windows of one profile: the code-server launcher opens a second tab of the same
// browser (same browser-side storage) against the same server, so with its own extension host,
// which runs test/integration/window-agent.ts. This window (the suite's host) adds, renames,
// re-keys and removes accounts through the extension's commands; the second window must show each
// change in its tree (read from its DOM) and hold the same key (compared by digest) without a
// reload. Then both windows add at the same moment: neither account nor key may be lost.
// Figures go to test-results/reliability.json ("twoWindows").
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { NeonAccountStore } from '../../src/accounts/store';
import { recordReliability } from '../reliability-record';
import { closeSecondWindow, inSecondWindow, openSecondWindow, skipUnlessBrowser, treeRowsShown } from './helpers/browser';
import { eventually } from './helpers/eventually';
import { useEmulator } from './helpers/emulator';
import { addAccount, current, mintKey, removeAllAccounts, testing } from './tree.support';
import { startClean } from './helpers/suite';
import { digest } from './window-agent';

interface SecondState {
  accounts: { id: string; label: string; key?: string; elsewhere: boolean }[];
  synced: number;
}

/** How long a change may take to reach the other window (its host polls, the browser flushes storage). */
const PROPAGATE_MS = 20_000;
const CONCURRENT_ROUNDS = 3;

describe('two windows (two workbench tabs, two extension hosts)', function () {
  this.timeout(180_000);
  const emulator = useEmulator({ seed: 'small' });
  const figures: Record<string, number | string> = {};
  let opened = false;

  before(async function () {
    skipUnlessBrowser(this);
    await startClean(emulator());
    const t0 = Date.now();
    await openSecondWindow();
    opened = true;
    await inSecondWindow('ready', {}, 120_000);
    figures.secondWindowReadyMs = Date.now() - t0;
  });
  after(async () => {
    if (opened) {
      await inSecondWindow('stop').catch(() => undefined);
      await closeSecondWindow();
    }
    await removeAllAccounts();
    if (Object.keys(figures).length > 1) {
      figures.keysReadInTheOtherWindow = keyOutcomes.filter((k) => k === 'read').length;
      figures.keysNeedingAReloadInTheOtherWindow = keyOutcomes.filter((k) => k === 'reload needed').length;
      recordReliability('twoWindows', figures);
    }
  });

  const stateThere = () => inSecondWindow<SecondState>('state');

  const keyOutcomes: string[] = [];
  /**
   * Waits until the second window shows `labels` (tree rows) and, for each of `keys` (id → key),
   * either holds that key or says on the account's row that the key was set in another window
   * (VS Code in a browser reads SecretStorage once per tab): never an old key. Returns ms.
   */
  async function seenThere(since: number, labels: string[], keys: Record<string, string | undefined>): Promise<number> {
    await eventually(
      async () => {
        const shown = (await treeRowsShown(1)).filter((r) => r.level === 1);
        assert.deepStrictEqual(shown.map((r) => r.label).sort(), [...labels].sort(), 'tree rows of the second window');
        const st = await stateThere();
        for (const [id, key] of Object.entries(keys)) {
          const held = st.accounts.find((a) => a.id === id);
          if (key === undefined) {
            assert.strictEqual(held, undefined, `account ${id} is gone in the second window`);
            continue;
          }
          assert.ok(held, `the second window lists account ${id}`);
          if (held.key === digest(key)) continue;
          assert.strictEqual(held.key, undefined, `the second window uses no other key for ${held.label}`);
          assert.ok(held.elsewhere, `the second window knows the key of ${held.label} was set elsewhere`);
          const row = shown.find((r) => r.label === held.label);
          assert.match(row?.description ?? '', /another window/, `the row of ${held.label} says why its key is not there`);
        }
      },
      { timeout: PROPAGATE_MS, interval: 100, message: 'the second window did not follow' },
    );
    const st = await stateThere();
    for (const [id, key] of Object.entries(keys)) {
      if (key !== undefined) keyOutcomes.push(st.accounts.find((a) => a.id === id)?.key === digest(key) ? 'read' : 'reload needed');
    }
    return Date.now() - since;
  }

  it('added, renamed, re-keyed and removed in this window: the other window follows without a reload', async () => {
    const t = await testing();
    let propagated = 0;
    const key1 = await mintKey(emulator(), { kind: 'personal', name: 'two-windows-1' });
    let t0 = Date.now();
    const id = await addAccount(key1, 'Alpha');
    figures.addedSeenMs = await seenThere(t0, ['Alpha'], { [id]: key1 });
    propagated++;

    t.prompt.script({ input: 'Alpha renamed' });
    t0 = Date.now();
    await vscode.commands.executeCommand('neonExplorer.renameAccount', await current(`acct/${id}`));
    figures.renamedSeenMs = await seenThere(t0, ['Alpha renamed'], { [id]: key1 });
    propagated++;

    const key2 = await mintKey(emulator(), { kind: 'personal', name: 'two-windows-2' });
    t.prompt.script({ input: key2 });
    t0 = Date.now();
    await vscode.commands.executeCommand('neonExplorer.updateAccountKey', await current(`acct/${id}`));
    figures.rekeyedSeenMs = await seenThere(t0, ['Alpha renamed'], { [id]: key2 });
    propagated++;

    t.prompt.script({ button: 'Remove' });
    t0 = Date.now();
    await vscode.commands.executeCommand('neonExplorer.removeAccount', await current(`acct/${id}`));
    figures.removedSeenMs = await seenThere(t0, [], { [id]: undefined });
    propagated++;
    figures.changesPropagated = propagated;
    figures.changesTried = 4;
  });

  it('both windows add an account at the same moment: no account is lost, in either window; no other key is used', async () => {
    const t = await testing();
    let lost = 0;
    const labels: string[] = [];
    const keys: Record<string, string> = {};
    for (let round = 1; round <= CONCURRENT_ROUNDS; round++) {
      const mine = await mintKey(emulator(), { kind: 'personal', name: `mine-${round}` });
      const theirs = await mintKey(emulator(), { kind: 'personal', name: `theirs-${round}` });
      await Promise.all([addAccount(mine, `Here ${round}`), inSecondWindow('add', { key: theirs, label: `There ${round}` })]);
      // (Ids by label: with the other window adding at once, "the new one" is ambiguous.)
      const hereId = t.services.accounts.list().find((a) => a.label === `Here ${round}`)?.id;
      const there = { id: (await stateThere()).accounts.find((a) => a.label === `There ${round}`)?.id };
      assert.ok(hereId && there.id, 'each window added its account');
      labels.push(`Here ${round}`, `There ${round}`);
      keys[hereId] = mine;
      keys[there.id] = theirs;
      const t0 = Date.now();
      await seenThere(t0, labels, keys).catch((e: unknown) => {
        lost++;
        throw e;
      });
      // This window too: both accounts listed, both keys read from the shared secret storage.
      await eventually(
        async () => {
          assert.deepStrictEqual(t.services.accounts.list().map((a) => a.label).sort(), [...labels].sort());
          const store = t.services.accounts as NeonAccountStore;
          for (const [id, key] of Object.entries(keys)) {
            const held = await store.getKey(id).catch((e: unknown) => (e instanceof Error ? e.name : 'error'));
            if (held !== key) {
              const got = held === undefined || held === 'KeyElsewhereError' ? held : digest(held);
              assert.ok(held === 'KeyElsewhereError' && store.keyInOtherWindow(id), `this window uses no other key for ${store.get(id)?.label} and says why (got ${got}, want ${digest(key)}, keyId ${store.get(id)?.keyId})`);
            }
          }
        },
        { timeout: PROPAGATE_MS, message: 'this window did not keep both adds' },
      );
      figures.concurrentAddSettledMs = Math.max(Number(figures.concurrentAddSettledMs ?? 0), Date.now() - t0);
    }
    figures.concurrentAddRounds = CONCURRENT_ROUNDS;
    figures.accountsLostInConcurrentAdds = lost;

    // The second window reloaded (closed, opened again): which keys does a fresh window read?
    await inSecondWindow('stop');
    await closeSecondWindow();
    await openSecondWindow();
    await inSecondWindow('ready', {}, 120_000);
    const fresh = await eventually(async () => {
      const st = await stateThere();
      assert.deepStrictEqual(st.accounts.map((a) => a.label).sort(), [...labels].sort(), 'a reloaded window lists every account');
      return st;
    });
    const readAfterReload = Object.entries(keys).filter(([id, key]) => fresh.accounts.find((a) => a.id === id)?.key === digest(key)).length;
    // VS Code in a browser keeps SecretStorage as one map per tab, read once and written whole:
    // a tab's write drops keys another tab stored meanwhile. Counted here, not hidden; a fresh
    // window lists such an account and says on its row that the key must be set again.
    figures.keysReadAfterAReload = readAfterReload;
    figures.keysStored = Object.keys(keys).length;
    figures.keysLostAfterAReload = Object.keys(keys).length - readAfterReload;
    for (const a of fresh.accounts) if (a.key === undefined) assert.ok(a.elsewhere, `the reloaded window says why the key of ${a.label} is missing`);
  });
});
