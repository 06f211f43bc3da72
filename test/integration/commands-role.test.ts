// Role commands and connection strings in the real extension host against the in-process
// emulator: create (63-byte limit in UTF-8 bytes, checked before any request), reset a password
// into the workspace .env (byte-exact merge), reveal, delete (protected roles and database owners
// refused before any DELETE), copy a connection string for a non-default branch. Every password
// the emulator knows is searched for in the log and in everything shown: zero hits.
import * as assert from 'assert';
import * as dotenv from 'dotenv';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { ACME_API, readClipboard, refs, revealPassword, setSetting, useSecretScan } from './commands-role.support';
import { endpointHost } from '../../emulator/views';
import { losingTheNextPostsAnswer, useEmulator } from './helpers/emulator';
import { eventually, waitFor } from './helpers/eventually';
import { workspaceDir } from './helpers/extension';
import { removeAllAccounts, walk, type Testing } from './tree.support';
import { startWithAccount } from './helpers/suite';

describe('commands-role: create, reset, reveal, delete, connection strings', function () {
  this.timeout(60_000);
  const emulator = useEmulator({ seed: 'small', operationMs: 40 });
  let t: Testing;
  let you = '';
  const r = refs(emulator, () => you);
  // Arrival order, not the clock: a request a test itself sent just before can share the millisecond.
  const since = () => emulator().server.log.mark();
  const requestsAfter = (start: number) => emulator().server.log.since(start);
  const errors = () => t.prompt.shown.filter((x) => x.kind === 'error').map((x) => x.text);
  const warnings = () => t.prompt.shown.filter((x) => x.kind === 'warning').map((x) => x.text);

  before(async () => {
    ({ t, accountId: you } = await startWithAccount(emulator()));
    // Materialize the project's branches so the refs and the password scan see them.
    emulator().state.detail(emulator().state.projects.get(ACME_API)!);
  });
  after(async () => {
    await setSetting('envFile', undefined);
    await setSetting('env.includePgVariables', undefined);
    await removeAllAccounts();
  });
  useSecretScan(() => t, emulator);

  it('createRole: a 64-byte name of multi-byte letters is refused by the input box, before any change is sent', async () => {
    const name = 'é'.repeat(32); // 32 characters, 64 bytes
    assert.strictEqual(Buffer.byteLength(name), 64);
    t.prompt.script({ input: name });
    const start = since();
    await vscode.commands.executeCommand('neonExplorer.createRole', r.branch(ACME_API, 'main'));
    assert.deepStrictEqual(
      requestsAfter(start).map((e) => e.route),
      ['GET /projects/{project_id}/branches/{branch_id}/roles'],
      'only the roles were read (for a free suggestion), nothing was sent',
    );
    assert.match(errors().join('\n'), /63 bytes of UTF-8; this one is 64 bytes/);
    assert.ok(!r.branchOf(ACME_API, 'main').roles.has(name));
  });

  it('createRole: 63 bytes are accepted; waits for the operation; in a project that stores no passwords, closing the dialog asks once more, then writes nothing', async () => {
    const name = 'é'.repeat(31) + 'a';
    assert.strictEqual(Buffer.byteLength(name), 63);
    t.prompt.script({ input: name }, { pick: 'Can log in (password)' }, { button: undefined }, { button: 'Discard' });
    const start = since();
    const project = emulator().state.projects.get(ACME_API)!;
    project.storePasswords = false;
    const res = (await Promise.resolve(vscode.commands.executeCommand('neonExplorer.createRole', r.branch(ACME_API, 'main'))).finally(() => (project.storePasswords = true))) as { roleName: string; outcome: string };
    assert.deepStrictEqual(res, { roleName: name, outcome: 'skipped' }, errors().join('\n'));
    assert.ok(r.branchOf(ACME_API, 'main').roles.has(name), 'the emulator has the role');
    const posts = requestsAfter(start).filter((e) => e.method === 'POST');
    assert.deepStrictEqual(posts.map((e) => e.route), ['POST /projects/{project_id}/branches/{branch_id}/roles']);
    assert.ok(requestsAfter(start).some((e) => /operations\/\{operation_id\}/.test(e.route)), 'operations polled');
    const offer = t.prompt.shown.find((x) => x.modal && /Save its password/.test(x.text))!;
    assert.deepStrictEqual(offer.buttons, ['Save to .env', 'Copy', 'Close']);
    const discard = t.prompt.shown.find((x) => x.modal && /Discard it\?/.test(x.text))!;
    assert.strictEqual(discard.text.split('\n')[0], 'The password will not be shown again. Discard it?');
  });

  it('createRole in a project that stores passwords (Neon\'s default): closing the dialog loses nothing, so it asks nothing more', async () => {
    t.prompt.script({ input: 'stored_role' }, { pick: 'Can log in (password)' }, { button: undefined });
    const from = t.prompt.shown.length;
    const res = await vscode.commands.executeCommand('neonExplorer.createRole', r.branch(ACME_API, 'main'));
    assert.deepStrictEqual(res, { roleName: 'stored_role', outcome: 'skipped' }, errors().join('\n'));
    const shown = t.prompt.shown.slice(from);
    const offer = shown.filter((x) => x.modal && /Created role stored_role/.test(x.text));
    assert.strictEqual(offer.length, 1);
    assert.match(offer[0]!.text, /Project acme-api stores role passwords: "Copy or Save Password…" on the role gets it again\.$/);
    assert.ok(!shown.some((x) => /Discard it\?/.test(x.text)), 'no "Discard it?"');
    assert.strictEqual(t.prompt.pending(), 0);
  });

  it('createRole whose answer is lost (the connection breaks after Neon made it): the role is found by its name, its password read again (the project stores passwords) and offered as a create offers it; no failure', async () => {
    const lose = losingTheNextPostsAnswer(emulator());
    const from = t.prompt.shown.length;
    try {
      t.prompt.script({ input: async () => (lose.start(), 'lost_role') }, { pick: 'Can log in (password)' }, { button: 'Copy' });
      const start = since();
      const res = await vscode.commands.executeCommand('neonExplorer.createRole', r.branch(ACME_API, 'main'));
      assert.deepStrictEqual(res, { roleName: 'lost_role', outcome: 'copied' }, t.prompt.shown.slice(from).map((x) => x.text).join('\n'));
      assert.deepStrictEqual(requestsAfter(start).filter((e) => e.method === 'POST').map((e) => e.fault), ['drop'], 'sent once, its answer lost');
      const shown = t.prompt.shown.slice(from);
      assert.deepStrictEqual(shown.filter((x) => x.kind === 'error'), []);
      const offer = shown.filter((x) => x.modal && /^Created role lost_role/.test(x.text));
      assert.strictEqual(offer.length, 1);
      assert.match(offer[0]!.text, /^Created role lost_role on branch main \(Neon's answer was lost on the way, so the role was found by its name and its password read again\)\. Save its password\?/);
      assert.strictEqual(await readClipboard(), r.branchOf(ACME_API, 'main').roles.get('lost_role')!.password);
    } finally {
      lose.restore();
    }
  });

  it('createRole whose answer is lost in a project that stores no passwords: the role is found, and the warning says its password was lost and offers Reset Password…', async () => {
    const lose = losingTheNextPostsAnswer(emulator());
    const project = emulator().state.projects.get(ACME_API)!;
    project.storePasswords = false;
    const from = t.prompt.shown.length;
    try {
      t.prompt.script({ input: async () => (lose.start(), 'lost_secret') }, { pick: 'Can log in (password)' }, { button: undefined });
      const res = await vscode.commands.executeCommand('neonExplorer.createRole', r.branch(ACME_API, 'main'));
      assert.deepStrictEqual(res, { roleName: 'lost_secret', outcome: 'none' });
      assert.ok(r.branchOf(ACME_API, 'main').roles.has('lost_secret'), 'Neon made it');
      const shown = t.prompt.shown.slice(from);
      assert.deepStrictEqual(shown.filter((x) => x.kind === 'error'), []);
      const warning = shown.filter((x) => x.kind === 'warning').at(-1)!;
      assert.strictEqual(warning.text, "Created role lost_secret on branch main, but its password was in Neon's answer, which was lost on the way, and the project does not store passwords. Reset its password to get one.");
      assert.deepStrictEqual(warning.buttons, ['Reset Password…']);
    } finally {
      project.storePasswords = true;
      lose.restore();
    }
  });

  it('createDatabase whose answer is lost: the database is found by its name and the command ends as made', async () => {
    // A branch of its own: the tests below expect main to have one database.
    const project = emulator().state.projects.get(ACME_API)!;
    emulator().state.newRole(emulator().state.newBranch(project, { name: 'lost-db', parentId: r.branchOf(ACME_API, 'main').id }), 'lost_db_owner');
    const lose = losingTheNextPostsAnswer(emulator());
    const from = t.prompt.shown.length;
    let owner = '';
    try {
      t.prompt.script({ input: 'lost_db' }, { pick: (items) => (lose.start(), (owner = items[0]!.label), items[0]) });
      const start = since();
      const res = await vscode.commands.executeCommand('neonExplorer.createDatabase', r.branch(ACME_API, 'lost-db'));
      assert.deepStrictEqual(res, { databaseName: 'lost_db', ownerName: owner });
      assert.deepStrictEqual(requestsAfter(start).filter((e) => e.method === 'POST').map((e) => e.fault), ['drop'], 'sent once, its answer lost');
      const shown = t.prompt.shown.slice(from);
      assert.deepStrictEqual(shown.filter((x) => x.kind === 'error'), []);
      assert.strictEqual(shown.at(-1)!.text, `Created database lost_db (owner ${owner}) on branch lost-db. Neon's answer was lost on the way, so the database was found by its name.`);
    } finally {
      lose.restore();
    }
  });

  it('a Save to .env that fails (no compute to connect to) keeps a password shown only once: the error says so, the dialog comes back, Copy still works', async () => {
    const project = emulator().state.projects.get(ACME_API)!;
    const main = r.branchOf(ACME_API, 'main');
    // A branch made without a compute (as the API does unless asked), with a database and its owner.
    const bare = emulator().state.newBranch(project, { name: 'no-compute', parentId: main.id });
    emulator().state.newRole(bare, 'neondb_owner');
    emulator().state.newDatabase(bare, 'neondb', 'neondb_owner');
    project.storePasswords = false;
    // The error is a notification (its answer: none), then the dialog again.
    t.prompt.script({ input: 'kept_role' }, { pick: 'Can log in (password)' }, { button: 'Save to .env' }, { button: undefined }, { button: 'Copy' });
    const from = t.prompt.shown.length;
    let res: unknown;
    try {
      res = await vscode.commands.executeCommand('neonExplorer.createRole', r.branch(ACME_API, 'no-compute'));
    } finally {
      project.storePasswords = true;
    }
    assert.deepStrictEqual(res, { roleName: 'kept_role', outcome: 'copied' }, t.prompt.shown.slice(from).map((x) => `${x.kind}: ${x.text}`).join('\n'));
    const shown = t.prompt.shown.slice(from);
    const failed = shown.filter((x) => x.kind === 'error');
    assert.strictEqual(failed.length, 1, shown.map((x) => x.text).join('\n'));
    assert.match(failed[0]!.text, /^Couldn't save the password to \.env: Branch no-compute has no read-write compute, so nothing can connect to it\. .*\. The password was not lost: choose Copy, or Save to \.env again\.$/);
    assert.strictEqual(shown.filter((x) => x.modal && /Created role kept_role/.test(x.text)).length, 2, 'the dialog came back after the failure');
    assert.strictEqual(await readClipboard(), r.branchOf(ACME_API, 'no-compute').roles.get('kept_role')!.password);
    assert.strictEqual(t.prompt.pending(), 0);
  });

  it('createRole → "Copy": the password goes to the clipboard only; "Copied …" offers Save to .env again (Copy closed the dialog), which saves that password', async () => {
    const file = path.join(workspaceDir(), 'role-after-copy.env');
    fs.rmSync(file, { force: true });
    await setSetting('envFile', 'role-after-copy.env');
    // The third answer is the click on the "Copied …" message's button.
    t.prompt.script({ input: 'copied_role' }, { pick: 'Can log in (password)' }, { button: 'Copy' }, { button: 'Save to .env' });
    const res = await vscode.commands.executeCommand('neonExplorer.createRole', r.branch(ACME_API, 'dev'));
    assert.deepStrictEqual(res, { roleName: 'copied_role', outcome: 'copied' });
    const pw = r.branchOf(ACME_API, 'dev').roles.get('copied_role')!.password;
    assert.strictEqual(await readClipboard(), pw);
    const copied = t.prompt.shown.find((x) => /^Copied the password/.test(x.text))!;
    assert.deepStrictEqual([copied.kind, copied.text, copied.buttons], ['info', 'Copied the password of role copied_role (branch dev) to the clipboard.', ['Save to .env']]);
    const ep = r.endpointHost(ACME_API, 'dev');
    await eventually(() => assert.ok(fs.existsSync(file) && fs.readFileSync(file, 'utf8').includes(`postgresql://copied_role:${pw}@${ep.id}-pooler.`), `the copied password is saved; shown:\n${t.prompt.shown.map((x) => `${x.kind}: ${x.text}`).join('\n')}`));
    assert.deepStrictEqual(errors(), []);
  });

  it('resetRolePassword when the workspace .env logs in as that role: the question says so; closing the password dialog leaves a warning whose button saves the new password', async () => {
    const file = path.join(workspaceDir(), 'stale.env');
    await setSetting('envFile', 'stale.env');
    try {
      const role = r.role(ACME_API, 'main', 'app_user');
      const oldPw = r.branchOf(ACME_API, 'main').roles.get('app_user')!.password!;
      const ep = r.endpointHost(ACME_API, 'main');
      fs.writeFileSync(file, `APP=1\nDATABASE_URL=postgresql://app_user:${oldPw}@${ep.id}-pooler.us-east-2.aws.neon.tech/neondb?sslmode=require\n`);
      // Reset, close the password dialog, then choose the warning's button.
      t.prompt.script({ input: 'app_user' }, { button: undefined }, { button: 'Save New Password to .env' });
      const from = t.prompt.shown.length;
      const res = (await vscode.commands.executeCommand('neonExplorer.resetRolePassword', role)) as { outcome: string };
      assert.deepStrictEqual(res, { outcome: 'skipped' }, errors().join('\n'));
      // Confirmed by typing the name, as a delete is: the reset breaks every connection of the role (walk 29).
      const confirm = t.prompt.shown.slice(from).find((x) => x.kind === 'input' && /^Reset the password/.test(x.text))!;
      assert.ok(confirm, t.prompt.shown.slice(from).map((x) => `${x.kind}: ${x.text}`).join('\n'));
      assert.match(confirm.text, /This workspace connects as app_user in stale\.env \(DATABASE_URL\): save the new password there when asked\. Type "app_user" to confirm\.$/);
      assert.strictEqual(confirm.placeHolder, 'app_user');
      const newPw = r.branchOf(ACME_API, 'main').roles.get('app_user')!.password!;
      assert.notStrictEqual(newPw, oldPw);
      const warned = await eventually(() => {
        const w = t.prompt.shown.slice(from).find((x) => x.kind === 'warning' && !x.modal && /still holds the old password/.test(x.text));
        assert.ok(w, t.prompt.shown.slice(from).map((x) => x.text).join('\n'));
        return w;
      });
      assert.strictEqual(warned.text, 'stale.env (DATABASE_URL) still holds the old password of role app_user: connections from it fail until it has the new one.');
      assert.ok(!warned.text.includes(oldPw) && !warned.text.includes(newPw));
      await eventually(() => assert.match(fs.readFileSync(file, 'utf8'), new RegExp(`^DATABASE_URL=postgresql://app_user:${newPw}@`, 'm')), { timeout: 10_000 });
      assert.match(fs.readFileSync(file, 'utf8'), /^APP=1$/m);
    } finally {
      fs.rmSync(file, { force: true });
      await setSetting('envFile', undefined);
    }
  });

  it('the stale-password warning names every stale variable (PGPASSWORD too), and its button writes the new password into exactly those, asking nothing; DATABASE_URL of another role and every other byte stay (walk 35)', async () => {
    const file = path.join(workspaceDir(), 'stale-named.env');
    await setSetting('envFile', 'stale-named.env');
    try {
      const role = r.role(ACME_API, 'main', 'app_user');
      const oldPw = r.branchOf(ACME_API, 'main').roles.get('app_user')!.password!;
      const ep = r.endpointHost(ACME_API, 'main');
      const host = (pooled: boolean) => endpointHost(ep, pooled);
      const owner = `postgresql://neondb_owner:npg_owner@${host(true)}/neondb?sslmode=require`;
      const before =
        `# mine\nDATABASE_URL=${owner}\n` +
        `DATABASE_URL_APP='postgresql://app_user:${oldPw}@${host(true)}/neondb?sslmode=require'\n` +
        `PORT=3000\nDATABASE_URL_APP_UNPOOLED=postgresql://app_user:${oldPw}@${host(false)}/neondb?sslmode=require # direct\n` +
        `PGHOST=${host(true)}\nPGUSER=app_user\nPGPASSWORD=${oldPw}\n`;
      fs.writeFileSync(file, before);
      // Reset, close the password dialog, then the warning's button: no other question may come (a modal would fail the script).
      t.prompt.script({ input: 'app_user' }, { button: undefined }, { button: 'Save New Password to .env' });
      const from = t.prompt.shown.length;
      const res = (await vscode.commands.executeCommand('neonExplorer.resetRolePassword', role)) as { outcome: string };
      assert.deepStrictEqual(res, { outcome: 'skipped' }, errors().join('\n'));
      const newPw = r.branchOf(ACME_API, 'main').roles.get('app_user')!.password!;
      const warned = await eventually(() => {
        const w = t.prompt.shown.slice(from).find((x) => x.kind === 'warning' && /still holds the old password/.test(x.text));
        assert.ok(w, t.prompt.shown.slice(from).map((x) => x.text).join('\n'));
        return w;
      });
      assert.strictEqual(warned.text, 'stale-named.env (DATABASE_URL_APP, DATABASE_URL_APP_UNPOOLED, PGPASSWORD) still holds the old password of role app_user: connections from it fail until it has the new one.');
      const expected = before.split(oldPw).join(newPw);
      await eventually(() => assert.strictEqual(fs.readFileSync(file, 'utf8'), expected), { timeout: 10_000 });
      assert.deepStrictEqual(t.prompt.shown.slice(from).filter((x) => x.modal && /replace/i.test(x.text)), [], 'no Replace question');
      const wrote = await waitFor(() => t.prompt.shown.slice(from).find((x) => x.kind === 'info' && /^Wrote /.test(x.text)), { timeout: 5000 });
      // PGHOST and PGUSER already held these values: only what changed is named.
      assert.strictEqual(wrote.text, 'Wrote DATABASE_URL_APP, DATABASE_URL_APP_UNPOOLED, PGPASSWORD to stale-named.env.');
    } finally {
      fs.rmSync(file, { force: true });
      await setSetting('envFile', undefined);
    }
  });

  it('with neonExplorer.env.includePgVariables, a PGHOST set for another server is asked about as DATABASE_URL is; Keep the PG* Variables leaves them and writes DATABASE_URL only (walk 35)', async () => {
    const file = path.join(workspaceDir(), 'pg-clash.env');
    await setSetting('envFile', 'pg-clash.env');
    await setSetting('env.includePgVariables', true);
    try {
      fs.writeFileSync(file, 'PORT=3000\nPGHOST=keepme.example.com\n');
      t.prompt.script({ button: 'Keep the PG* Variables' });
      const from = t.prompt.shown.length;
      const res = await vscode.commands.executeCommand('neonExplorer.saveConnectionToEnv', r.role(ACME_API, 'main', 'app_user'));
      assert.strictEqual(res, 'written', errors().join('\n'));
      const asked = t.prompt.shown.slice(from).filter((x) => x.modal);
      assert.deepStrictEqual(asked.map((x) => [x.text.split('\n')[0], x.buttons]), [
        ['The PG* variables of this file connect elsewhere (PGHOST=keepme.example.com) — replace them with app_user@acme-api/main (database neondb)?', ['Replace', 'Keep the PG* Variables']],
      ]);
      const env = dotenv.parse(fs.readFileSync(file, 'utf8'));
      assert.deepStrictEqual(Object.keys(env), ['PORT', 'PGHOST', 'DATABASE_URL', 'DATABASE_URL_UNPOOLED']);
      assert.strictEqual(env.PGHOST, 'keepme.example.com');
      assert.match(fs.readFileSync(file, 'utf8'), /^PORT=3000\nPGHOST=keepme\.example\.com\nDATABASE_URL=postgresql:\/\/app_user:/);
    } finally {
      fs.rmSync(file, { force: true });
      await setSetting('envFile', undefined);
      await setSetting('env.includePgVariables', undefined);
    }
  });

  it('deleteDatabase names the .env variables that connect to it (URL and PGDATABASE) in the question and after; Remove Them deletes just those lines (walk 35)', async () => {
    const main = r.branch(ACME_API, 'main');
    t.prompt.script({ input: 'cafe' }, { pick: 'app_user' });
    assert.ok(await vscode.commands.executeCommand('neonExplorer.createDatabase', main), errors().join('\n'));
    const file = path.join(workspaceDir(), 'db-uses.env');
    await setSetting('envFile', 'db-uses.env');
    try {
      const ep = r.endpointHost(ACME_API, 'main');
      const at = `${ep.id}-pooler.us-east-2.aws.neon.tech`;
      const keep = `# keep\r\nPORT=3000\r\nDATABASE_URL=postgresql://app_user:pw@${at}/neondb?sslmode=require\r\nPGHOST=${at}\r\n`;
      fs.writeFileSync(file, `# keep\r\nDATABASE_URL_CAFE=postgresql://app_user:pw@${at}/cafe?sslmode=require # cafe\r\nPORT=3000\r\nDATABASE_URL=postgresql://app_user:pw@${at}/neondb?sslmode=require\r\nPGHOST=${at}\r\nPGDATABASE=cafe\r\n`);
      t.prompt.script({ input: 'cafe' }, { button: 'Remove Them' });
      const from = t.prompt.shown.length;
      const ok = await vscode.commands.executeCommand('neonExplorer.deleteDatabase', { ...main, databaseName: 'cafe', ownerName: 'app_user' });
      assert.strictEqual(ok, true, errors().join('\n'));
      const asked = t.prompt.shown.slice(from).find((x) => x.kind === 'input')!;
      assert.match(asked.text, /connections to it fail\. This workspace connects to cafe in db-uses\.env \(DATABASE_URL_CAFE, PGDATABASE\)\. Type "cafe" to confirm\.$/);
      const done = await waitFor(() => t.prompt.shown.slice(from).find((x) => /^Deleted database cafe/.test(x.text)), { timeout: 5000 });
      assert.deepStrictEqual([done.kind, done.text, done.buttons], [
        'warning',
        'Deleted database cafe from branch main. db-uses.env (DATABASE_URL_CAFE, PGDATABASE) no longer connects: save the connection of another database there.',
        ['Save Another Database to .env…', 'Remove Them'],
      ]);
      await eventually(() => assert.strictEqual(fs.readFileSync(file, 'utf8'), keep), { timeout: 5000 });
      const removed = await waitFor(() => t.prompt.shown.slice(from).find((x) => /^Removed /.test(x.text)), { timeout: 5000 });
      assert.strictEqual(removed.text, 'Removed DATABASE_URL_CAFE, PGDATABASE from db-uses.env.');
    } finally {
      fs.rmSync(file, { force: true });
      await setSetting('envFile', undefined);
    }
  });

  it('resetRolePassword with neonExplorer.deleteConfirmation "button": a modal with a Reset Password button, as the setting says; closing it sends nothing', async () => {
    await setSetting('deleteConfirmation', 'button');
    try {
      const before = r.branchOf(ACME_API, 'main').roles.get('app_user')!.password;
      t.prompt.script({ button: undefined });
      const from = t.prompt.shown.length;
      const start = since();
      assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.resetRolePassword', r.role(ACME_API, 'main', 'app_user')), undefined);
      const asked = t.prompt.shown.slice(from);
      assert.deepStrictEqual(asked.map((x) => [x.kind, x.modal, x.text.split('\n')[0], x.buttons]), [['warning', true, 'Reset the password of role app_user on branch main?', ['Reset Password']]]);
      assert.ok(!requestsAfter(start).some((e) => e.method === 'POST'), 'no reset sent');
      assert.strictEqual(r.branchOf(ACME_API, 'main').roles.get('app_user')!.password, before);
    } finally {
      await setSetting('deleteConfirmation', undefined);
    }
  });

  it('resetRolePassword → .env: holds the new password exactly as reveal_password returns it; every other byte unchanged (CRLF, comments, export)', async () => {
    const file = path.join(workspaceDir(), 'role-reset.env');
    const before =
      '\uFEFF# Local settings for the app\r\n' +
      'export APP_MODE=dev\r\n' +
      'DATABASE_URL=postgres://old:oldsecret@old-host.example/db # the old one\r\n' +
      '\r\n' +
      '# quoted values and odd spacing stay as they are\r\n' +
      "PGPASSWORD='old-pass'\r\n" +
      'OTHER = "keep me"  # inline comment\r\n' +
      'MULTI="line one\\nline two"\r\n';
    fs.writeFileSync(file, before);
    await setSetting('envFile', 'role-reset.env');
    await setSetting('env.includePgVariables', true);
    const role = r.role(ACME_API, 'main', 'app_user');
    const oldPw = r.branchOf(ACME_API, 'main').roles.get('app_user')!.password;
    // DATABASE_URL points at another role and host: the replacement is asked for first.
    t.prompt.script({ input: 'app_user' }, { button: 'Save to .env' }, { button: 'Replace' });
    const res = (await vscode.commands.executeCommand('neonExplorer.resetRolePassword', role)) as { outcome: string };
    assert.deepStrictEqual(res, { outcome: 'written' }, errors().join('\n'));
    const question = t.prompt.shown.find((x) => x.modal && /points at/.test(x.text))!;
    assert.strictEqual(question.text.split('\n')[0], 'DATABASE_URL points at old@old-host.example (database db) — replace with app_user@acme-api/main (database neondb)?');

    const revealed = await revealPassword(emulator(), ACME_API, role.branchId, 'app_user');
    assert.notStrictEqual(revealed, oldPw, 'the password changed');
    const after = fs.readFileSync(file, 'utf8');
    const ep = r.endpointHost(ACME_API, 'main');
    const pooledUrl = new RegExp(`^DATABASE_URL=(postgresql://app_user:${revealed}@${ep.id}-pooler\\.[^/]+/neondb\\?sslmode=require) # the old one\\r$`, 'm');
    const m = pooledUrl.exec(after);
    assert.ok(m, `DATABASE_URL replaced in place (pooled, new password):\n${after.replace(revealed, '<new>')}`);
    const directUrl = m[1]!.replace(`${ep.id}-pooler.`, `${ep.id}.`);
    const pooledHost = new URL(m[1]!).hostname;
    const expected =
      '\uFEFF# Local settings for the app\r\n' +
      'export APP_MODE=dev\r\n' +
      `DATABASE_URL=${m[1]} # the old one\r\n` +
      '\r\n' +
      '# quoted values and odd spacing stay as they are\r\n' +
      // The line's own single quotes are kept.
      `PGPASSWORD='${revealed}'\r\n` +
      'OTHER = "keep me"  # inline comment\r\n' +
      'MULTI="line one\\nline two"\r\n' +
      `DATABASE_URL_UNPOOLED=${directUrl}\r\n` +
      `PGHOST=${pooledHost}\r\n` +
      `PGHOST_UNPOOLED=${new URL(directUrl).hostname}\r\n` +
      'PGUSER=app_user\r\n' +
      'PGDATABASE=neondb\r\n' +
      'PGSSLMODE=require\r\n';
    assert.strictEqual(after, expected);
    const note = t.prompt.shown.find((x) => x.kind === 'info' && /^Wrote /.test(x.text))!;
    assert.strictEqual(note.text, 'Wrote DATABASE_URL, DATABASE_URL_UNPOOLED, PGHOST, PGHOST_UNPOOLED, PGUSER, PGDATABASE, PGPASSWORD, PGSSLMODE to role-reset.env.');
    assert.deepStrictEqual(note.buttons, ['Open role-reset.env']);
    const confirm = t.prompt.shown.find((x) => x.kind === 'input' && /Reset the password/.test(x.text))!;
    assert.match(confirm.text, /fail to connect/);
  });

  it('revealRolePassword → .env (PG* off): DATABASE_URL and DATABASE_URL_UNPOOLED only, for the right branch', async () => {
    const file = path.join(workspaceDir(), 'reveal.env');
    await setSetting('envFile', 'reveal.env');
    await setSetting('env.includePgVariables', false);
    t.prompt.script({ button: 'Save to .env' });
    await vscode.commands.executeCommand('neonExplorer.revealRolePassword', r.role(ACME_API, 'dev', 'neondb_owner'));
    const text = fs.readFileSync(file, 'utf8');
    const pw = await revealPassword(emulator(), ACME_API, r.branchOf(ACME_API, 'dev').id, 'neondb_owner');
    const ep = r.endpointHost(ACME_API, 'dev');
    assert.deepStrictEqual(text.split('\n').map((l) => l.split('=')[0]), ['DATABASE_URL', 'DATABASE_URL_UNPOOLED', '']);
    assert.ok(text.includes(`postgresql://neondb_owner:${pw}@${ep.id}-pooler.`), 'pooled URL of the dev branch');
    assert.ok(text.includes(`postgresql://neondb_owner:${pw}@${ep.id}.`), 'direct URL of the dev branch');
  });

  it('deleteRole: a protected role is refused with the reason, without any request', async () => {
    const start = since();
    await vscode.commands.executeCommand('neonExplorer.deleteRole', r.role(ACME_API, 'main', 'web_access'));
    assert.deepStrictEqual(requestsAfter(start).map((e) => `${e.method} ${e.route}`), []);
    assert.match(errors().join('\n'), /Couldn't delete the role: Role web_access is protected/);
    assert.ok(r.branchOf(ACME_API, 'main').roles.has('web_access'));
  });

  it('deleteRole: a role owning a database is refused with the reason; no DELETE is sent', async () => {
    const start = since();
    await vscode.commands.executeCommand('neonExplorer.deleteRole', r.role(ACME_API, 'main', 'neondb_owner'));
    assert.ok(!requestsAfter(start).some((e) => e.method === 'DELETE'), 'no DELETE');
    assert.match(errors().join('\n'), /owns the database neondb on branch main, and a role that owns a database cannot be deleted/);
    assert.ok(r.branchOf(ACME_API, 'main').roles.has('neondb_owner'));
  });

  it('deleteRole: confirmed by typing the name, then deleted and waited for; the question names the workspace .env variables that log in as it; Save Another Role writes into those very variables, not DATABASE_URL (walk 35)', async () => {
    const file = path.join(workspaceDir(), 'uses-role.env');
    await setSetting('envFile', 'uses-role.env');
    try {
      const pw = r.branchOf(ACME_API, 'dev').roles.get('copied_role')!.password!;
      const ep = r.endpointHost(ACME_API, 'dev');
      const appUrl = `postgresql://app_user:x@${ep.id}.us-east-2.aws.neon.tech/neondb`;
      fs.writeFileSync(file, `DATABASE_URL=${appUrl}\nDATABASE_URL_COPIED=postgresql://copied_role:${pw}@${ep.id}.us-east-2.aws.neon.tech/neondb?sslmode=require\nPORT=3000\n`);
      // Then the message's button leads to the role picker of that branch.
      t.prompt.script({ input: 'copied_role' }, { button: 'Save Another Role to .env…' }, { pick: 'app_user' });
      const from = t.prompt.shown.length;
      const ok = await vscode.commands.executeCommand('neonExplorer.deleteRole', r.role(ACME_API, 'dev', 'copied_role'));
      assert.strictEqual(ok, true, errors().join('\n'));
      assert.ok(!r.branchOf(ACME_API, 'dev').roles.has('copied_role'));
      const asked = t.prompt.shown.slice(from).find((x) => x.kind === 'input')!;
      assert.match(asked.text, /connections that use this role will fail\. This workspace connects as copied_role in uses-role\.env \(DATABASE_URL_COPIED\)\. Type "copied_role" to confirm\.$/);
      assert.ok(!asked.text.includes(pw), 'no password in the question');
      // The .env that logged in as it is named with the ways on (walk 29: only "Deleted role …" was said).
      const done = await waitFor(() => t.prompt.shown.slice(from).find((x) => /^Deleted role copied_role/.test(x.text)), { timeout: 5000 });
      assert.deepStrictEqual([done.kind, done.text, done.buttons], [
        'warning',
        'Deleted role copied_role from branch dev. uses-role.env (DATABASE_URL_COPIED) no longer logs in: save the connection of another role there.',
        ['Save Another Role to .env…', 'Remove Them'],
      ]);
      const roles = await waitFor(() => t.prompt.shown.slice(from).find((x) => x.kind === 'pick'), { timeout: 10_000 });
      assert.match(roles.text, /^Save Connection to \.env: role$/);
      assert.match(roles.placeHolder ?? '', /on branch dev as$/);
      assert.ok(roles.items!.includes('app_user') && !roles.items!.includes('copied_role'), roles.items!.join(', '));
      const appPw = r.branchOf(ACME_API, 'dev').roles.get('app_user')!.password!;
      await eventually(() => {
        const text = fs.readFileSync(file, 'utf8');
        const env = dotenv.parse(text);
        assert.deepStrictEqual(Object.keys(env), ['DATABASE_URL', 'DATABASE_URL_COPIED', 'PORT'], text);
        assert.strictEqual(env.DATABASE_URL, appUrl, 'DATABASE_URL is left as it was');
        assert.match(env.DATABASE_URL_COPIED!, new RegExp(`^postgresql://app_user:${appPw}@${ep.id}\\.`), 'the named variable, still direct, now logs in as app_user');
      }, { timeout: 10_000 });
      assert.deepStrictEqual(t.prompt.shown.slice(from).filter((x) => x.modal), [], 'no Replace question');
      assert.deepStrictEqual(t.prompt.shown.slice(from).filter((x) => x.kind === 'error'), []);
    } finally {
      fs.rmSync(file, { force: true });
      await setSetting('envFile', undefined);
    }
  });

  it('copyConnectionString for a non-default branch uses that branch\'s host (neonctl#185)', async () => {
    t.prompt.script({ pick: 'app_user' }, { pick: 'Direct' });
    const res = (await vscode.commands.executeCommand('neonExplorer.copyConnectionString', r.branch(ACME_API, 'dev'))) as { host: string; branchId: string; roleName: string; pooled: boolean };
    const dev = r.endpointHost(ACME_API, 'dev');
    const main = r.endpointHost(ACME_API, 'main');
    assert.ok(res.host.startsWith(`${dev.id}.`), `host ${res.host} is dev's endpoint ${dev.id}`);
    assert.ok(!res.host.startsWith(main.id));
    assert.deepStrictEqual([res.branchId, res.roleName, res.pooled], [r.branchOf(ACME_API, 'dev').id, 'app_user', false]);
    const roles = t.prompt.shown.find((x) => x.kind === 'pick')!;
    assert.deepStrictEqual(roles.items, ['neondb_owner', 'app_user'], 'protected roles are not offered; the owner comes first');
    const clip = await readClipboard();
    const pw = await revealPassword(emulator(), ACME_API, res.branchId, 'app_user');
    assert.strictEqual(clip, `postgresql://app_user:${pw}@${res.host}/neondb?sslmode=require`);
    assert.match(t.prompt.shown.at(-1)!.text, new RegExp(`Copied the direct connection string for role app_user, database neondb on branch dev \\(${dev.id}\\.`));
    assert.deepStrictEqual(t.prompt.shown.at(-1)!.buttons, [], 'run by itself, Copy offers nothing more');
  });

  it('copyConnectionString from the palette: account → org → project → branch → role → pooled', async () => {
    t.prompt.script({ pick: 'Acme Inc' }, { pick: 'acme-api' }, { pick: 'staging' }, { pick: 'neondb_owner' }, { pick: 'Pooled' });
    const res = (await vscode.commands.executeCommand('neonExplorer.copyConnectionString')) as { host: string; pooled: boolean };
    assert.ok(res.host.startsWith(`${r.endpointHost(ACME_API, 'staging').id}-pooler.`), res.host);
    assert.strictEqual(res.pooled, true);
    // Only branches with a compute are offered: no-compute (made without one, above) is not.
    const offered = t.prompt.shown.filter((x) => x.kind === 'pick' && x.items?.includes('staging')).at(-1)!.items!;
    assert.ok(offered.includes('main') && offered.includes('dev'), offered.join(', '));
    assert.ok(!offered.includes('no-compute'), `a branch without a compute is offered: ${offered.join(', ')}`);
    // Each question counts its step, as Create Branch's do (walk 36: none did); staging's one database is not asked.
    // The organization and project only locate the branch: uncounted, not three times "(1/3)" (walk 37).
    assert.deepStrictEqual(
      t.prompt.shown.filter((x) => x.kind === 'pick').map((x) => x.text),
      ['Copy Connection String', 'Copy Connection String', 'Copy Connection String (1/3): branch of acme-api', 'Copy Connection String (2/3): role', 'Copy Connection String (3/3): connection type'],
    );
  });

  it('a second click on a row while its command still runs there is ignored (a double click ran Test Connection twice)', async () => {
    const node = await walk('you', 'Acme Inc', 'acme-api', 'dev', 'app_user');
    let second: unknown = 'not run';
    const from = t.prompt.shown.length;
    const logFrom = t.logLines.length;
    // While the first run shows its dialog, the same command is run again on the same row.
    t.prompt.script({
      button: async () => {
        second = await vscode.commands.executeCommand('neonExplorer.revealRolePassword', node);
        return undefined;
      },
    });
    await vscode.commands.executeCommand('neonExplorer.revealRolePassword', node);
    assert.strictEqual(second, undefined);
    assert.strictEqual(t.prompt.shown.slice(from).filter((x) => x.modal && /Copy or save the password of role app_user/.test(x.text)).length, 1, 'one dialog, not two');
    assert.ok(t.logLines.slice(logFrom).some((l) => /\[neonExplorer\.revealRolePassword\] is already running on this item; the second click is ignored/.test(l)), t.logLines.slice(logFrom).join('\n'));
    // Once it has ended, the row runs it again.
    t.prompt.script({ button: undefined });
    await vscode.commands.executeCommand('neonExplorer.revealRolePassword', node);
    assert.strictEqual(t.prompt.shown.slice(from).filter((x) => x.modal && /Copy or save the password of role app_user/.test(x.text)).length, 2);
  });

  it('from the real tree nodes: a role node of a non-default branch copies that branch\'s connection string', async () => {
    const node = await walk('you', 'Acme Inc', 'acme-api', 'dev', 'app_user');
    t.prompt.script({ pick: 'Pooled' });
    const res = (await vscode.commands.executeCommand('neonExplorer.copyConnectionString', node)) as { host: string; roleName: string };
    assert.ok(res.host.startsWith(`${r.endpointHost(ACME_API, 'dev').id}-pooler.`), res.host);
    assert.strictEqual(res.roleName, 'app_user');
  });

  it('a project that does not store passwords: the reset password still reaches .env (URIs built from the branch compute)', async () => {
    const project = emulator().state.projects.get(ACME_API)!;
    const file = path.join(workspaceDir(), 'nostore.env');
    await setSetting('envFile', 'nostore.env');
    await setSetting('env.includePgVariables', true);
    project.storePasswords = false;
    try {
      t.prompt.script({ input: 'app_user' }, { button: 'Save to .env' });
      const res = (await vscode.commands.executeCommand('neonExplorer.resetRolePassword', r.role(ACME_API, 'staging', 'app_user'))) as { outcome: string };
      assert.deepStrictEqual(res, { outcome: 'written' }, errors().join('\n'));
    } finally {
      project.storePasswords = true;
    }
    const pw = r.branchOf(ACME_API, 'staging').roles.get('app_user')!.password;
    const ep = r.endpointHost(ACME_API, 'staging');
    const text = fs.readFileSync(file, 'utf8');
    assert.ok(text.includes(`PGPASSWORD=${pw}\n`), 'PGPASSWORD holds the new password');
    assert.ok(text.includes(`DATABASE_URL=postgresql://app_user:${pw}@${ep.id}-pooler.`), 'pooled URL built for the staging compute');
  });

  it('Reset Password shown once: nothing after the reset reads as an undo: Save to .env, Copy, Close; closing asks "Discard it?" (Copy, Discard, Go Back back to the password)', async () => {
    const project = emulator().state.projects.get(ACME_API)!;
    emulator().state.newRole(r.branchOf(ACME_API, 'dev'), 'reset_once');
    project.storePasswords = false;
    const from = t.prompt.shown.length;
    try {
      t.prompt.script({ input: 'reset_once' }, { button: undefined }, { button: undefined }, { button: undefined }, { button: 'Discard' });
      const res = await vscode.commands.executeCommand('neonExplorer.resetRolePassword', r.role(ACME_API, 'dev', 'reset_once'));
      assert.deepStrictEqual(res, { outcome: 'skipped' }, errors().join('\n'));
    } finally {
      project.storePasswords = true;
    }
    const dialogs = t.prompt.shown.slice(from).filter((x) => x.modal).map((x) => [x.text.split('\n')[0], x.buttons]);
    assert.deepStrictEqual(dialogs, [
      ['The password of role reset_once was reset. Save the new one?', ['Save to .env', 'Copy', 'Close']],
      ['The password will not be shown again. Discard it?', ['Copy', 'Discard', 'Go Back']],
      ['The password of role reset_once was reset. Save the new one?', ['Save to .env', 'Copy', 'Close']],
      ['The password will not be shown again. Discard it?', ['Copy', 'Discard', 'Go Back']],
    ]);
    assert.ok(!dialogs.some(([, buttons]) => (buttons as string[]).includes('Cancel')), 'no Cancel once the reset was sent');
  });

  it('Copy or Save Password on a project that does not store passwords: says why there is none, with Reset Password… (which then offers the new one)', async () => {
    const project = emulator().state.projects.get(ACME_API)!;
    project.storePasswords = false;
    try {
      t.prompt.reset();
      const before = r.branchOf(ACME_API, 'staging').roles.get('app_user')!.password;
      // The failure's button leads on to Reset Password (confirmed), whose new password is copied.
      t.prompt.script({ button: 'Reset Password…' }, { input: 'app_user' }, { button: 'Copy' });
      assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.revealRolePassword', r.role(ACME_API, 'staging', 'app_user')), undefined);
      const e = await waitFor(() => t.prompt.shown.find((x) => x.kind === 'error'), { timeout: 5000 });
      assert.match(e.text, /^Couldn't get the password: Neon does not store the password of role app_user \(password storage is off for this project\), so there is none to copy or save\. Reset the password to get a new one\. \(request id [^)]+\)$/);
      assert.deepStrictEqual(e.buttons, ['Reset Password…', 'Show Log']);
      await eventually(async () => {
        const now = r.branchOf(ACME_API, 'staging').roles.get('app_user')!.password;
        assert.notStrictEqual(now, before, 'reset');
        assert.strictEqual(await readClipboard(), now);
      }, { timeout: 15_000 });
      assert.strictEqual(t.prompt.pending(), 0);
      // nostore.env (the test before) still holds app_user's old password: the reset says so, a
      // moment after it ends. Awaited here, or it lands in the next test (a CI run saw it there).
      await eventually(() => assert.ok(t.prompt.shown.some((x) => x.kind === 'warning' && /still holds the old password of role app_user/.test(x.text)), JSON.stringify(t.prompt.shown)), { timeout: 10_000 });
    } finally {
      project.storePasswords = true;
    }
  });

  it('a slow API: Create Role, Reset Password and Create Branch show what they read before their first question; Cancel ends them quietly', async () => {
    const runs: [string, unknown, string][] = [
      ['neonExplorer.createRole', r.branch(ACME_API, 'main'), 'Create Role: reading branch main'],
      ['neonExplorer.resetRolePassword', r.role(ACME_API, 'staging', 'app_user'), 'Reset Password: reading branch staging'],
      ['neonExplorer.createBranch', r.project(ACME_API), 'Create Branch: reading acme-api'],
    ];
    emulator().config.latencyMs = 2500;
    try {
      for (const [command, arg, title] of runs) {
        t.prompt.reset();
        const run = vscode.commands.executeCommand(command, arg);
        const reading = await eventually(() => {
          const p = t.progress().find((x) => x.title === title);
          assert.ok(p, `${command}: ${JSON.stringify(t.progress().map((x) => x.title))}`);
          return p;
        }, { timeout: 5000 });
        assert.ok(reading.cancellable);
        reading.cancel();
        assert.strictEqual(await run, undefined, `${command} cancelled`);
        assert.deepStrictEqual(t.prompt.shown.map((x) => `${x.kind}: ${x.text}`), [], `${command}: nothing asked, no error`);
      }
    } finally {
      emulator().config.latencyMs = 0;
    }
  });

  it('Cancel pressed while Neon applies Create Role: the change stands, so its password is still offered, saying Cancel came too late; no failure (walk 25)', async () => {
    emulator().config.operationMs = 4000;
    try {
      t.prompt.reset();
      t.prompt.script({ input: 'late_cancel' }, { pick: 'Can log in (password)' }, { button: undefined });
      const run = vscode.commands.executeCommand('neonExplorer.createRole', r.branch(ACME_API, 'main'));
      const applying = await eventually(() => {
        // Once Neon has answered and its operation is being waited for (not while the request is on its way).
        const p = t.progress().find((x) => /late_cancel/.test(x.title) && x.messages.some((m) => /^waiting for/.test(m)));
        assert.ok(p, JSON.stringify(t.progress().map((x) => [x.title, x.messages])));
        return p;
      }, { timeout: 10_000 });
      applying.cancel();
      // The change stands, so the command ends with its outcome (a reset's stale-.env warning still comes).
      assert.deepStrictEqual(await run, { roleName: 'late_cancel', outcome: 'skipped' });
      const offer = t.prompt.shown.filter((x) => x.modal && /Created role late_cancel/.test(x.text));
      assert.strictEqual(offer.length, 1, JSON.stringify(t.prompt.shown));
      assert.match(offer[0]!.text, /Cancel came after Neon had accepted it, so it stands; the password may take effect a little later\./);
      assert.deepStrictEqual(errors(), [], 'cancelling is not a failure');
      assert.ok(r.branchOf(ACME_API, 'main').roles.has('late_cancel'), 'the role was made');
    } finally {
      emulator().config.operationMs = 40;
    }
  });

  /** Waits until Neon (the emulator) has made a change whose answer is still on its way, then presses the progress's Cancel. */
  async function cancelOnTheWire(title: string, made: () => boolean) {
    const sending = await eventually(() => {
      const p = t.progress().find((x) => x.title === title);
      assert.ok(p && made(), `${title}: ${JSON.stringify(t.progress().map((x) => x.title))}`);
      return p;
    }, { timeout: 15_000, interval: 20 });
    sending.cancel();
  }

  it('Cancel pressed while Reset Password is on its way to Neon: Neon made it, so the dialog says so, offers the new password, and the stale .env is pointed out (walk 35)', async () => {
    const file = path.join(workspaceDir(), 'stale.env');
    await setSetting('envFile', 'stale.env');
    try {
      const oldPw = r.branchOf(ACME_API, 'main').roles.get('app_user')!.password!;
      const ep = r.endpointHost(ACME_API, 'main');
      fs.writeFileSync(file, `DATABASE_URL=postgresql://app_user:${oldPw}@${ep.id}-pooler.us-east-2.aws.neon.tech/neondb?sslmode=require\n`);
      t.prompt.reset();
      t.prompt.script({ input: 'app_user' }, { button: undefined }, { button: 'Save New Password to .env' });
      const start = since();
      emulator().config.latencyMs = 1500;
      const run = vscode.commands.executeCommand('neonExplorer.resetRolePassword', r.role(ACME_API, 'main', 'app_user'));
      await cancelOnTheWire('Resetting the password of app_user', () => r.branchOf(ACME_API, 'main').roles.get('app_user')!.password !== oldPw);
      emulator().config.latencyMs = 0;
      assert.deepStrictEqual(await run, { outcome: 'skipped' }, t.prompt.shown.map((x) => x.text).join('\n'));
      // A 423 (an operation of an earlier test still holds the branch) changed nothing and is sent again.
      assert.deepStrictEqual(requestsAfter(start).filter((e) => e.method === 'POST' && e.status !== 423).map((e) => [e.route, e.status]), [['POST /projects/{project_id}/branches/{branch_id}/roles/{role_name}/reset_password', 200]]);
      const offer = t.prompt.shown.filter((x) => x.modal && /app_user/.test(x.text));
      assert.strictEqual(offer.length, 1, JSON.stringify(t.prompt.shown));
      assert.strictEqual(offer[0]!.text.split('\n')[0], 'Cancel came after the request was sent to Neon, so the password of role app_user was reset. Save the new one?');
      const newPw = r.branchOf(ACME_API, 'main').roles.get('app_user')!.password!;
      await eventually(() => assert.ok(t.prompt.shown.some((x) => x.kind === 'warning' && /^stale\.env \(DATABASE_URL\) still holds the old password of role app_user/.test(x.text)), t.prompt.shown.map((x) => x.text).join('\n')));
      await eventually(() => assert.match(fs.readFileSync(file, 'utf8'), new RegExp(`^DATABASE_URL=postgresql://app_user:${newPw}@`, 'm')), { timeout: 10_000 });
      assert.deepStrictEqual(errors(), [], 'the change stands: no failure');
    } finally {
      emulator().config.latencyMs = 0;
      fs.rmSync(file, { force: true });
      await setSetting('envFile', undefined);
    }
  });

  it('Cancel pressed while Create Role is on its way to Neon: Neon made it, so the dialog says so and offers its password; the tree shows the role (walk 35)', async () => {
    t.prompt.reset();
    t.prompt.script({ input: 'sent_cancel' }, { pick: 'Can log in (password)' }, { button: undefined });
    const start = since();
    emulator().config.latencyMs = 1500;
    try {
      const run = vscode.commands.executeCommand('neonExplorer.createRole', r.branch(ACME_API, 'main'));
      await cancelOnTheWire('Creating role sent_cancel on main', () => r.branchOf(ACME_API, 'main').roles.has('sent_cancel'));
      emulator().config.latencyMs = 0;
      assert.deepStrictEqual(await run, { roleName: 'sent_cancel', outcome: 'skipped' }, t.prompt.shown.map((x) => x.text).join('\n'));
    } finally {
      emulator().config.latencyMs = 0;
    }
    assert.deepStrictEqual(requestsAfter(start).filter((e) => e.method === 'POST').map((e) => [e.route, e.status]), [['POST /projects/{project_id}/branches/{branch_id}/roles', 201]]);
    const offer = t.prompt.shown.filter((x) => x.modal && /sent_cancel/.test(x.text));
    assert.strictEqual(offer.length, 1, JSON.stringify(t.prompt.shown));
    assert.strictEqual(offer[0]!.text.split('\n')[0], 'Cancel came after the request was sent to Neon, so role sent_cancel was created on branch main. Save its password?');
    assert.deepStrictEqual(errors(), []);
    await eventually(async () => assert.ok(await walk('you', 'Acme Inc', 'acme-api', 'main', 'sent_cancel'), 'the tree shows the role'), { timeout: 10_000 });
  });

  it('a Reset Password whose answer is lost: a refresh cannot tell, so the message says the password may have changed, offers Copy or Save Password… and names Test Connection; no Refresh, no Retry', async () => {
    const lose = losingTheNextPostsAnswer(emulator());
    t.prompt.reset();
    try {
      t.prompt.script({ input: async () => (lose.start(), 'app_user') });
      await vscode.commands.executeCommand('neonExplorer.resetRolePassword', r.role(ACME_API, 'main', 'app_user'));
      const failure = await eventually(() => {
        const e = t.prompt.shown.find((x) => x.kind === 'error');
        assert.ok(e, JSON.stringify(t.prompt.shown));
        return e;
      });
      assert.match(failure.text, /^Couldn't reset the password: The connection to Neon broke before Neon answered, so the password of role app_user may have changed and a \.env may still hold the old one\. "Copy or Save Password…" gets the current one; "Test Connection…" on the \.env tells whether it still logs in\. \(request id [\w-]+\)$/);
      assert.deepStrictEqual(failure.buttons, ['Copy or Save Password…', 'Show Log']);
    } finally {
      lose.restore();
    }
  });

  it('copyConnectionString for a protected (system) role is refused with the reason, without any request', async () => {
    const start = since();
    await vscode.commands.executeCommand('neonExplorer.copyConnectionString', r.role(ACME_API, 'main', 'web_access'));
    assert.deepStrictEqual(requestsAfter(start).map((e) => e.route), []);
    assert.match(errors().join('\n'), /Role web_access is managed by Neon .* Choose another role/);
  });
  it('renameDatabase (walk 35): the name is checked as for Create Database (a taken one sends nothing); renamed and waited for; the .env variables that named it are named, and Rewrite Them rewrites just their database part', async () => {
    const main = r.branch(ACME_API, 'main');
    t.prompt.script({ input: 'menu' }, { pick: 'app_user' });
    assert.ok(await vscode.commands.executeCommand('neonExplorer.createDatabase', main), errors().join('\n'));
    const menu = { ...main, databaseName: 'menu', ownerName: 'app_user' };
    // A taken name is refused before anything is sent.
    t.prompt.reset();
    t.prompt.script({ input: 'neondb' });
    let start = since();
    assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.renameDatabase', menu), undefined);
    assert.ok(!requestsAfter(start).some((e) => e.method === 'PATCH'), 'no PATCH');
    assert.match(errors().join('\n'), /The branch already has a database named "neondb"; choose another name/);
    // The box opens with the current name and no red message (walk 37); sent untouched, it is refused with a sentence.
    t.prompt.reset();
    t.prompt.script({ input: 'menu' });
    start = since();
    assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.renameDatabase', menu), undefined);
    assert.strictEqual(t.prompt.shown.find((x) => x.kind === 'input')!.validation, undefined, 'no message while the name is untouched');
    assert.ok(!requestsAfter(start).some((e) => e.method === 'PATCH'), 'no PATCH');
    assert.match(errors().join('\n'), /The database is already called menu: type a new name, or press Escape to keep it\./);
    const file = path.join(workspaceDir(), 'db-rename.env');
    await setSetting('envFile', 'db-rename.env');
    try {
      const at = `${r.endpointHost(ACME_API, 'main').id}-pooler.us-east-2.aws.neon.tech`;
      const text = (db: string, pg: string) => `# keep\r\nDATABASE_URL_MENU="postgresql://app_user:pw@${at}/${db}?sslmode=require" # menu\r\nPORT=3000\r\nDATABASE_URL=postgresql://app_user:pw@${at}/neondb?sslmode=require\r\nPGHOST=${at}\r\nPGDATABASE=${pg}\r\n`;
      // A value with spaces is written quoted, as dotenv reads it back.
      fs.writeFileSync(file, text('menu', 'menu'));
      t.prompt.reset();
      t.prompt.script({ input: 'carte du jour' }, { button: 'Rewrite Them' });
      start = since();
      const res = await vscode.commands.executeCommand('neonExplorer.renameDatabase', menu);
      assert.deepStrictEqual(res, { databaseName: 'carte du jour' }, errors().join('\n'));
      const asked = t.prompt.shown.find((x) => x.kind === 'input')!;
      assert.strictEqual(asked.value, 'menu');
      assert.strictEqual(asked.validation, undefined);
      assert.match(asked.text, /A new name for menu, at most 63 bytes \(UTF-8\)\. Connections to menu end, and connection strings that name it stop working\. This workspace connects to menu in db-rename\.env \(DATABASE_URL_MENU, PGDATABASE\)\./);
      assert.deepStrictEqual(requestsAfter(start).filter((e) => e.method === 'PATCH').map((e) => `${e.route} ${e.status}`), ['PATCH /projects/{project_id}/branches/{branch_id}/databases/{database_name} 200']);
      assert.ok(requestsAfter(start).some((e) => /operations\/\{operation_id\}/.test(e.route)), 'operations polled');
      const dbs = r.branchOf(ACME_API, 'main').databases;
      assert.ok(dbs.has('carte du jour') && !dbs.has('menu'), [...dbs.keys()].join(', '));
      const done = await waitFor(() => t.prompt.shown.find((x) => /^Renamed database menu/.test(x.text)), { timeout: 5000 });
      assert.deepStrictEqual([done.kind, done.text, done.buttons], [
        'warning',
        'Renamed database menu to carte du jour on branch main. db-rename.env (DATABASE_URL_MENU, PGDATABASE) still names database menu and no longer connects: rewrite the variables to name carte du jour?',
        ['Rewrite Them'],
      ]);
      await eventually(() => assert.strictEqual(fs.readFileSync(file, 'utf8'), text('carte%20du%20jour', "'carte du jour'")), { timeout: 5000 });
      const said = await waitFor(() => t.prompt.shown.find((x) => x.kind === 'info' && /now connect/.test(x.text)), { timeout: 5000 });
      assert.strictEqual(said.text, 'DATABASE_URL_MENU, PGDATABASE in db-rename.env now connect to database carte du jour.');
      await eventually(async () => assert.ok(await walk('you', 'Acme Inc', 'acme-api', 'main', 'Databases', 'carte du jour'), 'the tree shows the new name'), { timeout: 10_000 });
    } finally {
      fs.rmSync(file, { force: true });
      await setSetting('envFile', undefined);
    }
  });

  it('Delete Role on a database owner offers Change Database Owner…: it offers the other roles (not the owner, not web_access), gives the database away, and then the role can be deleted (walk 35)', async () => {
    const main = r.branch(ACME_API, 'main');
    t.prompt.script({ input: 'heir_role' }, { pick: 'Can log in (password)' }, { button: undefined });
    await vscode.commands.executeCommand('neonExplorer.createRole', main);
    t.prompt.script({ input: 'legacy' }, { pick: 'heir_role' });
    assert.ok(await vscode.commands.executeCommand('neonExplorer.createDatabase', main), errors().join('\n'));
    t.prompt.reset();
    t.prompt.script({ button: 'Change Database Owner…' }, { pick: 'app_user' });
    const start = since();
    await vscode.commands.executeCommand('neonExplorer.deleteRole', r.role(ACME_API, 'main', 'heir_role'));
    const refusal = t.prompt.shown.find((x) => x.kind === 'error')!;
    assert.match(refusal.text, /^Couldn't delete the role: Role heir_role owns the database legacy on branch main/);
    assert.deepStrictEqual(refusal.buttons, ['Change Database Owner…', 'Show Log']);
    await eventually(() => assert.strictEqual(r.branchOf(ACME_API, 'main').databases.get('legacy')?.ownerName, 'app_user'), { timeout: 10_000 });
    // The one database the role owned is named: only the new owner is asked for.
    const asked = t.prompt.shown.filter((x) => x.kind === 'pick');
    assert.strictEqual(asked.length, 1, JSON.stringify(asked));
    assert.match(asked[0]!.text, /new owner of legacy on branch main \(owner now: heir_role\)/);
    assert.ok(!asked[0]!.items!.includes('heir_role') && !asked[0]!.items!.includes('web_access') && asked[0]!.items!.includes('app_user') && asked[0]!.items!.includes('neondb_owner'), asked[0]!.items!.join(', '));
    assert.deepStrictEqual(requestsAfter(start).filter((e) => e.method !== 'GET').map((e) => e.route), ['PATCH /projects/{project_id}/branches/{branch_id}/databases/{database_name}']);
    const done = await waitFor(() => t.prompt.shown.find((x) => x.kind === 'info' && /now owned by/.test(x.text)), { timeout: 5000 });
    assert.strictEqual(done.text, 'Database legacy on branch main is now owned by app_user (was heir_role).');
    // The role rows follow: heir_role owns nothing now, app_user owns legacy.
    await eventually(async () => {
      const heir = await walk('you', 'Acme Inc', 'acme-api', 'main', 'heir_role');
      assert.ok(!String(heir.getTreeItem().description ?? '').includes('owns'), String(heir.getTreeItem().description));
      assert.match(String((await walk('you', 'Acme Inc', 'acme-api', 'main', 'app_user')).getTreeItem().description), /owns .*legacy/);
    }, { timeout: 10_000 });
    t.prompt.reset();
    t.prompt.script({ input: 'heir_role' });
    assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.deleteRole', r.role(ACME_API, 'main', 'heir_role')), true, errors().join('\n'));
  });

  it('changeDatabaseOwner from the palette asks project, branch and database, then the new owner; the tooltip of a role that owns a database links to it', async () => {
    t.prompt.reset();
    t.prompt.script({ pick: 'Acme Inc' }, { pick: 'acme-api' }, { pick: 'main' }, { pick: 'neondb' }, { pick: 'app_user' });
    const res = await vscode.commands.executeCommand('neonExplorer.changeDatabaseOwner');
    assert.deepStrictEqual(res, { databaseName: 'neondb', ownerName: 'app_user' }, JSON.stringify(t.prompt.shown.map((x) => [x.kind, x.text])));
    // Given back, so the other tests find neondb_owner owning it.
    t.prompt.script({ pick: 'neondb_owner' });
    assert.deepStrictEqual(await vscode.commands.executeCommand('neonExplorer.changeDatabaseOwner', { ...r.branch(ACME_API, 'main'), databaseName: 'neondb', ownerName: 'app_user' }), { databaseName: 'neondb', ownerName: 'neondb_owner' });
    const owner = await walk('you', 'Acme Inc', 'acme-api', 'main', 'neondb_owner');
    const tip = (owner as unknown as { tooltip(): vscode.MarkdownString }).tooltip();
    assert.match(tip.value, /\[Change Database Owner…\]\(command:neonExplorer\.changeDatabaseOwner\?/);
    const arg = JSON.parse(decodeURIComponent(tip.value.split('command:neonExplorer.changeDatabaseOwner?')[1]!.split(')')[0]!))[0];
    assert.deepStrictEqual([arg.databaseName, arg.ownerName, arg.branchName], ['neondb', 'neondb_owner', 'main']);
    assert.deepStrictEqual(tip.isTrusted, { enabledCommands: ['neonExplorer.changeDatabaseOwner'] });
  });

  it('Create Role and Create Database from a project count the branch pick as a step (as Copy Connection String does); Escape at the last step makes nothing', async () => {
    const before = [...r.branchOf(ACME_API, 'main').roles.keys()].sort();
    t.prompt.reset();
    t.prompt.script({ pick: 'main' }, { input: 'counted_role' }, { pick: undefined });
    await vscode.commands.executeCommand('neonExplorer.createRole', r.project(ACME_API));
    const titles = t.prompt.shown.filter((x) => x.kind === 'input' || x.kind === 'pick').map((x) => x.text.replace(/:.*$/s, ''));
    assert.deepStrictEqual(titles, ['Create Role (1/3)', 'Create Role (2/3)', 'Create Role (3/3)']);
    assert.deepStrictEqual([...r.branchOf(ACME_API, 'main').roles.keys()].sort(), before, 'nothing created');
    t.prompt.reset();
    t.prompt.script({ pick: 'main' }, { input: 'counted_db' }, { pick: undefined });
    await vscode.commands.executeCommand('neonExplorer.createDatabase', r.project(ACME_API));
    const dbTitles = t.prompt.shown.filter((x) => x.kind === 'input' || x.kind === 'pick').map((x) => x.text.replace(/:.*$/s, ''));
    assert.deepStrictEqual(dbTitles, ['Create Database (1/3)', 'Create Database (2/3)', 'Create Database (3/3)']);
    assert.ok(!r.branchOf(ACME_API, 'main').databases.has('counted_db'), 'nothing created');
  });

  it('createRole → "Cannot log in": Neon makes it with no_login, no password is offered; its row says so and offers no password or connection; those commands refuse it with a sentence', async () => {
    t.prompt.reset();
    t.prompt.script({ input: 'owner_only' }, { pick: 'Cannot log in (owns objects, for grants)' });
    const res = await vscode.commands.executeCommand('neonExplorer.createRole', r.branch(ACME_API, 'main'));
    assert.deepStrictEqual(res, { roleName: 'owner_only', outcome: 'none' }, errors().join('\n'));
    const kind = t.prompt.shown.find((x) => x.kind === 'pick')!;
    assert.deepStrictEqual([kind.text, kind.items, kind.back], ['Create Role (2/2): can owner_only log in?', ['Can log in (password)', 'Cannot log in (owns objects, for grants)'], true]);
    assert.strictEqual(r.branchOf(ACME_API, 'main').roles.get('owner_only')?.noLogin, true, 'sent with no_login');
    assert.ok(!t.prompt.shown.some((x) => x.modal), 'no password dialog');
    assert.strictEqual(t.prompt.shown.find((x) => x.kind === 'info')?.text, 'Created role owner_only on branch main. It cannot log in: grant it to a role that does, or make it the owner of objects.');

    const node = await eventually(() => walk('you', 'Acme Inc', 'acme-api', 'main', 'owner_only'), { timeout: 10_000 });
    const row = node.getTreeItem();
    assert.strictEqual(row.description, 'cannot log in');
    assert.strictEqual((row.iconPath as vscode.ThemeIcon).id, 'circle-slash');
    assert.match((node as unknown as { tooltip(): vscode.MarkdownString }).tooltip().value, /cannot log in/);
    // The row's menu, by the manifest's when clauses on its contextValue.
    const menus = t.services.context.extension.packageJSON.contributes.menus['view/item/context'] as { command: string; when: string }[];
    const onRow = (viewItem: string) =>
      new Set(menus.filter((m) => /viewItem =~ \/\^role/.test(m.when) && [...m.when.matchAll(/(!?)\(?viewItem =~ \/(.+?)\/\)?/g)].every(([, not, re]) => new RegExp(re!).test(viewItem) !== (not === '!'))).map((m) => m.command.replace('neonExplorer.', '')));
    const offered = onRow(row.contextValue!);
    for (const c of ['revealRolePassword', 'resetRolePassword', 'copyConnectionString', 'saveConnectionToEnv', 'testConnection', 'openPsql']) {
      assert.ok(onRow('role').has(c), `a login role's row offers ${c}`);
      assert.ok(!offered.has(c), `${row.contextValue} offers no ${c}`);
    }
    assert.ok(offered.has('deleteRole') && offered.has('copyName'), [...offered].join(', '));

    // Run anyway (the palette, a keybinding): each refuses with the same sentence, and sends nothing.
    const refusal = /Role owner_only cannot log in: it has no password and nothing can connect as it\. Choose a role that can log in, or create one\.$/;
    for (const command of ['revealRolePassword', 'copyConnectionString', 'saveConnectionToEnv']) {
      t.prompt.reset();
      const start = since();
      await vscode.commands.executeCommand(`neonExplorer.${command}`, node);
      // A refusal, not a failure (walk 39: a red "Couldn't get the password: …" with Show Log).
      assert.match(warnings().join('\n'), refusal, command);
      assert.deepStrictEqual(errors(), [], command);
      assert.deepStrictEqual(requestsAfter(start).filter((e) => e.method !== 'GET'), [], command);
    }
    // Picked from the palette's role list, where it is marked.
    t.prompt.reset();
    t.prompt.script({ pick: 'owner_only' });
    const start = since();
    assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.resetRolePassword', r.branch(ACME_API, 'main')), undefined);
    const listed = t.prompt.shown.find((x) => x.kind === 'pick')!;
    assert.strictEqual(listed.descriptions![listed.items!.indexOf('owner_only')], 'cannot log in');
    assert.match(warnings().join('\n'), refusal);
    assert.deepStrictEqual(errors(), []);
    assert.deepStrictEqual(requestsAfter(start).filter((e) => e.method !== 'GET'), []);
    // A connection's role list leaves it out.
    t.prompt.reset();
    t.prompt.script({ pick: 'neondb' }, { pick: 'app_user' }, { pick: 'Pooled' });
    await vscode.commands.executeCommand('neonExplorer.copyConnectionString', r.branch(ACME_API, 'main'));
    const roles = t.prompt.shown.find((x) => x.kind === 'pick' && /role$/.test(x.text));
    assert.ok(roles && !roles.items!.includes('owner_only') && roles.items!.includes('app_user'), JSON.stringify(t.prompt.shown));
    t.prompt.reset();
    t.prompt.script({ input: 'owner_only' });
    assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.deleteRole', node), true, errors().join('\n'));
    const asked = t.prompt.shown.find((x) => x.kind === 'input' || x.modal);
    assert.ok(asked && /nothing connects as this role/.test(asked.text) && !/connections that use this role will fail/.test(asked.text), JSON.stringify(t.prompt.shown));
  });
});
