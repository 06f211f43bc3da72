// Connecting for real (issue 14 §3), in the VS Code extension host against the emulator with its
// data plane (a PostgreSQL cluster per branch): Test Connection, Open psql, the Databases folder,
// the check after Save to .env, and branch data that diverges. Every connection string is proven
// by connecting with a fresh node-postgres client built from it alone. The data plane is
// required: without PostgreSQL binaries this suite fails (it never skips).
import * as assert from 'assert';
import * as dotenv from 'dotenv';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { ACME_API, setSetting } from './commands-role.support';
import { apiUri, refusal, useConnectScene, withClient } from './connect.support';
import { eventually } from './helpers/eventually';
import { workspaceDir } from './helpers/extension';
import { CANARY } from './helpers/secrets';
import { children, rows, walk, type Testing } from './tree.support';

interface TestResult {
  serverVersion: string;
  user: string;
  database: string;
  branchName: string;
  connectMs: number;
  queryMs: number;
  message: string;
}

describe('connect: Test Connection, Open psql, databases, .env check, against real PostgreSQL', function () {
  this.timeout(120_000);
  const scene = useConnectScene();
  const { emulator, r, errors, infos, warnings } = scene;
  let t: Testing;
  before(() => (t = scene.t()));
  const main = () => r.branch(ACME_API, 'main');
  const uriOf = (branch: string, role: string, db = 'neondb', pooled = false) => apiUri(emulator(), ACME_API, r.branchOf(ACME_API, branch).id, role, db, pooled);
  // zz-secrets.test.ts searches what every terminal was opened with, then closes them.

  it('the emulator runs its data plane (PostgreSQL is installed here)', () => {
    assert.ok(emulator().postgres, `no data plane: ${emulator().postgresOff ?? 'postgres: true was not honoured'}`);
  });

  it('Test Connection on a role: server version, role, database and round trip, in one sentence', async () => {
    const res = (await vscode.commands.executeCommand('neonExplorer.testConnection', r.role(ACME_API, 'main', 'app_user'))) as TestResult;
    assert.ok(res, errors().join('\n'));
    assert.strictEqual(res.user, 'app_user');
    assert.strictEqual(res.database, 'neondb');
    assert.match(res.serverVersion, /^PostgreSQL \d+\.\d+/);
    assert.ok(res.queryMs > 0 && res.connectMs > 0);
    // The first connection to main finds its compute suspended, as a fresh Neon branch would be.
    assert.match(res.message, /^Connected as app_user to neondb on branch main: PostgreSQL \d+\.\d+, round trip [\d.]+ ms \(connecting took [\d.]+ ms; the compute was suspended and started for this connection\)\.$/);
    assert.deepStrictEqual(infos(), [res.message]);
    const again = (await vscode.commands.executeCommand('neonExplorer.testConnection', r.role(ACME_API, 'main', 'app_user'))) as TestResult;
    assert.match(again.message, /^Connected as app_user to neondb on branch main: PostgreSQL \d+\.\d+, round trip [\d.]+ ms \(connecting took [\d.]+ ms\)\.$/);
  });

  it('a slow API: the reads before connecting show a notification (none when they are quick), and its Cancel ends the command quietly', async () => {
    const quick = t.progressTitles.length;
    const res = (await vscode.commands.executeCommand('neonExplorer.testConnection', r.role(ACME_API, 'main', 'app_user'))) as TestResult;
    assert.ok(res, errors().join('\n'));
    assert.deepStrictEqual(t.progressTitles.slice(quick), ['Connecting to neondb on main as app_user'], 'quick reads show nothing of their own');
    emulator().config.latencyMs = 2500;
    try {
      const before = { errors: errors().length, infos: infos().length, started: t.progressTitles.length };
      const mark = emulator().server.log.mark();
      const run = vscode.commands.executeCommand('neonExplorer.testConnection', r.role(ACME_API, 'main', 'app_user'));
      const reading = await eventually(() => {
        const p = t.progress().find((x) => x.title === 'Test Connection: reading branch main');
        assert.ok(p, JSON.stringify(t.progress().map((x) => x.title)));
        return p;
      }, { timeout: 5000 });
      assert.ok(reading.cancellable);
      reading.cancel();
      assert.strictEqual(await run, undefined, 'cancelled');
      assert.deepStrictEqual(t.progressTitles.slice(before.started), ['Test Connection: reading branch main'], 'no connection was started');
      assert.strictEqual(errors().length, before.errors, 'cancelling is not a failure');
      assert.strictEqual(infos().length, before.infos);
      assert.ok(!emulator().server.log.since(mark).some((e) => /connection_uri/.test(e.route)), 'nothing after the reads');
    } finally {
      emulator().config.latencyMs = 0;
    }
  });

  it('Test Connection on a branch asks the role (the database owner first); from the palette every step is asked', async () => {
    t.prompt.script({ pick: 'app_user' }, { button: 'Open psql' });
    const a = (await vscode.commands.executeCommand('neonExplorer.testConnection', main())) as TestResult;
    assert.strictEqual(a?.user, 'app_user', errors().join('\n'));
    const rolePick = t.prompt.shown.find((x) => x.kind === 'pick')!;
    assert.deepStrictEqual(rolePick.items, ['neondb_owner', 'app_user'], 'owner first, protected web_access not offered');
    // Open psql on the result opens it as the role, on the database, just tested: nothing asked again.
    const term = await eventually(() => {
      const found = vscode.window.terminals.find((x) => x.name === 'psql app_user@neondb (main)');
      assert.ok(found, `a psql terminal among ${vscode.window.terminals.map((x) => x.name).join(', ')}; ${errors().join('\n')}`);
      return found;
    });
    assert.strictEqual(t.prompt.shown.filter((x) => x.kind === 'pick').length, 1, 'the role was asked once');
    term.dispose();

    t.prompt.reset();
    t.prompt.script({ pick: 'Acme Inc' }, { pick: 'acme-api' }, { pick: 'dev' }, { pick: 'neondb_owner' });
    const b = (await vscode.commands.executeCommand('neonExplorer.testConnection')) as TestResult;
    assert.deepStrictEqual([b?.user, b?.database, b?.branchName], ['neondb_owner', 'neondb', 'dev'], errors().join('\n'));
  });

  it('Databases folder: each database with its owner; create (owner picked from the roles), Test Connection on it, delete (type the name)', async () => {
    const name = `app "qa" ü ${'é'.repeat(20)}`; // quotes, spaces, unicode
    // A first name, Back from the owner, then the real one: two numbered steps, the name typed before offered again.
    t.prompt.script({ input: 'first-name' }, { back: true }, { input: name }, { pick: 'app_user' });
    const created = await vscode.commands.executeCommand('neonExplorer.createDatabase', main());
    assert.deepStrictEqual(created, { databaseName: name, ownerName: 'app_user' }, errors().join('\n'));
    const ownerPick = t.prompt.shown.find((x) => x.kind === 'pick')!;
    assert.deepStrictEqual(ownerPick.items, ['app_user', 'neondb_owner'], 'protected roles cannot own it');
    const steps = t.prompt.shown.filter((x) => x.kind === 'input' || x.kind === 'pick');
    assert.deepStrictEqual(steps.map((x) => `${x.text.replace(/:.*$/s, '')}${x.back ? '+back' : ''}`), ['Create Database (1/2)', 'Create Database (2/2)+back', 'Create Database (1/2)', 'Create Database (2/2)+back']);
    assert.strictEqual(steps[2]!.value, 'first-name');

    const folder = await walk('you', 'Acme Inc', 'acme-api', 'main', 'Databases');
    const dbRows = await eventually(async () => {
      const list = await rows(folder);
      assert.ok(list.some((x) => x.label === name), JSON.stringify(list));
      return list;
    });
    const row = dbRows.find((x) => x.label === name)!;
    assert.strictEqual(row.description, 'owner app_user');
    assert.strictEqual(row.contextValue, 'database');
    assert.deepStrictEqual(dbRows.find((x) => x.label === 'neondb')?.description, 'owner neondb_owner');

    // It exists in the branch's cluster, owned by app_user.
    const owner = await withClient(await uriOf('main', 'app_user', name), async (c) => (await c.query('select pg_get_userbyid(datdba) as o from pg_database where datname = current_database()')).rows[0].o);
    assert.strictEqual(owner, 'app_user');

    // Test Connection on the database node asks the role, its owner first.
    const node = (await children(folder)).find((n) => (n as { databaseName?: string }).databaseName === name)!;
    t.prompt.reset();
    t.prompt.script({ pick: 'app_user' });
    const res = (await vscode.commands.executeCommand('neonExplorer.testConnection', node)) as TestResult;
    assert.deepStrictEqual([res?.user, res?.database], ['app_user', name], errors().join('\n'));
    assert.deepStrictEqual(t.prompt.shown.find((x) => x.kind === 'pick')?.items, ['app_user', 'neondb_owner']);

    // A role that owns a database cannot be deleted: said before any DELETE.
    t.prompt.reset();
    await vscode.commands.executeCommand('neonExplorer.deleteRole', r.role(ACME_API, 'main', 'app_user'));
    assert.match(errors().join('\n'), /Role app_user owns the database .*a role that owns a database cannot be deleted/);
    assert.ok(r.branchOf(ACME_API, 'main').roles.has('app_user'));

    // Delete: the name is typed; the database is gone from the API and from the cluster.
    t.prompt.reset();
    t.prompt.script({ input: name });
    const deleted = await vscode.commands.executeCommand('neonExplorer.deleteDatabase', node);
    assert.strictEqual(deleted, true, errors().join('\n'));
    assert.ok(!r.branchOf(ACME_API, 'main').databases.has(name));
    const appUri = await uriOf('main', 'app_user');
    assert.strictEqual(await refusal(withDatabase(appUri, name)), '3D000');
  });

  it('a database name that collides, or is 64 bytes, is refused by the input box before any request', async () => {
    const start = emulator().server.log.mark();
    t.prompt.script({ input: 'neondb' });
    await vscode.commands.executeCommand('neonExplorer.createDatabase', main());
    assert.match(errors().join('\n'), /already has a database named "neondb"; choose another name/);
    t.prompt.reset();
    t.prompt.script({ input: 'é'.repeat(32) });
    await vscode.commands.executeCommand('neonExplorer.createDatabase', main());
    assert.match(errors().join('\n'), /63 bytes of UTF-8; this one is 64 bytes/);
    const posts = emulator().server.log.since(start).filter((e) => e.method === 'POST');
    assert.deepStrictEqual(posts.map((e) => e.route), [], 'no POST was sent');
  });

  it('Save to .env under another variable name: the check connects with that variable, not with the DATABASE_URL left as it was', async () => {
    const file = path.join(workspaceDir(), 'connect-other-name.env');
    // DATABASE_URL points elsewhere, at a role that cannot log in: checking it would fail (28P01).
    const elsewhere = 'postgresql://gone_role:wrong@ep-gone-123456.us-east-2.aws.neon.tech/neondb?sslmode=require';
    fs.writeFileSync(file, `DATABASE_URL=${elsewhere}\n`);
    await setSetting('envFile', 'connect-other-name.env');
    try {
      t.prompt.script({ button: 'Use Another Variable Name…' }, { input: 'FEATURE_URL' });
      const saved = await vscode.commands.executeCommand('neonExplorer.saveConnectionToEnv', r.role(ACME_API, 'main', 'app_user'));
      assert.strictEqual(saved, 'written', errors().join('\n'));
      const env = dotenv.parse(fs.readFileSync(file));
      assert.strictEqual(env.DATABASE_URL, elsewhere, 'DATABASE_URL is left as it was');
      assert.ok(env.FEATURE_URL && env.FEATURE_URL_UNPOOLED);
      assert.match(infos().find((x) => x.startsWith('Verified:')) ?? warnings().join('\n'), /^Verified: connected as app_user to neondb on branch main of acme-api with FEATURE_URL from connect-other-name\.env/);
      assert.deepStrictEqual(warnings().filter((w) => /failed/.test(w)), [], 'the check did not try DATABASE_URL');
    } finally {
      await setSetting('envFile', undefined);
    }
  });

  it('reset password → .env → verified; a fresh pg client from the file connects, the old password is refused (28P01)', async () => {
    const file = path.join(workspaceDir(), 'connect-reset.env');
    fs.writeFileSync(file, '# app settings\nAPP_MODE=dev\n');
    await setSetting('envFile', 'connect-reset.env');
    const oldUri = await uriOf('main', 'app_user', 'neondb', true);
    t.prompt.script({ input: 'app_user' }, { button: 'Save to .env' });
    const res = (await vscode.commands.executeCommand('neonExplorer.resetRolePassword', r.role(ACME_API, 'main', 'app_user'))) as { outcome: string };
    assert.deepStrictEqual(res, { outcome: 'written' }, errors().join('\n'));
    const verified = infos().find((x) => x.startsWith('Verified:'));
    assert.match(verified ?? infos().join('\n'), /^Verified: connected as app_user to neondb on branch main of acme-api with DATABASE_URL from connect-reset\.env \([\d.]+ ms\)\.$/);

    const env = dotenv.parse(fs.readFileSync(file));
    assert.ok(env.DATABASE_URL && env.DATABASE_URL !== oldUri, 'DATABASE_URL holds the new password');
    for (const key of ['DATABASE_URL', 'DATABASE_URL_UNPOOLED']) {
      const who = await withClient(env[key]!, async (c) => (await c.query('select current_user as u, current_database() as d')).rows[0]);
      assert.deepStrictEqual({ ...who }, { u: 'app_user', d: 'neondb' }, key);
    }
    assert.strictEqual(await refusal(oldUri), '28P01', 'the superseded password is refused');
  });

  it('a password changed in SQL behind Neon\'s back: Test Connection says 28P01 with "Reset Password…", which resets it', async () => {
    await asAdmin('main', (c) => c.query(`alter role neondb_owner password 'changed-in-sql-${CANARY}'`));
    await vscode.commands.executeCommand('neonExplorer.testConnection', r.role(ACME_API, 'main', 'neondb_owner'));
    const err = t.prompt.shown.find((x) => x.kind === 'error')!;
    assert.match(err.text, /^Couldn't test the connection: Postgres refused the password of role neondb_owner on branch main \(28P01\).*Reset the password to get a new one\.$/);
    assert.deepStrictEqual(err.buttons, ['Reset Password…', 'Show Log']);
    // The button runs Reset Password on that role; then the role connects again.
    t.prompt.reset();
    t.prompt.script({ input: 'neondb_owner' }, { button: 'Not now' });
    await vscode.commands.executeCommand('neonExplorer.resetRolePassword', r.role(ACME_API, 'main', 'neondb_owner'));
    const ok = (await vscode.commands.executeCommand('neonExplorer.testConnection', r.role(ACME_API, 'main', 'neondb_owner'))) as TestResult;
    assert.strictEqual(ok?.user, 'neondb_owner', errors().join('\n'));
  });

  it('create a branch: rows written on the parent before are there; then writes diverge', async () => {
    const parentUri = await uriOf('main', 'app_user');
    await withClient(parentUri, async (c) => {
      await c.query('create table if not exists notes (id int primary key, body text)');
      await c.query("insert into notes values (1, 'before the branch') on conflict do nothing");
    });
    t.prompt.script({ input: 'data-copy' }, { pick: 'Current data' }, { pick: 'With a read-write compute' }, { pick: 'Never' });
    await vscode.commands.executeCommand('neonExplorer.createBranch', main());
    assert.ok([...emulator().state.detail(emulator().state.projects.get(ACME_API)!).branches.values()].some((b) => b.name === 'data-copy'), errors().join('\n'));
    const childUri = await uriOf('data-copy', 'app_user');
    const read = (uri: string) => withClient(uri, async (c) => (await c.query('select body from notes order by id')).rows.map((x) => x.body as string));
    assert.deepStrictEqual(await read(childUri), ['before the branch'], 'the child has the parent\'s rows (and its roles, with their passwords)');
    await withClient(childUri, (c) => c.query("insert into notes values (2, 'only on the child')"));
    await withClient(parentUri, (c) => c.query("insert into notes values (3, 'only on the parent')"));
    assert.deepStrictEqual(await read(childUri), ['before the branch', 'only on the child']);
    assert.deepStrictEqual(await read(parentUri), ['before the branch', 'only on the parent']);
  });

  it('Open psql: a terminal runs psql connected as the role (seen in pg_stat_activity); the password only in its environment', async () => {
    const res = (await vscode.commands.executeCommand('neonExplorer.openPsql', r.role(ACME_API, 'main', 'app_user'))) as { terminalName: string; psqlPath: string };
    assert.ok(res, errors().join('\n'));
    assert.strictEqual(res.terminalName, 'psql app_user@neondb (main)');
    const term = vscode.window.terminals.find((x) => x.name === res.terminalName);
    assert.ok(term, `terminal ${res.terminalName} among ${vscode.window.terminals.map((x) => x.name).join(', ')}`);
    const opts = term.creationOptions as vscode.TerminalOptions;
    const password = r.branchOf(ACME_API, 'main').roles.get('app_user')!.password;
    assert.strictEqual(opts.shellPath, res.psqlPath);
    assert.deepStrictEqual(opts.shellArgs, ['--no-password']);
    assert.strictEqual(opts.env?.PGPASSWORD, password, 'the password is in the environment');
    assert.ok(!JSON.stringify([opts.name, opts.shellPath, opts.shellArgs]).includes(password), 'and nowhere else');
    assert.strictEqual(opts.env?.PGUSER, 'app_user');

    const sessions = async () =>
      withClient(await uriOf('main', 'neondb_owner'), async (c) => (await c.query("select usename, datname from pg_stat_activity where application_name = 'psql'")).rows.map((x) => `${x.usename}@${x.datname}`));
    assert.deepStrictEqual(await eventually(async () => {
      const s = await sessions();
      assert.ok(s.length > 0, 'a psql backend');
      return s;
    }, { timeout: 30_000, interval: 250 }), ['app_user@neondb']);
    term.dispose();
    await eventually(async () => assert.deepStrictEqual(await sessions(), []), { timeout: 15_000, interval: 250 });
  });

  it('a password with every special character, a role and a database whose names need quoting: Test Connection, .env check and psql all work', async () => {
    const role = `o'brien "x" ü`;
    t.prompt.script({ input: role }, { pick: 'Can log in (password)' }, { button: 'Not now' });
    await vscode.commands.executeCommand('neonExplorer.createRole', r.branch(ACME_API, 'dev'));
    assert.ok(r.branchOf(ACME_API, 'dev').roles.has(role), errors().join('\n'));
    const db = `d=b -c "x" ${'ß'.repeat(10)}`;
    t.prompt.reset();
    t.prompt.script({ input: db }, { pick: role });
    await vscode.commands.executeCommand('neonExplorer.createDatabase', r.branch(ACME_API, 'dev'));
    assert.ok(r.branchOf(ACME_API, 'dev').databases.has(db), errors().join('\n'));

    // Give the role a password holding every printable special character (and the canary).
    const special = `${CANARY}-p ' " \\ \` $ % & # = ; : @ / ? + , < > | ^ ~ { } [ ] ( ) * ! é`;
    const roleObj = r.branchOf(ACME_API, 'dev').roles.get(role)!;
    await asAdmin('dev', (c) => c.query(`alter role ${identOf(role)} password ${literalOf(special)}`));
    roleObj.password = special;

    t.prompt.reset();
    const refOf = { ...r.branch(ACME_API, 'dev'), databaseName: db, ownerName: role };
    t.prompt.script({ pick: (items: vscode.QuickPickItem[]) => items.find((i) => i.label === role) });
    const res = (await vscode.commands.executeCommand('neonExplorer.testConnection', refOf)) as TestResult;
    assert.deepStrictEqual([res?.user, res?.database], [role, db], errors().join('\n'));

    const file = path.join(workspaceDir(), 'connect-special.env');
    fs.writeFileSync(file, '');
    await setSetting('envFile', 'connect-special.env');
    t.prompt.reset();
    t.prompt.script({ pick: (items: vscode.QuickPickItem[]) => items.find((i) => i.label === role) });
    const saved = await vscode.commands.executeCommand('neonExplorer.saveConnectionToEnv', refOf);
    assert.strictEqual(saved, 'written', errors().join('\n'));
    assert.match(infos().find((x) => x.startsWith('Verified:')) ?? warnings().join('\n'), new RegExp(`^Verified: connected as ${escapeRe(role)} to ${escapeRe(db)} on branch dev of `));
    const env = dotenv.parse(fs.readFileSync(file));
    assert.strictEqual(decodeURIComponent(new URL(env.DATABASE_URL!).password), special);

    const opened = (await vscode.commands.executeCommand('neonExplorer.openPsql', { ...r.branch(ACME_API, 'dev'), roleName: role, isProtected: false, databaseName: db, ownerName: role })) as { terminalName: string };
    assert.ok(opened, errors().join('\n'));
    const term = vscode.window.terminals.find((x) => x.name === opened.terminalName)!;
    const sessions = async () =>
      withClient(await uriOf('dev', 'neondb_owner'), async (c) => (await c.query("select usename, datname from pg_stat_activity where application_name = 'psql'")).rows.map((x) => [x.usename, x.datname]));
    assert.deepStrictEqual(await eventually(async () => {
      const s = await sessions();
      assert.ok(s.length > 0, 'a psql backend');
      return s;
    }, { timeout: 30_000, interval: 250 }), [[role, db]]);
    term.dispose();

    // dev now has two databases: the connection-string command asks which (the role's own first).
    t.prompt.reset();
    t.prompt.script({ pick: (items: vscode.QuickPickItem[]) => items.find((i) => i.label === db) }, { pick: 'Direct' });
    const copied = (await vscode.commands.executeCommand('neonExplorer.copyConnectionString', { ...r.branch(ACME_API, 'dev'), roleName: role, isProtected: false })) as { databaseName: string };
    assert.strictEqual(copied?.databaseName, db, errors().join('\n'));
    assert.deepStrictEqual(t.prompt.shown.find((x) => x.kind === 'pick')?.items, [db, 'neondb']);
  });

  it('a suspended compute: Test Connection starts it (as Neon does on a connection) and says so', async () => {
    assert.strictEqual(r.endpointHost(ACME_API, 'staging').state, 'idle', 'staging has not been connected to: its compute is suspended');
    const res = (await vscode.commands.executeCommand('neonExplorer.testConnection', r.role(ACME_API, 'staging', 'neondb_owner'))) as TestResult & { wasSuspended: boolean };
    assert.strictEqual(res?.user, 'neondb_owner', errors().join('\n'));
    assert.strictEqual(res.wasSuspended, true);
    assert.match(res.message, /; the compute was suspended and started for this connection\)\.$/);
    assert.strictEqual(r.endpointHost(ACME_API, 'staging').state, 'active');
  });

  /** SQL as the cluster's administrator, behind Neon's back (roles cannot change their own password: they have REPLICATION). */
  function asAdmin<T>(branch: string, fn: (c: { query(sql: string): Promise<unknown> }) => Promise<T>): Promise<T> {
    const cluster = emulator().postgres!.dataPlane.clusterOf(r.branchOf(ACME_API, branch).id);
    assert.ok(cluster, `branch ${branch} has a cluster`);
    return cluster.admin('postgres', fn);
  }

});

