// Two windows of one profile share globalState and SecretStorage. The other window is played here
// by writing those shared stores directly, exactly as its NeonAccountStore would (key first, then
// the list); this window must follow without a reload, and no key may be lost when both add at once.
// (A second extension host in a second code-server tab is not driven from this suite.)
// Figures go to test-results/reliability.json ("twoWindows").
import * as assert from 'assert';
import { randomUUID } from 'crypto';
import type { NeonAccountStore, StoredAccount } from '../../src/accounts/store';
import { recordReliability } from '../reliability-record';
import { eventually } from './helpers/eventually';
import { useEmulator } from './helpers/emulator';
import { addAccount, mintKey, removeAllAccounts, rows, testing } from './tree.support';
import { startClean } from './helpers/suite';

const LIST = 'neonExplorer.accounts';
const secret = (id: string) => `neonExplorer.account.${id}`;

describe('two windows (shared globalState and SecretStorage)', function () {
  this.timeout(90_000);
  const emulator = useEmulator({ seed: 'small' });
  const figures: Record<string, number> = {};

  before(() => startClean(emulator()));
  after(async () => {
    await removeAllAccounts();
    recordReliability('twoWindows', figures);
  });

  /** The other window's writes. */
  async function other() {
    const t = await testing();
    const { globalState, secrets } = t.services.context;
    const list = () => [...(globalState.get<StoredAccount[]>(LIST) ?? [])];
    return {
      list,
      add: async (a: StoredAccount, key: string) => {
        await secrets.store(secret(a.id), key);
        await globalState.update(LIST, [...list(), a]);
      },
      rename: (id: string, label: string) => globalState.update(LIST, list().map((a) => (a.id === id ? { ...a, label } : a))),
      rekey: (id: string, key: string) => secrets.store(secret(id), key),
      remove: async (id: string) => {
        await secrets.delete(secret(id));
        await globalState.update(LIST, list().filter((a) => a.id !== id));
      },
    };
  }

  const labels = async () => (await rows()).map((r) => r.label).sort();

  it('added, renamed, re-keyed and removed in the other window: this tree follows without a reload', async () => {
    const t = await testing();
    const store = t.services.accounts as NeonAccountStore;
    const w2 = await other();
    await addAccount(emulator().apiKey, 'Here');
    const id = randomUUID();
    const key2 = await mintKey(emulator(), { kind: 'personal' });

    let t0 = Date.now();
    await w2.add({ id, label: 'There', kind: 'personal', baseUrl: emulator().url, addedAt: new Date().toISOString() }, key2);
    await eventually(async () => assert.deepStrictEqual(await labels(), ['Here', 'There']));
    figures.addedSeenMs = Date.now() - t0;
    assert.strictEqual(await store.getKey(id), key2, 'its key is read from the shared SecretStorage');

    t0 = Date.now();
    await w2.rename(id, 'There renamed');
    await eventually(async () => assert.deepStrictEqual(await labels(), ['Here', 'There renamed']));
    figures.renamedSeenMs = Date.now() - t0;

    const key3 = await mintKey(emulator(), { kind: 'personal' });
    t0 = Date.now();
    await w2.rekey(id, key3);
    await eventually(async () => assert.strictEqual(await store.getKey(id), key3));
    figures.rekeyedSeenMs = Date.now() - t0;
    const client = await t.services.clients.get(id);
    await client.getAuth(); // the pool's client uses the new key (a new client after the change)

    t0 = Date.now();
    await w2.remove(id);
    await eventually(async () => assert.deepStrictEqual(await labels(), ['Here']));
    figures.removedSeenMs = Date.now() - t0;
    assert.strictEqual(store.get(id), undefined);
  });

  it('both windows add at the same moment: neither account nor key is lost', async () => {
    const t = await testing();
    const store = t.services.accounts as NeonAccountStore;
    const w2 = await other();
    const id = randomUUID();
    const key = await mintKey(emulator(), { kind: 'personal' });
    // The other window's add lands, and this window adds before its poll has seen it.
    await w2.add({ id, label: 'Theirs', kind: 'personal', baseUrl: emulator().url, addedAt: new Date().toISOString() }, key);
    const mine = await mintKey(emulator(), { kind: 'personal' });
    await addAccount(mine, 'Mine');
    const added = store.list().find((a) => a.label === 'Mine')!.id;
    const shared = w2.list().map((a) => a.label).sort();
    assert.deepStrictEqual(shared, ['Here', 'Mine', 'Theirs'], 'globalState keeps both adds');
    assert.strictEqual(await t.services.context.secrets.get(secret(id)), key);
    assert.strictEqual(await t.services.context.secrets.get(secret(added)), mine);
    await eventually(async () => assert.deepStrictEqual(await labels(), ['Here', 'Mine', 'Theirs']));
    figures.keysLostInConcurrentAdds = [id, added].filter((x) => !store.get(x)).length;
  });
});
