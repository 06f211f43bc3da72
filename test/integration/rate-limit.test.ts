// Neon answers 429 in the real host: the account's requests wait as Neon asks (Retry-After), and
// the status bar says so, counts down, and goes away once the wait is over.
import * as assert from 'assert';
import * as path from 'path';
import { allText, browserAvailable, screenshot } from './helpers/browser';
import { useEmulator } from './helpers/emulator';
import { eventually, sleep } from './helpers/eventually';
import { startWithAccount } from './helpers/suite';
import { removeAllAccounts } from './tree.support';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/testing';

describe('rate limit (Neon answers 429 Too Many Requests)', function () {
  this.timeout(60_000);
  const emulator = useEmulator({ seed: 'small' });
  let t: TestingApi;
  let accountId = '';

  before(async () => {
    ({ t, accountId } = await startWithAccount(emulator(), 'Rate Limited'));
  });
  after(async () => {
    await removeAllAccounts();
  });

  it('the status bar says how long the account waits and for whom, counts down, and goes away once the request went through', async () => {
    const em = emulator();
    const status = () => t.services.rateLimits!.snapshot;
    assert.strictEqual(status().visible, false, 'nothing shown before a 429');
    const client = await t.services.clients.get(accountId);
    // The first second of each 6 s window is free, the next five answer 429 with the seconds
    // left; the windows start at the first request after the change.
    em.config.bursts = { everyMs: 6000, durationMs: 5000 };
    await client.getAuth();
    await sleep(1200);
    const started = Date.now();
    const request = client.getAuth().finally(() => (em.config.bursts = null));
    const first = await eventually(() => {
      const s = status();
      assert.strictEqual(s.visible, true);
      return s;
    });
    assert.match(first.text, /^\$\(watch\) Neon: waiting [45] s$/);
    assert.deepStrictEqual(first.accounts, ['Rate Limited']);
    assert.match(first.tooltip, /^Neon answered 429 Too Many Requests for Rate Limited\. Its requests wait [45] s, as Neon asks, then go on by themselves: nothing needs doing\. Select this item to open the log\.$/);
    if (browserAvailable()) {
      await eventually(async () => assert.match(await allText(), /Neon: waiting [1-5] s/), { timeout: 5000 });
      await screenshot(path.resolve(__dirname, '../../../test-results/rate-limit-status-bar.png'));
    }
    await eventually(() => assert.match(status().text, /waiting [1-3] s$/), { timeout: 5000 });
    // The wait ends by itself and the request goes through, without a second 429.
    const auth = await request;
    assert.ok(auth.account_id);
    assert.ok(Date.now() - started >= 3500, `the request waited (${Date.now() - started} ms)`);
    await eventually(() => assert.strictEqual(status().visible, false), { timeout: 3000 });
    if (browserAvailable()) await eventually(async () => assert.doesNotMatch(await allText(), /Neon: waiting/), { timeout: 5000 });
    assert.strictEqual(em.server.log.entries.filter((e) => e.route === 'GET /auth' && e.status === 429).length, 1);
  });

  it("a command's progress notification says the wait and counts down, then its own message again", async () => {
    const em = emulator();
    const client = await t.services.clients.get(accountId);
    em.config.bursts = { everyMs: 6000, durationMs: 5000 };
    await client.getAuth();
    await sleep(1200);
    const before = em.server.log.mark();
    const p = em.state.projects.get('quiet-moon-45120987')!;
    t.prompt.script({ input: p.name });
    const deleted = vscode.commands.executeCommand('neonExplorer.deleteProject', { accountId, orgId: p.orgId, projectId: 'quiet-moon-45120987', projectName: p.name });
    const progress = await eventually(() => {
      // Its first request is the read of the project's computes (which .env connects to it), before the question.
      const shown = t.progress().find((x) => x.title.startsWith(`Delete Project: reading ${p.name}`));
      assert.ok(shown && shown.messages.length > 0);
      return shown;
    });
    em.config.bursts = null;
    assert.match(progress.messages[0]!, /^waiting [45] s: Neon limits this account's requests \(429 Too Many Requests\), then it goes on by itself$/);
    assert.strictEqual(await deleted, true);
    const seconds = progress.messages.slice(0, -1).map((m) => Number(/^waiting (\d) s:/.exec(m)?.[1]));
    assert.ok(seconds.length >= 3, progress.messages.join(' | '));
    assert.deepStrictEqual(seconds, [...seconds].sort((a, b) => b - a), 'counts down');
    assert.strictEqual(new Set(seconds).size, seconds.length, 'each second once');
    // Over: the task's own message (none, for this command) is back, and the project is gone.
    assert.strictEqual(progress.messages.at(-1), '');
    assert.ok(!em.state.projects.has('quiet-moon-45120987'));
    assert.strictEqual(em.server.log.since(before).filter((e) => e.status === 429).length, 1);
  });
});
