// The demo account in a second browser opened on the same `npm start` (code-server keeps
// SecretStorage and globalState per browser; the secret-write guard's record is one file on the
// server). Two "windows" here are two maps and two lists over the real guard and a real file.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEMO_SEEDED_KEY, seedDemoAccountWhenPossible, type DemoSeedTarget } from '../../src/accounts/demo';
import { SecretWriteGuard } from '../../src/accounts/secretWriteGuard';

/** As the store records keys (12 hex of a SHA-256); the store itself needs the vscode module. */
const keyFingerprint = (key: string) => createHash('sha256').update(key).digest('hex').slice(0, 12);

const ENV = { NEON_EXPLORER_DEMO_KEY: 'napi_demo_key_0123456789', NEON_EXPLORER_DEMO_BASE_URL: 'http://127.0.0.1:4010/api/v2' };

/** One browser's view: its own secret map, account list and globalState, writing through the shared guard. */
function browserWindow(guard: SecretWriteGuard) {
  const secrets = new Map<string, string>();
  const list: { id: string; label: string; baseUrl?: string }[] = [];
  const state = new Map<string, unknown>();
  let n = 0;
  let adds = 0;
  const view = { read: async (x: string) => (secrets.has(x) ? keyFingerprint(secrets.get(x)!) : undefined), listed: (x: string) => list.some((a) => a.id === x) };
  const target: DemoSeedTarget = {
    list: () => list,
    addUnverified: async (key, baseUrl, label) => {
      adds++;
      const id = `${label}-${++n}-${Math.random().toString(36).slice(2)}`;
      await guard.write({ id, label }, keyFingerprint(key), view, async () => {
        secrets.set(id, key);
      });
      list.push({ id, label, baseUrl });
      return id;
    },
    remove: async (id) => {
      await guard.write({ id }, null, view, async () => {
        secrets.delete(id);
      });
      list.splice(list.findIndex((a) => a.id === id), 1);
    },
  };
  const memento = {
    keys: () => [...state.keys()],
    get: <T>(k: string, d?: T) => (state.has(k) ? (state.get(k) as T) : d),
    update: async (k: string, v: unknown) => void state.set(k, v),
  } as unknown as import('vscode').Memento;
  return { target, memento, secrets, list, state, adds: () => adds };
}

function logRecorder() {
  const lines: string[] = [];
  return { lines, info: (m: string) => lines.push(`info ${m}`), error: (m: string) => lines.push(`error ${m}`) };
}

