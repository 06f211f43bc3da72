// The guard against a browser tab erasing another tab's key. Each "window" here holds its own copy
// of one shared store, read when it opens and written back whole on every change: what VS Code's
// browser SecretStorage provider does (the integration test two-windows.test.ts runs the real one
// in two code-server tabs). The guard, its lock and its record are the real ones, on real files.
import * as assert from 'assert';
import { createHash } from 'crypto';
import { promises as fsp } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SecretWriteGuard, StaleSecretsError, type WindowView } from '../../src/accounts/secretWriteGuard';

/** A window that holds no key and lists no account. */
const empty: WindowView = { read: async () => undefined, listed: () => false };
const fp = (key: string) => createHash('sha256').update(key).digest('hex').slice(0, 12);

/** The browser's persisted secrets, shared by the tabs. */
class Persisted {
  data: Record<string, string> = {};
}

/** One tab: its map is read once and written whole. `shared` makes it a desktop window (one keyring). */
class Window {
  private map: Record<string, string>;
  constructor(
    private readonly persisted: Persisted,
    private readonly guard: SecretWriteGuard,
    private readonly shared = false,
  ) {
    this.map = { ...persisted.data };
  }
  private view(): Record<string, string> {
    return this.shared ? this.persisted.data : this.map;
  }
  /** The account list is shared (globalState): every window lists every account here. */
  readonly seen: WindowView = {
    read: async (id) => {
      const k = this.view()[id];
      return k ? fp(k) : undefined;
    },
    listed: () => true,
  };
  store(id: string, key: string): Promise<void> {
    return this.guard.write({ id, label: id.toUpperCase() }, fp(key), this.seen, async () => {
      await new Promise((r) => setTimeout(r, 5)); // the write takes a moment: a race can overlap it
      this.view()[id] = key;
      if (!this.shared) this.persisted.data = { ...this.map };
    });
  }
  delete(id: string): Promise<void> {
    return this.guard.write({ id }, null, this.seen, async () => {
      delete this.view()[id];
      if (!this.shared) this.persisted.data = { ...this.map };
    });
  }
}

