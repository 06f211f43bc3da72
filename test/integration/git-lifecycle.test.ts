// A branch's lifecycle from the tree and the palette, in the real VS Code host against the
// emulator: reset from parent (Neon's restore), set and clear the expiration (the tree says
// "expires in 3 days"), rename (linked .neon maps follow), set as default.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { pointInTimeProblem } from '../../src/commands/branchLifecycle';
import { ACME_API, refs, setSetting, useSecretScan } from './commands-role.support';
import { useEmulator } from './helpers/emulator';
import { eventually } from './helpers/eventually';
import { workspaceDir } from './helpers/extension';
import { removeAllAccounts, row, walk, type Testing } from './tree.support';
import { startWithAccount } from './helpers/suite';

describe('git-lifecycle: reset, expire, rename, set default', function () {
  this.timeout(120_000);
  const emulator = useEmulator({ seed: 'small', operationMs: 40 });
  let t: Testing;
  let you = '';
  const r = refs(emulator, () => you);
  const project = () => emulator().state.projects.get(ACME_API)!;
  const byName = (name: string) => [...emulator().state.detail(project()).branches.values()].find((b) => b.name === name);
  const since = () => emulator().server.log.mark();
  const restores = (from: number) => emulator().server.log.since(from).filter((e) => e.route === 'POST /projects/{project_id}/branches/{branch_id}/restore');
  const errors = () => t.prompt.shown.filter((x) => x.kind === 'error').map((x) => x.text);
  const api = async (method: string, p: string, body?: unknown) => {
    const res = await fetch(`${emulator().url}${p}`, { method, headers: { authorization: `Bearer ${emulator().apiKey}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    assert.ok(res.ok, `${method} ${p}: ${res.status}`);
    return res.json() as Promise<any>;
  };
  const branchRow = async (name: string) => {
    await vscode.commands.executeCommand('neonExplorer.refreshNode', await walk('you', 'Acme Inc', 'acme-api'));
    return row(await walk('you', 'Acme Inc', 'acme-api', name));
  };

  before(async () => {
    ({ t, accountId: you } = await startWithAccount(emulator()));
    project();
    await setSetting('deleteConfirmation', 'typeName');
    await api('POST', `/projects/${ACME_API}/branches`, { branch: { name: 'life', parent_id: r.branch(ACME_API, 'dev').branchId }, endpoints: [{ type: 'read_write' }] });
    await eventually(() => assert.ok(byName('life')));
  });
  after(async () => {
    await setSetting('deleteConfirmation', undefined);
    await removeAllAccounts();
  });
  useSecretScan(() => t, emulator);

  it('Set Expiration: 3 days → expires_at in 3 days and the tree says "expires in 3 days", as chosen; Never says the current expiry and clears it', async () => {
    t.prompt.script({ pick: 'In 3 days' });
    const res = (await vscode.commands.executeCommand('neonExplorer.setBranchExpiration', r.branch(ACME_API, 'life'))) as { expiresAt: string };
    assert.ok(res, errors().join('\n'));
    assert.strictEqual(byName('life')!.expiresAt, res.expiresAt);
    assert.ok(Math.abs(Date.parse(res.expiresAt) - (Date.now() + 3 * 86_400_000)) < 60_000);
    const shown = await branchRow('life');
    assert.match(String(shown.description), /expires in 3 days/);
    assert.match(String(shown.contextValue), /;expiring/);
    const minute = `${res.expiresAt.slice(0, 16).replace('T', ' ')} UTC`;
    assert.ok(t.prompt.shown.some((x) => x.kind === 'info' && x.text === `life expires on ${minute}.`), JSON.stringify(t.prompt.shown));
    // The row's tooltip gives the same minute (a date alone read as if it were a different day).
    assert.match(shown.tooltip, new RegExp(`Expires: \`${minute}\``), shown.tooltip);
    const first = t.prompt.shown.find((x) => x.kind === 'pick')!;
    assert.match(first.descriptions![1]!, /^until \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/);

    t.prompt.reset();
    t.prompt.script({ pick: 'Never' });
    await vscode.commands.executeCommand('neonExplorer.setBranchExpiration', r.branch(ACME_API, 'life'));
    assert.strictEqual(t.prompt.shown.find((x) => x.kind === 'pick')!.descriptions!.at(-1), `remove the expiration (currently ${minute})`);
    assert.strictEqual(byName('life')!.expiresAt, undefined);
    assert.doesNotMatch(String((await branchRow('life')).description), /expires/);
  });

  it('Set Expiration is refused for the default branch before any request', async () => {
    const from = since();
    await vscode.commands.executeCommand('neonExplorer.setBranchExpiration', r.branch(ACME_API, 'main'));
    assert.match(errors().join('\n'), /main is the default branch; Neon does not let it expire/);
    assert.strictEqual(emulator().server.log.since(from).filter((e) => e.method !== 'GET').length, 0);
  });

  it('Reset from Parent: typed confirmation, restore with the parent as source, operations waited for, "reset … ago" in the tree', async () => {
    const from = since();
    t.prompt.script({ input: 'life' });
    const res = (await vscode.commands.executeCommand('neonExplorer.resetBranchFromParent', r.branch(ACME_API, 'life'))) as { parentId: string };
    assert.ok(res, errors().join('\n'));
    assert.strictEqual(res.parentId, byName('dev')!.id);
    assert.strictEqual(restores(from).length, 1);
    assert.ok(byName('life')!.lastResetAt, 'last_reset_at set');
    assert.ok(emulator().server.log.since(from).some((e) => /operations\/\{operation_id\}/.test(e.route)), 'operations waited for');
    assert.match(String((await branchRow('life')).description), /reset just now/);
    assert.match(t.prompt.shown.at(-1)!.text, /^Reset life from dev\.$/);
  });

  it('Reset from Parent of a branch with children asks the name that keeps its state; cancelling the confirmation resets nothing', async () => {
    await api('POST', `/projects/${ACME_API}/branches`, { branch: { name: 'life-child', parent_id: byName('life')!.id } });
    const from = since();
    t.prompt.script({ input: 'life-kept' }, { input: undefined });
    await vscode.commands.executeCommand('neonExplorer.resetBranchFromParent', r.branch(ACME_API, 'life'));
    assert.strictEqual(restores(from).length, 0, 'cancelled: nothing sent');
    assert.deepStrictEqual(errors(), [], 'cancelling is not a failure');
    t.prompt.script({ input: 'life-kept' }, { input: 'life' });
    const res = (await vscode.commands.executeCommand('neonExplorer.resetBranchFromParent', r.branch(ACME_API, 'life'))) as { preservedAs: string };
    assert.strictEqual(res.preservedAs, 'life-kept');
    assert.ok(byName('life-kept'));
    assert.strictEqual(byName('life-child')!.parentId, byName('life-kept')!.id, 'the child moved to the kept state');
  });

  it('Reset from Parent is refused for the default and protected branches before any request', async () => {
    const from = since();
    await vscode.commands.executeCommand('neonExplorer.resetBranchFromParent', r.branch(ACME_API, 'main'));
    await vscode.commands.executeCommand('neonExplorer.resetBranchFromParent', r.branch(ACME_API, 'staging'));
    assert.strictEqual(restores(from).length, 0);
    assert.match(errors()[0]!, /main is the default branch: it has no parent to reset from/);
    assert.match(errors()[1]!, /staging is protected and cannot be reset/);
  });

  it('from the palette, Reset from Parent, Set Expiration and Restore list only the branches they can work on (not the default, not a protected one); the list says an expiry', async () => {
    await api('PATCH', `/projects/${ACME_API}/branches/${byName('life')!.id}`, { branch: { expires_at: new Date(Date.now() + 3 * 86_400_000).toISOString() } });
    const from = since();
    t.prompt.reset();
    t.prompt.script({ pick: undefined }, { pick: undefined }, { pick: undefined });
    for (const id of ['neonExplorer.resetBranchFromParent', 'neonExplorer.setBranchExpiration', 'neonExplorer.restoreToPointInTime']) {
      assert.strictEqual(await vscode.commands.executeCommand(id, r.project(ACME_API)), undefined);
    }
    const lists = t.prompt.shown.filter((x) => x.kind === 'pick');
    assert.strictEqual(lists.length, 3, JSON.stringify(t.prompt.shown));
    for (const l of lists) {
      assert.ok(l.items!.includes('life') && l.items!.includes('dev'), `${l.text}: ${l.items!.join(', ')}`);
      assert.ok(!l.items!.includes('staging'), `${l.text}: the protected branch is not offered`);
    }
    assert.ok(!lists[0]!.items!.includes('main') && !lists[1]!.items!.includes('main'), 'the default branch is offered to neither reset nor expiry');
    assert.ok(lists[2]!.items!.includes('main'), 'the default branch can be restored');
    assert.match(lists[0]!.placeHolder ?? '', /the default branch and protected branches cannot be reset/, 'the reset pick says why some are missing');
    assert.match(lists[1]!.descriptions![lists[1]!.items!.indexOf('life')]!, /expires \d{4}-\d{2}-\d{2}/);
    assert.deepStrictEqual(errors(), [], 'cancelling is not a failure');
    assert.strictEqual(emulator().server.log.since(from).filter((e) => e.method !== 'GET').length, 0);
    await api('PATCH', `/projects/${ACME_API}/branches/${byName('life')!.id}`, { branch: { expires_at: null } });
  });

  it('from the palette, Reset from Parent and Rename read the project\'s branches once: the list picked from names the parent, the children and the names taken', async () => {
    const lists = (from: number) => emulator().server.log.since(from).filter((e) => e.route === 'GET /projects/{project_id}/branches');
    let from = since();
    t.prompt.reset();
    t.prompt.script({ pick: 'life' }, { input: undefined });
    assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.resetBranchFromParent', r.project(ACME_API)), undefined);
    const confirm = t.prompt.shown.find((x) => x.kind === 'input');
    assert.match(String(confirm?.text), /become dev's as of now/, JSON.stringify(t.prompt.shown));
    assert.strictEqual(lists(from).length, 1);
    from = since();
    t.prompt.reset();
    t.prompt.script({ pick: 'life' }, { input: 'dev' });
    assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.renameBranch', r.project(ACME_API)), undefined);
    assert.match(errors().join('\n'), /acme-api already has a branch named dev/);
    assert.strictEqual(lists(from).length, 1);
    assert.strictEqual(emulator().server.log.since(from).filter((e) => e.method !== 'GET').length, 0);
  });

  it('Restore to a Point in Time of a branch younger than an hour says why there are no quick choices and offers a time it can restore to; its kept state expires with it', async () => {
    const expires = new Date(Date.now() + 3 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    await api('POST', `/projects/${ACME_API}/branches`, { branch: { name: 'young', parent_id: r.branch(ACME_API, 'dev').branchId, expires_at: expires } });
    await eventually(() => assert.ok(byName('young')));
    t.prompt.reset();
    t.prompt.script({ pick: 'Enter a Time…' }, { input: undefined });
    assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.restoreToPointInTime', r.branch(ACME_API, 'young')), undefined);
    const box = t.prompt.shown.find((x) => x.kind === 'input')!;
    const created = Date.parse((await api('GET', `/projects/${ACME_API}/branches/${byName('young')!.id}`)).branch.created_at);
    assert.strictEqual(pointInTimeProblem(box.value!, created), undefined, `the offered ${box.value} is accepted`);
    // Walk 31: only "Enter a Time…", with no word of why, and a fixed example date (2026-05-01) outside the history.
    const list = t.prompt.shown.find((x) => x.kind === 'pick')!;
    assert.deepStrictEqual(list.items, ['Enter a Time…']);
    assert.match(list.placeHolder ?? '', /^young is (less than a minute|1 minute|\d+ minutes) old: only a time since it was created can be restored$/);
    const example = /^ISO 8601, e\.g\. (\S+)$/.exec(list.descriptions![0]!)?.[1];
    assert.ok(example && pointInTimeProblem(example, created) === undefined, `the example ${example} is a time that can be restored to`);
    assert.deepStrictEqual(errors(), []);
    // Walk 42: a time before the branch was made was said as Neon's history limit ("Neon keeps history back to …Z only").
    const createdSaid = new Date(created).toISOString().slice(0, 19).replace('T', ' ');
    t.prompt.reset();
    t.prompt.script({ pick: 'Enter a Time…' }, { input: new Date(created - 60_000).toISOString() });
    assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.restoreToPointInTime', r.branch(ACME_API, 'young')), undefined);
    assert.match(errors().join('\n'), new RegExp(`rejected by validation: young was created at ${createdSaid} UTC: choose a time after that`));
    assert.match(t.prompt.shown.find((x) => x.kind === 'input')!.text, new RegExp(`young was created at ${new Date(created).toISOString().slice(0, 19)}Z\\)$`), 'the box says the limit as the creation too');
    assert.match(pointInTimeProblem('yesterday', created)!, new RegExp(`^Enter an ISO 8601 time with its zone, e\\.g\\. ${new Date(Date.now()).toISOString().slice(0, 10)}T`), 'the format hint gives a date of today');

    // Restored: a childless branch's kept state is not said to take children, and gets the branch's
    // expiry (walk 31: "…-before-restore-…" never expired and Clean Up never offered it).
    t.prompt.reset();
    t.prompt.script({ pick: 'Enter a Time…' }, { input: async () => t.prompt.shown.filter((x) => x.kind === 'input').at(-1)!.value }, { input: 'young-kept' }, { input: 'young' });
    const res = (await vscode.commands.executeCommand('neonExplorer.restoreToPointInTime', r.branch(ACME_API, 'young'))) as { preservedAs: string; keptExpiresAt?: string };
    assert.ok(res, errors().join('\n'));
    const keep = t.prompt.shown.filter((x) => x.kind === 'input')[1]!;
    assert.strictEqual(keep.text, `Restore Branch to a Point in Time: keep the current state The current state of young is kept as a new branch that Neon deletes on ${expires.slice(0, 16).replace('T', ' ')} UTC, as it does young. Name it:`);
    assert.strictEqual(byName('young-kept')?.expiresAt, byName('young')!.expiresAt, 'the kept state expires with the branch');
    assert.strictEqual(res.keptExpiresAt, byName('young')!.expiresAt);
    assert.ok(t.prompt.shown.some((x) => x.kind === 'info' && / UTC; the previous state is kept as young-kept\. young-kept expires on \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\.$/.test(x.text)), JSON.stringify(t.prompt.shown.slice(-2)));
    assert.match(String((await branchRow('young-kept')).description), /expires in 3 days/);
    assert.deepStrictEqual(errors(), []);
  });

  it('Rename: the branch is renamed and the linked workspace folder\'s .neon (pin and git map) follows', async () => {
    const file = path.join(workspaceDir(), '.neon');
    fs.writeFileSync(file, `${JSON.stringify({ projectId: ACME_API, branch: 'life', git: { map: { 'feature/life': 'life', other: 'dev' } } }, null, 2)}\n`);
    try {
      t.prompt.script({ input: 'life-renamed' });
      const res = await vscode.commands.executeCommand('neonExplorer.renameBranch', r.branch(ACME_API, 'life'));
      assert.deepStrictEqual(res, { name: 'life-renamed' }, errors().join('\n'));
      assert.ok(byName('life-renamed'));
      assert.deepStrictEqual(JSON.parse(fs.readFileSync(file, 'utf8')), { projectId: ACME_API, branch: 'life-renamed', git: { map: { 'feature/life': 'life-renamed', other: 'dev' } } });
    } finally {
      fs.rmSync(file, { force: true });
    }
  });

  it('Rename to a name another branch has: said in the input box, nothing sent', async () => {
    const since = emulator().server.log.mark();
    t.prompt.script({ input: 'staging' });
    const res = await vscode.commands.executeCommand('neonExplorer.renameBranch', r.branch(ACME_API, 'dev'));
    assert.strictEqual(res, undefined);
    assert.match(errors()[0] ?? '', /rejected by validation: acme-api already has a branch named staging/);
    assert.deepStrictEqual(emulator().server.log.since(since).filter((e) => e.method === 'PATCH'), []);
    assert.ok(byName('dev') && byName('staging'));
  });

  it('Set as Default: confirmed in a modal naming the branch that loses the flag, the flag moves; set back', async () => {
    t.prompt.reset();
    t.prompt.script({ button: 'Set as Default' });
    await vscode.commands.executeCommand('neonExplorer.setDefaultBranch', r.branch(ACME_API, 'dev'));
    // Walk 42: "The current default loses the flag." did not say which branch that is.
    const modal = t.prompt.shown.find((x) => x.modal)!;
    assert.strictEqual(modal.text, 'Make dev the default branch of acme-api?\nNew branches and connections that name no branch use the default branch. main loses the default flag.');
    assert.strictEqual(byName('dev')!.isDefault, true);
    assert.strictEqual(byName('main')!.isDefault, false);
    t.prompt.script({ button: 'Set as Default' });
    await vscode.commands.executeCommand('neonExplorer.setDefaultBranch', r.branch(ACME_API, 'main'));
    assert.strictEqual(byName('main')!.isDefault, true);
    t.prompt.script({ button: undefined });
    await vscode.commands.executeCommand('neonExplorer.setDefaultBranch', r.branch(ACME_API, 'dev'));
    assert.strictEqual(byName('main')!.isDefault, true, 'dismissed: nothing changed');
  });

  it('Restore to a Point in Time: a quick choice, the current state kept under a name (children move to it), typed confirmation; restore onto itself with source_timestamp', async () => {
    const from = since();
    const dev = byName('dev')!;
    const children = [...emulator().state.detail(project()).branches.values()].filter((b) => b.parentId === dev.id).map((b) => b.id);
    assert.ok(children.length > 0, 'dev has a child to move');
    t.prompt.reset();
    t.prompt.script({ pick: '1 hour ago' }, { input: 'dev-before-pitr' }, { input: 'dev' });
    const res = (await vscode.commands.executeCommand('neonExplorer.restoreToPointInTime', r.branch(ACME_API, 'dev'))) as { branchId: string; sourceTimestamp: string; preservedAs: string };
    assert.ok(res, errors().join('\n'));
    const offered = t.prompt.shown.find((x) => x.kind === 'pick')!.items!;
    assert.deepStrictEqual(offered, ['1 hour ago', '6 hours ago', '1 day ago', 'Enter a Time…'].filter((l) => offered.includes(l)));
    assert.ok(offered.includes('Enter a Time…') && offered.includes('1 hour ago'));
    assert.ok(Math.abs(Date.parse(res.sourceTimestamp) - (Date.now() - 3_600_000)) < 60_000, res.sourceTimestamp);
    assert.strictEqual(restores(from).length, 1);
    assert.strictEqual(restores(from)[0]!.status, 200);
    // The emulator refuses a restore onto itself without source_timestamp and preserve_under_name: both were sent.
    assert.strictEqual(byName('dev')!.id, dev.id);
    assert.strictEqual(byName('dev')!.parentTimestamp, res.sourceTimestamp);
    const kept = byName('dev-before-pitr');
    assert.ok(kept, 'the old state is kept');
    // The name is asked saying the children move (dev has some); a branch with children cannot expire, nor can its kept state.
    const keep = t.prompt.shown.filter((x) => x.kind === 'input')[0]!;
    assert.match(keep.text, children.length === 1 ? /The current state of dev is kept as a new branch; its child branch moves to it\. Name it:$/ : new RegExp(`The current state of dev is kept as a new branch; its ${children.length} child branches move to it\\. Name it:$`));
    assert.strictEqual(kept.expiresAt, undefined);
    for (const id of children) assert.strictEqual(emulator().state.detail(project()).branches.get(id)!.parentId, kept.id, 'children move to the kept state');
    assert.ok(t.prompt.shown.some((x) => x.kind === 'info' && /^Restored dev to its state at .* UTC; the previous state is kept as dev-before-pitr\.$/.test(x.text)));
    assert.deepStrictEqual(errors(), []);
  });

  it('Restore to a Point in Time: a typed ISO time is validated (format, future, history window); Escape at the confirmation restores nothing', async () => {
    const window = Date.now() - 86_400_000;
    assert.match(pointInTimeProblem('yesterday 14:00', window)!, /ISO 8601/);
    assert.match(pointInTimeProblem('2026-13-45T99:00:00Z', window)!, /not a valid date/);
    assert.match(pointInTimeProblem(new Date(Date.now() + 3_600_000).toISOString(), window)!, /in the future/);
    assert.match(pointInTimeProblem(new Date(window - 3_600_000).toISOString(), window)!, /keeps history back to/);
    assert.strictEqual(pointInTimeProblem(new Date(Date.now() - 7_200_000).toISOString(), window), undefined);

    const typed = new Date(Date.now() - 2 * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const from = since();
    t.prompt.reset();
    t.prompt.script({ pick: 'Enter a Time…' }, { input: typed }, { input: 'dev-before-typed' }, { dismiss: true });
    const none = await vscode.commands.executeCommand('neonExplorer.restoreToPointInTime', r.branch(ACME_API, 'dev'));
    assert.strictEqual(none, undefined);
    assert.strictEqual(restores(from).length, 0, 'cancelled: no request');
    assert.deepStrictEqual(errors(), [], 'cancelling is not a failure');

    t.prompt.script({ pick: 'Enter a Time…' }, { input: typed }, { input: 'dev-before-typed' }, { input: 'dev' });
    const res = (await vscode.commands.executeCommand('neonExplorer.restoreToPointInTime', r.branch(ACME_API, 'dev'))) as { sourceTimestamp: string };
    assert.strictEqual(res.sourceTimestamp, typed);
    assert.strictEqual(byName('dev')!.parentTimestamp, typed);
    assert.ok(byName('dev-before-typed'));
    assert.deepStrictEqual(errors(), []);
  });

  it('Restore and Reset from Parent: the progress says the time as the confirmation does, and while Neon applies it that Cancel stops only the waiting (walk 42)', async () => {
    const em = emulator();
    const applying = /^Neon is applying it \(\d+ operations?\)… Cancel stops only the waiting, not the change\.$/;
    const seen = (title: RegExp) =>
      eventually(() => {
        const p = t.progress().find((x) => title.test(x.title) && x.messages.some((m) => applying.test(m)));
        assert.ok(p, JSON.stringify(t.progress().map((x) => [x.title, x.messages])));
        return p;
      }, { timeout: 15_000, interval: 20 });
    await api('POST', `/projects/${ACME_API}/branches`, { branch: { name: 'applying', parent_id: r.branch(ACME_API, 'dev').branchId } });
    await eventually(() => assert.ok(byName('applying')));
    em.config.operationMs = 1500;
    try {
      // Reset first: the restore moves dev's children (applying among them) to dev's kept state.
      t.prompt.reset();
      t.prompt.script({ input: 'applying' });
      const resetting = vscode.commands.executeCommand('neonExplorer.resetBranchFromParent', r.branch(ACME_API, 'applying'));
      await seen(/^Resetting applying from dev$/);
      assert.ok(await resetting, errors().join('\n'));

      t.prompt.reset();
      t.prompt.script({ pick: '1 hour ago' }, { input: 'dev-before-progress' }, { input: 'dev' });
      const restoring = vscode.commands.executeCommand('neonExplorer.restoreToPointInTime', r.branch(ACME_API, 'dev'));
      const restore = await seen(/^Restoring dev to /);
      const res = (await restoring) as { sourceTimestamp: string };
      assert.ok(res, errors().join('\n'));
      // Walk 42: "Restoring dev to 2026-12-06T06:44:46Z" while the confirmation said "2026-12-06 06:44:46 UTC".
      assert.strictEqual(restore.title, `Restoring dev to ${res.sourceTimestamp.replace('T', ' ').replace('Z', ' UTC')}`);
      assert.ok(t.prompt.shown.some((x) => x.kind === 'input' && x.text.includes(`what they were at ${res.sourceTimestamp.replace('T', ' ').replace('Z', ' UTC')};`)), 'the confirmation says the same time');

      assert.deepStrictEqual(errors(), []);
    } finally {
      em.config.operationMs = 40;
    }
  });
});
