// With the emulator's data plane (real PostgreSQL per branch): after a checkout the .env's URL
// connects to a database holding the parent's rows, and "Reset from Parent" from the status bar
// really brings the parent's data back — the .env unchanged, since Neon keeps connection strings.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import pg from 'pg';
import * as vscode from 'vscode';
import { postgresAvailable } from '../../emulator';
import { parseEnv } from '../../src/env/parse';
import { ACME_API, refs, setSetting, useSecretScan } from './commands-role.support';
import { useEmulator } from './helpers/emulator';
import { eventually, waitFor } from './helpers/eventually';
import { workspaceDir } from './helpers/extension';
import { userChose } from './helpers/secrets';
import { removeAllAccounts, type Testing } from './tree.support';
import { startWithAccount } from './helpers/suite';


function pgConfig(uri: string): pg.ClientConfig {
  const u = new URL(uri);
  return {
    host: u.hostname, port: Number(u.port || 5432), user: decodeURIComponent(u.username), password: decodeURIComponent(u.password),
    database: decodeURIComponent(u.pathname.slice(1)), options: u.searchParams.get('options') ?? undefined,
  };
}

async function sql(uri: string, text: string): Promise<string[]> {
  const c = new pg.Client(pgConfig(uri));
  await c.connect();
  try {
    const r = await c.query(text);
    return (r.rows ?? []).map((x: Record<string, unknown>) => String(Object.values(x)[0]));
  } finally {
    await c.end();
  }
}