describe('accounts: a key write from a window whose secret storage is out of date is refused', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'neon-guard-'));
    file = path.join(dir, 'globalStorage', 'account-keys.json');
  });
  afterEach(() => fsp.rm(dir, { recursive: true, force: true }));

  it('browser tabs: the second tab to save refuses, naming the account; the first key stays stored', async () => {
    const p = new Persisted();
    const a = new Window(p, new SecretWriteGuard(file));
    const b = new Window(p, new SecretWriteGuard(file));
    await a.store('acct-a', 'napi_a');
    await assert.rejects(b.store('acct-b', 'napi_b'), (e: unknown) => e instanceof StaleSecretsError && e.accounts.map((x) => `${x.id} ${x.label} ${x.expected} ${x.read}`).join() === 'acct-a ACCT-A a key no key');
    assert.deepStrictEqual(p.data, { 'acct-a': 'napi_a' });
    // A reloaded tab reads the store again and may write.
    const b2 = new Window(p, new SecretWriteGuard(file));
    await b2.store('acct-b', 'napi_b');
    assert.deepStrictEqual(p.data, { 'acct-a': 'napi_a', 'acct-b': 'napi_b' });
  });

  it('without the guard the same sequence erases the first key (what the guard prevents)', async () => {
    const p = new Persisted();
    const a = new Window(p, new SecretWriteGuard(undefined));
    const b = new Window(p, new SecretWriteGuard(undefined));
    await a.store('acct-a', 'napi_a');
    await b.store('acct-b', 'napi_b');
    assert.deepStrictEqual(p.data, { 'acct-b': 'napi_b' });
  });

  it('both tabs save at the same moment, 20 times: one is refused each time, no key is ever lost', async () => {
    let refused = 0;
    for (let i = 0; i < 20; i++) {
      const round = path.join(dir, `round-${i}`, 'account-keys.json');
      const p = new Persisted();
      const a = new Window(p, new SecretWriteGuard(round));
      const b = new Window(p, new SecretWriteGuard(round));
      const results = await Promise.allSettled([a.store('acct-a', 'napi_a'), b.store('acct-b', 'napi_b')]);
      const ok = results.filter((r) => r.status === 'fulfilled').length;
      assert.strictEqual(ok, 1, `round ${i}: exactly one write goes through`);
      refused += results.length - ok;
      const winner = results[0].status === 'fulfilled' ? ['acct-a', 'napi_a'] : ['acct-b', 'napi_b'];
      assert.deepStrictEqual(p.data, { [winner[0]]: winner[1] }, `round ${i}: the saved key is stored`);
    }
    assert.strictEqual(refused, 20);
  });

  it('a removal in one tab: a tab that still holds the removed key is out of date too (it would bring the key back)', async () => {
    const p = new Persisted();
    const a = new Window(p, new SecretWriteGuard(file));
    await a.store('acct-a', 'napi_a');
    const b = new Window(p, new SecretWriteGuard(file)); // opened after the save: it reads napi_a
    await a.delete('acct-a');
    await assert.rejects(b.store('acct-b', 'napi_b'), StaleSecretsError);
    assert.deepStrictEqual(p.data, {});
    // A tab that never saw the key agrees with "deleted" and may write.
    await new Window(p, new SecretWriteGuard(file)).store('acct-c', 'napi_c');
    assert.deepStrictEqual(p.data, { 'acct-c': 'napi_c' });
  });

  it('desktop windows (one shared keyring) are never refused', async () => {
    const p = new Persisted();
    const a = new Window(p, new SecretWriteGuard(file), true);
    const b = new Window(p, new SecretWriteGuard(file), true);
    await Promise.all([a.store('acct-a', 'napi_a'), b.store('acct-b', 'napi_b')]);
    await b.store('acct-a', 'napi_a2'); // re-keyed in the other window
    await a.delete('acct-b');
    assert.deepStrictEqual(p.data, { 'acct-a': 'napi_a2' });
  });

  it('a key that cannot be read (locked keyring) is not judged; a corrupt record counts as none', async () => {
    const p = new Persisted();
    await new Window(p, new SecretWriteGuard(file)).store('acct-a', 'napi_a');
    const guard = new SecretWriteGuard(file);
    await guard.write({ id: 'acct-b' }, fp('napi_b'), { read: async () => 'unreadable', listed: () => true }, async () => undefined);
    await fsp.writeFile(file, '{ not json');
    await guard.write({ id: 'acct-c' }, fp('napi_c'), empty, async () => undefined);
    const record = JSON.parse(await fsp.readFile(file, 'utf8')) as Record<string, { k: string }>;
    assert.deepStrictEqual(Object.keys(record), ['acct-c']);
    assert.strictEqual(record['acct-c'].k, fp('napi_c'));
  });

  it('the record holds fingerprints only, keeps the last 100 removals, and no temp or lock file is left', async () => {
    const guard = new SecretWriteGuard(file);
    for (let i = 0; i < 130; i++) await guard.write({ id: `gone-${i}` }, null, empty, async () => undefined);
    await guard.write({ id: 'acct-a' }, fp('napi_secret_value'), empty, async () => undefined);
    const text = await fsp.readFile(file, 'utf8');
    assert.ok(!text.includes('napi_secret_value'));
    const record = JSON.parse(text) as Record<string, unknown>;
    assert.strictEqual(Object.keys(record).length, 101);
    assert.ok(!('gone-29' in record) && 'gone-30' in record && 'gone-129' in record);
    assert.deepStrictEqual(await fsp.readdir(path.dirname(file)), ['account-keys.json']);
  });

  it('a browser whose site data was cleared (no keys, no list) is not refused for the old record; a write of the last minute still counts', async () => {
    const old = Date.now() - 5 * 60_000;
    await fsp.mkdir(path.dirname(file), { recursive: true });
    await fsp.writeFile(file, JSON.stringify({ 'acct-old': { k: fp('napi_old'), at: old }, 'acct-gone': { k: null, at: old } }));
    const guard = new SecretWriteGuard(file);
    await guard.write({ id: 'acct-new' }, fp('napi_new'), empty, async () => undefined);
    // An account written a moment ago that this window does not list yet (its list arrives later): checked.
    await assert.rejects(guard.write({ id: 'acct-other' }, fp('napi_other'), empty, async () => undefined), (e: unknown) => e instanceof StaleSecretsError && e.accounts.map((x) => x.id).join() === 'acct-new');
    // An old entry of an account this window does list: checked.
    await assert.rejects(guard.write({ id: 'acct-x' }, fp('napi_x'), { read: async () => undefined, listed: (id) => id === 'acct-old' }, async () => undefined), (e: unknown) => e instanceof StaleSecretsError && e.accounts.some((x) => x.id === 'acct-old' && x.expected === 'a key' && x.read === 'no key'));
  });

  it("a dead window's temp file next to the record is swept by the next write", async () => {
    await fsp.mkdir(path.dirname(file), { recursive: true });
    const { spawnSync } = await import('child_process');
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    const tmp = `.account-keys.json.${dead}-0123456789ab.tmp`;
    await fsp.writeFile(path.join(path.dirname(file), tmp), '{');
    await new SecretWriteGuard(file).write({ id: 'acct-a' }, fp('k'), empty, async () => undefined);
    assert.deepEqual(await fsp.readdir(path.dirname(file)), ['account-keys.json']);
  });

  it('a failed write records nothing and releases the lock', async () => {
    const guard = new SecretWriteGuard(file);
    await assert.rejects(guard.write({ id: 'acct-a' }, fp('k'), empty, async () => Promise.reject(new Error('keyring locked'))), /keyring locked/);
    await assert.rejects(fsp.readFile(file, 'utf8'), { code: 'ENOENT' });
    await guard.write({ id: 'acct-b' }, fp('k2'), empty, async () => undefined); // not blocked by a lock
    assert.deepStrictEqual(await fsp.readdir(path.dirname(file)), ['account-keys.json']);
  });
});
