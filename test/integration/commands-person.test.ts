// What a person meets in the commands (issue 13), in the real extension host against the
// in-process emulator: the least-privileged role first and admin asked once more; a partial
// invite says who failed and why; DATABASE_URL pointing elsewhere is asked before it is replaced;
// secrets shown once survive a stray Cancel; cancelling is not a failure; a progress notification
// is gone before the result shows; the log times the work and says "cancelled".
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { endpointHost } from '../../emulator/views';
import type { MemberRef, OrgRef } from '../../src/tree/refs';
import { ACME_API, refs, setSetting, useSecretScan } from './commands-role.support';
import { browserAvailable, toastsText } from './helpers/browser';
import { useEmulator } from './helpers/emulator';
import { eventually } from './helpers/eventually';
import { packageJson, workspaceDir } from './helpers/extension';
import { removeAllAccounts, usePromptReset, type Testing } from './tree.support';
import { startWithAccount } from './helpers/suite';

const ACME = 'org-morning-bread-81040908';

describe('commands-person: safe defaults, honest messages, silent cancels', function () {
  this.timeout(60_000);
  const emulator = useEmulator({ seed: 'small', operationMs: 40 });
  let t: Testing;
  let you = '';
  let acme: OrgRef;
  const r = refs(emulator, () => you);
  const requestsAfter = (start: number, method?: string) => emulator().server.log.since(start).filter((e) => (!method || e.method === method));
  const shownOf = (kind: string) => t.prompt.shown.filter((x) => x.kind === kind);
  const modals = () => t.prompt.shown.filter((x) => x.modal);
  const logSince = (n: number) => t.logLines.slice(n);
  const memberRef = (email: string): MemberRef => {
    const s = emulator().state;
    const m = s.membership(ACME, s.userByEmail(email)!.id)!;
    return { ...acme, memberId: m.id, email, role: m.role === 'admin' ? 'admin' : 'member' };
  };

  before(async () => {
    ({ t, accountId: you } = await startWithAccount(emulator()));
    acme = { accountId: you, orgId: ACME, orgName: 'Acme Inc' };
    emulator().state.detail(emulator().state.projects.get(ACME_API)!);
  });
  usePromptReset(() => t);
  after(async () => {
    await setSetting('envFile', undefined);
    await removeAllAccounts();
  });
  useSecretScan(() => t, emulator);

  // ---------------------------------------------------------------- bug 2: admin is not the default

  it('Change Member Role: member is offered first; granting admin asks once more, naming who; Escape there sends nothing and shows no error', async () => {
    const alice = memberRef('alice@acme.example');
    assert.strictEqual(alice.role, 'member');
    const start = emulator().server.log.mark();
    const logFrom = t.logLines.length;
    t.prompt.script({ pick: 'admin' }, { button: undefined });
    await vscode.commands.executeCommand('neonExplorer.changeMemberRole', alice);
    assert.deepStrictEqual(shownOf('pick')[0]!.items, ['member', 'admin']);
    const confirm = modals()[0]!;
    assert.strictEqual(confirm.text.split('\n')[0], 'Make alice@acme.example an admin of Acme Inc?');
    assert.deepStrictEqual(confirm.buttons, ['Make Admin']);
    assert.deepStrictEqual(requestsAfter(start, 'PATCH'), [], 'no PATCH without the confirmation');
    assert.strictEqual(emulator().state.members.get(alice.memberId)!.role, 'member');
    assert.deepStrictEqual(shownOf('error'), [], 'cancelling is not a failure');
    assert.ok(logSince(logFrom).some((l) => /✗ .*\[neonExplorer\.changeMemberRole\] cancelled/.test(l)), logSince(logFrom).join('\n'));
  });

  it('Invite Members: Enter on the role picks member, and no confirmation is asked for members', async () => {
    const before = emulator().state.invitations.length;
    t.prompt.script({ input: 'plain-member@x.example' }, { pick: (items) => items[0] });
    await vscode.commands.executeCommand('neonExplorer.inviteMembers', acme);
    const created = emulator().state.invitations.slice(before);
    assert.deepStrictEqual(created.map((i) => [i.email, i.role]), [['plain-member@x.example', 'member']]);
    assert.deepStrictEqual(modals(), []);
    assert.deepStrictEqual(shownOf('pick')[0]!.items, ['member', 'admin']);
    assert.match(shownOf('pick')[0]!.text, /\(2\/2\)$/, 'the step counter');
  });

  // ---------------------------------------------------------------- bug 3: who failed, and why

  it('Invite Members: a refused address is named with the API\'s reason in the notification text; the refusal is logged with its request id', async () => {
    const em = emulator();
    const before = em.state.invitations.length;
    const logFrom = t.logLines.length;
    t.prompt.script(
      { input: 'ann@x.example, ben@x.example, cat@x.example' },
      { pick: 'admin' },
      {
        // While the confirmation is open, cat joins the organization elsewhere: the API refuses her.
        button: () => {
          const u = em.state.addUser('cat@x.example', 'Cat');
          em.state.addMember(ACME, u.id, 'member', '2025-06-01T00:00:00Z');
          return 'Invite as Admins';
        },
      },
    );
    const results = (await vscode.commands.executeCommand('neonExplorer.inviteMembers', acme)) as Array<{ email: string; result: string; requestId?: string }>;
    assert.deepStrictEqual(results.map((x) => `${x.email}: ${x.result}`), ['ann@x.example: invited', 'ben@x.example: invited', 'cat@x.example: refused']);
    assert.deepStrictEqual(em.state.invitations.slice(before).map((i) => [i.email, i.role]).sort(), [['ann@x.example', 'admin'], ['ben@x.example', 'admin']]);
    const warning = shownOf('warning').find((x) => !x.modal)!;
    assert.strictEqual(
      warning.text,
      'Invited 2 of 3 to Acme Inc as admins. Not invited: cat@x.example (refused: cat@x.example is already a member of the organization).',
    );
    assert.deepStrictEqual(warning.buttons, ['Show Log']);
    const confirm = modals()[0]!;
    assert.strictEqual(confirm.text.split('\n')[0], 'Invite 3 people as admins of Acme Inc?');
    assert.match(confirm.text, /ann@x\.example, ben@x\.example, cat@x\.example will manage/);
    const rid = results[2]!.requestId;
    assert.match(rid ?? '', /^[0-9a-f-]{8,}$/, 'the refusal keeps its request id');
    const line = logSince(logFrom).find((l) => l.includes('cat@x.example') && l.includes('refused'));
    assert.ok(line, logSince(logFrom).join('\n'));
    assert.match(line, /^warn invitation of cat@x\.example to Acme Inc \(org-morning-bread-81040908\) refused: cat@x\.example is already a member of the organization \(request id [0-9a-f-]{8,}\)$/);
    assert.ok(line.includes(rid!));
  });

  // ---------------------------------------------------------------- bug 5: one secret dialog

  it('Create Org API Key: the suggested name is free; Cancel asks "Discard it?" with Go Back as its close button (no Cancel beside it); Escape and Go Back there go back; then Copy', async () => {
    t.prompt.script({ input: 'from-person-test' }, { pick: 'Whole organization' }, { button: undefined }, { button: undefined }, { button: undefined }, { button: 'Go Back' }, { button: 'Copy' });
    const info = (await vscode.commands.executeCommand('neonExplorer.createOrgApiKey', acme)) as { copied: boolean; savedToEnv: boolean };
    assert.deepStrictEqual([info.copied, info.savedToEnv], [true, false]);
    const input = shownOf('input')[0]!;
    assert.strictEqual(input.placeHolder, 'ci-deploy-2', 'the seed has a key named ci-deploy: the suggestion is not taken');
    assert.match(input.text, /\(1\/2\)/);
    // The close button is recorded last: Copy is the dialog's first (focused) button, never Discard.
    const m = modals().map((x) => [x.kind, x.text.split('\n')[0], x.buttons]);
    assert.deepStrictEqual(m, [
      ['info', 'API key "from-person-test" was created for Acme Inc.', ['Save to .env', 'Copy', 'Close']],
      ['warning', 'The key will not be shown again. Discard it?', ['Copy', 'Discard', 'Go Back']],
      ['info', 'API key "from-person-test" was created for Acme Inc.', ['Save to .env', 'Copy', 'Close']],
      ['warning', 'The key will not be shown again. Discard it?', ['Copy', 'Discard', 'Go Back']],
      ['info', 'API key "from-person-test" was created for Acme Inc.', ['Save to .env', 'Copy', 'Close']],
    ]);
    assert.strictEqual(modals()[1]!.text.split('\n')[1], 'Without it, nothing can use this key. Copy it now, or go back to save it to the .env file.');
  });

  it('Create Org API Key: Cancel, then Copy in "Discard it?": the key is copied there and then', async () => {
    t.prompt.script({ input: 'copied-from-discard' }, { pick: 'Whole organization' }, { button: undefined }, { button: 'Copy' });
    const info = (await vscode.commands.executeCommand('neonExplorer.createOrgApiKey', acme)) as { copied: boolean; savedToEnv: boolean };
    assert.deepStrictEqual([info.copied, info.savedToEnv], [true, false]);
    assert.strictEqual(modals().length, 2);
    assert.strictEqual(emulator().state.findKeyByToken(await vscode.env.clipboard.readText())?.name, 'copied-from-discard', 'the new key is on the clipboard');
  });

  it('Create Org API Key → Copy: "… is on the clipboard" offers Save to .env again (Copy closed the dialog), which saves the key', async () => {
    const file = path.join(workspaceDir(), 'key-after-copy.env');
    fs.rmSync(file, { force: true });
    await setSetting('envFile', 'key-after-copy.env');
    try {
      t.prompt.script({ input: 'copied-then-saved' }, { pick: 'Whole organization' }, { button: 'Copy' }, { button: 'Save to .env' });
      const info = (await vscode.commands.executeCommand('neonExplorer.createOrgApiKey', acme)) as { copied: boolean };
      assert.strictEqual(info.copied, true);
      const copied = t.prompt.shown.find((x) => x.kind === 'info' && /is on the clipboard/.test(x.text))!;
      assert.deepStrictEqual([copied.text, copied.buttons], ['The key "copied-then-saved" is on the clipboard.', ['Save to .env']]);
      const key = await vscode.env.clipboard.readText();
      await eventually(() => assert.ok(fs.existsSync(file) && fs.readFileSync(file, 'utf8').includes(`NEON_API_KEY=${key}`), `saved; shown:\n${t.prompt.shown.map((x) => `${x.kind}: ${x.text}`).join('\n')}`));
      assert.deepStrictEqual(t.prompt.shown.filter((x) => x.kind === 'error'), []);
    } finally {
      await setSetting('envFile', undefined);
    }
  });

  it('Create Org API Key: Cancel, then Discard: the key is let go, after two explicit choices', async () => {
    t.prompt.script({ input: 'discarded-key' }, { pick: 'Whole organization' }, { button: undefined }, { button: 'Discard' });
    const info = (await vscode.commands.executeCommand('neonExplorer.createOrgApiKey', acme)) as { copied: boolean; savedToEnv: boolean };
    assert.deepStrictEqual([info.copied, info.savedToEnv], [false, false]);
    assert.strictEqual(modals().length, 2);
  });

  it('every secret dialog has the same buttons in the same order; "Copy or Save Password…" is what the reveal command is called; its Cancel is silent', async () => {
    const keyDialog = { buttons: ['Save to .env', 'Copy', 'Close'] };
    t.prompt.script({ input: 'secret_dialog_role' }, { pick: 'Can log in (password)' }, { button: 'Copy' });
    await vscode.commands.executeCommand('neonExplorer.createRole', r.branch(ACME_API, 'main'));
    t.prompt.script({ input: 'secret_dialog_role' }, { button: 'Copy' });
    await vscode.commands.executeCommand('neonExplorer.resetRolePassword', r.role(ACME_API, 'main', 'secret_dialog_role'));
    const logFrom = t.logLines.length;
    t.prompt.script({ button: undefined });
    const revealed = await vscode.commands.executeCommand('neonExplorer.revealRolePassword', r.role(ACME_API, 'main', 'secret_dialog_role'));
    assert.strictEqual(revealed, undefined);
    const dialogs = modals().filter((x) => x.kind === 'info');
    assert.deepStrictEqual(
      dialogs.map((x) => x.text.split('\n')[0]),
      [
        'Created role secret_dialog_role on branch main. Save its password?',
        'The password of role secret_dialog_role was reset. Save the new one?',
        'Copy or save the password of role secret_dialog_role (branch main)?',
      ],
    );
    for (const d of dialogs) assert.deepStrictEqual(d.buttons, keyDialog.buttons, d.text);
    // acme-api stores passwords (Neon's default): a new password can be had again, and the dialog says how.
    for (const d of dialogs.slice(0, 2)) assert.match(d.text, /The password is never shown in a notification\. Save it to the workspace \.env file or copy it to the clipboard\. Project acme-api stores role passwords: "Copy or Save Password…" on the role gets it again\./);
    assert.match(dialogs[2]!.text, /The password is never shown in a notification\. Save it to the workspace \.env file or copy it to the clipboard\./);
    assert.ok(!modals().some((x) => /Discard/.test(x.text) && x.text.includes('Copy or save')), 'a password that can be fetched again is not asked about');
    assert.deepStrictEqual(shownOf('error'), []);
    assert.ok(logSince(logFrom).some((l) => /✗ Copy or Save Role Password \[neonExplorer\.revealRolePassword\] cancelled/.test(l)), logSince(logFrom).join('\n'));
    const title = packageJson().contributes!.commands!.find((c) => c.command === 'neonExplorer.revealRolePassword')!.title;
    assert.strictEqual(title, 'Copy or Save Role Password…');
  });

  // ---------------------------------------------------------------- bug 6: declining the browser is silent

  it('Open in Neon Console, declined at "open external website?": no error, no Retry; logged at info as cancelled', async () => {
    const logFrom = t.logLines.length;
    t.prompt.script({ open: false });
    const res = await vscode.commands.executeCommand('neonExplorer.openInConsole', acme);
    assert.strictEqual(res, undefined);
    t.prompt.script({ button: 'Open in Neon Console' }, { open: false });
    await vscode.commands.executeCommand('neonExplorer.showOrgDetails', acme);
    assert.deepStrictEqual(shownOf('error'), [], 'no "Couldn\'t show the organization: The browser could not be opened"');
    assert.strictEqual(shownOf('open').length, 2);
    const lines = logSince(logFrom);
    assert.ok(lines.some((l) => /^info not opened \(declined, or no browser\): https:\/\/.+\/app\/org-morning-bread-81040908\/projects$/.test(l)), lines.join('\n'));
    assert.ok(lines.some((l) => /✗ .*\[neonExplorer\.openInConsole\] cancelled/.test(l)), lines.join('\n'));
    assert.ok(!lines.some((l) => /^error/.test(l)), lines.join('\n'));
  });

  it('Escape on the first question of every command (run from the palette) shows nothing and is logged as cancelled', async () => {
    const ids = packageJson().contributes!.commands!.map((c) => c.command).filter((id) => id.startsWith('neonExplorer.'));
    const dismissed: string[] = [];
    for (const id of ids) {
      t.prompt.reset();
      t.prompt.script({ dismiss: true });
      const logFrom = t.logLines.length;
      await Promise.race([
        Promise.resolve(vscode.commands.executeCommand(id)),
        new Promise((_, reject) => setTimeout(() => reject(new Error(`${id} did not end after Escape`)), 15_000)),
      ]);
      if (t.prompt.pending() > 0) continue; // it asked nothing (refresh, show log…)
      dismissed.push(id);
      const shown = t.prompt.shown.filter((x) => x.kind === 'error' || (x.kind === 'warning' && !x.modal));
      assert.deepStrictEqual(shown.map((x) => x.text), [], `${id}: cancelling is not a failure`);
      // Rename/Delete the Focused Row hand the focused row (the account added last has the focus) to its own command: that one is cancelled.
      assert.ok(logSince(logFrom).some((l) => l.startsWith('info ✗ ') && /\] cancelled \(/.test(l)), `${id}: ${logSince(logFrom).join(' | ')}`);
    }
    t.prompt.reset();
    assert.ok(dismissed.length >= 25, `most commands ask something first: ${dismissed.length} of ${ids.length}`);
    assert.ok(t.services.accounts.list().some((a) => a.id === you), 'Remove Account was dismissed, the account is still there');
  });

  it('Enter on an empty "type the name" box, or a transfer with no project ticked, is a cancel: nothing happens, the log says cancelled; no error is shown (the empty transfer says so in a word)', async () => {
    const branch = r.branchOf(ACME_API, 'main');
    const db = { ...r.branch(ACME_API, 'main'), databaseName: 'neondb', ownerName: 'neondb_owner' };
    await setSetting('deleteConfirmation', 'typeName');
    try {
      t.prompt.reset();
      t.prompt.script({ input: '' });
      const logFrom = t.logLines.length;
      await vscode.commands.executeCommand('neonExplorer.deleteDatabase', db);
      assert.ok(branch.databases.has('neondb'), 'the database is still there');
      assert.deepStrictEqual(t.prompt.shown.filter((x) => x.kind === 'error' || (x.kind === 'warning' && !x.modal)).map((x) => x.text), []);
      assert.ok(logSince(logFrom).some((l) => /^info ✗ .*\[neonExplorer\.deleteDatabase\] cancelled/.test(l)), logSince(logFrom).join(' | '));
    } finally {
      await setSetting('deleteConfirmation', undefined);
    }
    t.prompt.reset();
    t.prompt.script({ pickMany: [] });
    const logFrom = t.logLines.length;
    await vscode.commands.executeCommand('neonExplorer.transferProjectsHere', { accountId: you, orgId: 'org-bitter-breeze-35816640', orgName: 'Data Team' });
    assert.ok(logSince(logFrom).some((l) => /^info ✗ .*\[neonExplorer\.transferProjectsHere\] cancelled/.test(l)), logSince(logFrom).join(' | '));
    assert.deepStrictEqual(t.prompt.shown.filter((x) => x.kind === 'info').map((x) => x.text), ['No project was ticked: nothing was transferred.']);
    t.prompt.reset();
  });

  // ---------------------------------------------------------------- bug 4: DATABASE_URL pointing elsewhere

  describe('Save connection to .env over a DATABASE_URL that points elsewhere', () => {
    const file = () => path.join(workspaceDir(), 'person.env');
    const pooled = (host: string) => host.replace(/^([^.]+)\./, '$1-pooler.');
    let mainHost = '';
    let reporting = '';
    before(async () => {
      await setSetting('envFile', 'person.env');
      mainHost = endpointHost(r.endpointHost(ACME_API, 'main'));
      reporting = `postgresql://reporting_ro:ro-secret-pw-123@${pooled(mainHost)}/neondb?sslmode=require`;
    });
    beforeEach(() => fs.writeFileSync(file(), `# app\nDATABASE_URL=${reporting}\nOTHER=1\n`));
    after(() => fs.rmSync(file(), { force: true }));

    it('asks "DATABASE_URL connects to branch main (reporting_ro) — replace it with branch main (app_user)?"; Cancel leaves the file as it was', async () => {
      const before = fs.readFileSync(file(), 'utf8');
      const logFrom = t.logLines.length;
      t.prompt.script({ button: undefined });
      const res = await vscode.commands.executeCommand('neonExplorer.saveConnectionToEnv', r.role(ACME_API, 'main', 'app_user'));
      assert.strictEqual(res, 'cancelled');
      const q = modals()[0]!;
      assert.strictEqual(q.text.split('\n')[0], 'DATABASE_URL connects to branch main (reporting_ro) — replace it with branch main (app_user)?');
      assert.deepStrictEqual(q.buttons, ['Replace', 'Use Another Variable Name…']);
      assert.strictEqual(fs.readFileSync(file(), 'utf8'), before, 'nothing written');
      for (const x of t.prompt.shown) assert.ok(!x.text.includes('ro-secret-pw-123'), `a password shown: ${x.text}`);
      assert.deepStrictEqual(shownOf('error'), []);
      assert.ok(logSince(logFrom).some((l) => /✗ .*\[neonExplorer\.saveConnectionToEnv\] cancelled/.test(l)), logSince(logFrom).join('\n'));
    });

    it('one host for every compute (the data plane\'s router): the branches are told apart by options=endpoint and named on both sides', async () => {
      const dev = r.endpointHost(ACME_API, 'dev').id;
      fs.writeFileSync(file(), `DATABASE_URL='postgresql://neondb_owner:pw@127.0.0.1:5432/neondb?sslmode=disable&options=endpoint%3D${dev}-pooler'\n`);
      t.prompt.script({ button: undefined });
      assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.saveConnectionToEnv', r.role(ACME_API, 'main', 'neondb_owner')), 'cancelled');
      const q = modals()[0]!;
      assert.strictEqual(q.text.split('\n')[0], 'DATABASE_URL connects to branch dev (neondb_owner) — replace it with branch main (neondb_owner)?');
      assert.strictEqual(q.text.split('\n')[1], 'Replace writes DATABASE_URL, DATABASE_URL_UNPOOLED. Another variable name keeps DATABASE_URL as it is.', 'no word of git: the workspace folder is not a linked repository');
    });

    it('a value an earlier save wrote, of a project neither saved now nor linked: named by its project and branch, not its host (walk 41)', async () => {
      fs.writeFileSync(file(), '');
      t.prompt.script({ pick: 'neondb' });
      const saved = await vscode.commands.executeCommand('neonExplorer.saveConnectionToEnv', r.role('hidden-cell-76330112', 'main', 'neondb_owner'));
      assert.strictEqual(saved, 'written', t.prompt.shown.map((x) => x.text).join('\n'));
      t.prompt.reset();
      t.prompt.script({ button: undefined });
      assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.saveConnectionToEnv', r.role(ACME_API, 'main', 'neondb_owner')), 'cancelled');
      assert.match(modals()[0]!.text.split('\n')[0]!, /^DATABASE_URL connects to branch main of project acme-web \(neondb_owner\) — replace it with /);
    });

    it('"Use Another Variable Name…": asks the name (validated), writes NAME and NAME_UNPOOLED, DATABASE_URL stays', async () => {
      t.prompt.script({ button: 'Use Another Variable Name…' }, { input: 'APP_DATABASE_URL' });
      const res = await vscode.commands.executeCommand('neonExplorer.saveConnectionToEnv', r.role(ACME_API, 'main', 'app_user'));
      assert.strictEqual(res, 'written', t.prompt.shown.map((x) => x.text).join('\n'));
      const lines = fs.readFileSync(file(), 'utf8').split('\n');
      assert.deepStrictEqual(lines.map((l) => l.split('=')[0]), ['# app', 'DATABASE_URL', 'OTHER', 'APP_DATABASE_URL', 'APP_DATABASE_URL_UNPOOLED', '']);
      assert.strictEqual(lines[1], `DATABASE_URL=${reporting}`);
      assert.match(lines[3]!, new RegExp(`^APP_DATABASE_URL=postgresql://app_user:[^@]+@${pooled(mainHost).replace(/\./g, '\\.')}/neondb`));
      assert.match(lines[4]!, new RegExp(`^APP_DATABASE_URL_UNPOOLED=postgresql://app_user:[^@]+@${mainHost.replace(/\./g, '\\.')}/neondb`));
    });

    it('the other name is refused while it is the replaced one or points elsewhere too', async () => {
      t.prompt.script({ button: 'Use Another Variable Name…' }, { input: 'DATABASE_URL' });
      await vscode.commands.executeCommand('neonExplorer.saveConnectionToEnv', r.role(ACME_API, 'main', 'app_user'));
      assert.match(shownOf('error')[0]?.text ?? '', /DATABASE_URL is the variable being replaced; choose another name/);
    });

    it('Replace replaces; then a new password for the same role, database and compute is written without a question', async () => {
      t.prompt.script({ button: 'Replace' });
      assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.saveConnectionToEnv', r.role(ACME_API, 'main', 'app_user')), 'written');
      const first = fs.readFileSync(file(), 'utf8');
      assert.match(first, /^DATABASE_URL=postgresql:\/\/app_user:/m);
      // The same place with an older password: no question.
      fs.writeFileSync(file(), first.replace(/(DATABASE_URL=postgresql:\/\/app_user:)[^@]+@/, '$1an-old-password@'));
      t.prompt.reset();
      assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.saveConnectionToEnv', r.role(ACME_API, 'main', 'app_user')), 'written');
      assert.deepStrictEqual(modals(), [], 'no question for the same place');
      assert.strictEqual(fs.readFileSync(file(), 'utf8'), first, 'the current password is back');
    });
  });

  // ---------------------------------------------------------------- bug 8: the progress ends before the result

  it('Reset Password: the result dialog shows only once the progress notification is gone', async function () {
    let snapshot: Promise<string[]> | undefined;
    t.prompt.script(
      { input: 'app_user' },
      {
        button: () => {
          // What the window shows at the moment the result appears.
          if (browserAvailable()) snapshot = toastsText();
          return 'Copy';
        },
      },
    );
    const start = emulator().server.log.mark();
    await vscode.commands.executeCommand('neonExplorer.resetRolePassword', r.role(ACME_API, 'main', 'app_user'));
    const post = requestsAfter(start, 'POST').find((e) => /reset_password/.test(e.route))!;
    assert.ok(post, 'the reset was sent');
    const dialog = modals().find((x) => /was reset/.test(x.text))!;
    if (snapshot) {
      const toasts = await snapshot;
      assert.ok(!toasts.some((x) => x.includes('Resetting the password of app_user')), `the progress is still on screen under the result: ${JSON.stringify(toasts)}`);
    }
    // The workbench keeps a notification progress for at least 800 ms from its start (just before the POST).
    assert.ok(dialog.at! - post.startedAt >= 800, `the result showed ${dialog.at! - post.startedAt} ms after the progress started`);
  });

  // ---------------------------------------------------------------- the log

  it('no command waits on a notification: each ends (and logs its end) while its toast is still open', async () => {
    const within = <T>(p: Thenable<T>, what: string) =>
      Promise.race([Promise.resolve(p), new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} did not end while its notification was open`)), 10_000))]);
    const logFrom = t.logLines.length;
    const project = r.project(ACME_API);
    const runs: Array<[string, unknown[], Parameters<Testing['prompt']['script']>]> = [
      ['neonExplorer.inviteMembers', [acme], [{ input: 'toast-open@x.example' }, { pick: 'member' }]],
      ['neonExplorer.changeMemberRole', [memberRef('bob@acme.example')], [{ pick: 'admin' }, { button: 'Make Admin' }]],
      ['neonExplorer.shareProject', [project], [{ input: 'toast-guest@x.example' }]],
      ['neonExplorer.manageGuests', [project], [{ pick: 'toast-guest@x.example' }, { pick: 'Revoke access' }, { input: 'toast-guest@x.example' }]],
      ['neonExplorer.manageGuests', [project], []],
      ['neonExplorer.revokeOrgApiKey', [acme], [{ pick: 'discarded-key' }, { input: 'discarded-key' }]],
    ];
    for (const [id, args, answers] of runs) {
      t.prompt.reset();
      t.prompt.holdNotifications = true;
      t.prompt.script(...answers);
      await within(vscode.commands.executeCommand(id, ...args), id);
      assert.deepStrictEqual(shownOf('error'), [], `${id}: ${t.prompt.shown.map((x) => x.text).join(' | ')}`);
    }
    const ends = logSince(logFrom).filter((l) => /^info ✓ /.test(l));
    assert.strictEqual(ends.length, runs.length, logSince(logFrom).join('\n'));
  });

  it('the logged duration is the work, not the time the person took to answer', async () => {
    const logFrom = t.logLines.length;
    const slowPick = (items: vscode.QuickPickItem[]) => {
      const until = Date.now() + 700; // a person thinking for 0.7 s
      while (Date.now() < until) {
        /* thinking */
      }
      return items.find((i) => i.label === 'member');
    };
    t.prompt.script({ pick: slowPick });
    await vscode.commands.executeCommand('neonExplorer.changeMemberRole', memberRef('bob@acme.example'));
    const line = logSince(logFrom).find((l) => /✓ .*\[neonExplorer\.changeMemberRole\]/.test(l))!;
    const m = /\((\d+) ms, not counting ([\d.]+) (ms|s) of questions\)$/.exec(line);
    assert.ok(m, line);
    assert.ok(Number(m[2]) * (m[3] === 's' ? 1000 : 1) >= 700, line);
    assert.ok(Number(m[1]) < 700, `the work alone: ${line}`);
  });
});