describe('connect: a compute that does not come up, and psql missing', function () {
  this.timeout(60_000);
  const scene = useConnectScene();
  const { emulator, r } = scene;
  let t: Testing;
  before(() => (t = scene.t()));

  it('the data plane is gone (nothing listens): Test Connection ends in a sentence with Retry; the .env write stands with a warning', async () => {
    // The router every connection string names stops listening; the API still hands out its address.
    await (emulator().postgres!.dataPlane as unknown as { router: { close(): Promise<void> } }).router.close();
    await vscode.commands.executeCommand('neonExplorer.testConnection', r.role(ACME_API, 'main', 'app_user'));
    const err = t.prompt.shown.find((x) => x.kind === 'error');
    assert.ok(err, JSON.stringify(t.prompt.shown));
    assert.match(err.text, /^Couldn't test the connection: Nothing accepts connections at 127\.0\.0\.1:\d+ \(ECONNREFUSED\): the compute on branch main is suspended and did not start\. Try again in a few seconds\.$/);
    assert.deepStrictEqual(err.buttons, ['Retry', 'Show Log']);

    const file = path.join(workspaceDir(), 'connect-down.env');
    fs.writeFileSync(file, 'KEEP=1\n');
    await setSetting('envFile', 'connect-down.env');
    t.prompt.reset();
    const saved = await vscode.commands.executeCommand('neonExplorer.saveConnectionToEnv', r.role(ACME_API, 'main', 'app_user'));
    assert.strictEqual(saved, 'written');
    const warn = t.prompt.shown.find((x) => x.kind === 'warning')!;
    assert.match(warn.text, /^Wrote DATABASE_URL to connect-down\.env, but connecting with it failed: Nothing accepts connections/);
    // The data plane's URL holds `&options=…`: single-quoted, so a shell sourcing the file reads it whole.
    assert.match(fs.readFileSync(file, 'utf8'), /^KEEP=1\nDATABASE_URL='postgresql:\/\/[^'\n]+&options=endpoint%3D[^'\n]+'\n/, 'the write is not undone');
    await setSetting('envFile', undefined);
  });

  it('with env.verifyAfterWrite off, Save to .env does not connect', async () => {
    await setSetting('env.verifyAfterWrite', false);
    const file = path.join(workspaceDir(), 'connect-noverify.env');
    fs.writeFileSync(file, '');
    await setSetting('envFile', 'connect-noverify.env');
    try {
      const saved = await vscode.commands.executeCommand('neonExplorer.saveConnectionToEnv', r.role(ACME_API, 'main', 'app_user'));
      assert.strictEqual(saved, 'written');
      assert.deepStrictEqual(t.prompt.shown.filter((x) => x.kind !== 'info'), [], 'no warning: nothing was tried');
      assert.ok(!t.prompt.shown.some((x) => /Verified/.test(x.text)));
    } finally {
      await setSetting('env.verifyAfterWrite', undefined);
      await setSetting('envFile', undefined);
    }
  });

  it('psql missing: a sentence with how to install it and a button to the download page, before any question', async () => {
    await vscode.workspace.getConfiguration('neonExplorer').update('psql.path', '/nonexistent/bin/psql', vscode.ConfigurationTarget.Global);
    try {
      await vscode.commands.executeCommand('neonExplorer.openPsql');
    } finally {
      await vscode.workspace.getConfiguration('neonExplorer').update('psql.path', undefined, vscode.ConfigurationTarget.Global);
    }
    const err = t.prompt.shown.find((x) => x.kind === 'error')!;
    assert.match(err.text, /^Couldn't open psql: There is no psql at \/nonexistent\/bin\/psql \(setting neonExplorer\.psql\.path\)\. Install it with .*, then run Open psql again\.$/);
    assert.deepStrictEqual(err.buttons, ['Open Download Page', 'Show Log']);
    assert.deepStrictEqual(t.prompt.shown.filter((x) => x.kind === 'pick'), [], 'nothing was asked');
  });
});

function withDatabase(uri: string, db: string): string {
  const u = new URL(uri);
  u.pathname = `/${encodeURIComponent(db)}`;
  return u.toString();
}

function identOf(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

function literalOf(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

