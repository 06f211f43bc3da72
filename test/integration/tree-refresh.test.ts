// Refresh at every level of the tree, as a person does it in the workbench: the demo's account
// (stored unchecked, identified when first expanded), the rows expanded one by one through VS Code's
// own tree view, then each level's Refresh. What the page shows is read from the browser: the rows
// must come back the same (labels, counts) and VS Code must never say "Element with id … is already
// registered" (issue 13, bug 1: a refreshed folder came back empty with that error).
import * as assert from 'assert';
import * as vscode from 'vscode';
import { startEmulator, type Emulator } from '../../emulator';
import { notificationsShown, skipUnlessBrowser, treeRowsShown, type TreeRowShown } from './helpers/browser';
import { eventually, sleep } from './helpers/eventually';
import { requestsSince as netRequestsSince } from './helpers/netprobe';
import { children, current, removeAllAccounts, row, testing } from './tree.support';
import { startClean } from './helpers/suite';

const ORG = 'org-morning-bread-81040908';
/** VS Code coalesces tree changes for 200 ms; a person's clicks are further apart than that. */
const BETWEEN_CLICKS_MS = 350;

const shown = (rs: TreeRowShown[]) => rs.map((r) => `${'  '.repeat(r.level - 1)}${r.label}${r.description ? ` [${r.description}]` : ''}${r.expanded ? ' ▾' : ''}`);

async function registrationErrors(): Promise<string[]> {
  return (await notificationsShown()).map((n) => n.message).filter((m) => /already registered|No tree item/i.test(m));
}

