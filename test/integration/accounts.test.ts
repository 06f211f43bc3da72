// Accounts in the real VS Code host against the emulator: add (checked first), kinds, rejected
// keys, several accounts, rename / update key / remove, a key revoked later.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { startEmulator, type Emulator } from '../../emulator';
import { DEMO_SEEDED_KEY, seedDemoAccount, type DemoSeedTarget } from '../../src/accounts/demo';
import { browserAvailable, keyboardFocus } from './helpers/browser';
import { eventually, sleep } from './helpers/eventually';
import { addAccount, children, clearRequests, control, current, mintKey, removeAllAccounts, requests, row, rows, testing, walk } from './tree.support';
import { startClean } from './helpers/suite';

describe('accounts', function () {
  this.timeout(60_000);
  let em: Emulator;

  before(async () => {
    em = await startEmulator({ seed: 'small', quiet: true });
    await startClean(em);
  });
  after(async () => {
    await removeAllAccounts();
    await em?.close();
  });
  beforeEach(async () => {
    await removeAllAccounts();
    await control(em, '/reset', { config: true });
  });

  it('adds a personal key after checking it, stores the key only in secret storage, and shows the account', async () => {
    const t = await testing();
    const id = await addAccount(em.apiKey, 'Work');
    const a = t.services.accounts.get(id)!;
    assert.strictEqual(a.kind, 'personal');
    assert.strictEqual(a.email, 'you@example.com');
    assert.strictEqual(a.baseUrl, em.url);
    assert.strictEqual(await t.services.context.secrets.get(`neonExplorer.account.${id}`), em.apiKey);
    const state = JSON.stringify(t.services.context.globalState.get('neonExplorer.accounts'));
    assert.ok(state.includes('"Work"') && !state.includes(em.apiKey), 'globalState holds label and kind, never the key');
    assert.ok(!t.logLines.join('\n').includes(em.apiKey), 'the key never reaches the log');
    assert.ok(!JSON.stringify(t.prompt.shown).includes(em.apiKey), 'the key is never shown');
    const log = await requests(em);
    assert.strictEqual(log.byRoute['GET /auth'], 1, 'checked with GET /auth');
    assert.strictEqual(log.byRoute['GET /users/me'], 1, 'and GET /users/me');
    const [acct] = await rows();
    assert.deepStrictEqual([acct.id, acct.label, acct.contextValue], [`acct/${id}`, 'Work', 'account']);
    assert.match(acct.description, /you@example\.com · personal key/);
    assert.ok(t.prompt.shown.some((s) => s.kind === 'info' && /Added "Work" \(personal key/.test(s.text)));
  });

  it('without a label uses the email as the name', async () => {
    const id = await addAccount(em.apiKey, '');
    const t = await testing();
    assert.strictEqual(t.services.accounts.get(id)!.label, 'you@example.com');
    assert.match(t.prompt.shown[0].text, /Add Neon API Key/);
    // The email once: it is the name.
    assert.ok(t.prompt.shown.some((s) => s.kind === 'info' && s.text === 'Added "you@example.com" (personal key).'), JSON.stringify(t.prompt.shown.map((s) => s.text)));
    assert.match((await rows()).find((r) => r.id === `acct/${id}`)!.description, /^personal key$/);
  });

  it('refuses a rejected key with a clear sentence and stores nothing', async () => {
    const t = await testing();
    // The key box comes back with the key and the reason; a good key pasted there is added.
    t.prompt.script({ input: 'napi_thisKeyDoesNotExist1234567890' }, { input: em.apiKey }, { input: 'Fixed' });
    const added = (await vscode.commands.executeCommand('neonExplorer.addAccount')) as { label: string } | undefined;
    const asked = t.prompt.shown.filter((s) => s.kind === 'input');
    assert.strictEqual(asked.length, 3, JSON.stringify(t.prompt.shown));
    // The reason is the box's error (red), not its grey prompt: the prompt says what to paste.
    assert.strictEqual(asked[1]!.text, 'Add Neon API Key Paste a personal, organization or project-scoped Neon API key. It is checked with Neon, then kept in VS Code’s secret storage.');
    // The request id last, after what to do (walk 36 found it in the middle).
    assert.match(asked[1]!.validation ?? '', /^Neon rejected this API key \(401\).* Nothing is saved until Neon accepts a key\. \(request id [0-9a-f-]+\)$/);
    assert.ok(!JSON.stringify(t.prompt.shown).includes('napi_thisKeyDoesNotExist1234567890'));
    assert.ok(!t.prompt.shown.some((s) => s.kind === 'error'), 'no failure notification');
    assert.strictEqual(added?.label, 'Fixed');
    assert.deepStrictEqual(t.services.accounts.list().map((a) => a.label), ['Fixed']);
  });

  it('a key already added: the box says as which account, and no more (it was never sent to Neon)', async () => {
    const t = await testing();
    await addAccount(em.apiKey, 'Work');
    t.prompt.reset();
    t.prompt.script({ input: em.apiKey }, { dismiss: true });
    await vscode.commands.executeCommand('neonExplorer.addAccount');
    const asked = t.prompt.shown.filter((s) => s.kind === 'input');
    assert.strictEqual(asked[1]?.validation, 'This key is already added as "Work".', JSON.stringify(t.prompt.shown));
    assert.deepStrictEqual(t.services.accounts.list().map((a) => a.label), ['Work']);
  });

  it('another key of someone already added asks first (Escape adds nothing), and Add Anyway gives it a name of its own; Rename refuses a name another account has and logs old and new names (walk 40)', async () => {
    const t = await testing();
    const first = await addAccount(em.apiKey, '');
    const again = await mintKey(em, { kind: 'personal', email: 'you@example.com', name: 'same-user' });
    const question = () => t.prompt.shown.filter((x) => x.kind === 'warning' && x.modal).at(-1);
    t.prompt.reset();
    t.prompt.script({ input: again }, { dismiss: true });
    await vscode.commands.executeCommand('neonExplorer.addAccount');
    assert.strictEqual(question()?.text.split('\n')[0], 'you@example.com (personal key) is already added as "you@example.com". Add this key as another account?', JSON.stringify(t.prompt.shown));
    assert.deepStrictEqual(question()!.buttons, ['Add Anyway']);
    assert.ok(!t.prompt.shown.some((x) => x.kind === 'input' && /name for this account/.test(x.text)), 'no name is asked once the question is dismissed');
    assert.ok(!t.prompt.shown.some((x) => x.kind === 'error'), 'dismissing is not a failure');
    assert.deepStrictEqual(t.services.accounts.list().map((a) => a.label), ['you@example.com']);

    // Add Anyway: Enter on the name box gives a name that differs from the first account's.
    await sleep(1100); // added a second apart: the lists below tell two of one name apart by the time
    t.prompt.reset();
    t.prompt.script({ input: again }, { button: 'Add Anyway' }, { input: '' });
    await vscode.commands.executeCommand('neonExplorer.addAccount');
    assert.ok(t.prompt.shown.some((x) => x.kind === 'input' && x.text.includes('Enter keeps "you@example.com (2)"')), JSON.stringify(t.prompt.shown));
    assert.deepStrictEqual(t.services.accounts.list().map((a) => a.label), ['you@example.com', 'you@example.com (2)']);
    const second = t.services.accounts.list().find((a) => a.id !== first)!.id;
    await eventually(async () => assert.deepStrictEqual((await rows()).map((r) => r.label), ['you@example.com', 'you@example.com (2)']));

    // Rename refuses the other account's name (any case), with a sentence; the name stays.
    t.prompt.reset();
    t.prompt.script({ input: 'YOU@example.com' });
    await vscode.commands.executeCommand('neonExplorer.renameAccount', await current(`acct/${second}`));
    assert.match(t.prompt.shown.filter((x) => x.kind === 'error').at(-1)?.text ?? JSON.stringify(t.prompt.shown), /Another account is already named "you@example\.com": choose a name that tells them apart\.$/);
    assert.strictEqual(t.services.accounts.get(second)!.label, 'you@example.com (2)');
    // Its own name (kept as it is) and a free name are accepted; the log says old and new.
    t.prompt.script({ input: 'Laptop key' });
    await vscode.commands.executeCommand('neonExplorer.renameAccount', await current(`acct/${second}`));
    assert.strictEqual(t.services.accounts.get(second)!.label, 'Laptop key');
    assert.ok(t.logLines.some((l) => l.includes('Renamed account "you@example.com (2)" to "Laptop key"')), t.logLines.slice(-5).join('\n'));

    // Two of one name all the same (renamed in another window, or added before names had to differ):
    // the row, the account picker and Remove's question say when each was added.
    await t.services.accounts.rename(second, 'you@example.com');
    await eventually(async () => {
      const top = await rows();
      assert.deepStrictEqual(top.map((r) => r.label), ['you@example.com', 'you@example.com']);
      assert.notStrictEqual(top[0].description, top[1].description);
      assert.match(top[1].description, /^personal key · added /);
    });
    t.prompt.reset();
    t.prompt.script({ pick: 'you@example.com' }, { dismiss: true });
    await vscode.commands.executeCommand('neonExplorer.removeAccount');
    const pick = t.prompt.shown.find((x) => x.kind === 'pick')!;
    assert.deepStrictEqual(pick.items, ['you@example.com', 'you@example.com']);
    assert.notStrictEqual(pick.descriptions![0], pick.descriptions![1]);
    assert.match(question()!.text, /^Remove the account "you@example\.com" \(added .+\)\?/);
    assert.strictEqual(t.services.accounts.list().length, 2, 'dismissed: nothing removed');
  });

  it('by keyboard: the account just added has the focus on its row; removing the last one puts the focus in the view (its welcome content), not nowhere', async function () {
    if (!browserAvailable()) return this.skip();
    const t = await testing();
    t.prompt.reset();
    t.prompt.script({ input: em.apiKey }, { input: 'Focused' });
    await vscode.commands.executeCommand('neonExplorer.addAccount');
    await eventually(async () => assert.deepStrictEqual(await keyboardFocus(), { where: 'tree', label: 'Focused' }), { timeout: 10_000, message: 'the new row has the focus' });
    const [id] = t.services.accounts.list().map((a) => a.id);
    t.prompt.script({ button: 'Remove' });
    await vscode.commands.executeCommand('neonExplorer.removeAccount', { accountId: id });
    await eventually(async () => assert.strictEqual((await keyboardFocus()).where, 'welcome-view'), { timeout: 10_000, message: 'the focus is in the welcome content' });
  });

  it('recognises an organization key and shows its one organization (also where the API answers 403)', async () => {
    const key = await mintKey(em, { kind: 'org', orgId: 'org-morning-bread-81040908', name: 'ci' });
    const t = await testing();
    const id = await addAccount(key, '');
    const a = t.services.accounts.get(id)!;
    assert.strictEqual(a.kind, 'organization');
    assert.strictEqual(a.label, 'Acme Inc');
    assert.match((await rows())[0].description, /organization key/);
    assert.deepStrictEqual((await rows(await current(`acct/${id}`))).map((r) => [r.label, r.contextValue]), [['Acme Inc', 'org']]);
    // Older API: GET /users/me/organizations answers 403 to org keys.
    await control(em, '/config', { orgKeyOrganizations: 'forbidden' });
    vscode.commands.executeCommand('neonExplorer.refreshNode', await current(`acct/${id}`));
    await eventually(async () => assert.deepStrictEqual((await rows(await current(`acct/${id}`))).map((r) => r.label), ['Acme Inc']));
    const folders = (await rows(await walk('Acme Inc', 'Acme Inc'))).slice(0, 3);
    assert.deepStrictEqual(folders.map((r) => r.contextValue), ['folder;members', 'folder;invitations', 'folder;apiKeys']);
  });

  it('recognises a project-scoped key: its org without member folders, its one project', async () => {
    const key = await mintKey(em, { kind: 'project', projectId: 'hidden-cell-76330112' });
    const t = await testing();
    const id = await addAccount(key, '');
    assert.strictEqual(t.services.accounts.get(id)!.kind, 'project');
    const org = await child1(`acct/${id}`);
    const list = await rows(org);
    assert.deepStrictEqual(list.map((r) => [r.label, r.contextValue]), [['acme-web', 'project']]);
  });

  it('keeps several accounts side by side', async () => {
    const orgKey = await mintKey(em, { kind: 'org', orgId: 'org-bitter-breeze-35816640' });
    const a = await addAccount(em.apiKey, 'Me');
    const b = await addAccount(orgKey, 'Data CI');
    const top = await rows();
    assert.deepStrictEqual(top.map((r) => [r.id, r.label]), [[`acct/${a}`, 'Me'], [`acct/${b}`, 'Data CI']]);
    assert.deepStrictEqual((await rows(await current(`acct/${b}`))).map((r) => r.label), ['Data Team']);
    assert.deepStrictEqual((await rows(await current(`acct/${a}`))).map((r) => r.label), ['Acme Inc', 'Side Project', 'Data Team', 'Shared with me']);
    const t = await testing();
    assert.strictEqual(t.services.accounts.list().length, 2);
  });

  it('from the palette, account commands ask which account with a quick pick', async () => {
    const t = await testing();
    const orgKey = await mintKey(em, { kind: 'org', orgId: 'org-ocean-art-12345678' });
    await addAccount(em.apiKey, 'First');
    const second = await addAccount(orgKey, 'Second');
    const shownBefore = t.prompt.shown.length;
    t.prompt.script({ pick: 'Second' }, { input: 'Side CI' });
    await vscode.commands.executeCommand('neonExplorer.renameAccount');
    const asked = t.prompt.shown.slice(shownBefore).find((s) => s.kind === 'pick');
    assert.deepStrictEqual(asked?.items, ['First', 'Second']);
    assert.strictEqual(t.services.accounts.get(second)!.label, 'Side CI');
    assert.strictEqual(t.prompt.pending(), 0);
  });

  it('renames and updates the key in place (same id, same node ids), and removes with confirmation', async () => {
    const t = await testing();
    const id = await addAccount(em.apiKey, 'Old');
    const before = (await rows(await current(`acct/${id}`))).map((r) => r.id);
    t.prompt.script({ input: 'New name' });
    await vscode.commands.executeCommand('neonExplorer.renameAccount', await current(`acct/${id}`));
    await eventually(async () => assert.strictEqual((await rows())[0].label, 'New name'));

    const second = await mintKey(em, { kind: 'personal', name: 'second' });
    t.prompt.script({ input: second });
    // Counted from before the change: the tree may re-read the account before the command returns.
    await clearRequests(em);
    await vscode.commands.executeCommand('neonExplorer.updateAccountKey', await current(`acct/${id}`));
    assert.strictEqual(await t.services.context.secrets.get(`neonExplorer.account.${id}`), second);
    const top = await rows();
    assert.deepStrictEqual(top.map((r) => [r.id, r.label]), [[`acct/${id}`, 'New name']]);
    assert.deepStrictEqual((await rows(await current(`acct/${id}`))).map((r) => r.id), before, 'same node ids after a key change');
    assert.ok((await requests(em)).byRoute['GET /users/me/organizations'] >= 1, 'the cache died with the old key: the account was read again');

    t.prompt.script({ button: undefined });
    await vscode.commands.executeCommand('neonExplorer.removeAccount', await current(`acct/${id}`));
    assert.strictEqual(t.services.accounts.list().length, 1, 'dismissing the confirmation keeps the account');
    t.prompt.script({ button: 'Remove' });
    await vscode.commands.executeCommand('neonExplorer.removeAccount', await current(`acct/${id}`));
    assert.strictEqual(t.services.accounts.list().length, 0);
    assert.strictEqual(await t.services.context.secrets.get(`neonExplorer.account.${id}`), undefined, 'the secret is deleted');
    assert.deepStrictEqual(await rows(), []);
  });

  it('a new key of another owner (an organization key for a personal account) asks first: Escape keeps the old key, Add as Another Account keeps both, Replace Anyway swaps it and a name that was the old owner\'s follows the new one (walk 25)', async () => {
    const t = await testing();
    const id = await addAccount(em.apiKey, '');
    const before = t.services.accounts.get(id)!;
    assert.strictEqual(before.kind, 'personal');
    const orgKey = await mintKey(em, { kind: 'org', orgId: 'org-morning-bread-81040908', name: 'swap' });
    const question = () => t.prompt.shown.filter((x) => x.kind === 'warning' && x.modal).at(-1);
    // Escape on the question: nothing changes.
    t.prompt.script({ input: orgKey }, { dismiss: true });
    await vscode.commands.executeCommand('neonExplorer.updateAccountKey', await current(`acct/${id}`));
    assert.strictEqual(question()!.text.split('\n')[0], `This key belongs to Acme Inc (organization key), not to ${before.email} (personal key) as the key of "${before.label}" did.`);
    assert.deepStrictEqual(question()!.buttons, ['Add as Another Account', 'Replace Anyway']);
    assert.strictEqual(await t.services.context.secrets.get(`neonExplorer.account.${id}`), em.apiKey);
    assert.strictEqual(t.services.accounts.list().length, 1);
    // Add as Another Account: both are kept.
    t.prompt.script({ input: orgKey }, { button: 'Add as Another Account' });
    await vscode.commands.executeCommand('neonExplorer.updateAccountKey', await current(`acct/${id}`));
    assert.strictEqual(await t.services.context.secrets.get(`neonExplorer.account.${id}`), em.apiKey);
    const added = t.services.accounts.list().find((a) => a.id !== id)!;
    assert.deepStrictEqual([added.kind, added.label], ['organization', 'Acme Inc']);
    await t.services.accounts.remove(added.id);
    // Replace Anyway: the key is swapped, and the name (the old owner's email) becomes the new owner's.
    t.prompt.script({ input: orgKey }, { button: 'Replace Anyway' });
    await vscode.commands.executeCommand('neonExplorer.updateAccountKey', await current(`acct/${id}`));
    assert.strictEqual(await t.services.context.secrets.get(`neonExplorer.account.${id}`), orgKey);
    assert.deepStrictEqual([t.services.accounts.get(id)!.kind, t.services.accounts.get(id)!.label], ['organization', 'Acme Inc']);
    assert.ok(!JSON.stringify(t.prompt.shown).includes(orgKey), 'the key is never shown');
    await t.services.accounts.remove(id);
  });

  it('a new key that Neon rejects leaves the account as it was: the key box comes back with the key and the reason in red, as Add does; Escape there ends it quietly', async () => {
    const t = await testing();
    const id = await addAccount(em.apiKey, 'Keep');
    const from = t.prompt.shown.length;
    t.prompt.script({ input: 'napi_notAValidKeyAtAll000000000000' }, { dismiss: true });
    await vscode.commands.executeCommand('neonExplorer.updateAccountKey', await current(`acct/${id}`));
    assert.strictEqual(await t.services.context.secrets.get(`neonExplorer.account.${id}`), em.apiKey);
    const asked = t.prompt.shown.slice(from).filter((s) => s.kind === 'input');
    assert.strictEqual(asked.length, 2, JSON.stringify(t.prompt.shown.slice(from)));
    assert.strictEqual(asked[1]!.value, '(password)', 'the key is kept in the box');
    assert.match(asked[1]!.validation ?? '', /^Neon rejected this API key \(401\).* Nothing is saved until Neon accepts a key\. \(request id [0-9a-f-]+\)$/);
    assert.ok(!t.prompt.shown.slice(from).some((s) => s.kind === 'error'), 'no failure toast: the box says it');
    assert.ok(!JSON.stringify(t.prompt.shown).includes('napi_notAValidKeyAtAll'));
    assert.strictEqual((await row(await current(`acct/${id}`))).contextValue, 'account');
  });

  it('the demo bootstrap stores the key without a request and identifies it on first expand', async () => {
    const t = await testing();
    const store = t.services.accounts as unknown as { addUnverified(key: string, url: string, label: string): Promise<{ id: string }> };
    await clearRequests(em);
    const { id } = await store.addUnverified(em.apiKey, em.url, 'Demo account');
    assert.strictEqual((await requests(em)).total, 0, 'no network I/O when the demo account is added');
    assert.match((await row(await current(`acct/${id}`))).description, /not checked yet/);
    assert.deepStrictEqual((await rows(await current(`acct/${id}`))).map((r) => r.label), ['Acme Inc', 'Side Project', 'Data Team', 'Shared with me']);
    await eventually(async () => assert.match((await row(await current(`acct/${id}`))).description, /you@example\.com · personal key/));
    assert.strictEqual(t.services.accounts.get(id)!.kind, 'personal');
  });

  it('seeds the demo account once per demo API: one the person removed stays removed after a window reload', async () => {
    const t = await testing();
    const state = t.services.context.globalState;
    const store = t.services.accounts as unknown as DemoSeedTarget;
    const env = { NEON_EXPLORER_DEMO_KEY: em.apiKey, NEON_EXPLORER_DEMO_BASE_URL: em.url };
    await state.update(DEMO_SEEDED_KEY, undefined);
    try {
      assert.strictEqual(await seedDemoAccount(store, state, env), true, 'the first activation of a demo run adds it');
      const [demo] = t.services.accounts.list();
      assert.strictEqual(demo?.label, 'Demo account');
      t.prompt.script({ button: 'Remove' });
      await vscode.commands.executeCommand('neonExplorer.removeAccount', await current(`acct/${demo!.id}`));
      assert.strictEqual(t.services.accounts.list().length, 0);
      // A reload activates the extension again with the same environment and globalState.
      assert.strictEqual(await seedDemoAccount(store, state, env), false, 'the reload does not add it back');
      assert.deepStrictEqual(t.services.accounts.list(), []);
      assert.deepStrictEqual(await rows(), []);
      // The next `npm start` (a new emulator, a new URL) seeds again.
      assert.strictEqual(await seedDemoAccount(store, state, { ...env, NEON_EXPLORER_DEMO_BASE_URL: `${em.url}/` }), true);
      assert.deepStrictEqual(t.services.accounts.list().map((a) => a.label), ['Demo account']);
    } finally {
      await state.update(DEMO_SEEDED_KEY, undefined);
    }
  });

  it('a key revoked before the account level is read: the account says "Key rejected" and its one row is "Update API Key…", never an error row with Retry', async () => {
    const key = await mintKey(em, { kind: 'personal', name: 'revoked-first' });
    const id = await addAccount(key, 'Revoked first');
    await children(await current(`acct/${id}`));
    await control(em, '/revoke', { token: key });
    await vscode.commands.executeCommand('neonExplorer.refreshNode', await current(`acct/${id}`));
    const first = await rows(await current(`acct/${id}`));
    assert.deepStrictEqual(first.map((r) => [r.label, r.command]), [['Update API Key…', 'neonExplorer.updateAccountKey']]);
    await eventually(async () => assert.strictEqual((await row(await current(`acct/${id}`))).contextValue, 'account;rejected'));
    // The row says which answer refused the key, as every failure does (walk 25), also once the account is redrawn as rejected.
    const refusals = new Set(em.server.log.entries.filter((e) => e.status === 401).map((e) => e.requestId));
    await eventually(async () => {
      const said = /\(request id ([0-9a-f-]+)\)$/.exec((await rows(await current(`acct/${id}`)))[0]!.tooltip)?.[1];
      assert.ok(said && refusals.has(said), `the request id of a 401 Neon answered: ${said} of ${[...refusals].join(', ')}`);
    });
    (await testing()).prompt.script({ button: 'Remove' });
    await vscode.commands.executeCommand('neonExplorer.removeAccount', await current(`acct/${id}`));
  });

  it('a key revoked later turns the account into "Key rejected" (one "Update API Key…" row) without retry storms', async () => {
    const t = await testing();
    const key = await mintKey(em, { kind: 'personal', name: 'to-revoke' });
    const id = await addAccount(key, 'Revoked soon');
    const acme = await walk('Revoked soon', 'Acme Inc');
    await children(acme);
    await control(em, '/revoke', { token: key });
    const shownBefore = t.prompt.shown.length;
    await clearRequests(em);
    await vscode.commands.executeCommand('neonExplorer.refreshNode', acme);
    await children(await current(acme.id)).catch(() => []);
    await eventually(async () => {
      const acct = await row(await current(`acct/${id}`));
      assert.strictEqual(acct.contextValue, 'account;rejected');
      assert.strictEqual(acct.description, 'Key rejected');
    });
    const kids = await rows(await current(`acct/${id}`));
    // The account row says "Key rejected"; its child is the way on and does not repeat it.
    assert.deepStrictEqual(kids.map((r) => [r.label, r.description, r.command]), [['Update API Key…', 'Neon answered 401', 'neonExplorer.updateAccountKey']]);
    const after = (await requests(em)).total;
    // Re-rendering the rejected account asks nothing of the API.
    for (let i = 0; i < 5; i++) await rows(await current(`acct/${id}`));
    await new Promise((r) => setTimeout(r, 300));
    assert.strictEqual((await requests(em)).total, after, 'no requests while the key is rejected');
    assert.ok(after <= 3, `a handful of requests at most (got ${after})`);
    assert.ok(!t.prompt.shown.slice(shownBefore).some((s) => s.kind === 'input'), 'no prompt popped up by itself');

    t.prompt.script({ input: em.apiKey });
    await vscode.commands.executeCommand('neonExplorer.updateAccountKey', await current(`acct/${id}`));
    await eventually(async () => assert.strictEqual((await row(await current(`acct/${id}`))).contextValue, 'account'));
    assert.deepStrictEqual((await rows(await current(`acct/${id}`))).map((r) => r.label), ['Acme Inc', 'Side Project', 'Data Team', 'Shared with me']);
  });
});

async function child1(id: string) {
  return (await children(await current(id)))[0];
}
