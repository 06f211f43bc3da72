// Cancelling in the real VS Code host: "Stop Loading" on a long tree load, removing an account or
// refreshing while its tree loads, the Cancel of a transfer, and closing (or cancelling in) the
// consumption panel; and a Cancel that comes after a write was sent, said in one message. Each proves it with the emulator's request log: once the cancel has settled,
// no request starts, even after waiting several latencies.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { requestsSince, useEmulator, type Emulator } from './helpers/emulator';
import { requestsSince as netRequestsSince } from './helpers/netprobe';
import { eventually, sleep } from './helpers/eventually';
import { postFromWebview, skipUnlessBrowser } from './helpers/browser';
import { addAccount, children, current, removeAllAccounts, rows, type Testing } from './tree.support';
import { ACME_API, refs } from './commands-role.support';
import { startWithAccount } from './helpers/suite';

const LATENCY = 300;
const PROJECTS = 4000;

const consumptionTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((x) => x.label).filter((l) => l.startsWith('Consumption: '));

/**
 * Requests the emulator received at or after `since` (ms epoch) that the extension also sent at or
 * after it, as "METHOD route path". Client and emulator share this process, so a request written
 * just before the cancel can be logged by the emulator a moment after it: the net probe's send
 * time (taken as the extension calls fetch) tells those apart from requests sent after the cancel.
 */
function startedSince(em: Emulator, since: number): string[] {
  // Only sends of the last second before `since` can still be on their way.
  const sentBefore = netRequestsSince(since - 1000).filter((r) => r.at < since).map((r) => r.target);
  const pending = [...sentBefore];
  return requestsSince(em, since)
    .filter((e) => {
      const i = pending.findIndex((target) => target.endsWith(e.path));
      if (i === -1) return true;
      pending.splice(i, 1); // each early send excuses one log entry
      return false;
    })
    .map((e) => `${e.method} ${e.route} ${e.path}`);
}

/** Waits several latencies, then asserts nothing was sent after `settled`. */
async function assertQuietAfter(em: Emulator, settled: number, what: string): Promise<void> {
  await sleep(4 * LATENCY);
  assert.deepStrictEqual(startedSince(em, settled), [], `no request starts after ${what} settled`);
}

const projectPages = (em: Emulator, since: number) => requestsSince(em, since).filter((e) => e.route === 'GET /projects').length;

