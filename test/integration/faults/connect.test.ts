// The connection commands under faults (issue 14 §3): the `chaos` emulator with its data plane,
// so the API calls before a connection meet 503s, drops, garbled bodies and 429 bursts while the
// connection itself is real. Each command settles within 60 s in its result or one error sentence
// with the request id; a database is never created twice; no password is shown or logged.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { CommandIds } from '../../../src/commands/ids';
import type { Answer } from '../../../src/testing';
import { refs } from '../commands-role.support';
import { addAccount, removeAllAccounts, type Testing } from '../tree.support';
import { calm, countCommand, figures, useChaosEmulator, within } from './chaos.support';
import { startClean } from '../helpers/suite';

const ACME_API = 'shiny-wind-02883413';
const ROUNDS = 3;

describe('faults: connecting (Test Connection, Open psql, databases)', function () {
  this.timeout(600_000);
  const emulator = useChaosEmulator({ postgres: true });
  let t: Testing;
  let you = '';
  const r = refs(emulator, () => you);
  const shownText: string[] = [];
  let state: ReturnType<typeof emulator>['state'];

  before(async () => {
    t = await startClean(emulator());
    state = emulator().state;
    await calm(emulator(), async () => {
      you = await addAccount(emulator().apiKey, 'You');
      emulator().state.detail(emulator().state.projects.get(ACME_API)!);
    });
  });
  after(async () => {
    // The emulator is closed by now (its after hook ran first); its state object stays readable.
    const passwords = [...state.detail(state.projects.get(ACME_API)!).branches.values()].flatMap((b) => [...b.roles.values()].map((x) => x.password));
    const text = `${shownText.join('\n')}\n${t.logLines.join('\n')}`;
    assert.deepStrictEqual(passwords.filter((p) => p && (text.includes(p) || text.includes(encodeURIComponent(p)))).map((p) => `${p.slice(0, 2)}…`), [], 'no password shown or logged');
    await removeAllAccounts();
  });

  async function run(id: string, args: unknown[], answers: Answer[]): Promise<{ result: unknown; ok: boolean }> {
    t.prompt.reset();
    t.prompt.script(...answers);
    const result = await within(vscode.commands.executeCommand(id, ...args), 60_000, id);
    const shown = [...t.prompt.shown];
    t.prompt.reset();
    shownText.push(...shown.map((x) => x.text));
    const errors = shown.filter((x) => x.kind === 'error').map((x) => x.text);
    countCommand(id, errors.length);
    assert.ok(errors.length <= 1, `${id}: one failure, one sentence: ${errors.join(' | ')}`);
    for (const e of errors) assert.match(e, /^(Couldn't|Neon accepted the request to) [a-z].+\(request id [0-9a-f-]{8,}\)$/, `${id}: a sentence naming the request id`);
    return { result, ok: errors.length === 0 };
  }

  it(`Test Connection, ${ROUNDS} rounds: the right role and database whenever it says it connected`, async () => {
    let ok = 0;
    for (let i = 0; i < ROUNDS; i++) {
      const o = await run(CommandIds.testConnection, [r.role(ACME_API, 'main', 'app_user')], []);
      if (!o.ok) continue;
      ok++;
      const res = o.result as { user: string; database: string };
      assert.deepStrictEqual([res.user, res.database], ['app_user', 'neondb']);
    }
    console.log(`      ${ok} of ${ROUNDS} connected`);
  });

  it(`Create Database, ${ROUNDS} rounds: never made twice; exactly once when it said so; Delete Database removes it`, async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const name = `chaos db ${i} ${Date.now().toString(36)}`;
      const since = emulator().server.log.mark();
      const o = await run(CommandIds.createDatabase, [r.branch(ACME_API, 'main')], [{ input: name }, { pick: 'app_user' }]);
      const count = r.branchOf(ACME_API, 'main').databases.has(name) ? 1 : 0;
      const applied = emulator().server.log.since(since).filter((e) => e.route === 'POST /projects/{project_id}/branches/{branch_id}/databases' && e.status >= 200 && e.status < 300);
      assert.strictEqual(applied.length, count, `applied POSTs match the databases made (${count})`);
      if (o.ok) assert.strictEqual(count, 1, 'it said it worked: the database exists');
      figures().creates++;
      if (!o.ok) figures().createsUnsure++;
      if (!count) continue;
      const ref = { ...r.branch(ACME_API, 'main'), databaseName: name, ownerName: 'app_user' };
      const d = await run(CommandIds.deleteDatabase, [ref], [{ input: name }]);
      if (d.ok) assert.ok(!r.branchOf(ACME_API, 'main').databases.has(name), 'it said it deleted it: gone');
    }
  });

  it('Open psql: a terminal whenever it says so', async () => {
    let opened = 0;
    for (let i = 0; i < ROUNDS && opened === 0; i++) {
      const o = await run(CommandIds.openPsql, [r.role(ACME_API, 'main', 'app_user')], []);
      if (!o.ok) continue;
      opened++;
      const name = (o.result as { terminalName: string }).terminalName;
      const term = vscode.window.terminals.find((x) => x.name === name);
      assert.ok(term, `terminal ${name}`);
      term.dispose();
    }
    assert.ok(opened > 0, `psql opened at least once in ${ROUNDS} tries`);
  });
  it(`Compare Schema with Parent and with Branch…, ${ROUNDS} rounds: both dumps whenever it says it compared`, async () => {
    const dev = r.branchOf(ACME_API, 'dev');
    const parent = [...state.detail(state.projects.get(ACME_API)!).branches.values()].find((b) => b.id === dev.parentId)!;
    const database = [...dev.databases.keys()][0]!;
    let compared = 0;
    for (let i = 0; i < ROUNDS; i++) {
      // Even rounds with the parent, odd ones with the parent chosen in Compare Schema with Branch….
      const o = i % 2 === 0
        ? await run(CommandIds.compareSchemaWithParent, [{ ...r.branch(ACME_API, 'dev'), databaseName: database, ownerName: '' }], [])
        : await run(CommandIds.compareSchemaWithBranch, [{ ...r.branch(ACME_API, 'dev'), databaseName: database, ownerName: '' }], [{ pick: parent.name }]);
      if (!o.ok) continue;
      compared++;
      const c = o.result as { base: string; branch: string; database: string; left: vscode.Uri; right: vscode.Uri };
      assert.deepStrictEqual([c.base, c.branch, c.database], [parent.name, 'dev', database]);
      for (const u of [c.left, c.right]) assert.match((await vscode.workspace.openTextDocument(u)).getText(), /PostgreSQL database dump/);
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.ok(compared > 0, `compared at least once in ${ROUNDS} tries`);
  });
});