async function until(check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('demo account in a second browser of the same demo', () => {
  let dir: string;
  let file: string;
  let guard: SecretWriteGuard;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-seed-'));
    file = path.join(dir, 'secret-writes.json');
    guard = new SecretWriteGuard(file);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** The first browser adds the demo account; its record in the shared file is fresh. */
  async function firstBrowser() {
    const a = browserWindow(guard);
    const log = logRecorder();
    const seeding = seedDemoAccountWhenPossible(a.target, a.memento, ENV, log, { everyMs: 20, tries: 100 });
    await seeding.first;
    assert.deepEqual(a.list.map((x) => x.label), ['Demo account']);
    return a;
  }

  it('is refused while the first browser\'s write is under a minute old, then added once the guard stops checking it; commands wait only for the first try', async () => {
    const a = await firstBrowser();
    const b = browserWindow(guard);
    const log = logRecorder();
    const seeding = seedDemoAccountWhenPossible(b.target, b.memento, ENV, log, { everyMs: 20, tries: 100 });
    await seeding.first;
    assert.equal(b.list.length, 0, 'the first try is refused (the guard cannot tell this browser from a stale tab)');
    assert.match(log.lines.join('\n'), /^info The demo account waits: another window of this demo stored its key moments ago/);
    await new Promise((r) => setTimeout(r, 100));
    assert.ok(b.adds() >= 3, `it kept trying (${b.adds()} tries)`);
    assert.equal(b.list.length, 0);
    // A minute later (the first browser's record ages in the shared file): the guard stops checking it.
    const m = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, { at: number }>;
    for (const v of Object.values(m)) v.at -= 61_000;
    fs.writeFileSync(file, JSON.stringify(m));
    await until(() => b.list.length === 1);
    assert.deepEqual(b.list.map((x) => x.label), ['Demo account']);
    assert.equal(b.state.get(DEMO_SEEDED_KEY), ENV.NEON_EXPLORER_DEMO_BASE_URL);
    assert.equal([...b.secrets.values()][0], ENV.NEON_EXPLORER_DEMO_KEY);
    assert.equal(a.secrets.size, 1, "the first browser's key is untouched");
    const tries = b.adds();
    await new Promise((r) => setTimeout(r, 80));
    assert.equal(b.adds(), tries, 'no try after it was added');
    assert.ok(!log.lines.some((l) => l.startsWith('error')), log.lines.join('\n'));
    seeding.dispose();
  });

  it('a tab of the same browser stops trying once the other tab\'s account is listed, and adds none of its own', async () => {
    const a = await firstBrowser();
    const tab = browserWindow(guard);
    const seeding = seedDemoAccountWhenPossible(tab.target, tab.memento, ENV, logRecorder(), { everyMs: 20, tries: 100 });
    await seeding.first;
    // Its list catches up with the shared globalState (the store polls it).
    tab.list.push(a.list[0]!);
    const tries = tab.adds();
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(tab.adds(), tries, 'no try once an account is listed');
    assert.deepEqual(tab.list.map((x) => x.id), [a.list[0]!.id]);
    assert.equal(tab.secrets.size, 0, 'nothing written over the other tab');
    seeding.dispose();
  });

  it("the same browser on a later npm start: the earlier run's demo account (its key unreadable, its emulator gone) is replaced; the person's own account stays", async () => {
    // The earlier run: its account is still listed in this browser, its key no longer readable (code-server sealed it with that run's secret).
    const OLD_URL = 'http://127.0.0.1:39999/api/v2';
    const b = browserWindow(guard);
    b.list.push({ id: 'old-demo', label: 'Demo account', baseUrl: OLD_URL });
    b.state.set(DEMO_SEEDED_KEY, OLD_URL);
    const log = logRecorder();
    await seedDemoAccountWhenPossible(b.target, b.memento, ENV, log).first;
    assert.deepEqual(b.list.map((x) => [x.label, x.baseUrl]), [['Demo account', ENV.NEON_EXPLORER_DEMO_BASE_URL]]);
    assert.notEqual(b.list[0]!.id, 'old-demo');
    assert.equal(b.secrets.get(b.list[0]!.id), ENV.NEON_EXPLORER_DEMO_KEY);
    assert.equal(b.state.get(DEMO_SEEDED_KEY), ENV.NEON_EXPLORER_DEMO_BASE_URL);
    assert.match(log.lines.join('\n'), /info Removed the demo account of an earlier npm start \(http:\/\/127\.0\.0\.1:39999\/api\/v2: that emulator is gone\)/);
    // Reloading this window changes nothing more.
    await seedDemoAccountWhenPossible(b.target, b.memento, ENV, log).first;
    assert.equal(b.list.length, 1);

    // The person's own account (another API) is never touched; with it listed, no demo account is added (another run: its own record file).
    const c = browserWindow(new SecretWriteGuard(path.join(dir, 'another-run.json')));
    c.list.push({ id: 'old-demo-2', label: 'Demo account', baseUrl: `${OLD_URL}/` }, { id: 'mine', label: 'Work', baseUrl: 'https://console.neon.tech/api/v2' });
    c.state.set(DEMO_SEEDED_KEY, OLD_URL);
    await seedDemoAccountWhenPossible(c.target, c.memento, ENV, logRecorder()).first;
    assert.deepEqual(c.list.map((x) => x.id), ['mine']);
  });

  it('gives up after its tries with one error line; dispose stops the tries; another failure is not retried', async () => {
    await firstBrowser();
    const b = browserWindow(guard);
    const log = logRecorder();
    await seedDemoAccountWhenPossible(b.target, b.memento, ENV, log, { everyMs: 5, tries: 3 }).first;
    await until(() => log.lines.some((l) => l.startsWith('error')));
    assert.equal(b.adds(), 4, 'the first try and 3 more');
    assert.match(log.lines.filter((l) => l.startsWith('error')).join('\n'), /^error Couldn't add the demo account: StaleSecretsError/);

    const c = browserWindow(guard);
    const stopped = seedDemoAccountWhenPossible(c.target, c.memento, ENV, logRecorder(), { everyMs: 20, tries: 100 });
    await stopped.first;
    stopped.dispose();
    const tries = c.adds();
    await new Promise((r) => setTimeout(r, 80));
    assert.equal(c.adds(), tries, 'no try after dispose');

    const locked: DemoSeedTarget = { list: () => [], addUnverified: async () => { throw new Error('the keyring is locked'); }, remove: async () => undefined };
    const lockedLog = logRecorder();
    await seedDemoAccountWhenPossible(locked, browserWindow(guard).memento, ENV, lockedLog, { everyMs: 5, tries: 100 }).first;
    await new Promise((r) => setTimeout(r, 40));
    assert.deepEqual(lockedLog.lines, ["error Couldn't add the demo account: Error: the keyring is locked"]);
  });
});
