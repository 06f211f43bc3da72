// Runs last (files run in name order): the whole suite has used keys and passwords carrying this
// run's canary (helpers/secrets.ts). Here, inside the host, everything the extension showed or
// kept is searched for it; the launcher then searches every file of the run on disk.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { withEmulator } from './helpers/emulator';
import { CANARY, canaryHits, openedTerminals } from './helpers/secrets';
import { addAccount, removeAllAccounts, setBaseUrl, testing } from './tree.support';

// The Restricted Mode run is a short suite: it logs and shows less; the German run (npm run
// test:l10n) is shorter still, and neither connects.
const localized = !!process.env.NEON_TEST_LOCALE;
const least = localized ? { log: 10, shown: 2 } : process.env.NEON_TEST_RESTRICTED === '1' ? { log: 20, shown: 5 } : { log: 100, shown: 50 };

describe('Secrets: the suite-wide canary scan', function () {
  before(function () {
    // Both launchers (code-server and electron) set one: without it this scan would prove nothing.
    assert.ok(CANARY, 'NEON_TEST_CANARY is set by the launcher');
  });

  it('every key and password the test emulators issue carries the canary', async () => {
    await withEmulator(async (em) => {
      assert.ok(em.apiKey.includes(CANARY), 'main key');
      const roles = [...em.state.projects.values()].slice(0, 3).flatMap((p) => [...em.state.detail(p).branches.values()].flatMap((b) => b.roles ? [...b.roles.values()] : []));
      assert.ok(roles.length > 0, 'the seed has roles');
      for (const r of roles) assert.ok(r.password.includes(CANARY), `password of ${r.name}`);
    });
  });

  it('no log line of the Neon Explorer channel holds a secret', async () => {
    const t = await testing();
    if (!process.env.NEON_TEST_GREP) assert.ok(t.logLines.length > least.log, `the suite logged (${t.logLines.length} lines)`);
    assert.deepStrictEqual(canaryHits(t.logLines.join('\n')), []);
    console.log(`      ${t.logLines.length} log lines searched`);
  });

  it('no notification, error, picker or input box the suite was shown holds a secret', async () => {
    const t = await testing();
    if (!process.env.NEON_TEST_GREP) assert.ok(t.prompt.history.length > least.shown, `messages were shown (${t.prompt.history.length})`);
    assert.deepStrictEqual(canaryHits(JSON.stringify(t.prompt.history)), []);
    const errors = t.prompt.history.filter((s) => s.kind === 'error').length;
    console.log(`      ${t.prompt.history.length} things shown searched (${errors} errors)`);
  });

  it('no terminal the suite opened (Open psql) holds a secret in its name or command line; its environment does', async () => {
    const terms = openedTerminals().filter((x) => x.name.startsWith('psql '));
    // The Restricted Mode and German runs have no connect suite; the main and fault runs must have opened some.
    if (!process.env.NEON_TEST_GREP && process.env.NEON_TEST_RESTRICTED !== '1' && !localized) assert.ok(terms.length > 0, 'the connect suites opened psql terminals');
    for (const term of terms) {
      assert.deepStrictEqual(canaryHits(`${term.name} ${term.commandLine}`), [], term.name);
      assert.ok(term.envHoldsCanary, `${term.name}: the password is passed in the environment`);
    }
    for (const term of vscode.window.terminals) if (term.name.startsWith('psql ')) term.dispose();
    console.log(`      ${terms.length} psql terminals searched`);
  });

  it('globalState, workspaceState and settings hold no secret', async () => {
    const t = await testing();
    const { globalState, workspaceState } = t.services.context;
    const dump = (m: vscode.Memento) => JSON.stringify(m.keys().map((k) => [k, m.get(k)]));
    assert.deepStrictEqual(canaryHits(dump(globalState)), []);
    assert.deepStrictEqual(canaryHits(dump(workspaceState)), []);
    const cfg = vscode.workspace.getConfiguration('neonExplorer');
    const sections = t.services.context.extension.packageJSON.contributes.configuration as { properties: object }[];
    const keys = sections.flatMap((c) => Object.keys(c.properties)).map((k) => k.replace(/^neonExplorer\./, ''));
    assert.ok(keys.length >= 5, 'settings are contributed');
    assert.deepStrictEqual(canaryHits(JSON.stringify(keys.map((k) => cfg.inspect(k)))), []);
  });

  it('an account key goes to SecretStorage and nowhere in globalState', async () => {
    const t = await testing();
    await withEmulator(async (em) => {
      await setBaseUrl(em.url);
      const id = await addAccount(em.apiKey, 'Canary');
      try {
        assert.strictEqual(await t.services.context.secrets.get(`neonExplorer.account.${id}`), em.apiKey);
        const { globalState } = t.services.context;
        assert.ok(globalState.keys().length > 0, 'the account list is kept in globalState');
        assert.deepStrictEqual(canaryHits(JSON.stringify(globalState.keys().map((k) => [k, globalState.get(k)]))), []);
        assert.deepStrictEqual(canaryHits(t.logLines.join('\n')), []);
      } finally {
        await removeAllAccounts();
      }
    });
  });
});
