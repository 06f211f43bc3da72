// Branch commands in the real extension host against the in-process emulator: create (child of
// the clicked branch or of the default branch, head or point in time, with a read-write compute),
// delete (default, protected and parent branches refused before any DELETE).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { parsePointInTime } from '../../src/commands/branches';
import { ACME_API, refs, setSetting, useSecretScan } from './commands-role.support';
import { workspaceDir } from './helpers/extension';
import { losingTheNextPostsAnswer, useEmulator } from './helpers/emulator';
import { eventually } from './helpers/eventually';
import { removeAllAccounts, rows, walk, type Testing } from './tree.support';
import { startWithAccount } from './helpers/suite';

describe('commands-branch: create and delete branches', function () {
  this.timeout(60_000);
  const emulator = useEmulator({ seed: 'small', operationMs: 40 });
  let t: Testing;
  let you = '';
  const r = refs(emulator, () => you);
  // Arrival order, not the clock: a request a test itself sent just before can share the millisecond.
  const since = () => emulator().server.log.mark();
  const requestsAfter = (start: number) => emulator().server.log.since(start);
  const errors = () => t.prompt.shown.filter((x) => x.kind === 'error').map((x) => x.text);
  const branches = () => [...emulator().state.detail(emulator().state.projects.get(ACME_API)!).branches.values()];
  const endpointsOf = (branchId: string) => [...emulator().state.detail(emulator().state.projects.get(ACME_API)!).endpoints.values()].filter((e) => e.branchId === branchId);

  before(async () => {
    ({ t, accountId: you } = await startWithAccount(emulator(), 'you', [ACME_API]));
  });
  after(() => removeAllAccounts());
  useSecretScan(() => t, emulator);

  it('createBranch from a branch node: a child of that branch, from the head, with a read-write compute; operations waited for', async () => {
    const dev = r.branch(ACME_API, 'dev');
    t.prompt.script({ input: 'feature/login' }, { pick: 'Current data' }, { pick: 'With a read-write compute' }, { pick: 'Never' });
    const start = since();
    const res = (await vscode.commands.executeCommand('neonExplorer.createBranch', dev)) as { branchId: string; name: string; parentId: string };
    const b = branches().find((x) => x.id === res.branchId)!;
    assert.ok(b, 'the emulator has the branch');
    assert.deepStrictEqual([b.name, b.parentId, b.parentTimestamp, b.isDefault, b.expiresAt], ['feature/login', dev.branchId, undefined, false, undefined]);
    assert.deepStrictEqual(endpointsOf(b.id).map((e) => e.type), ['read_write']);
    assert.ok(requestsAfter(start).some((e) => /operations\/\{operation_id\}/.test(e.route)), 'operations polled');
    const start0 = t.prompt.shown.find((x) => x.kind === 'pick')!;
    assert.deepStrictEqual(start0.items!.slice(0, 3), ['Current data', '15 minutes ago', '1 hour ago']);
    assert.deepStrictEqual(start0.icons!.slice(0, 3), ['git-commit', 'history', 'history']);
    assert.ok(!start0.items!.some((i) => /7 days ago/.test(i)), 'presets beyond the 1-day history retention are not offered');
    assert.match(t.prompt.shown.at(-1)!.text, /^Created branch feature\/login from dev with compute ep-/);
    assert.deepStrictEqual(t.prompt.shown.at(-1)!.buttons, ['Copy Connection String', 'Save to .env'], 'the new branch can be connected to at once');
    const titles = t.prompt.shown.filter((x) => x.kind === 'pick' || x.kind === 'input').map((x) => x.text.replace(/:.*$/s, ''));
    assert.deepStrictEqual(titles, ['Create Branch (1/4)', 'Create Branch (2/4)', 'Create Branch (3/4)', 'Create Branch (4/4)'], 'from a branch node the parent is known: four steps');
    const expiry = t.prompt.shown.filter((x) => x.kind === 'pick').at(-1)!;
    assert.deepStrictEqual(expiry.items, ['Never', 'In 1 day', 'In 3 days', 'In 7 days', 'In 14 days', 'In 30 days'], 'never first: nothing is deleted unless asked');
    assert.doesNotMatch(t.prompt.shown.at(-1)!.text, /deletes it/);
  });

  it('createBranch: "Copy Connection String" on the last message copies the new branch\'s own connection; "Copied …" offers Save to .env again, which saves it without asking again', async () => {
    const file = path.join(workspaceDir(), 'branch-after-copy.env');
    fs.rmSync(file, { force: true });
    await setSetting('envFile', 'branch-after-copy.env');
    t.prompt.script(
      { input: 'feature/copy' },
      { pick: 'Current data' },
      { pick: 'With a read-write compute' },
      { pick: 'Never' },
      { button: 'Copy Connection String' },
      { pick: 'app_user' },
      { pick: 'Pooled' },
      // Copy closed the first message (and with it its Save to .env): the "Copied …" message offers it.
      { button: 'Save to .env' },
    );
    try {
      const res = (await vscode.commands.executeCommand('neonExplorer.createBranch', r.branch(ACME_API, 'staging'))) as { branchId: string };
      const ep = endpointsOf(res.branchId)[0]!;
      const copied = await eventually(() => {
        const m = t.prompt.shown.find((x) => /^Copied the pooled connection string/.test(x.text));
        assert.ok(m, t.prompt.shown.map((x) => x.text).join('\n'));
        return m;
      });
      assert.match(copied.text, new RegExp(`for role app_user, database neondb on branch feature/copy \\(${ep.id}-pooler\\.`));
      assert.deepStrictEqual(copied.buttons, ['Save to .env']);
      // The role and database just copied: saved without asking them again.
      await eventually(() => assert.match(fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '', new RegExp(`^DATABASE_URL=postgresql://app_user:[^@]+@${ep.id}-pooler\\.`, 'm')));
      assert.strictEqual(t.prompt.shown.filter((x) => x.kind === 'pick').length, 5, t.prompt.shown.map((x) => x.text).join('\n'));
      assert.strictEqual(t.prompt.pending(), 0);
    } finally {
      await setSetting('envFile', undefined);
    }
  });

  it('createBranch from a project node: a child of the default branch, as it was 1 hour ago, expiring in 7 days', async () => {
    const main = r.branch(ACME_API, 'main');
    t.prompt.script({ pick: 'main' }, { input: 'hour-ago' }, { pick: '1 hour ago' }, { pick: 'With a read-write compute' }, { pick: 'In 7 days' });
    const before = Date.now();
    const res = (await vscode.commands.executeCommand('neonExplorer.createBranch', r.project(ACME_API))) as { branchId: string };
    const b = branches().find((x) => x.id === res.branchId)!;
    assert.strictEqual(b.parentId, main.branchId);
    const at = Date.parse(b.parentTimestamp!);
    assert.ok(Math.abs(before - 3_600_000 - at) < 60_000, `parent_timestamp ${b.parentTimestamp} is about an hour ago`);
    assert.strictEqual(endpointsOf(b.id).length, 1);
    const expires = Date.parse(b.expiresAt!);
    assert.ok(Math.abs(expires - (before + 7 * 86_400_000)) < 60_000, `expires_at ${b.expiresAt} is 7 days ahead`);
    const said = t.prompt.shown.at(-1)!.text;
    assert.ok(said.endsWith(`Neon deletes it on ${new Date(expires).toISOString().slice(0, 16).replace('T', ' ')} UTC.`), said);
  });

  it('createBranch: an expiring branch is no parent (Neon refuses its children): left out of the parent pick, refused from its node before any request', async () => {
    // hour-ago expires in 7 days (the test above).
    const start = since();
    await vscode.commands.executeCommand('neonExplorer.createBranch', r.branch(ACME_API, 'hour-ago'));
    assert.deepStrictEqual(requestsAfter(start).filter((e) => e.method !== 'GET'), [], 'nothing sent');
    assert.match(errors().join('\n'), /^Couldn't create the branch: hour-ago expires, and Neon creates no branch from an expiring branch\. Remove its expiration \(Set Expiration… → Never\) first/m);
    t.prompt.reset();
    let offered: string[] = [];
    t.prompt.script({ pick: (items) => ((offered = items.map((i) => i.label)), items[0]) }, { dismiss: true });
    await vscode.commands.executeCommand('neonExplorer.createBranch', r.project(ACME_API));
    assert.ok(offered.includes('main') && offered.includes('dev'), offered.join());
    assert.ok(!offered.includes('hour-ago'), `the expiring branch is not offered: ${offered.join()}`);
    assert.match(t.prompt.shown.find((x) => x.kind === 'pick')!.placeHolder ?? '', /expiring branches cannot have children/, 'the pick says why');
    assert.deepStrictEqual(errors(), [], 'dismissing the name is a cancel');
  });

  it('createBranch from the palette: organization → project → parent (the default branch first, preselected); steps counted in the titles', async () => {
    t.prompt.script({ pick: 'Acme Inc' }, { pick: 'acme-api' }, { pick: (items) => items[0] }, { input: 'from-palette' }, { pick: 'Current data' }, { pick: 'Without a compute' }, { pick: 'Never' });
    const res = (await vscode.commands.executeCommand('neonExplorer.createBranch')) as { branchId: string; parentId: string };
    assert.ok(res, errors().join('\n'));
    const parents = t.prompt.shown.find((x) => /parent branch/.test(x.text))!;
    assert.strictEqual(parents.items![0], 'main', 'the default branch comes first');
    assert.ok(parents.items!.includes('dev') && parents.items!.includes('staging'), `every branch is offered: ${parents.items}`);
    const titles = t.prompt.shown.filter((x) => x.kind === 'pick' || x.kind === 'input').slice(2).map((x) => x.text.replace(/:.*$/s, ''));
    assert.deepStrictEqual(titles, ['Create Branch (1/5)', 'Create Branch (2/5)', 'Create Branch (3/5)', 'Create Branch (4/5)', 'Create Branch (5/5)']);
    // No compute: nothing to connect to, so no connection buttons on the last message.
    assert.deepStrictEqual(t.prompt.shown.at(-1)!.buttons, []);
    const b = branches().find((x) => x.id === res.branchId)!;
    assert.deepStrictEqual([b.name, b.parentId], ['from-palette', r.branch(ACME_API, 'main').branchId]);
    assert.deepStrictEqual(endpointsOf(b.id), []);
  });

  it('createBranch at a typed point in time: ISO with a time zone; a bad one is refused by the input box before any request', async () => {
    const start = since();
    t.prompt.script({ input: 'typed-time' }, { pick: 'A point in time' }, { input: '2025-13-01 10:00' });
    await vscode.commands.executeCommand('neonExplorer.createBranch', r.branch(ACME_API, 'main'));
    assert.ok(!requestsAfter(start).some((e) => e.method === 'POST'), 'no POST');
    assert.match(errors().join('\n'), /Add a time zone|not a valid date/);
    t.prompt.reset();

    const when = new Date(Date.now() - 30 * 60_000);
    const typed = when.toISOString().replace(/\.\d{3}Z$/, 'Z').replace('T', ' ');
    t.prompt.script({ input: 'typed-time' }, { pick: 'A point in time' }, { input: typed }, { pick: 'Without a compute' }, { pick: 'Never' });
    const res = (await vscode.commands.executeCommand('neonExplorer.createBranch', r.branch(ACME_API, 'main'))) as { branchId: string };
    const b = branches().find((x) => x.id === res.branchId)!;
    assert.strictEqual(Math.floor(Date.parse(b.parentTimestamp!) / 1000), Math.floor(when.getTime() / 1000));
    assert.deepStrictEqual(endpointsOf(b.id), [], 'no compute when asked for none');
  });

  it('createBranch: Back from the typed time returns to the start point; Back from the compute skips the time when none was typed; Back from the expiration keeps it', async () => {
    t.prompt.script(
      { input: 'went-back' }, { pick: 'A point in time' }, { back: true }, // the typed time → the start point
      { pick: 'Current data' }, { back: true }, // the compute → the start point (no time was asked this time)
      { pick: 'Current data' }, { pick: 'Without a compute' },
      { back: true }, // the expiration → the compute, as chosen
      { pick: 'With a read-write compute' }, { pick: 'In 1 day' },
    );
    const res = (await vscode.commands.executeCommand('neonExplorer.createBranch', r.branch(ACME_API, 'main'))) as { branchId: string };
    assert.ok(res, errors().join('\n'));
    const asked = t.prompt.shown.filter((x) => x.kind === 'pick' || x.kind === 'input');
    assert.deepStrictEqual(asked.map((x) => `${x.kind}:${x.text.replace(/:.*$/s, '')}${x.back ? '+back' : ''}`), [
      'input:Create Branch (1/4)', 'pick:Create Branch (2/4)+back', 'input:Create Branch (2/4)+back',
      'pick:Create Branch (2/4)+back', 'pick:Create Branch (3/4)+back', 'pick:Create Branch (2/4)+back', 'pick:Create Branch (3/4)+back',
      'pick:Create Branch (4/4)+back', 'pick:Create Branch (3/4)+back', 'pick:Create Branch (4/4)+back',
    ]);
    assert.match(asked[3]!.picked?.join() ?? '', /A point in time/, 'the start point chosen before is the active one');
    assert.match(asked[5]!.picked?.join() ?? '', /Current data/);
    assert.match(asked[8]!.picked?.join() ?? '', /Without a compute/, 'Back from the expiration shows the compute as chosen');
    assert.deepStrictEqual(asked[7]!.picked, ['Never'], 'never is the one preselected');
    const b = branches().find((x) => x.id === res.branchId)!;
    assert.deepStrictEqual([b.name, b.parentTimestamp ?? null], ['went-back', null]);
    assert.ok(b.expiresAt && Math.abs(Date.parse(b.expiresAt) - Date.now() - 86_400_000) < 60_000, `expires in a day: ${b.expiresAt}`);
    assert.strictEqual(endpointsOf(b.id).length, 1, 'a read-write compute');
  });

  it('createBranch: a name already used in the project is refused by the input box', async () => {
    t.prompt.script({ input: 'staging' });
    const start = since();
    await vscode.commands.executeCommand('neonExplorer.createBranch', r.branch(ACME_API, 'main'));
    assert.ok(!requestsAfter(start).some((e) => e.method === 'POST'));
    assert.match(errors().join('\n'), /already has a branch named staging/);
  });

  /** Only the create loses its answer: from the last question to the POST's end. */
  const losingTheCreatesAnswer = () => {
    const lose = losingTheNextPostsAnswer(emulator());
    return {
      dropFromNow: (items: readonly vscode.QuickPickItem[]) => {
        lose.start();
        return items.find((i) => i.label === 'Never');
      },
      restore: lose.restore,
    };
  };

  it('createBranch whose answer is lost (the connection breaks after Neon made it): the named branch is found by its name and the command ends as made, with its compute; a second create of the name is refused', async () => {
    const project = await walk('you', 'Acme Inc', 'acme-api');
    assert.ok(!(await rows(project)).some((x) => x.label === 'lost-answer'));
    const lose = losingTheCreatesAnswer();
    try {
      t.prompt.script({ input: 'lost-answer' }, { pick: 'Current data' }, { pick: 'With a read-write compute' }, { pick: lose.dropFromNow });
      const start = since();
      const res = (await vscode.commands.executeCommand('neonExplorer.createBranch', r.branch(ACME_API, 'main'))) as { branchId: string; name: string } | undefined;
      assert.deepStrictEqual(requestsAfter(start).filter((e) => e.method === 'POST').map((e) => e.fault), ['drop'], 'sent once, its answer lost');
      const made = branches().filter((b) => b.name === 'lost-answer');
      assert.strictEqual(made.length, 1, 'Neon made it');
      assert.strictEqual(res?.branchId, made[0]!.id, 'the command ended with the branch Neon made');
      assert.deepStrictEqual(errors(), [], 'no failure is shown beside the branch');
      const said = t.prompt.shown.filter((x) => x.kind === 'info').at(-1)!;
      assert.match(said.text, /^Created branch lost-answer from main with compute ep-[^ ]+\. Neon's answer was lost on the way, so the branch was found by its name\.$/);
      await eventually(async () => assert.ok((await rows(await walk('you', 'Acme Inc', 'acme-api'))).some((x) => x.label === 'lost-answer'), 'the tree shows the branch Neon made'));
      // Made once: a second create of the name is refused before anything is sent.
      t.prompt.reset();
      t.prompt.script({ input: 'lost-answer' });
      await vscode.commands.executeCommand('neonExplorer.createBranch', r.branch(ACME_API, 'main'));
      assert.match(errors().join('\n'), /already has a branch named lost-answer/);
      assert.strictEqual(branches().filter((b) => b.name === 'lost-answer').length, 1, 'not made twice');
    } finally {
      lose.restore();
    }
  });

  it('createBranch with no name whose answer is lost: Neon named it, so it is found as the one new branch of the parent; the command ends as made', async () => {
    const before = new Set(branches().map((b) => b.id));
    const lose = losingTheCreatesAnswer();
    try {
      t.prompt.script({ input: '' }, { pick: 'Current data' }, { pick: 'With a read-write compute' }, { pick: lose.dropFromNow });
      const start = since();
      const res = (await vscode.commands.executeCommand('neonExplorer.createBranch', r.branch(ACME_API, 'main'))) as { branchId: string } | undefined;
      assert.deepStrictEqual(requestsAfter(start).filter((e) => e.method === 'POST').map((e) => e.fault), ['drop'], 'sent once, its answer lost');
      const made = branches().filter((b) => !before.has(b.id));
      assert.strictEqual(made.length, 1, 'Neon made it');
      assert.strictEqual(res?.branchId, made[0]!.id, errors().join('\n'));
      const said = t.prompt.shown.filter((x) => x.kind === 'info').at(-1)!;
      assert.match(said.text, new RegExp(`^Created branch ${made[0]!.name} from main with compute ep-[^ ]+\\. Neon's answer was lost on the way, so the branch was identified as the only new branch of main\\.$`));
    } finally {
      lose.restore();
    }
  });

  it('createBranch: Retry after a failure asks again with the earlier answers in place (the parent, the name, each choice); the branch is made once', async () => {
    const server = emulator().server;
    // Neon fails from the last answer on, until the failure is shown.
    const failFromNow = (items: readonly vscode.QuickPickItem[]) => {
      server.cfg.faultRates = { '5xx': 1 };
      return items.find((i) => i.label === 'In 1 day');
    };
    const retry = () => {
      server.cfg.faultRates = null;
      return 'Retry';
    };
    try {
      t.prompt.script(
        { pick: 'main' }, { input: 'retry-me' }, { pick: '1 hour ago' }, { pick: 'Without a compute' }, { pick: failFromNow },
        { button: retry },
        // The second time every answer is the one in place (a person pressing Enter).
        { pick: (items) => items.find((i) => i.picked) }, { input: 'retry-me' }, { pick: (items) => items.find((i) => i.picked) }, { pick: (items) => items.find((i) => i.picked) }, { pick: (items) => items.find((i) => i.picked) },
      );
      await vscode.commands.executeCommand('neonExplorer.createBranch', r.project(ACME_API));
      const made = await eventually(() => {
        const b = branches().filter((x) => x.name === 'retry-me');
        assert.strictEqual(b.length, 1, t.prompt.shown.map((x) => `${x.kind}: ${x.text}`).join('\n'));
        return b[0]!;
      });
      assert.match(t.prompt.shown.find((x) => x.kind === 'error')!.text, /^Couldn't create the branch: Neon had a problem on its side \(503\)/);
      const steps = t.prompt.shown.filter((x) => x.kind === 'pick' || x.kind === 'input');
      assert.strictEqual(steps.length, 10, steps.map((x) => x.text).join('\n'));
      const again = steps.slice(5);
      assert.deepStrictEqual(again.map((x) => (x.kind === 'input' ? x.value : x.picked?.join())), ['main', 'retry-me', '1 hour ago', 'Without a compute', 'In 1 day']);
      assert.deepStrictEqual([steps[0]!.picked, steps[2]!.picked, steps[4]!.picked], [undefined, undefined, ['Never']], 'the first time only the defaults were in place');
      assert.strictEqual(made.parentId, r.branch(ACME_API, 'main').branchId);
      assert.ok(made.expiresAt, 'expires, as answered');
      // The retried command ends (its operations waited for) before the next test's faults.
      await eventually(() => assert.ok(t.prompt.shown.some((x) => x.kind === 'info' && x.text.startsWith('Created branch retry-me')), t.prompt.shown.map((x) => x.text).join('\n')));
    } finally {
      server.cfg.faultRates = null;
    }
  });

  it('createBranch: when its first read fails, the message says what could not be read and that nothing was changed; no question, no POST', async () => {
    const server = emulator().server;
    const start = since();
    server.cfg.faultRates = { '5xx': 1 };
    try {
      t.prompt.reset();
      await vscode.commands.executeCommand('neonExplorer.createBranch', r.project(ACME_API));
    } finally {
      server.cfg.faultRates = null;
    }
    const error = t.prompt.shown.find((x) => x.kind === 'error')!;
    assert.match(error.text, /^Couldn't create the branch: The branches of acme-api could not be read, so nothing was changed\. Neon had a problem on its side \(5\d\d\)\..* \(request id [0-9a-f-]{8,}\)$/);
    assert.deepStrictEqual(t.prompt.shown.filter((x) => x.kind === 'pick' || x.kind === 'input'), [], 'nothing asked');
    assert.ok(error.buttons?.includes('Retry'), String(error.buttons));
    assert.deepStrictEqual(requestsAfter(start).filter((e) => e.method !== 'GET'), []);
  });

  it('createBranch: Neon made it, then following its operations failed (503): the message says it was accepted and may still be in progress; Refresh, no Retry; the tree shows it', async () => {
    const server = emulator().server;
    const end = server.log.end.bind(server.log);
    const operationMs = server.cfg.operationMs;
    server.cfg.operationMs = 2000;
    // Every request after the create's answer fails: the operations cannot be followed.
    server.log.end = (e) => {
      end(e);
      if (e.method === 'POST' && e.status === 201) server.cfg.faultRates = { '5xx': 1 };
    };
    try {
      t.prompt.reset();
      t.prompt.script({ input: 'accepted-then-lost' }, { pick: 'Current data' }, { pick: 'With a read-write compute' }, { pick: 'Never' });
      const res = await vscode.commands.executeCommand('neonExplorer.createBranch', r.branch(ACME_API, 'main'));
      assert.strictEqual(res, undefined, 'the command failed');
      const failure = t.prompt.shown.filter((x) => x.kind === 'error').at(-1)!;
      assert.match(failure.text, /^Neon accepted the request to create the branch, but waiting for it to finish failed: Neon had a problem on its side \(5\d\d\)\..* It may still be in progress; Refresh shows it when Neon is done, and sending it again is not needed\. \(request id [0-9a-f-]{8,}\)$/);
      assert.deepStrictEqual(failure.buttons, ['Refresh', 'Show Log'], 'no Retry: it would make the branch twice');
    } finally {
      server.log.end = end;
      server.cfg.faultRates = null;
      server.cfg.operationMs = operationMs;
    }
    assert.strictEqual(branches().filter((b) => b.name === 'accepted-then-lost').length, 1, 'Neon made it');
    const project = await walk('you', 'Acme Inc', 'acme-api');
    await eventually(async () => assert.ok((await rows(project)).some((x) => x.label === 'accepted-then-lost'), 'the tree shows it'));
  });

  it('deleteBranch: the default branch is refused with the reason, without any request', async () => {
    const start = since();
    await vscode.commands.executeCommand('neonExplorer.deleteBranch', r.branch(ACME_API, 'main'));
    assert.deepStrictEqual(requestsAfter(start).map((e) => e.route), []);
    assert.match(errors().join('\n'), /Couldn't delete the branch: main is the default branch of acme-api, and Neon does not delete a project's default branch/);
    assert.ok(branches().some((b) => b.name === 'main'));
  });

  it('deleteBranch: a protected branch is explained; a branch with children is refused; no DELETE sent', async () => {
    const start = since();
    await vscode.commands.executeCommand('neonExplorer.deleteBranch', r.branch(ACME_API, 'staging'));
    assert.match(errors().join('\n'), /staging is a protected branch, and protected branches cannot be deleted/);
    t.prompt.reset();
    // dev has feature/login (created above) as a child
    await vscode.commands.executeCommand('neonExplorer.deleteBranch', r.branch(ACME_API, 'dev'));
    assert.match(errors().join('\n'), /dev has a child branch \(feature\/login\)\. Delete that branch first/);
    assert.ok(!requestsAfter(start).some((e) => e.method === 'DELETE'));
  });

  it('deleteBranch: a .env that reaches the branch only through PG* variables is named too (PGHOST is its compute), before the typed name is cancelled', async () => {
    t.prompt.reset();
    const file = path.join(workspaceDir(), 'uses-branch.env');
    await setSetting('envFile', 'uses-branch.env');
    try {
      const ep = r.endpointHost(ACME_API, 'feature/login');
      fs.writeFileSync(file, `A=1\nPGHOST=${ep.id}.us-east-2.aws.neon.tech\nPGUSER=neondb_owner\nPGPASSWORD=pw\nPGDATABASE=neondb\nPGSSLMODE=require\nPGOPTIONS=endpoint=${ep.id}-pooler\n`);
      t.prompt.script({ input: undefined });
      assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.deleteBranch', r.branch(ACME_API, 'feature/login')), false);
      assert.ok(branches().some((b) => b.name === 'feature/login'));
      const asked = t.prompt.shown.find((x) => x.kind === 'input')!;
      // PGOPTIONS names the compute too (walk 39: it was left out); PGSSLMODE does not lead anywhere.
      assert.match(asked.text, /\. This workspace connects to it in uses-branch\.env \(PGHOST, PGUSER, PGPASSWORD, PGDATABASE, PGOPTIONS\): those connections will fail\. Type "feature\/login" to confirm\.$/);
    } finally {
      t.prompt.reset(); // the next test reads its own first question
      fs.rmSync(file, { force: true });
      await setSetting('envFile', undefined);
    }
  });

  it('deleteBranch: confirmed by typing the name; the emulator no longer has it; the question names the workspace .env that connects to it', async () => {
    const file = path.join(workspaceDir(), 'uses-branch.env');
    await setSetting('envFile', 'uses-branch.env');
    try {
      const ep = r.endpointHost(ACME_API, 'feature/login');
      fs.writeFileSync(file, `A=1\nDATABASE_URL_UNPOOLED=postgresql://neondb_owner:pw@${ep.id}.us-east-2.aws.neon.tech/neondb?sslmode=require\n`);
      t.prompt.script({ input: 'feature/login' });
      const ok = await vscode.commands.executeCommand('neonExplorer.deleteBranch', r.branch(ACME_API, 'feature/login'));
      assert.strictEqual(ok, true);
      assert.ok(!branches().some((b) => b.name === 'feature/login'));
      const asked = t.prompt.shown.find((x) => x.kind === 'input')!;
      assert.match(asked.text, /are deleted \(Neon keeps a deleted branch recoverable for 7 days\)\. This workspace connects to it in uses-branch\.env \(DATABASE_URL_UNPOOLED\): those connections will fail\. Type "feature\/login" to confirm\.$/);
    } finally {
      fs.rmSync(file, { force: true });
      await setSetting('envFile', undefined);
    }
  });

  it('deleteBranch from the palette: only the wrong answer to the typed name keeps the branch', async () => {
    t.prompt.script({ pick: 'Acme Inc' }, { pick: 'acme-api' }, { pick: 'hour-ago' }, { input: undefined });
    const ok = await vscode.commands.executeCommand('neonExplorer.deleteBranch');
    assert.strictEqual(ok, false);
    assert.ok(branches().some((b) => b.name === 'hour-ago'));
    // Only branches that can be deleted are offered: not the default, a protected one, or one with children.
    const offered = t.prompt.shown.filter((x) => x.kind === 'pick').at(-1)!.items!;
    assert.ok(offered.includes('hour-ago'), offered.join(', '));
    for (const b of branches()) {
      const deletable = !b.isDefault && !b.protected && !branches().some((c) => c.parentId === b.id);
      assert.strictEqual(offered.includes(b.name), deletable, `${b.name}: ${offered.join(', ')}`);
    }
  });

  it('point-in-time parsing: zones and offsets, impossible dates, the future, before history', () => {
    const now = Date.parse('2025-06-15T12:00:00Z');
    const limits = { now, earliest: Date.parse('2025-06-14T12:00:00Z'), earliestReason: { kind: 'retention' as const } };
    assert.deepStrictEqual(parsePointInTime('2025-06-15T10:30:00Z', limits), { iso: '2025-06-15T10:30:00.000Z' });
    assert.deepStrictEqual(parsePointInTime(' 2025-06-15 16:00+05:30 ', limits), { iso: '2025-06-15T10:30:00.000Z' });
    assert.deepStrictEqual(parsePointInTime('2025-06-15T06:30:00.5-0400', limits), { iso: '2025-06-15T10:30:00.500Z' });
    const problem = (v: string) => ('problem' in parsePointInTime(v, limits) ? (parsePointInTime(v, limits) as { problem: string }).problem : 'ok');
    assert.match(problem('2025-06-15T10:30'), /time zone/);
    assert.match(problem('2025-02-30T10:00:00Z'), /not a valid date/);
    assert.match(problem('2025-06-15T24:00:00Z'), /not a valid date/);
    assert.match(problem('yesterday'), /ISO 8601/);
    assert.match(problem('2025-06-15T12:00:01Z'), /future/);
    assert.strictEqual(problem('2025-06-14T11:59:59Z'), "That is too early: the project's history retention window starts at 2025-06-14T12:00:00.000Z");
    const created = { ...limits, earliestReason: { kind: 'created' as const, branch: 'main' } };
    assert.strictEqual((parsePointInTime('2025-06-14T11:59:59Z', created) as { problem: string }).problem, 'That is too early: branch main was created at 2025-06-14T12:00:00.000Z, and its history starts then');
  });
});