describe('tree in the workbench: refresh at every level', function () {
  this.timeout(240_000);
  let em: Emulator;
  let acct: string;

  before(async function () {
    skipUnlessBrowser(this);
    // The demo's latency: loads overlap what VS Code does with the rows, as they do for a person.
    em = await startEmulator({ seed: 'small', quiet: true, latencyMs: 80 });
    const t = await startClean(em);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.commands.executeCommand('neonExplorer.accounts.focus');
    // What earlier tests showed is gone before the demo account comes.
    await eventually(async () => assert.deepStrictEqual(await treeRowsShown(), []), { timeout: 20_000, message: 'the view is empty' });
    const store = t.services.accounts as unknown as { addUnverified(key: string, url: string, label: string): Promise<{ id: string }> };
    acct = (await store.addUnverified(em.apiKey, em.url, 'Demo account')).id;
    await vscode.commands.executeCommand('neonExplorer.accounts.focus');
  });
  after(async () => {
    await removeAllAccounts();
    await em?.close();
  });

  /** Rows expanded so far (node ids). */
  const expanded: string[] = [];

  /** Expands a node through VS Code (as a click on its twistie does) and waits for its rows. */
  async function expand(id: string, expectChild: string): Promise<void> {
    const t = await testing();
    expanded.push(id);
    await t.tree.view.reveal(await current(id), { expand: true, select: false, focus: false });
    await eventually(async () => assert.ok((await treeRowsShown()).some((r) => r.label === expectChild), `"${expectChild}" shown under ${id}: ${shown(await treeRowsShown()).join(' | ')}`), { timeout: 20_000 });
    await sleep(BETWEEN_CLICKS_MS);
  }

  /**
   * Clicks Refresh on a node (the inline button passes the row's node) and waits until VS Code has
   * read it and every expanded row below it again, and shows them.
   */
  async function refreshAndCompare(id: string | undefined, expected: string[]): Promise<void> {
    const t = await testing();
    // No id: Refresh All, the view's title button.
    const reread = expanded.filter((e) => id === undefined || e === id || e.startsWith(`${id}/`));
    const loadsBefore = new Map(reread.map((e) => [e, t.tree.provider.loads.get(e) ?? 0]));
    if (id === undefined) await vscode.commands.executeCommand('neonExplorer.refresh');
    else await vscode.commands.executeCommand('neonExplorer.refreshNode', await current(id));
    const settled = async () => {
      for (const [e, n] of loadsBefore) assert.ok((t.tree.provider.loads.get(e) ?? 0) > n, `${e} was read again`);
      assert.deepStrictEqual(t.tree.provider.loading, [], 'nothing loading');
      assert.deepStrictEqual(await registrationErrors(), [], 'no tree registration error');
      assert.deepStrictEqual(shown(await treeRowsShown()), expected, `rows after refreshing ${id}`);
    };
    await eventually(settled, { timeout: 20_000, message: `refresh of ${id}` });
    // And it stays so once VS Code has handled every change the refresh caused.
    await sleep(2 * BETWEEN_CLICKS_MS);
    await settled();
  }

  it('expand the first organization, its folders, a project and a branch; Refresh each level: same rows, no error', async () => {
    const t = await testing();
    const account = `acct/${acct}`;
    const org = `${account}/org/${ORG}`;
    await eventually(
      async () => {
        const top = await treeRowsShown();
        assert.deepStrictEqual(top.slice(0, 2).map((r) => [r.label, r.level, r.expanded]), [['Demo account', 1, true], ['Acme Inc', 2, false]]);
        assert.deepStrictEqual(t.tree.provider.loading, []);
      },
      { timeout: 20_000, message: 'the demo account is expanded' },
    );
    expanded.push(account); // the only account opens expanded
    // Identifying the key on that first expansion does not load the level a second time.
    assert.strictEqual(t.tree.provider.loads.get(account), 1, 'the account level was loaded once');
    await sleep(BETWEEN_CLICKS_MS);
    await expand(org, 'Members');
    await expand(`${org}/members`, 'alice@acme.example');
    await expand(`${org}/invitations`, 'newhire@acme.example');
    await expand(`${org}/apiKeys`, 'preview-bot');
    const web = `${org}/project/hidden-cell-76330112`;
    await expand(web, 'main');
    const main = (await children(await current(web))).find((n) => n.id.includes('/branch/') && (t.tree.provider.node(n.id) as { branchName?: string } | undefined)?.branchName === 'main')!;
    const roles = await children(main);
    await expand(main.id, (await row(roles[0])).label);
    await expand(`${account}/shared`, 'frank-experiments');

    const before = shown(await treeRowsShown());
    assert.deepStrictEqual(await registrationErrors(), []);
    // The folders show their counts, and the org its role (both learnt while loading).
    for (const [label, count] of [['Members', '3'], ['Invitations', '1'], ['API Keys', '2']]) {
      assert.ok(before.some((l) => l.trim() === `${label} [${count}] ▾`), `${label} shows ${count}: ${before.join(' | ')}`);
    }
    assert.ok(before.some((l) => /^ {2}Acme Inc \[.*admin\] ▾$/.test(l)), `Acme Inc shows the role: ${before.join(' | ')}`);

    // Every level, the folders first (where it went wrong), then again after the rest.
    const ids = [
      `${org}/members`,
      `${org}/invitations`,
      `${org}/apiKeys`,
      org,
      `${org}/members`,
      web,
      main.id,
      roles[0].id,
      `${account}/shared`,
      account,
      `${org}/members`,
      `${org}/invitations`,
      `${org}/apiKeys`,
    ];
    for (const id of ids) {
      await refreshAndCompare(id, before);
      await sleep(BETWEEN_CLICKS_MS);
    }

    // A row with nothing below it (its context menu's Refresh) re-reads the list it is in.
    const leaves = [roles.find((n) => n.id.includes('/role/'))!, (await children(await current(`${org}/members`)))[0]!];
    for (const [leaf, list] of [[leaves[0]!, main.id], [leaves[1]!, `${org}/members`]] as const) {
      const loads = t.tree.provider.loads.get(list) ?? 0;
      await vscode.commands.executeCommand('neonExplorer.refreshNode', await current(leaf.id));
      await eventually(async () => {
        assert.ok((t.tree.provider.loads.get(list) ?? 0) > loads, `${list} was read again for ${leaf.id}`);
        assert.deepStrictEqual(t.tree.provider.loading, []);
        assert.deepStrictEqual(shown(await treeRowsShown()), before);
      }, { timeout: 20_000, message: `refresh of the row ${leaf.id}` });
      await sleep(BETWEEN_CLICKS_MS);
    }

    // Refresh All (the view's title button): every expanded row comes back, the folders' counts too.
    await refreshAndCompare(undefined, before);
  });

  it('a database made elsewhere shows after the Databases folder\'s Refresh: the folder\'s count and its owner\'s "owns …" too', async () => {
    const t = await testing();
    const web = `acct/${acct}/org/${ORG}/project/hidden-cell-76330112`;
    const main = (await children(await current(web))).find((n) => (t.tree.provider.node(n.id) as { branchName?: string } | undefined)?.branchName === 'main')!;
    const [folder, ...roleNodes] = await children(main);
    const owner = roleNodes.map((n) => t.tree.provider.node(n.id) as unknown as { roleName?: string; isProtected?: boolean }).find((r) => r.roleName && !r.isProtected)!.roleName!;
    const folderBefore = await row(folder!);
    const branchId = (t.tree.provider.node(main.id) as unknown as { branchId: string }).branchId;
    const res = await fetch(`${em.url}/projects/hidden-cell-76330112/branches/${branchId}/databases`, {
      method: 'POST',
      headers: { authorization: `Bearer ${em.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ database: { name: 'reports', owner_name: owner } }),
    });
    assert.ok(res.ok, `create database: ${res.status}`);
    await vscode.commands.executeCommand('neonExplorer.refreshNode', await current(folder!.id));
    await eventually(
      async () => {
        const rows = await treeRowsShown();
        const f = rows.find((r) => r.label === 'Databases');
        assert.strictEqual(f?.description, String(Number(folderBefore.description) + 1), shown(rows).join(' | '));
        const o = rows.find((r) => r.label === owner);
        assert.match(o?.description ?? '', /owns .*\breports\b/, shown(rows).join(' | '));
        assert.deepStrictEqual(t.tree.provider.loading, []);
        assert.deepStrictEqual(await registrationErrors(), []);
      },
      { timeout: 20_000 },
    );
  });

  it('a new invitation (what Invite Members does next) shows after the folder refresh, with its count', async () => {
    const t = await testing();
    const org = `acct/${acct}/org/${ORG}`;
    const res = await fetch(`${em.url}/organizations/${ORG}/invitations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${em.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ invitations: [{ email: 'second@acme.example', role: 'member' }] }),
    });
    assert.ok(res.ok, `invite: ${res.status}`);
    t.services.tree.refresh({ accountId: acct, orgId: ORG, part: 'invitations' });
    await eventually(
      async () => {
        const rows = shown(await treeRowsShown());
        assert.ok(rows.some((l) => l.trim() === 'Invitations [2] ▾'), rows.join(' | '));
        assert.ok(rows.some((l) => l.trim().startsWith('second@acme.example')), rows.join(' | '));
        assert.ok(rows.some((l) => l.trim().startsWith('newhire@acme.example')), rows.join(' | '));
        assert.deepStrictEqual(await registrationErrors(), []);
      },
      { timeout: 20_000 },
    );
    assert.ok(t.tree.provider.node(`${org}/invitations`));
  });

  it('a folder collapsed at Refresh All keeps showing its count (counted again with one request), not a bare label', async () => {
    const t = await testing();
    const org = `acct/${acct}/org/${ORG}`;
    // Collapse Invitations as a click on its twistie does.
    await t.tree.view.reveal(await current(`${org}/invitations`), { select: true, focus: true });
    await vscode.commands.executeCommand('list.collapse');
    await eventually(async () => assert.ok(shown(await treeRowsShown()).some((l) => l.trim() === 'Invitations [2]'), shown(await treeRowsShown()).join(' | ')), { timeout: 10_000 });
    const mark = em.server.log.mark();
    const orgLoads = t.tree.provider.loads.get(org) ?? 0;
    await vscode.commands.executeCommand('neonExplorer.refresh');
    await eventually(
      async () => {
        assert.ok((t.tree.provider.loads.get(org) ?? 0) > orgLoads, 'the organization was read again');
        assert.strictEqual(em.server.log.since(mark).filter((e) => e.route === 'GET /organizations/{org_id}/invitations').length, 1, 'one request for the count');
        const rows = shown(await treeRowsShown());
        assert.ok(rows.some((l) => l.trim() === 'Invitations [2]'), rows.join(' | '));
        assert.ok(!rows.some((l) => l.trim().startsWith('second@acme.example')), 'still collapsed');
      },
      { timeout: 20_000 },
    );
    await sleep(1000);
    assert.ok(shown(await treeRowsShown()).some((l) => l.trim() === 'Invitations [2]'), 'and it stays');
  });

  it('a collapsed folder\'s count follows a change: after the organization\'s Refresh, and after the folder\'s own (as Invite Members does)', async () => {
    const org = `acct/${acct}/org/${ORG}`;
    const invite = async (email: string) => {
      const res = await fetch(`${em.url}/organizations/${ORG}/invitations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${em.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ invitations: [{ email, role: 'member' }] }),
      });
      assert.ok(res.ok, `invite: ${res.status}`);
    };
    // The test before left Invitations collapsed, showing 2.
    await eventually(async () => assert.ok(shown(await treeRowsShown()).some((l) => l.trim() === 'Invitations [2]')), { timeout: 10_000 });
    await invite('third@acme.example');
    await vscode.commands.executeCommand('neonExplorer.refreshNode', await current(org));
    await eventually(async () => assert.ok(shown(await treeRowsShown()).some((l) => l.trim() === 'Invitations [3]'), shown(await treeRowsShown()).join(' | ')), { timeout: 20_000 });
    await invite('fourth@acme.example');
    (await testing()).services.tree.refresh({ accountId: acct, orgId: ORG, part: 'invitations' });
    await eventually(async () => assert.ok(shown(await treeRowsShown()).some((l) => l.trim() === 'Invitations [4]'), shown(await treeRowsShown()).join(' | ')), { timeout: 20_000 });
  });

  it('a collapsed folder\'s count stopped by Stop Loading shows the last known number, and Load again reads it again (walk 37: "Invitations" lost its count)', async () => {
    const t = await testing();
    const account = `acct/${acct}`;
    // The test before left Invitations collapsed, showing 4.
    await eventually(async () => assert.ok(shown(await treeRowsShown()).some((l) => l.trim() === 'Invitations [4]'), shown(await treeRowsShown()).join(' | ')), { timeout: 10_000 });
    em.config.latencyMs = 3_000;
    const refreshedAt = Date.now();
    try {
      // The account's new rows (new folder rows) count their folders; Stop while that count is read.
      await vscode.commands.executeCommand('neonExplorer.refreshNode', await current(account));
      const counting = () => netRequestsSince(refreshedAt, (r) => r.target.includes(`/organizations/${ORG}/invitations`));
      await eventually(() => assert.ok(counting().length > 0, 'the Invitations count is being read'), { timeout: 30_000, interval: 10 });
      await vscode.commands.executeCommand('neonExplorer.stopLoading');
    } finally {
      em.config.latencyMs = 0;
    }
    // Whatever VS Code redraws after the stop, the count stays: it is the last one read.
    await sleep(1000);
    assert.ok(shown(await treeRowsShown()).some((l) => l.trim() === 'Invitations [4]'), `stale count kept: ${shown(await treeRowsShown()).join(' | ')}`);
    // Load again reads it again: a change made meanwhile shows.
    const res = await fetch(`${em.url}/organizations/${ORG}/invitations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${em.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ invitations: [{ email: 'fifth@acme.example', role: 'member' }] }),
    });
    assert.ok(res.ok, `invite: ${res.status}`);
    // Load again on the row the stop left (the account's or the organization's), else the account's Refresh.
    // The stop left "Load again" on the rows whose loads it stopped (the expanded Members folder's):
    // any one of them reads the stopped count again too.
    const org = `${account}/org/${ORG}`;
    const places = [account, org, `${org}/members`, `${org}/apiKeys`];
    const stopRows = (await Promise.all(places.map(async (id) => children(await current(id))))).flat().filter((n) => t.tree.provider.getTreeItem(n).contextValue === 'stopped');
    assert.ok(stopRows.length > 0, `a Load again row: ${shown(await treeRowsShown()).join(' | ')}`);
    const cmd = t.tree.provider.getTreeItem(stopRows[0]!).command!;
    await vscode.commands.executeCommand(cmd.command, ...(cmd.arguments ?? []));
    await eventually(async () => assert.ok(shown(await treeRowsShown()).some((l) => l.trim() === 'Invitations [5]'), shown(await treeRowsShown()).join(' | ')), {
      timeout: 20_000,
      message: 'Load again counts the folder again',
    });
    // The rest comes back with the account's Refresh (the tests after this one start from it).
    await vscode.commands.executeCommand('neonExplorer.refreshNode', await current(account));
    await eventually(async () => {
      assert.deepStrictEqual(t.tree.provider.loading, []);
      assert.ok(!shown(await treeRowsShown()).some((l) => /Load again/.test(l)), shown(await treeRowsShown()).join(' | '));
    }, { timeout: 20_000 });
  });

  it('a refresh that fails keeps every expanded row below it as it was, under one "Couldn\'t refresh" row, and reads nothing below it; Retry brings all back', async () => {
    const t = await testing();
    const web = `acct/${acct}/org/${ORG}/project/hidden-cell-76330112`;
    const before = shown(await treeRowsShown());
    assert.ok(before.some((l) => l.trim().startsWith('main') && l.endsWith('▾')), `main is expanded: ${before.join(' | ')}`);
    const mark = em.server.log.mark();
    em.server.cfg.faultRate = 1;
    em.server.cfg.faults = ['5xx'];
    try {
      await vscode.commands.executeCommand('neonExplorer.refreshNode', await current(web));
      await eventually(async () => {
        assert.deepStrictEqual(t.tree.provider.loading, [], 'nothing loading');
        const rows = shown(await treeRowsShown());
        const failed = rows.filter((l) => /Couldn't (refresh|load)/.test(l));
        assert.deepStrictEqual(failed.map((l) => l.trim()), ["Couldn't refresh — Retry [branches: Neon had a problem on its side (503)]"], rows.join(' | '));
        // Every row shown before is still there, the error row aside.
        assert.deepStrictEqual(rows.filter((l) => !/Couldn't/.test(l)), before);
      }, { timeout: 30_000, message: 'the project shows one error row over the rows it showed' });
      const routes = new Set(em.server.log.since(mark).map((e) => e.route));
      assert.ok(![...routes].some((r) => /roles|databases/.test(r)), `nothing below the project read: ${[...routes].join(', ')}`);
    } finally {
      em.server.cfg.faultRate = 0;
    }
    const errorRow = (await children(await current(web)))[0]!;
    await vscode.commands.executeCommand('neonExplorer.retryNode', errorRow);
    await eventually(async () => {
      assert.deepStrictEqual(t.tree.provider.loading, []);
      assert.deepStrictEqual(shown(await treeRowsShown()), before);
    }, { timeout: 20_000, message: 'Retry reads the project again' });
  });

  it('a stopped refresh keeps the rows shown before under "Load again" (refresh stopped), and the status bar stops saying it waits; Load again brings all back', async () => {
    const t = await testing();
    const before = shown(await treeRowsShown());
    const account = `acct/${acct}`;
    // Every answer is a 429 asking to wait up to 8 s (walk 25: Refresh All under 429 bursts, then Stop Loading).
    em.server.cfg.bursts = { everyMs: 8_000, durationMs: 8_000 };
    let barWent = true;
    const refreshedAt = em.server.log.mark();
    try {
      await vscode.commands.executeCommand('neonExplorer.refresh');
      await eventually(() => assert.strictEqual(t.services.rateLimits!.snapshot.visible, true, 'the status bar says the account waits'), { timeout: 20_000 });
      assert.ok(t.tree.provider.loading.includes(account), `the account level is loading: ${t.tree.provider.loading.join(', ')}`);
      const stopped = (await vscode.commands.executeCommand('neonExplorer.stopLoading')) as number;
      const stoppedAt = em.server.log.mark();
      assert.ok(stopped >= 1, `stopLoading aborted ${stopped} load(s)`);
      await eventually(async () => {
        assert.deepStrictEqual(t.tree.provider.loading, [], 'nothing loading');
        const rows = shown(await treeRowsShown());
        assert.deepStrictEqual(rows.filter((l) => /stopped/.test(l)).map((l) => l.trim()), ['Load again [refresh stopped]'], rows.join(' | '));
        // Every row shown before is still there, the stop row aside.
        assert.deepStrictEqual(rows.filter((l) => !/stopped/.test(l)), before);
      }, { timeout: 20_000, message: 'the account shows one stop row over the rows it showed' });
      // This account waits no more (an account of an earlier suite may still be counted down: not this test's).
      // The aborted requests settle a moment after the rows are drawn (a full CI run read the status
      // in between); well under the 8 s pause. The unit test api-retry holds the exact moment.
      const label = t.services.accounts.get(acct)!.label;
      const waitsNoMore = () => assert.ok(!t.services.rateLimits!.snapshot.accounts.includes(label), `nothing of ${label} waits any more: ${JSON.stringify(t.services.rateLimits!.snapshot)}`);
      barWent = await eventually(waitsNoMore, { timeout: 2_000, interval: 50 }).then(() => true, () => false);
      if (!barWent) {
        // Two full CI runs in twenty saw another request of this account still waiting out the
        // pause (not a tree load: none is loading). What Stop Loading owes is then checked another
        // way: once the pause is over, none of the stopped loads was sent, and the bar goes.
        console.log(`      (the rate-limit bar still lists ${label} 2 s after the stop: checking that no stopped load is sent once the pause ends)`);
        await eventually(waitsNoMore, { timeout: 12_000, interval: 100 });
        // Each request since Refresh All, with when it began (ms from the first): which one outlived the stop.
        const since = em.server.log.since(refreshedAt);
        const t0 = since[0]?.startedAt ?? 0;
        console.log(`      sent after the stop: ${em.server.log.since(stoppedAt).map((e) => `${e.route} ${e.status}`).join(', ')}`);
        console.log(`      since Refresh All: ${since.map((e) => `#${e.seq}${e.seq > stoppedAt ? '*' : ''} +${e.startedAt - t0} ${e.method} ${e.path} ${e.status}`).join(', ')}`);
        const sent = em.server.log.since(stoppedAt).filter((e) => /^GET \/(users\/me\/organizations|projects)$/.test(e.route));
        assert.deepStrictEqual(sent.map((e) => e.path), [], 'no stopped load was sent after the pause');
      }
    } finally {
      em.server.cfg.bursts = null;
    }
    const stopRow = (await children(await current(account)))[0]!;
    const item = t.tree.provider.getTreeItem(stopRow);
    assert.deepStrictEqual([item.label, item.description], ['Load again', 'refresh stopped']);
    await vscode.commands.executeCommand(item.command!.command, ...(item.command!.arguments ?? []));
    // Neon's pause still holds (unless the check above waited it out): the new load waits out the rest of it, and the status bar says so again.
    const label = t.services.accounts.get(acct)!.label;
    if (barWent) {
      await eventually(() => assert.ok(t.services.rateLimits!.snapshot.accounts.includes(label), 'waiting again is said again'), { timeout: 5_000 });
      // Meanwhile the row says it loads, in the workbench too, and offers no click (walk 33).
      const during = t.tree.provider.getTreeItem(stopRow);
      assert.deepStrictEqual([during.label, during.command], ['Loading…', undefined]);
      await eventually(async () => {
        const rows = shown(await treeRowsShown());
        assert.deepStrictEqual(rows.filter((l) => /Load again|Loading…/.test(l)).map((l) => l.trim()), ['Loading…'], rows.join(' | '));
      }, { timeout: 5_000, message: 'the workbench shows "Loading…" while the account loads again' });
    }
    await eventually(async () => {
      assert.deepStrictEqual(t.tree.provider.loading, []);
      assert.deepStrictEqual(shown(await treeRowsShown()), before);
    }, { timeout: 30_000, message: 'Load again reads the account again' });
    // Gone with the pause (the countdown ticks each second).
    await eventually(() => assert.ok(!t.services.rateLimits!.snapshot.accounts.includes(label), JSON.stringify(t.services.rateLimits!.snapshot)), { timeout: 3_000 });
  });

  it('Filter Projects… on a collapsed organization expands it to show what the filter found', async () => {
    const t = await testing();
    const org = `acct/${acct}/org/${ORG}`;
    await t.tree.view.reveal(await current(org), { select: true, focus: true });
    await vscode.commands.executeCommand('list.collapse');
    await eventually(async () => assert.ok(!shown(await treeRowsShown()).some((l) => l.trim().startsWith('acme-api')), 'collapsed'), { timeout: 10_000 });
    t.prompt.script({ input: 'api' });
    await vscode.commands.executeCommand('neonExplorer.filterProjects', await current(org));
    try {
      await eventually(
        async () => {
          const rows = shown(await treeRowsShown());
          assert.ok(rows.some((l) => l.trim().startsWith('acme-api')), rows.join(' | '));
          assert.ok(!rows.some((l) => l.trim().startsWith('acme-web')), rows.join(' | '));
        },
        { timeout: 10_000 },
      );
    } finally {
      await vscode.commands.executeCommand('neonExplorer.clearProjectFilter', await current(org));
    }
  });

  it('after Stop Loading, a row the person opens loads; the account waits for Load again', async () => {
    const t = await testing();
    const account = `acct/${acct}`;
    const org = `${account}/org/${ORG}`;
    await t.tree.view.reveal(await current(org), { select: true, focus: true });
    await vscode.commands.executeCommand('list.collapse');
    await eventually(async () => assert.ok(!shown(await treeRowsShown()).some((l) => l.trim().startsWith('acme-api')), 'collapsed'), { timeout: 10_000 });
    em.config.latencyMs = 3_000;
    let stoppedAt: number;
    try {
      await vscode.commands.executeCommand('neonExplorer.refreshNode', await current(account));
      await eventually(() => assert.ok(t.tree.provider.loading.includes(account), 'the account level is loading'), { timeout: 5_000, interval: 10 });
      await vscode.commands.executeCommand('neonExplorer.stopLoading');
      stoppedAt = em.server.log.mark();
    } finally {
      em.config.latencyMs = 0;
    }
    await eventually(async () => assert.ok(shown(await treeRowsShown()).some((l) => l.trim() === 'Load again [refresh stopped]'), shown(await treeRowsShown()).join(' | ')), { timeout: 10_000 });
    // Opening the organization by hand (a click on its twistie) is a request to load it, stop or not.
    await t.tree.view.reveal(await current(org), { expand: true, select: false, focus: false });
    await eventually(async () => assert.ok(shown(await treeRowsShown()).some((l) => l.trim().startsWith('acme-api')), shown(await treeRowsShown()).join(' | ')), { timeout: 10_000, message: "the opened organization's projects show" });
    assert.ok(em.server.log.since(stoppedAt).some((e) => e.route === 'GET /projects' && e.path.includes(ORG)), 'its projects were read after the stop');
    // A row never loaded before, opened by hand, loads too (without a click it waits for Load again).
    const api = [...em.state.projects.values()].find((p) => p.name === 'acme-api')!;
    await t.tree.view.reveal(await current(`${org}/project/${api.id}`), { expand: true, select: false, focus: false });
    await eventually(async () => {
      const rows = shown(await treeRowsShown());
      const at = rows.findIndex((l) => l.trim().startsWith('acme-api'));
      assert.match(rows[at + 1] ?? '', /^\s+main\b/, rows.join(' | '));
    }, { timeout: 10_000, message: "the opened project's branches show" });
    assert.ok(em.server.log.since(stoppedAt).some((e) => e.path.startsWith(`/api/v2/projects/${api.id}/branches`)), `its branches were read after the stop: ${em.server.log.since(stoppedAt).map((e) => e.path).join(', ')}`);
    // The account itself still offers Load again, which brings the rest back.
    assert.ok(shown(await treeRowsShown()).some((l) => l.trim() === 'Load again [refresh stopped]'), 'the account still says its refresh stopped');
    await vscode.commands.executeCommand('neonExplorer.refreshNode', await current(account));
    await eventually(async () => {
      assert.deepStrictEqual(t.tree.provider.loading, []);
      assert.ok(!shown(await treeRowsShown()).some((l) => /Load again/.test(l)), shown(await treeRowsShown()).join(' | '));
    }, { timeout: 20_000 });
  });
});