describe('cancellation: stopped loads send no more requests', function () {
  this.timeout(120_000);
  const emulator = useEmulator({ orgs: 3, projectsPerOrg: PROJECTS, branches: 1 });
  let t: Testing;
  let you = '';
  // A scaled seed: "Acme Inc" (business plan, 4,000 projects), "Org 2" (free, full), "Org 3".
  const acme = () => [...emulator().state.orgs.values()].find((o) => o.name === 'Acme Inc')!.id;

  before(async () => {
    await vscode.workspace.getConfiguration('neonExplorer').update('projects.loadAll', true, vscode.ConfigurationTarget.Global);
    ({ t, accountId: you } = await startWithAccount(emulator()));
  });
  after(async () => {
    // (useEmulator's own after hook has closed the emulator by now.)
    await vscode.workspace.getConfiguration('neonExplorer').update('projects.loadAll', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await removeAllAccounts();
  });
  afterEach(() => {
    emulator().config.latencyMs = 0;
    t.prompt.reset();
  });

  /** The Acme org node, its children not loaded yet. */
  async function freshOrg() {
    const acct = await current(`acct/${you}`);
    const orgs = await children(acct);
    const org = orgs.find((n) => n.id.endsWith(`/org/${acme()}`))!;
    assert.ok(org, 'Acme Inc is shown');
    t.tree.provider.refreshNode(org);
    return current(org.id);
  }

  /** Starts loading every project of the org (loadAll) and waits until `pages` pages came back. */
  async function startLongLoad(pages: number) {
    const em = emulator();
    const org = await freshOrg();
    em.config.latencyMs = LATENCY;
    const since = Date.now();
    const loading = children(org);
    await eventually(() => assert.ok(projectPages(em, since) >= pages, `${projectPages(em, since)} pages so far`), { timeout: 20_000, interval: 20 });
    assert.ok(t.tree.provider.loading.includes(org.id), `the org is loading: ${t.tree.provider.loading.join(', ')}`);
    return { org, loading, since };
  }

  it('tree: "Stop Loading" during a 4,000-project load keeps the pages read under "Load the rest"; no request after it settles; Load the rest goes on from there', async () => {
    const em = emulator();
    const { org, loading, since } = await startLongLoad(2);
    const stopped = (await vscode.commands.executeCommand('neonExplorer.stopLoading')) as number;
    assert.ok(stopped >= 1, `stopLoading aborted ${stopped} load(s)`);
    const list = await loading;
    const settled = Date.now();
    assert.deepStrictEqual(t.tree.provider.loading, [], 'nothing is loading any more');
    const shown = await rows(await current(org.id));
    // The pages already read stay on screen (they used to go, leaving one "Load again" row).
    const kept = shown.filter((r) => r.contextValue.startsWith('project')).length;
    assert.ok(kept >= 400 && kept < PROJECTS && kept % 400 === 0, `whole pages kept: ${kept}`);
    assert.deepStrictEqual([shown[0].label, shown[0].description, shown[0].contextValue, shown[0].command], ['Load the rest', `loading stopped, ${kept.toLocaleString('en-US')} projects shown`, 'stopped', 'neonExplorer.refreshNode']);
    assert.ok(!shown.some((r) => r.label === 'Load more…'), 'no Load more under a stopped load-all');
    assert.strictEqual(list.length, shown.length);
    await assertQuietAfter(em, settled, 'Stop Loading');
    const pages = projectPages(em, since);
    assert.ok(pages < PROJECTS / 400 + 1, `stopped early: ${pages} of ${PROJECTS / 400 + 1} pages`);
    assert.ok(t.logLines.some((l) => /Loading projects of .* was stopped/.test(l)), 'the log says the load was stopped');
    assert.ok(!t.prompt.shown.some((m) => m.kind === 'error'), 'stopping is not an error');

    // "Load the rest" (the row's own command) lists every project, going on from the page it stopped before.
    em.config.latencyMs = 0;
    const stopRow = (await children(await current(org.id)))[0];
    const item = t.tree.provider.getTreeItem(stopRow);
    const loadsBefore = t.tree.provider.loads.get(org.id) ?? 0;
    const restSince = Date.now();
    await vscode.commands.executeCommand(item.command!.command, ...(item.command!.arguments ?? []));
    // While it loads the row says so, with no click to offer (walk 33: "Actual command not found").
    const during = t.tree.provider.getTreeItem(stopRow);
    assert.deepStrictEqual([during.label, during.command, (during.iconPath as vscode.ThemeIcon).id], ['Loading…', undefined, 'loading~spin']);
    // A second click that reaches the command anyway starts nothing more.
    await vscode.commands.executeCommand(item.command!.command, ...(item.command!.arguments ?? []));
    assert.strictEqual((t.tree.provider.loads.get(org.id) ?? 0) - loadsBefore, 1, 'one load for two clicks');
    const again = await rows(await current(org.id));
    // The log names the row the command ran on.
    assert.ok(t.logLines.some((l) => l.includes(`▶ Refresh [neonExplorer.refreshNode] on Acme Inc › stopped`)), t.logLines.filter((l) => l.includes('▶ Refresh')).join('\n'));
    // A view title button gets the focused row too, but does not act on it: its log line names none (walk 40).
    const logFrom = t.logLines.length;
    t.prompt.script({ input: undefined });
    await vscode.commands.executeCommand('neonExplorer.addAccount', org);
    const started = t.logLines.slice(logFrom).filter((l) => l.includes('▶ '));
    assert.deepStrictEqual(started.map((l) => l.replace(/^\S+ /, '')), ['▶ Add Neon API Key [neonExplorer.addAccount]'], started.join('\n'));
    assert.strictEqual(again.filter((r) => r.contextValue.startsWith('project')).length, PROJECTS);
    assert.ok(!again.some((r) => r.label === 'Load the rest' || r.label === 'Load more…'));
    const rest = requestsSince(em, restSince).filter((e) => e.route === 'GET /projects');
    assert.ok(!rest.some((e) => !e.path.includes('cursor=')), `the first page is not read again: ${rest.map((e) => e.path).join(' ')}`);
    assert.strictEqual(rest.length, (PROJECTS - kept) / 400 + 1, 'only the pages not yet read (and the empty last one)');
  });

  it('tree: after "Stop Loading" during the account\'s refresh, an organization asked for later shows "Load again" and sends nothing until Load again', async () => {
    const em = emulator();
    const account = `acct/${you}`;
    const org3 = [...em.state.orgs.values()].find((o) => o.name === 'Org 3')!.id;
    await children(await current(account));
    em.config.latencyMs = LATENCY;
    const since = Date.now();
    await vscode.commands.executeCommand('neonExplorer.refreshNode', await current(account));
    const level = children(await current(account));
    await eventually(() => assert.ok(t.tree.provider.loading.includes(account), 'the account level is loading'), { timeout: 5_000, interval: 10 });
    await vscode.commands.executeCommand('neonExplorer.stopLoading');
    const kept = await level;
    assert.strictEqual(t.tree.provider.getTreeItem(kept[0]).label, 'Load again');
    // VS Code asks for an organization's rows once the kept level is drawn (walk 34: such a load ran on).
    const org = kept.find((n) => n.id === `${account}/org/${org3}`)!;
    assert.ok(org, `Org 3 is kept: ${kept.map((n) => n.id).join(', ')}`);
    const asked = await rows(org);
    const settled = Date.now();
    assert.deepStrictEqual(asked.map((r) => [r.label, r.description, r.command]), [['Load again', 'loading stopped', 'neonExplorer.refreshNode']]);
    assert.deepStrictEqual(t.tree.provider.loading, []);
    await assertQuietAfter(em, settled, 'Stop Loading');
    assert.ok(!requestsSince(em, since).some((e) => e.path.includes(org3)), 'nothing of Org 3 was read');

    // Its Load again reads it; then the account's own.
    em.config.latencyMs = 0;
    const stopRow = (await children(await current(org.id)))[0];
    const cmd = t.tree.provider.getTreeItem(stopRow).command!;
    await vscode.commands.executeCommand(cmd.command, ...(cmd.arguments ?? []));
    const listed = await rows(await current(org.id));
    assert.strictEqual(listed.filter((r) => r.contextValue.startsWith('project')).length, PROJECTS);
    const acctStop = (await children(await current(account)))[0];
    const again = t.tree.provider.getTreeItem(acctStop).command!;
    await vscode.commands.executeCommand(again.command, ...(again.arguments ?? []));
    assert.ok(!(await rows(await current(account))).some((r) => r.label === 'Load again'));
  });

  it('tree: refreshing the org while it loads aborts the stale load; its answers land nowhere', async () => {
    const em = emulator();
    const { org, loading } = await startLongLoad(1);
    const loadsBefore = t.tree.provider.loads.get(org.id) ?? 0;
    await vscode.commands.executeCommand('neonExplorer.refreshNode', org);
    const list = await loading;
    assert.deepStrictEqual(list, [], 'the stale load hands VS Code nothing');
    // If the workbench asks for the refreshed org again, that is a new load: stop it too, so the
    // log shows whether the stale one (no longer among the running loads) kept going.
    if ((t.tree.provider.loads.get(org.id) ?? 0) > loadsBefore) await vscode.commands.executeCommand('neonExplorer.stopLoading');
    await sleep(50);
    const settled = Date.now();
    assert.deepStrictEqual(t.tree.provider.loading, []);
    await assertQuietAfter(em, settled, 'the refresh');
  });

  it('tree: removing the account while its org loads aborts the load', async () => {
    const em = emulator();
    const { loading } = await startLongLoad(1);
    t.prompt.script({ button: 'Remove' });
    await vscode.commands.executeCommand('neonExplorer.removeAccount', { accountId: you });
    const list = await loading;
    const settled = Date.now();
    assert.deepStrictEqual(list, []);
    assert.deepStrictEqual(t.tree.provider.loading, []);
    await assertQuietAfter(em, settled, 'removing the account');
    em.config.latencyMs = 0;
    you = await addAccount(em.apiKey, 'you');
  });

  it('transfer: Cancel after the first batch; once the command settles no request starts', async () => {
    const em = emulator();
    const orgs = [...em.state.orgs.values()];
    const source = orgs.find((o) => o.name === 'Acme Inc')!;
    const dest = orgs.find((o) => o.name === 'Org 3')!;
    const before = em.state.ownerProjects(source.id).length;
    t.prompt.script({
      pickMany: (items) => {
        // Slow the API down only for the transfer itself (the candidates are listed by now).
        em.config.latencyMs = LATENCY;
        return items.filter((i) => (i.description ?? '').includes('from Acme Inc')).slice(0, 2000);
      },
    }, { input: 'Org 3' });
    const since = Date.now();
    const running = vscode.commands.executeCommand('neonExplorer.transferProjectsHere', { accountId: you, orgId: dest.id, orgName: dest.name });
    const progress = await eventually(() => {
      const p = t.progress().find((x) => x.title.startsWith(`Transferring 2,000 projects to ${dest.name}`));
      assert.ok(p && p.messages.some((m) => m.startsWith('400 of 2,000 moved')), p?.messages.join(' | '));
      return p!;
    }, { timeout: 30_000, interval: 20 });
    progress.cancel();
    const out = (await running) as { moved: string[]; cancelled: boolean };
    // Counts grouped as the tree writes them (walk 33: "and 1995 more").
    assert.match(t.prompt.shown.find((m) => m.kind === 'input')?.text ?? '', /^Transfer 2,000 projects to Org 3\? .* and 1,995 more\. /);
    const settled = Date.now();
    assert.strictEqual(out.cancelled, true);
    const batches = requestsSince(em, since).filter((e) => e.route.endsWith('/projects/transfer'));
    assert.ok(batches.length >= 1 && batches.length <= 2, `${batches.length} batch(es) sent of 5`);
    assert.strictEqual(em.state.ownerProjects(source.id).length, before - out.moved.length);
    await assertQuietAfter(em, settled, 'the transfer cancel');
    assert.match(t.prompt.shown.find((m) => m.kind === 'warning' && !m.modal)?.text ?? '', /^Transfer cancelled: [\d,]+ moved to .*, [\d,]+ not sent\./);
  });

  /** Opens the consumption panel of Acme (4,000 projects: 40 pages of 100) and waits for `pages` pages. */
  async function openLongConsumption(pages: number) {
    const em = emulator();
    em.config.latencyMs = LATENCY;
    const since = Date.now();
    await vscode.commands.executeCommand('neonExplorer.showConsumption', { accountId: you, orgId: acme(), orgName: 'Acme Inc' });
    const consumptionPages = () => requestsSince(em, since).filter((e) => /consumption/.test(e.route)).length;
    await eventually(() => assert.ok(consumptionPages() >= pages, `${consumptionPages()} consumption pages so far`), { timeout: 30_000, interval: 20 });
    return { since, consumptionPages };
  }

  it('consumption: closing the panel mid-load aborts it; no request after the panel is gone', async () => {
    const em = emulator();
    await openLongConsumption(2);
    assert.deepStrictEqual(consumptionTabs(), ['Consumption: Acme Inc'], 'the panel is open');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors'); // as the person closes the tab
    const settled = Date.now();
    assert.deepStrictEqual(consumptionTabs(), []);
    await assertQuietAfter(em, settled, 'closing the panel');
  });

  it('consumption: the page\'s cancel message stops the load it names', async function () {
    skipUnlessBrowser(this);
    const em = emulator();
    await openLongConsumption(1);
    // What the page's Cancel button posts, through VS Code's webview bridge: a new load supersedes
    // the page's own, then is cancelled. The panel starts fetching as it opens, so the first page
    // can come before the page has drawn its title: posting waits until a frame shows it (a post
    // that finds none sends nothing).
    await eventually(() => postFromWebview('Consumption: Acme Inc', [{ type: 'load', requestId: 9001, range: { kind: 'preset', preset: '60d', granularity: 'daily' }, force: true }]), { timeout: 20_000, interval: 50 });
    const cancelFrom = Date.now();
    await eventually(() => assert.ok(requestsSince(em, cancelFrom).some((e) => /consumption/.test(e.route)), 'the new load started'), { timeout: 10_000, interval: 20 });
    await postFromWebview('Consumption: Acme Inc', [{ type: 'cancel', requestId: 9001 }]);
    // Settled: nothing in flight at the emulator, and no page started for two latencies (a running
    // load starts one as soon as the last one answered).
    const settled = await eventually(() => {
      const last = Math.max(...requestsSince(em, cancelFrom).map((e) => e.startedAt));
      assert.strictEqual(em.server.log.inFlight, 0, 'requests in flight');
      assert.ok(Date.now() - last > 2 * LATENCY, 'consumption pages still start');
      return Date.now();
    }, { timeout: 8_000, interval: 20 });
    await assertQuietAfter(em, settled, 'the cancel message');
    assert.ok(!t.logLines.some((l) => /consumption: loading .* failed/.test(l)), 'a cancel is not a failure');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});

describe('cancellation: a Cancel after a write was sent', function () {
  this.timeout(60_000);
  const emulator = useEmulator({ seed: 'small', operationMs: 40 });
  let t: Testing;
  let you = '';
  const r = refs(emulator, () => you);

  before(async () => {
    ({ t, accountId: you } = await startWithAccount(emulator(), 'you', [ACME_API]));
  });
  after(() => removeAllAccounts());
  afterEach(() => {
    emulator().config.latencyMs = 0;
    t.prompt.reset();
  });

  it('Create Database: Neon made it, so its own message says Cancel came too late; one toast, not two', async () => {
    const em = emulator();
    const made = () => r.branchOf(ACME_API, 'main').databases.has('late_db');
    t.prompt.reset();
    t.prompt.script({ input: 'late_db' }, { pick: 'app_user' });
    em.config.latencyMs = 1500;
    const run = vscode.commands.executeCommand('neonExplorer.createDatabase', r.branch(ACME_API, 'main'));
    // Cancel once the POST is on its way (1.5 s of latency): the request core does not take it back.
    const sent = () => t.logLines.some((l) => l.includes('→ POST /projects/{project_id}/branches/{branch_id}/databases'));
    const sending = await eventually(() => {
      const p = t.progress().find((x) => x.title === 'Creating database late_db on main');
      assert.ok(p && sent(), JSON.stringify(t.progress().map((x) => x.title)));
      return p;
    }, { timeout: 15_000, interval: 20 });
    sending.cancel();
    assert.deepStrictEqual(await run, { databaseName: 'late_db', ownerName: 'app_user' });
    em.config.latencyMs = 0;
    await sleep(300); // a second toast would come right after the command settles
    const toasts = t.prompt.shown.filter((x) => (x.kind === 'info' || x.kind === 'warning' || x.kind === 'error') && !x.modal).map((x) => `${x.kind}: ${x.text}`);
    assert.deepStrictEqual(toasts, ['info: Cancel came after the request was sent to Neon, so the change was made. Created database late_db (owner app_user) on branch main.']);
    assert.ok(made(), 'the database was made');
  });

  it('Create Database: a Cancel while Neon applies it (its operation waited for) says so in the one toast; the database is made (walk 39: it said nothing)', async () => {
    const em = emulator();
    em.config.operationMs = 4000;
    try {
      t.prompt.reset();
      t.prompt.script({ input: 'applying_db' }, { pick: 'app_user' });
      const run = vscode.commands.executeCommand('neonExplorer.createDatabase', r.branch(ACME_API, 'main'));
      const applying = await eventually(() => {
        const p = t.progress().find((x) => x.title === 'Creating database applying_db on main' && x.messages.some((m) => /^waiting for/.test(m)));
        assert.ok(p, JSON.stringify(t.progress().map((x) => [x.title, x.messages])));
        return p;
      }, { timeout: 15_000, interval: 20 });
      applying.cancel();
      assert.deepStrictEqual(await run, { databaseName: 'applying_db', ownerName: 'app_user' });
      await sleep(300);
      const toasts = t.prompt.shown.filter((x) => (x.kind === 'info' || x.kind === 'warning' || x.kind === 'error') && !x.modal).map((x) => `${x.kind}: ${x.text}`);
      assert.deepStrictEqual(toasts, ['info: Cancel came after Neon had accepted the change, so it stands; Neon may take a little longer to finish it. Created database applying_db (owner app_user) on branch main.']);
      assert.ok(r.branchOf(ACME_API, 'main').databases.has('applying_db'), 'the database was made');
    } finally {
      em.config.operationMs = 40;
    }
  });
});