describe('git-dataplane: the switched .env connects to the right data; reset really resets', function () {
  this.timeout(180_000);
  before(function () {
    const ok = postgresAvailable();
    // The install script puts PostgreSQL on CI machines: there, missing binaries are a failure.
    if (ok !== true && process.env.CI === 'true') throw new Error(`PostgreSQL is required in CI: ${ok}`);
    if (ok !== true) this.skip();
  });
  const emulator = useEmulator({ seed: 'small', operationMs: 40, postgres: true });
  let t: Testing;
  const r = refs(emulator, () => you);
  let you = '';
  const dir = () => path.join(workspaceDir(), 'dataplane-app');
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], { cwd: dir(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const envUrl = () => parseEnv(fs.readFileSync(path.join(dir(), '.env'), 'utf8')).get('DATABASE_URL_UNPOOLED')!;
  const byName = (name: string) => [...emulator().state.detail(emulator().state.projects.get(ACME_API)!).branches.values()].find((b) => b.name === name);

  before(async () => {
    ({ t, accountId: you } = await startWithAccount(emulator()));
    await setSetting('git.autoBranch', 'always');
    await vscode.workspace.getConfiguration('git').update('enabled', true, vscode.ConfigurationTarget.Global);
    fs.mkdirSync(dir(), { recursive: true });
    git('init', '-q', '-b', 'main');
    fs.writeFileSync(path.join(dir(), '.gitignore'), '.env\n.neon\n');
    git('add', '.');
    git('commit', '-q', '-m', 'init');
    fs.writeFileSync(path.join(dir(), '.env'), '# app\nDATABASE_URL=\nDATABASE_URL_UNPOOLED=\n');
    userChose(path.join(dir(), '.env'));
    const api = await waitFor(() => t.git.autopilot.gitApi, { timeout: 30_000 });
    await api.openRepository!(vscode.Uri.file(dir()));
    await waitFor(() => t.git.autopilot.headOf(dir()), { timeout: 20_000 });
  });
  after(async () => {
    await setSetting('git.autoBranch', undefined);
    await vscode.workspace.getConfiguration('git').update('enabled', undefined, vscode.ConfigurationTarget.Global);
    await removeAllAccounts();
  });
  useSecretScan(() => t, emulator);
  /** main's URL, as the link wrote it (pasted back by hand later). */
  let mainUrlSeen = '';

  it('checkout: the new branch\'s URL holds the parent\'s rows; Reset from Parent drops what was added on it', async () => {
    t.prompt.script({ pick: 'neondb_owner' });
    await vscode.commands.executeCommand('neonExplorer.linkFolder', r.project(ACME_API), dir());
    const mainUrl = await eventually(() => {
      const u = envUrl();
      assert.ok(u, `the .env holds main's URL: ${JSON.stringify(t.prompt.shown.slice(-3))} ${t.logLines.slice(-4).join(' / ')}`);
      return u;
    });
    mainUrlSeen = mainUrl;
    await sql(mainUrl, "CREATE TABLE notes (body text); INSERT INTO notes VALUES ('from main')");

    git('checkout', '-q', '-b', 'feature/data');
    const featureUrl = await eventually(() => {
      const u = envUrl();
      assert.ok(byName('feature/data') && u !== mainUrl, '.env switched to feature/data');
      return u;
    }, { timeout: 60_000 });
    assert.deepStrictEqual(await sql(featureUrl, 'SELECT body FROM notes ORDER BY 1'), ['from main'], 'the parent\'s rows');
    await sql(featureUrl, "INSERT INTO notes VALUES ('only on feature')");
    assert.deepStrictEqual(await sql(mainUrl, 'SELECT body FROM notes ORDER BY 1'), ['from main'], 'main is untouched');

    const envBefore = fs.readFileSync(path.join(dir(), '.env'), 'utf8');
    t.prompt.script({ pick: 'Reset from Parent' }, { input: 'feature/data' });
    await vscode.commands.executeCommand('neonExplorer.git.statusMenu', dir());
    assert.deepStrictEqual(t.prompt.shown.filter((x) => x.kind === 'error'), []);
    assert.deepStrictEqual(await sql(featureUrl, 'SELECT body FROM notes ORDER BY 1'), ['from main'], 'reset: back to the parent\'s data');
    assert.strictEqual(fs.readFileSync(path.join(dir(), '.env'), 'utf8'), envBefore, 'the .env is unchanged by a reset');
  });

  it('the status bar menu: Test Connection and Open psql reach the branch the .env points at, as its role and database', async () => {
    t.prompt.reset();
    t.prompt.script({ pick: 'Test Connection' });
    const items = () => t.prompt.shown.find((x) => x.kind === 'pick')!.items!;
    const res = (await vscode.commands.executeCommand('neonExplorer.git.statusMenu', dir())) as { user: string; database: string; branchName: string; message: string };
    assert.ok(items().some((i) => i.includes('Open psql')), `the menu offers Open psql: ${items().join(' | ')}`);
    assert.deepStrictEqual([res.user, res.database, res.branchName], ['neondb_owner', 'neondb', 'feature/data'], res.message);
    assert.ok(t.prompt.shown.some((x) => x.kind === 'info' && x.text === res.message), 'one sentence says it connected');
    assert.deepStrictEqual(t.prompt.shown.filter((x) => x.kind === 'error' || x.kind === 'pick').length, 1, 'nothing else was asked');

    // "As the .env connects" is the URL the file holds: a password edited by hand fails the test
    // (the API's connection string for the branch would still log in; walk 22).
    const file = path.join(dir(), '.env');
    const good = fs.readFileSync(file, 'utf8');
    const wrong = new URL(envUrl());
    wrong.password = 'not-the-password';
    fs.writeFileSync(file, good.split(envUrl()).join(wrong.toString()));
    try {
      t.prompt.reset();
      t.prompt.script({ pick: 'Test Connection' });
      const bad = (await vscode.commands.executeCommand('neonExplorer.git.statusMenu', dir())) as { ok: boolean; message: string };
      assert.strictEqual(bad.ok, false, bad.message);
      assert.match(bad.message, /^Connecting with DATABASE_URL from \.env failed: /);
      assert.ok(t.prompt.shown.some((x) => x.kind === 'warning' && x.text === bad.message), JSON.stringify(t.prompt.shown));
      assert.ok(!bad.message.includes('not-the-password'), 'the password is not repeated');

      // Another branch's URL pasted in by hand: the status bar cannot name the branch ("?"), and
      // its Test Connection still tests the file, naming no branch (walk 24: it was not offered).
      fs.writeFileSync(file, good.replace(/^(DATABASE_URL(?:_UNPOOLED)?)=.*$/gm, (_l, k: string) => `${k}=${mainUrlSeen}`));
      // The status bar shows the active editor's folder.
      await vscode.window.showTextDocument(vscode.Uri.file(path.join(dir(), '.gitignore')));
      assert.strictEqual((await t.git.statusBar.update()).text, '$(database) neon: ?');
      t.prompt.reset();
      t.prompt.script({ pick: 'Test Connection' });
      const edited = (await vscode.commands.executeCommand('neonExplorer.git.statusMenu', dir())) as { ok: boolean; message: string };
      assert.strictEqual(edited.ok, true, edited.message);
      assert.match(edited.message, /^Connected as neondb_owner to neondb with DATABASE_URL from \.env \([\d.]+ ms\)\. Its Neon branch is unknown: the file was edited since Neon Explorer wrote it\.$/);
      assert.strictEqual(t.prompt.shown.filter((x) => x.kind === 'pick').at(-1)!.descriptions!.at(t.prompt.shown.filter((x) => x.kind === 'pick').at(-1)!.items!.indexOf('Test Connection')), 'as the .env connects');
    } finally {
      fs.writeFileSync(file, good);
    }

    t.prompt.reset();
    t.prompt.script({ pick: 'Open psql' });
    const opened = (await vscode.commands.executeCommand('neonExplorer.git.statusMenu', dir())) as { terminalName: string };
    assert.strictEqual(opened.terminalName, 'psql neondb_owner@neondb (feature/data)');
    const term = await waitFor(() => vscode.window.terminals.find((x) => x.name === opened.terminalName));
    assert.ok(!JSON.stringify((term.creationOptions as vscode.TerminalOptions).shellArgs ?? []).includes(new URL(envUrl()).password), 'no password on the command line');
    term.dispose();
    assert.deepStrictEqual(t.prompt.shown.filter((x) => x.kind === 'error'), []);
  });
  it('Compare Schema with Parent, from the status bar menu: the same schema is said in a sentence; a table made on the branch shows in the diff editor, parent left', async () => {
    const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((x) => x.input instanceof vscode.TabInputTextDiff);
    const tabsBefore = tabs().length;
    type Comparison = { same: boolean; database: string; base: string; branch: string; left: vscode.Uri; right: vscode.Uri };
    // Right after the reset above, feature/data holds main's schema.
    t.prompt.reset();
    t.prompt.script({ pick: 'Compare Schema with Parent' });
    const same = (await vscode.commands.executeCommand('neonExplorer.git.statusMenu', dir())) as Comparison;
    assert.deepStrictEqual([same.same, same.database, same.base, same.branch], [true, 'neondb', 'main', 'feature/data']);
    assert.ok(t.prompt.shown.some((x) => x.kind === 'info' && x.text === 'neondb has the same schema on feature/data as on its parent main.'), JSON.stringify(t.prompt.shown));
    assert.strictEqual(tabs().length, tabsBefore, 'no empty diff editor');

    await sql(envUrl(), 'CREATE TABLE todo (id serial PRIMARY KEY, title text NOT NULL)');
    t.prompt.reset();
    t.prompt.script({ pick: 'Compare Schema with Parent' });
    const diff = (await vscode.commands.executeCommand('neonExplorer.git.statusMenu', dir())) as Comparison;
    assert.strictEqual(diff.same, false);
    assert.deepStrictEqual(t.prompt.shown.filter((x) => x.kind === 'pick').length, 1, 'the database is the .env\'s: not asked');
    const tab = await waitFor(() => tabs().find((x) => (x.input as vscode.TabInputTextDiff).modified.toString() === diff.right.toString()));
    assert.strictEqual(tab.label, 'acme-api/neondb: main ↔ feature/data (schema)');
    assert.strictEqual((tab.input as vscode.TabInputTextDiff).original.toString(), diff.left.toString(), 'the parent on the left');
    const right = (await vscode.workspace.openTextDocument(diff.right)).getText();
    const left = (await vscode.workspace.openTextDocument(diff.left)).getText();
    assert.match(right, /CREATE TABLE public\.todo \(/);
    assert.doesNotMatch(left, /todo/);
    for (const text of [left, right]) {
      assert.match(text, /CREATE TABLE public\.notes \(/);
      assert.doesNotMatch(text, /^\\(un)?restrict /m, 'pg_dump\'s random restrict keys are not a difference');
      // pg_dump's session settings are not schema: a first table made SET default_tablespace look added (walk 29).
      assert.doesNotMatch(text, /^SET |pg_catalog\.set_config/m);
    }
    assert.deepStrictEqual(t.prompt.shown.filter((x) => x.kind === 'error'), []);
    // Again after another change: the same tab is brought forward and redrawn, not a second one with the same title.
    await sql(envUrl(), 'CREATE TABLE tag (id serial PRIMARY KEY, name text NOT NULL)');
    const count = tabs().length;
    t.prompt.reset();
    t.prompt.script({ pick: 'Compare Schema with Parent' });
    const again = (await vscode.commands.executeCommand('neonExplorer.git.statusMenu', dir())) as Comparison;
    assert.strictEqual(again.right.toString(), diff.right.toString(), 'the same document');
    await waitFor(() => /CREATE TABLE public\.tag \(/.test(vscode.workspace.textDocuments.find((d) => d.uri.toString() === again.right.toString())?.getText() ?? '') || undefined, { message: 'the open document shows the new table' });
    assert.strictEqual(tabs().length, count, 'no second tab');
    assert.strictEqual(tabs().filter((x) => x.label === 'acme-api/neondb: main ↔ feature/data (schema)').length, 1);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');

    // From the palette, in the linked folder (the status bar's, so the active editor's): only branches with a parent are offered; Escape is not a failure.
    await vscode.window.showTextDocument(vscode.Uri.file(path.join(dir(), '.gitignore')));
    t.prompt.reset();
    t.prompt.script({ pick: undefined });
    assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.compareSchemaWithParent'), undefined);
    const offered = t.prompt.shown.find((x) => x.kind === 'pick')!.items!;
    assert.ok(offered.includes('feature/data') && !offered.includes('main'), offered.join(', '));
    assert.match(t.prompt.shown.find((x) => x.kind === 'pick')!.placeHolder ?? '', /the default branch has none/);
    assert.deepStrictEqual(t.prompt.shown.filter((x) => x.kind === 'error'), []);

    // Compare Schema with Branch… on the default branch (no parent): the other branches are offered, main itself is not.
    t.prompt.reset();
    t.prompt.script({ pick: 'feature/data' });
    const other = (await vscode.commands.executeCommand('neonExplorer.compareSchemaWithBranch', r.branch(ACME_API, 'main'))) as Comparison;
    const basePick = t.prompt.shown.find((x) => x.kind === 'pick')!;
    assert.ok(!basePick.items!.includes('main'), basePick.items!.join(', '));
    assert.deepStrictEqual([other.same, other.base, other.branch], [false, 'feature/data', 'main']);
    const comparedLeft = (await vscode.workspace.openTextDocument(other.left)).getText();
    assert.match(comparedLeft, /CREATE TABLE public\.todo \(/, 'the chosen branch on the left');
    assert.doesNotMatch((await vscode.workspace.openTextDocument(other.right)).getText(), /todo/);
    const otherTab = await waitFor(() => tabs().find((x) => (x.input as vscode.TabInputTextDiff).modified.toString() === other.right.toString()));
    assert.strictEqual(otherTab.label, 'acme-api/neondb: feature/data ↔ main (schema)');
    assert.deepStrictEqual(t.prompt.shown.filter((x) => x.kind === 'error'), []);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');

    // An editor restored after a reload asks for a schema this session never read (they live in
    // memory; another query stands for such a URI): its side is read again, as it is now.
    const readAgain = (side: vscode.Uri) => vscode.workspace.openTextDocument(side.with({ query: `${side.query}&restored=1` }));
    const [leftAgain, rightAgain] = [(await readAgain(other.left)).getText(), (await readAgain(other.right)).getText()];
    assert.match(leftAgain, /CREATE TABLE public\.todo \(/, 'the chosen branch, read again');
    assert.ok(/CREATE TABLE public\.notes \(/.test(rightAgain) && !/todo/.test(rightAgain), 'main, read again');
    assert.strictEqual(leftAgain, comparedLeft, 'as the comparison showed it (nothing changed since)');
    // A read-only file system (VS Code restores its editors after a reload; a content provider's it drops).
    assert.strictEqual(vscode.workspace.fs.isWritableFileSystem('neon-schema'), false);
    await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(other.left, Buffer.from('x'))), /NoPermissions|permission/i);
    assert.strictEqual((await vscode.workspace.fs.stat(other.left)).size, Buffer.byteLength(comparedLeft));
    // One that cannot be read again (its account is gone) says why and how to read it.
    const gone = await vscode.workspace.openTextDocument(other.left.with({ query: other.left.query.replace(/account=[^&]+/, 'account=removed-account') }));
    assert.match(gone.getText(), /^-- This schema was read in an earlier session and could not be read again: .+\n-- Run "Compare Schema with Parent" or "Compare Schema with Branch…" to read it now\.\n$/);
    // A tab of a version whose URIs did not name the account: how to read it again.
    const old = await vscode.workspace.openTextDocument(other.left.with({ query: 'v=999999' }));
    assert.match(old.getText(), /^-- This schema was read in an earlier session and is not kept\. Run "Compare Schema with Parent" or "Compare Schema with Branch…" again/);
  });
});
