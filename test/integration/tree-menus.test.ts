// What a right-click offers on each row, read from the workbench's own context menus in the browser:
// no action that always fails (Delete Role on a role owning a database, Delete Branch on the default,
// a protected branch or one with child branches), the reason in the row's tooltip instead; an
// invitation and a role have Copy and Open in Console; names where ids used to show (issue 13).
import * as assert from 'assert';
import * as vscode from 'vscode';
import { startEmulator, type Emulator } from '../../emulator';
import type { TreeNode } from '../../src/tree/node';
import { contextMenuOf, pressKey, skipUnlessBrowser, treeRowsShown } from './helpers/browser';
import { eventually, sleep } from './helpers/eventually';
import { addAccount, children, current, removeAllAccounts, row, testing } from './tree.support';
import { startClean } from './helpers/suite';

const ORG = 'org-morning-bread-81040908';
const WEB = 'hidden-cell-76330112';

const labels = (items: { label: string }[]) => items.map((i) => i.label);

describe('tree in the workbench: context menus and labels', function () {
  this.timeout(180_000);
  let em: Emulator;
  let acct: string;
  let org: string;
  let web: string;

  before(async function () {
    skipUnlessBrowser(this);
    em = await startEmulator({ seed: 'small', quiet: true });
    await startClean(em);
    await vscode.commands.executeCommand('neonExplorer.accounts.focus');
    // What earlier tests showed is gone before this account comes.
    await eventually(async () => assert.deepStrictEqual(await treeRowsShown(), []), { timeout: 20_000, message: 'the view is empty' });
    acct = await addAccount(em.apiKey, 'You');
    org = `acct/${acct}/org/${ORG}`;
    web = `${org}/project/${WEB}`;
    await vscode.commands.executeCommand('neonExplorer.accounts.focus');
  });
  after(async () => {
    await removeAllAccounts();
    await em?.close();
  });

  async function expand(id: string, expectChild: string): Promise<void> {
    const t = await testing();
    await t.tree.view.reveal(await current(id), { expand: true, select: false, focus: false });
    await eventually(async () => assert.ok((await treeRowsShown()).some((r) => r.label === expectChild), `"${expectChild}" shown under ${id}`), { timeout: 20_000 });
  }

  async function childLabelled(parent: string, label: string): Promise<TreeNode> {
    for (const n of await children(await current(parent))) if ((await row(n)).label === label) return n;
    throw new Error(`no "${label}" under ${parent}`);
  }

  it('plan names, the scoped key\'s project name, the inviter\'s email, the Members icon, "default" once', async () => {
    const t = await testing();
    await expand(`acct/${acct}`, 'Acme Inc');
    await expand(org, 'Members');
    // Not expanded yet, the Members row shows its count: the org read its members to learn your role.
    const memberCount = [...em.state.members.values()].filter((m) => m.orgId === ORG).length;
    await eventually(async () => assert.strictEqual((await treeRowsShown()).find((r) => r.label === 'Members')?.description, String(memberCount)), { timeout: 10_000 });
    await expand(`${org}/invitations`, 'newhire@acme.example');
    await expand(`${org}/apiKeys`, 'preview-bot');
    await expand(web, 'main');
    const shown = await treeRowsShown();
    const desc = (label: string) => shown.find((r) => r.label === label)?.description;
    // The org row learns your role from the members list and is redrawn once the window has drawn
    // what loaded below it: wait for that.
    await eventually(async () => assert.strictEqual((await treeRowsShown()).find((r) => r.label === 'Acme Inc')?.description, 'Business · admin'), { timeout: 10_000 });
    assert.match(desc('Side Project') ?? '', /^Free\b/);
    assert.match(desc('Data Team') ?? '', /^Launch\b/);
    assert.strictEqual(desc('preview-bot'), 'by You Example · never used · project acme-web');
    assert.match((await row(await childLabelled(`${org}/apiKeys`, 'preview-bot'))).tooltip, /Scope: `project acme-web \(hidden-cell-76330112\)`/);
    assert.match((await row(await childLabelled(`${org}/invitations`, 'newhire@acme.example'))).tooltip, /Invited by: `you@example\.com`/);
    assert.strictEqual(desc('main'), 'default');
    // A screen reader hears what the row is, then the description apart, and no trailing space without one.
    assert.strictEqual(shown.find((r) => r.label === 'main')?.ariaLabel, 'Branch main, default');
    assert.strictEqual(shown.find((r) => r.label === 'Members')?.ariaLabel, `Members folder, ${memberCount} members`);
    assert.strictEqual((await treeRowsShown()).find((r) => r.label === 'Acme Inc')?.ariaLabel, 'Organization Acme Inc, Business plan, you are admin');
    const plain = shown.find((r) => r.description === '');
    assert.ok(plain, 'a row without a description is shown');
    assert.ok(plain.ariaLabel.includes(plain.label) && !/\s$/.test(plain.ariaLabel), plain.ariaLabel);
    const members = t.tree.provider.getTreeItem(await current(`${org}/members`));
    const orgItem = t.tree.provider.getTreeItem(await current(org));
    assert.notStrictEqual((members.iconPath as vscode.ThemeIcon).id, (orgItem.iconPath as vscode.ThemeIcon).id, 'Members has its own icon');
  });

  it('Delete Role is not offered on a role that owns a database, and the tooltip says why; roles have Copy Name and Open in Console', async () => {
    const t = await testing();
    const main = await childLabelled(web, 'main');
    await expand(main.id, 'neondb_owner');
    const owner = await contextMenuOf('neondb_owner');
    assert.ok(!labels(owner).includes('Delete Role…'), `no Delete Role: ${labels(owner)}`);
    // A role has no id in Neon's API: the menu says what it copies.
    assert.ok(labels(owner).includes('Copy Name') && !labels(owner).includes('Copy ID') && labels(owner).includes('Open in Neon Console…'), `Copy Name, Open in Console: ${labels(owner)}`);
    // A role row refreshes the branch it is on (src/commands/treeCommands.ts; tree-refresh.test.ts checks the re-read).
    assert.ok(labels(owner).includes('Refresh'), `Refresh: ${labels(owner)}`);
    const ownerNode = await childLabelled(main.id, 'neondb_owner');
    assert.match((await row(ownerNode)).tooltip, /A role that owns a database cannot be deleted: give that database another owner, or delete it, first\./);
    const app = await contextMenuOf('app_user');
    assert.ok(labels(app).includes('Delete Role…'), `a role owning nothing can be deleted: ${labels(app)}`);
    // Neon's own web_access role has no password: nothing that needs one is offered.
    const webAccess = labels(await contextMenuOf('web_access'));
    for (const needsPassword of ['Copy or Save Role Password…', 'Copy Connection String…', 'Save Connection to .env…', 'Reset Role Password…', 'Test Connection…', 'Delete Role…']) {
      assert.ok(!webAccess.includes(needsPassword), `web_access offers ${needsPassword}: ${webAccess.join(', ')}`);
    }
    assert.ok(labels(app).includes('Copy or Save Role Password…') && labels(app).includes('Save Connection to .env…'), labels(app).join(', '));
    // Copy Name copies the role's name (what the API knows it by); Open in Console opens its branch's page.
    await vscode.commands.executeCommand('neonExplorer.copyName', ownerNode);
    assert.strictEqual(await vscode.env.clipboard.readText(), 'neondb_owner');
    assert.ok(t.prompt.shown.some((x) => x.kind === 'info' && x.text === 'Copied neondb_owner'), JSON.stringify(t.prompt.shown.slice(-2)));
    const url = await vscode.commands.executeCommand<string>('neonExplorer.openInConsole', ownerNode);
    assert.match(url, new RegExp(`/app/projects/${WEB}/branches/${(main as unknown as { branchId: string }).branchId}$`));
    assert.ok(t.tree.provider.node(ownerNode.id));
  });

  it('F2 and Delete act on the focused row (not the selected one) as its menu does: its own question names it; nothing where the menu offers no such action', async () => {
    const t = await testing();
    const main = await childLabelled(web, 'main');
    const dev = await childLabelled(web, 'dev');
    await expand(main.id, 'app_user');
    /** Moves the keyboard focus to `node` (the selection stays), presses `key`, returns what was asked then. */
    const press = async (node: TreeNode, key: string, answered = true) => {
      await t.tree.view.reveal(node, { focus: true, select: false });
      t.prompt.reset();
      if (answered) t.prompt.script({ dismiss: true });
      const at = await pressKey(key);
      assert.strictEqual(at.focused, (await row(node)).label, `${key} was pressed on ${at.focused}`);
      if (answered) await eventually(() => assert.strictEqual(t.prompt.pending(), 0, `${key} on ${node.id} asked nothing`), { timeout: 10_000 });
      else await sleep(1500);
      return t.prompt.shown.filter((x) => x.kind === 'input');
    };
    await t.tree.view.reveal(main, { focus: true, select: true });
    // Delete on dev while main is selected: the typed-name question of dev, then Escape.
    const onDev = await press(dev, 'Delete');
    assert.strictEqual(onDev.length, 1, JSON.stringify(onDev));
    assert.strictEqual(onDev[0]!.placeHolder, 'dev', onDev[0]!.text);
    assert.strictEqual(t.tree.view.selection[0]?.id, main.id, 'main stayed selected');
    const rename = await press(main, 'F2');
    assert.strictEqual(rename[0]?.value, 'main', JSON.stringify(rename));
    assert.match(rename[0]!.text, /Rename Branch/);
    // The default branch, a role owning a database and a protected role offer no Delete: the key
    // asks nothing and says why (walk 35), and the log names the row, not its internal id.
    const infos = () => t.prompt.shown.filter((x) => x.kind === 'info').map((x) => x.text);
    assert.deepStrictEqual(await press(main, 'Delete', false), []);
    assert.deepStrictEqual(infos(), ['Branch main is the default branch of its project: it cannot be deleted.']);
    assert.deepStrictEqual(await press(await childLabelled(main.id, 'neondb_owner'), 'Delete', false), []);
    assert.deepStrictEqual(infos(), ['Role neondb_owner owns database neondb: it cannot be deleted until the database has another owner or is deleted.']);
    assert.deepStrictEqual(await press(await childLabelled(main.id, 'web_access'), 'Delete', false), []);
    assert.deepStrictEqual(infos(), ['Role web_access is protected: Neon manages it, so it cannot be deleted.']);
    assert.ok(t.logLines.some((l) => l.includes('delete is not offered on branch main: the key is ignored')), t.logLines.filter((l) => l.includes('not offered')).join('\n'));
    assert.ok(!t.logLines.some((l) => l.includes(`not offered on ${main.id}`)), 'no internal id in the log');
    const onRole = await press(await childLabelled(main.id, 'app_user'), 'Delete');
    assert.strictEqual(onRole[0]?.placeHolder, 'app_user', JSON.stringify(onRole));
    assert.ok(!t.prompt.shown.some((x) => x.kind === 'error'), JSON.stringify(t.prompt.shown));
    // Nothing was deleted or renamed.
    assert.ok(em.state.detail(em.state.projects.get(WEB)!).branches.has((dev as unknown as { branchId: string }).branchId));
  });

  it('Delete Branch is offered only where Neon can do it: not on the default, a protected branch or one with children', async () => {
    const branches = await children(await current(web));
    for (const b of branches) {
      const label = (await row(b)).label;
      const menu = labels(await contextMenuOf(label, 4));
      const why = (b as unknown as { whyNotDeletable(): string | undefined }).whyNotDeletable();
      assert.strictEqual(menu.includes('Delete Branch…'), why === undefined, `${label}: ${menu.join(', ')} (${why ?? 'deletable'})`);
      if (why) assert.ok((await row(b)).tooltip.includes(why), `${label}'s tooltip says why`);
    }
    const reasons = branches.map((b) => (b as unknown as { whyNotDeletable(): string | undefined }).whyNotDeletable());
    assert.match(reasons[0] ?? '', /default branch cannot be deleted/);
    assert.ok(reasons.some((r) => /protected branch cannot be deleted/.test(r ?? '')), 'the protected branch');
    assert.ok(reasons.some((r) => r === undefined), 'a branch that can be deleted keeps the action');

    // A branch with a child: its own Delete goes; the child's stays.
    const dev = branches.find((b) => (b as unknown as { branchName: string }).branchName === 'dev')!;
    const res = await fetch(`${em.url}/projects/${WEB}/branches`, {
      method: 'POST',
      headers: { authorization: `Bearer ${em.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ branch: { name: 'dev-child', parent_id: (dev as unknown as { branchId: string }).branchId } }),
    });
    assert.ok(res.ok, `create: ${res.status}`);
    await vscode.commands.executeCommand('neonExplorer.refreshNode', await current(web));
    await eventually(async () => assert.ok((await treeRowsShown()).some((r) => r.label === 'dev-child')), { timeout: 20_000 });
    await sleep(300);
    assert.ok(!labels(await contextMenuOf('dev', 4)).includes('Delete Branch…'), 'dev has a child now');
    assert.ok(labels(await contextMenuOf('dev-child', 4)).includes('Delete Branch…'));
    assert.match((await row(await childLabelled(web, 'dev'))).tooltip, /Branches made from it \(dev-child\) must be deleted before it can be/);
  });

  it('a branch without a compute offers no connection actions, nor do its roles and databases; its row says so and why; once a compute is added, a refresh offers them', async () => {
    const CONNECT = ['Copy Connection String…', 'Save Connection to .env…', 'Test Connection…', 'Open psql…'];
    // dev-child was created through the API without endpoints (the previous test): no compute, as in Neon.
    const child = await childLabelled(web, 'dev-child');
    const childId = (child as unknown as { branchId: string }).branchId;
    const branch = em.state.detail(em.state.projects.get(WEB)!).branches.get(childId)!;
    em.state.newRole(branch, 'nc_role');
    em.state.newDatabase(branch, 'nc_db', 'nc_role');
    await vscode.commands.executeCommand('neonExplorer.refreshNode', await current(web));
    await expand(child.id, 'nc_role');
    await expand(`${child.id}/databases`, 'nc_db');
    const shown = await treeRowsShown();
    assert.match(shown.find((r) => r.label === 'dev-child')?.description ?? '', /no compute/);
    assert.match((await row(await childLabelled(web, 'dev-child'))).tooltip, /No compute: nothing can connect to this branch/);
    for (const [label, level] of [['dev-child', 4], ['nc_role', 5], ['nc_db', 6]] as const) {
      const menu = labels(await contextMenuOf(label, level));
      for (const c of CONNECT) assert.ok(!menu.includes(c), `${label} offers ${c}: ${menu.join(', ')}`);
      assert.ok(menu.includes('Copy ID') || menu.includes('Copy Name') || menu.includes('Delete Database…'), `${label} keeps its other actions: ${menu.join(', ')}`);
    }
    // A database row has Copy Name (the API names databases by name) and Open in Console (its branch's page).
    const dbMenu = labels(await contextMenuOf('nc_db', 6));
    assert.ok(dbMenu.includes('Copy Name') && !dbMenu.includes('Copy ID') && dbMenu.includes('Open in Neon Console…') && dbMenu.includes('Refresh'), `nc_db: ${dbMenu.join(', ')}`);
    const db = (await children(await current(`${child.id}/databases`))).find((n) => (n as unknown as { databaseName?: string }).databaseName === 'nc_db')!;
    await vscode.commands.executeCommand('neonExplorer.copyName', db);
    assert.strictEqual(await vscode.env.clipboard.readText(), 'nc_db');
    const dbUrl = await vscode.commands.executeCommand<string>('neonExplorer.openInConsole', db);
    assert.match(dbUrl, new RegExp(`/app/projects/${WEB}/branches/${childId}$`));
    // dev has a compute: it keeps every connection action.
    const dev = labels(await contextMenuOf('dev', 4));
    for (const c of CONNECT) assert.ok(dev.includes(c), `dev offers ${c}: ${dev.join(', ')}`);

    // A compute added in the Console (outside the extension); refreshing the branch offers the actions again.
    em.state.newEndpoint(em.state.projects.get(WEB)!, childId, 'read_write');
    await vscode.commands.executeCommand('neonExplorer.refreshNode', await current(child.id));
    await eventually(async () => assert.doesNotMatch((await treeRowsShown()).find((r) => r.label === 'dev-child')?.description ?? '', /no compute/), { timeout: 20_000 });
    await expand(child.id, 'nc_role');
    await sleep(300);
    const after = labels(await contextMenuOf('nc_role', 5));
    for (const c of CONNECT) assert.ok(after.includes(c), `nc_role offers ${c} once its branch has a compute: ${after.join(', ')}`);
  });

  it('a branch row\'s "reset … ago" ages while the view is shown: redrawn from what the row holds, with no request, and at once when the view is shown again (walk 42)', async () => {
    const t = await testing();
    const provider = t.tree.provider;
    const dev = await childLabelled(web, 'dev');
    const id = dev.id;
    const shownDev = async () => (await treeRowsShown()).find((r) => r.label === 'dev' && r.level === 4)?.description ?? '';
    const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
    // Reset 10 s ago, as Neon says it after a refresh.
    em.state.detail(em.state.projects.get(WEB)!).branches.get((dev as unknown as { branchId: string }).branchId)!.lastResetAt = ago(10_000).replace(/\.\d{3}Z$/, 'Z');
    await vscode.commands.executeCommand('neonExplorer.refreshNode', await current(web));
    await eventually(async () => assert.match(await shownDev(), /\breset just now\b/), { timeout: 10_000 });
    const held = () => (provider.node(id) as unknown as { branch: { last_reset_at?: string } }).branch;
    const before = em.server.log.mark();
    provider.timesEveryMs = 300;
    try {
      // Time passes (stood in for by the data the row holds moving back): the words follow without a refresh.
      held().last_reset_at = ago(14 * 60_000);
      provider.timesVisible(true);
      await eventually(async () => assert.match(await shownDev(), /\breset 14 minutes ago\b/), { timeout: 10_000, message: 'the row says how long ago now' });
      assert.deepStrictEqual(em.server.log.since(before).map((e) => e.route), [], 'redrawn without a request');
      assert.deepStrictEqual(provider.redrawTimes(), [], 'nothing redrawn while the words are the same');
    } finally {
      provider.timesEveryMs = 15_000;
    }
    // Hidden, the timer stops; shown again, the words are brought up to date at once (its next minute is far).
    await vscode.commands.executeCommand('workbench.view.explorer');
    await eventually(() => assert.strictEqual(t.tree.view.visible, false), { timeout: 10_000 });
    held().last_reset_at = ago(3 * 3_600_000);
    await vscode.commands.executeCommand('neonExplorer.accounts.focus');
    await eventually(async () => assert.match(await shownDev(), /\breset 3 hours ago\b/), { timeout: 5_000, message: 'brought up to date when shown' });
  });

  it('an invitation offers Resend or Revoke in Neon Console (its People page, inline too) and Copy Email; its tooltip says resend and revoke are not in the API', async () => {
    const menu = labels(await contextMenuOf('newhire@acme.example'));
    assert.deepStrictEqual(menu, ['Resend or Revoke in Neon Console', 'Copy Email', 'Refresh']);
    const inv = await childLabelled(`${org}/invitations`, 'newhire@acme.example');
    assert.match((await row(inv)).tooltip, /cannot resend or revoke an invitation/);
    await vscode.commands.executeCommand('neonExplorer.copyEmail', inv);
    assert.strictEqual(await vscode.env.clipboard.readText(), 'newhire@acme.example');
    const url = await vscode.commands.executeCommand<string>('neonExplorer.manageInvitation', inv);
    assert.match(url, new RegExp(`/app/${ORG}/people$`));
  });

  it('clearing a project filter keeps an expanded project expanded', async () => {
    const t = await testing();
    t.prompt.script({ input: 'web' });
    await vscode.commands.executeCommand('neonExplorer.filterProjects', await current(org));
    await eventually(async () => assert.ok(!(await treeRowsShown()).some((r) => r.label === 'acme-api'), 'filtered'), { timeout: 20_000 });
    await expand(web, 'main');
    await sleep(300);
    await vscode.commands.executeCommand('neonExplorer.clearProjectFilter', await current(org));
    await eventually(
      async () => {
        const shown = await treeRowsShown();
        assert.ok(shown.some((r) => r.label === 'acme-api'), 'the filter is cleared');
        assert.strictEqual(shown.find((r) => r.label === 'acme-web')?.expanded, true, 'acme-web is still expanded');
        assert.ok(shown.some((r) => r.label === 'main'), 'its branches still show');
      },
      { timeout: 20_000 },
    );
  });

  it('what needs an organization admin is offered only where you are one; a shared project offers no Delete or Transfer', async () => {
    const t = await testing();
    // Few rows at a time: a row must be drawn (not scrolled away) to be right-clicked.
    const menuOf = (label: string) => contextMenuOf(label).catch((e: Error) => Promise.reject(new Error(`the menu of "${label}": ${e.message}`)));
    const collapseAll = () => vscode.commands.executeCommand('workbench.actions.treeView.neonExplorer.accounts.collapseAll');
    await collapseAll();
    // Acme Inc: you are an admin.
    await expand(`acct/${acct}`, 'Acme Inc');
    await expand(org, 'acme-api');
    const admin = labels(await menuOf('acme-api'));
    assert.ok(admin.includes('Delete Project…') && admin.includes('Transfer Project…'), admin.join(', '));
    const acmeMembers = labels(await menuOf('Members'));
    assert.ok(acmeMembers.includes('Invite Members…') && acmeMembers.includes('Refresh'), acmeMembers.join(', '));
    await expand(`${org}/members`, 'alice@acme.example');
    const alice = labels(await menuOf('alice@acme.example'));
    assert.ok(alice.includes('Change Member Role…') && alice.includes('Remove Member…'), alice.join(', '));
    // Side Project and the shared folder: you are a member there, a guest here.
    await collapseAll();
    const side = `acct/${acct}/org/org-ocean-art-12345678`;
    await expand(`acct/${acct}`, 'Side Project');
    // Not expanded yet, so your role there is not read: Invite and Create API Key are offered (the command checks the role).
    const unread = labels(await menuOf('Side Project'));
    assert.ok(unread.includes('Invite Members…') && unread.includes('Create Organization API Key…'), unread.join(', '));
    // Run there, Invite reads the role and refuses; the row's menu then follows the role it read.
    t.prompt.reset();
    await vscode.commands.executeCommand('neonExplorer.inviteMembers', await current(side));
    assert.match(t.prompt.shown.find((x) => x.kind === 'warning')?.text ?? '', /^You are a member of Side Project, not an admin: only its admins can invite people/);
    await eventually(async () => {
      const refused = labels(await menuOf('Side Project'));
      assert.ok(!refused.includes('Invite Members…') && !refused.includes('Create Organization API Key…'), refused.join(', '));
    }, { timeout: 10_000 });
    await expand(side, 'side-hustle');
    // Expanded: you are a member there, so neither is offered any longer.
    await eventually(async () => {
      const read = labels(await menuOf('Side Project'));
      assert.ok(!read.includes('Invite Members…') && !read.includes('Create Organization API Key…'), read.join(', '));
    }, { timeout: 10_000 });
    await expand(`${side}/members`, 'erin@sideproject.example');
    await expand(`acct/${acct}/shared`, 'frank-experiments');
    const member = labels(await menuOf('side-hustle'));
    assert.ok(!member.includes('Delete Project…') && !member.includes('Transfer Project…'), member.join(', '));
    // Side Project is on the Free plan: Neon keeps no consumption history there, so no chart is offered.
    assert.ok(!member.includes('Show Consumption…'), member.join(', '));
    assert.ok(!labels(await menuOf('Side Project')).includes('Show Consumption…'));
    assert.ok(admin.includes('Show Consumption…'), `a Business org's project offers it: ${admin.join(', ')}`);
    assert.ok(member.includes('Rename Project…') && member.includes('Create Branch…'), member.join(', '));
    const guest = labels(await menuOf('frank-experiments'));
    assert.ok(!guest.includes('Delete Project…') && !guest.includes('Transfer Project…'), guest.join(', '));
    // A guest cannot rename or share the project (Neon answers 403): not offered; connecting and branches are.
    assert.ok(!guest.includes('Rename Project…') && !guest.includes('Share Project with Guest…'), guest.join(', '));
    assert.ok(guest.includes('Create Branch…') && guest.includes('Copy Connection String…'), guest.join(', '));
    const folder = labels(await menuOf('Members'));
    assert.ok(!folder.includes('Invite Members…') && folder.includes('Refresh'), folder.join(', '));
    const erin = labels(await menuOf('erin@sideproject.example'));
    assert.ok(!erin.includes('Change Member Role…') && !erin.includes('Remove Member…'), erin.join(', '));
    assert.ok(erin.includes('Copy Email'), erin.join(', '));
    // Your own row: leaving is yours to do; your role is not.
    const you = labels(await menuOf('you@example.com'));
    assert.ok(you.includes('Remove Member…') && !you.includes('Change Member Role…'), you.join(', '));
  });
});
