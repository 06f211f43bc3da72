// Neon answers 429 in the real host: the account's requests wait as Neon asks (Retry-After), and
// the status bar says so, counts down, and goes away once the wait is over.
import * as assert from 'assert';
import * as path from 'path';
import { allText, browserAvailable, screenshot } from './helpers/browser';
import { useEmulator } from './helpers/emulator';
import { eventually, sleep } from './helpers/eventually';
import { startWithAccount } from './helpers/suite';
import { removeAllAccounts } from './tree.support';
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
    assert.match(first.tooltip, /^Neon answered 429 Too Many Requests for Rate Limited\. Its requests wait [45] s, as Neon asks, then go on by themselves: nothing needs doing\. Click to open the log\.$/);
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
});
