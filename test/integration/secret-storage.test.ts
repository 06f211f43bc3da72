// SecretStorage failing in the real host (a locked or missing OS keyring), injected through the
// InjectableSecretStorage the test seam (src/testing) gives the extension in the test host: the account row
// says the key is unavailable and why, commands say so in a sentence, nothing is deleted, nothing
// throws, and the account comes back by itself when the keyring does.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { InjectableSecretStorage } from '../../src/testing';
import type { NeonAccountStore } from '../../src/accounts/store';
import { recordReliability } from '../reliability-record';
import { eventually } from './helpers/eventually';
import { useEmulator } from './helpers/emulator';
import { children, mintKey, removeAllAccounts, row, rows, testing } from './tree.support';
import { startWithAccount } from './helpers/suite';

const LOCKED = 'Cannot create an item in a locked collection';
const ACME = 'org-morning-bread-81040908';

describe('secret storage fails (locked keyring)', function () {
  this.timeout(90_000);
  const emulator = useEmulator({ seed: 'small' });
  let secrets: InjectableSecretStorage;
  let you = '';
  const figures: Record<string, unknown> = {};
  const rejections: unknown[] = [];
  const onRejection = (r: unknown) => rejections.push(r);

  before(async () => {
    const start = await startWithAccount(emulator());
    you = start.accountId;
    secrets = start.t.secretStorage;
    process.on('unhandledRejection', onRejection);
  });
  afterEach(() => secrets.heal());
  after(async () => {
    process.off('unhandledRejection', onRejection);
    secrets.heal();
    await removeAllAccounts();
    recordReliability('secretStorage', figures);
  });

  it('unreadable at start: the row says why, commands say so, nothing is deleted, and it recovers by itself', async () => {
    const t = await testing();
    const key = emulator().apiKey;
    secrets.fail(LOCKED, ['get']);
    const failedAt = Date.now();
    await (t.services.accounts as NeonAccountStore).reloadKeys(); // as when the window starts with the keyring locked
    t.services.clients.drop(you);

    const acct = await eventually(async () => {
      const [r] = await rows();
      assert.strictEqual(r.label, 'you');
      assert.strictEqual(r.description, `Key unavailable: ${LOCKED}`);
      return r;
    });
    figures.rowDescription = acct.description;
    const acctNode = t.tree.provider.node(`acct/${you}`)!;
    const [err] = await children(acctNode);
    const errRow = await row(err!);
    assert.strictEqual(errRow.contextValue, 'error');
    assert.match(errRow.description, /cannot be read from VS Code's secret storage \(Cannot create an item in a locked collection\)/);

    t.prompt.reset();
    await vscode.commands.executeCommand('neonExplorer.showOrgDetails', { accountId: you, orgId: ACME });
    const shown = t.prompt.shown.find((s) => s.kind === 'error');
    assert.ok(shown, JSON.stringify(t.prompt.shown));
    assert.match(shown.text, /^Couldn't .+: The API key of "you" cannot be read from VS Code's secret storage \(Cannot create an item in a locked collection\)\. The OS keyring may be locked or not running: unlock it .*the account and its key were kept\.$/);
    figures.commandSentence = shown.text;

    // Nothing deleted: the account stays, and the key is still in the real secret storage.
    assert.ok(t.services.accounts.get(you));
    assert.strictEqual(await t.services.context.secrets.get(`neonExplorer.account.${you}`), key);

    secrets.heal();
    const healedAt = Date.now();
    await eventually(async () => {
      const [r] = await rows();
      assert.match(r.description ?? '', /personal key/);
    }, { timeout: 25_000 });
    figures.recoveredWithoutActionMs = Date.now() - healedAt;
    figures.unavailableForMs = Date.now() - failedAt;
    const level = await eventually(async () => {
      const nodes = await children(t.tree.provider.node(`acct/${you}`)!);
      const labels = await Promise.all(nodes.map(async (n) => (await row(n)).label));
      assert.ok(labels.includes('Acme Inc'), labels.join(', '));
      return labels;
    });
    assert.ok(level.length > 0);
  });

  it('unwritable: adding, re-keying and removing say so in a sentence and change nothing', async () => {
    const t = await testing();
    const key = emulator().apiKey;
    const count = t.services.accounts.list().length;
    secrets.fail('The name org.freedesktop.secrets was not provided by any .service files', ['store', 'delete']);
    const second = await mintKey(emulator(), { kind: 'org', orgId: ACME, name: 'second' });

    t.prompt.reset();
    t.prompt.script({ input: second }, { input: 'second' });
    await vscode.commands.executeCommand('neonExplorer.addAccount');
    const added = t.prompt.shown.find((s) => s.kind === 'error');
    assert.ok(added, JSON.stringify(t.prompt.shown));
    assert.match(added.text, /^Couldn't add the API key: VS Code's secret storage could not store the key of "second" \(The name org\.freedesktop\.secrets was not provided by any \.service files\)\. .*nothing was saved\.$/);
    assert.strictEqual(t.services.accounts.list().length, count, 'no account without its key');

    t.prompt.reset();
    // `second` is an organization key: Update asks before it replaces a personal one.
    t.prompt.script({ input: second }, { button: 'Replace Anyway' });
    await vscode.commands.executeCommand('neonExplorer.updateAccountKey', { accountId: you });
    const rekey = t.prompt.shown.find((s) => s.kind === 'error');
    assert.ok(rekey, JSON.stringify(t.prompt.shown));
    assert.match(rekey.text, /could not replace the key of "you" .*the account keeps its current key\.$/);
    assert.strictEqual(await t.services.context.secrets.get(`neonExplorer.account.${you}`), key);

    t.prompt.reset();
    t.prompt.script({ button: 'Remove' });
    await vscode.commands.executeCommand('neonExplorer.removeAccount', { accountId: you });
    const removed = t.prompt.shown.find((s) => s.kind === 'error');
    assert.ok(removed, JSON.stringify(t.prompt.shown));
    assert.match(removed.text, /could not delete the key of "you" .*the account was kept\.$/);
    assert.ok(t.services.accounts.get(you), 'the account is kept');
    assert.strictEqual(await t.services.context.secrets.get(`neonExplorer.account.${you}`), key);

    // The keyring back: the same commands work, and the account still loads.
    secrets.heal();
    const [r] = await rows();
    assert.strictEqual(r.label, 'you');
    assert.deepStrictEqual(rejections, [], 'no unhandled rejection');
    Object.assign(figures, { addSentence: added.text, rekeySentence: rekey.text, removeSentence: removed.text, unhandledRejections: rejections.length });
  });
});
