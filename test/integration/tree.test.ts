// The Accounts tree in the real VS Code host against the emulator: every level, paging of a big
// org, error nodes and retry, refresh after an outside change, the project filter.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { startEmulator, type Emulator } from '../../emulator';
import { eventually } from './helpers/eventually';
import { addAccount, children, clearRequests, control, current, mintKey, removeAllAccounts, requests, row, rows, setBaseUrl, testing, walk, type Row } from './tree.support';

const pick = (rs: Row[], ...keys: (keyof Row)[]) => rs.map((r) => keys.map((k) => r[k]));

describe('tree', function () {
  this.timeout(90_000);

  describe('small account', () => {
    let em: Emulator;
    let acct: string;

    before(async () => {
      em = await startEmulator({ seed: 'small', quiet: true });
      await setBaseUrl(em.url);
      await removeAllAccounts();
      acct = await addAccount(em.apiKey, 'You');
    });
    after(async () => {
      await removeAllAccounts();
      await em?.close();
    });

    it('account → organizations, "Shared with me" (no personal space: no error)', async () => {
      const top = await rows();
      assert.deepStrictEqual(pick(top, 'id', 'label', 'contextValue'), [[`acct/${acct}`, 'You', 'account']]);
      const level = await rows(await current(`acct/${acct}`));
      assert.deepStrictEqual(pick(level, 'label', 'contextValue'), [
        // Not expanded: your role is not read yet (the admin actions are offered and check it).
        ['Acme Inc', 'org;roleunknown'],
        ['Side Project', 'org;roleunknown;free'],
        ['Data Team', 'org;roleunknown'],
        ['Shared with me', 'folder;shared'],
      ]);
      assert.strictEqual(level[0].id, `acct/${acct}/org/org-morning-bread-81040908`);
      assert.match(level[0].description, /^Business\b/, 'the plan by its name, not its id');
      assert.match(level[0].tooltip, /org\\?-morning\\?-bread/);
      // Walk 42: "Id:" and "Plan: Business (business)" where Show Organization Details says "ID:" and "Plan: Business".
      assert.match(level[0].tooltip, /^ID: `org-morning-bread-81040908` {2}$/m);
      assert.match(level[0].tooltip, /^Plan: `Business` {2}$/m);
    });

    it('a refresh of an account without a personal space does not ask for one again (Neon answers that list 400 every time)', async () => {
      await rows(await current(`acct/${acct}`));
      const unscoped = (mark: number) => em.server.log.since(mark).filter((e) => e.route === 'GET /projects' && !/[?&]org_id=/.test(e.path)).map((e) => `${e.path} ${e.status}`);
      for (let i = 0; i < 2; i++) {
        const mark = em.server.log.mark();
        await vscode.commands.executeCommand('neonExplorer.refreshNode', await current(`acct/${acct}`));
        const level = await rows(await current(`acct/${acct}`));
        assert.deepStrictEqual(level.map((r) => r.label), ['Acme Inc', 'Side Project', 'Data Team', 'Shared with me'], 'the account still shows its organizations and "Shared with me"');
        assert.ok(em.server.log.since(mark).some((e) => e.route === 'GET /users/me/organizations'), 'the level was read again');
        assert.deepStrictEqual(unscoped(mark), [], `refresh ${i + 1}: no unscoped project list`);
      }
    });

    it('rows go to the window without their Markdown tooltips (VS Code lexes each one as it sends it); hovering resolves each', async () => {
      const t = await testing();
      const acctNode = await current(`acct/${acct}`);
      const nodes = [acctNode, ...(await children(acctNode))];
      let markdown = 0;
      for (const n of nodes) {
        const sent = t.tree.provider.getTreeItem(n);
        assert.ok(!(sent.tooltip instanceof vscode.MarkdownString), `${n.id} is sent without a Markdown tooltip`);
        const own = n.tooltip();
        const hovered = t.tree.provider.resolveTreeItem(sent, n);
        if (!own) {
          assert.strictEqual(hovered.tooltip, sent.tooltip, `${n.id}: a plain tooltip stays as it was sent`);
          continue;
        }
        markdown++;
        assert.ok(hovered.tooltip instanceof vscode.MarkdownString && hovered.tooltip.value === own.value, `${n.id}: hovering gives its tooltip: ${JSON.stringify(hovered.tooltip)}`);
      }
      assert.ok(markdown >= 4, `the account and its organizations have Markdown tooltips (${markdown})`);
    });

    it('organization → folders then projects; the own role is learnt (admin in Acme, member elsewhere)', async () => {
      const acme = await walk('You', 'Acme Inc');
      const list = await rows(acme);
      assert.deepStrictEqual(pick(list.slice(0, 3), 'label', 'contextValue'), [
        ['Members', 'folder;members;manage'],
        ['Invitations', 'folder;invitations;manage'],
        ['API Keys', 'folder;apiKeys;manage'],
      ]);
      assert.deepStrictEqual(list.slice(3).map((r) => r.label).sort(), ['acme-analytics', 'acme-api', 'acme-sandbox', 'acme-web']);
      const web = list.find((r) => r.label === 'acme-web')!;
      assert.strictEqual(web.id, `${acme.id}/project/hidden-cell-76330112`);
      assert.strictEqual(web.contextValue, 'project;admin');
      assert.match(web.description, /PG \d+/);
      await eventually(async () => assert.strictEqual((await row(await current(acme.id))).contextValue, 'org;admin'));
      // An admin sees how many invitations and keys there are without expanding the folders (walk 29).
      await eventually(async () => {
        const folders = pick(await rows(await current(acme.id)), 'label', 'description').slice(0, 3);
        assert.deepStrictEqual(folders, [['Members', '3'], ['Invitations', '1'], ['API Keys', '2']]);
      });
      const mark = em.server.log.mark();
      const side = await walk('You', 'Side Project');
      await children(side);
      // Side Project is on the Free plan (no consumption history: Show Consumption is not offered).
      await eventually(async () => assert.strictEqual((await row(await current(side.id))).contextValue, 'org;free'));
      assert.match((await row(await current(side.id))).description, /member/);
      const sideProjects = await rows(await current(side.id));
      assert.strictEqual(sideProjects.find((r) => r.label === 'side-hustle')?.contextValue, 'project;free');
      assert.strictEqual(sideProjects.find((r) => r.label === 'Members')?.contextValue, 'folder;members', 'a member does not manage people');
      // A member's invitations are counted too (members may list them); API keys are not asked for (only admins may list them).
      await eventually(async () => assert.strictEqual((await rows(await current(side.id))).find((r) => r.label === 'Invitations')?.description, '0'));
      const sent = em.server.log.since(mark).map((e) => e.path);
      assert.ok(!sent.some((p) => /\/api_keys/.test(p)), sent.join(', '));
      assert.ok(sent.some((p) => /\/invitations/.test(p)), sent.join(', '));
    });

    it('Members, Invitations and API Keys list their items; an empty list offers the next step', async () => {
      const members = await rows(await walk('You', 'Acme Inc', 'Members'));
      assert.deepStrictEqual(members.map((r) => r.label), ['you@example.com', 'alice@acme.example', 'bob@acme.example']);
      assert.strictEqual(members[0].contextValue, 'member;admin;self;manage');
      assert.match(members[0].description, /^admin · joined 2024-03-01 · you$/);
      assert.strictEqual(members[1].contextValue, 'member;manage');
      const invitations = await rows(await walk('You', 'Acme Inc', 'Invitations'));
      assert.deepStrictEqual(pick(invitations, 'label', 'description', 'contextValue'), [['newhire@acme.example', 'member · invited 2025-09-01', 'invitation']]);
      const keys = await rows(await walk('You', 'Acme Inc', 'API Keys'));
      assert.deepStrictEqual(keys.map((r) => r.label).sort(), ['ci-deploy', 'preview-bot']);
      assert.ok(keys.every((r) => r.contextValue === 'orgApiKey'));
      assert.match(keys.find((r) => r.label === 'preview-bot')!.description, /project acme-web$/, 'the project by its name');
      const sideInvites = await rows(await walk('You', 'Side Project', 'Invitations'));
      // You are a member of Side Project: no invitation step is offered there.
      assert.deepStrictEqual(pick(sideInvites, 'label', 'contextValue', 'command'), [['No pending invitations', 'empty', undefined]]);
    });

    it('project → branches (default first; protected locked; Delete only where it can work) → roles (protected marked, owned databases)', async () => {
      const branches = await rows(await walk('You', 'Acme Inc', 'acme-web'));
      assert.ok(branches.length >= 2);
      assert.strictEqual(branches[0].label, 'main');
      // main is the default and has child branches: neither may be deleted.
      assert.strictEqual(branches[0].contextValue, 'branch;default;parent');
      assert.strictEqual(branches[0].description, 'default');
      const prot = branches.find((r) => /protected/.test(r.contextValue));
      assert.ok(prot, 'a protected branch is marked');
      assert.match(prot.description, /protected/);
      assert.match(branches[0].id, /\/project\/hidden-cell-76330112\/branch\/br-[a-z0-9-]+$/);
      const [folder, ...roles] = await rows(await walk('You', 'Acme Inc', 'acme-web', 'main'));
      assert.deepStrictEqual([folder.label, folder.contextValue], ['Databases', 'folder;databases'], 'the Databases folder comes first, beside the roles');
      assert.ok(roles.length >= 1);
      const owner = roles.find((r) => /owns/.test(r.description));
      assert.ok(owner, `a role that owns a database says so: ${JSON.stringify(roles)}`);
      assert.match(owner.tooltip, /Owns databases/);
      assert.ok(roles.every((r) => /^role(;protected)?(;owner)?$/.test(r.contextValue)));
      assert.match(owner.contextValue, /;owner$/, 'a role that owns a database is marked: Delete Role is not offered');
      assert.match(roles[0].id, /\/branch\/br-[a-z0-9-]+\/role\/[^/]+$/);
    });

    it('"Shared with me" lists projects shared with the user', async () => {
      const shared = await rows(await walk('You', 'Shared with me'));
      assert.deepStrictEqual(pick(shared, 'label', 'contextValue'), [['frank-experiments', 'project;shared']]);
      assert.match(shared[0].description, /shared/);
    });

    it('a screen reader hears what each row is, then its description comma-separated; folders say their count once known', async () => {
      const aria = async (...path: string[]) => (await row(await walk(...path))).aria;
      assert.match(await aria('You'), /^Account You, /);
      // The role is read with the members (the earlier tests expanded Acme Inc and its folders).
      await eventually(async () => assert.strictEqual(await aria('You', 'Acme Inc'), 'Organization Acme Inc, Business plan, you are admin'));
      assert.strictEqual(await aria('You', 'Acme Inc', 'Members'), 'Members folder, 3 members');
      assert.strictEqual(await aria('You', 'Acme Inc', 'Invitations'), 'Invitations folder, 1 invitation');
      assert.strictEqual(await aria('You', 'Acme Inc', 'Members', 'you@example.com'), 'Member you@example.com, admin, joined 2024-03-01, you');
      assert.strictEqual(await aria('You', 'Acme Inc', 'Invitations', 'newhire@acme.example'), 'Invitation for newhire@acme.example, member, invited 2025-09-01');
      assert.strictEqual(await aria('You', 'Acme Inc', 'API Keys', 'preview-bot'), 'API key preview-bot, by You Example, never used, project acme-web');
      assert.match(await aria('You', 'Acme Inc', 'acme-web'), /^Project acme-web, [a-z0-9-]+, PG \d+$/);
      assert.strictEqual(await aria('You', 'Acme Inc', 'acme-web', 'main'), 'Branch main, default');
      assert.match(await aria('You', 'Acme Inc', 'acme-web', 'staging'), /^Branch staging, protected\b.*, parent main$/);
      // A branch whose row shows no description still says where it comes from (walk 36 heard "Branch dev" alone).
      assert.strictEqual(await aria('You', 'Acme Inc', 'acme-web', 'dev'), 'Branch dev, parent main');
      assert.strictEqual(await aria('You', 'Acme Inc', 'acme-web', 'main', 'Databases'), 'Databases folder, 1 database');
      assert.strictEqual(await aria('You', 'Acme Inc', 'acme-web', 'main', 'app_user'), 'Role app_user');
      assert.strictEqual(await aria('You', 'Acme Inc', 'acme-web', 'main', 'neondb_owner'), 'Role neondb_owner, owns neondb');
      assert.strictEqual(await aria('You', 'Acme Inc', 'acme-web', 'main', 'Databases', 'neondb'), 'Database neondb, owner neondb_owner');
      assert.strictEqual(await aria('You', 'Shared with me'), 'Shared with me folder');
      assert.match(await aria('You', 'Shared with me', 'frank-experiments'), /^Project frank-experiments, .*shared$/);
    });

    it('a legacy account with a personal space shows "Personal projects"; an account with no org says so', async () => {
      const legacyKey = await mintKey(em, { kind: 'personal', email: 'legacy@example.com' });
      const legacy = await addAccount(legacyKey, 'Legacy');
      const level = await rows(await current(`acct/${legacy}`));
      assert.deepStrictEqual(pick(level, 'label', 'contextValue'), [
        ['Data Team', 'org;roleunknown'],
        ['Personal projects', 'folder;personal'],
        ['Shared with me', 'folder;shared'],
      ]);
      const personal = await rows(await current(`acct/${legacy}/personal`));
      assert.deepStrictEqual(personal.map((r) => r.label).sort(), ['legacy-blog', 'legacy-shop']);
      assert.ok(personal.every((r) => r.contextValue === 'project;admin'));

      const newKey = await mintKey(em, { kind: 'personal', email: 'newcomer@example.net' });
      const newcomer = await addAccount(newKey, 'Newcomer');
      const empty = await rows(await current(`acct/${newcomer}`));
      assert.deepStrictEqual(pick(empty, 'label', 'contextValue', 'command'), [
        ['No organizations — Refresh', 'empty', 'neonExplorer.refreshNode'],
        ['Shared with me', 'folder;shared', undefined],
      ]);
      // Its icon says what a click does (walk 25 saw an "add" icon on a row that refreshes).
      const t = await testing();
      const emptyRow = (await children(await current(`acct/${newcomer}`)))[0]!;
      assert.strictEqual((t.tree.provider.getTreeItem(emptyRow).iconPath as vscode.ThemeIcon).id, 'refresh');
      await t.services.accounts.remove(legacy);
      await t.services.accounts.remove(newcomer);
    });

    it('a failing load becomes "Couldn\'t load … — Retry", the reason beside it, with the request id; Retry loads it', async () => {
      const data = await walk('You', 'Data Team');
      const dataRows = await rows(data);
      assert.deepStrictEqual(dataRows.slice(0, 2).map((r) => r.label), ['Members', 'Invitations']);
      assert.ok(!dataRows.some((r) => r.label === 'API Keys'), 'members see no API Keys folder (admins only)');
      // A folder not opened yet: its first load fails (one opened before keeps its rows: next test).
      const folder = await child(data, 'Members');
      const err = await refreshUnder5xx(em, folder.id);
      assert.strictEqual(err.length, 1);
      assert.strictEqual(err[0].contextValue, 'error');
      assert.strictEqual(err[0].label, "Couldn't load — Retry");
      assert.match(err[0].description, /^members: Neon had a problem on its side \(5\d\d\)$/, 'what was not loaded first: the side bar cuts the end');
      assert.match(err[0].aria, /^Couldn't load members — Retry, Neon had a problem on its side \(5\d\d\)$/, 'a screen reader hears what was not loaded');
      assert.match(err[0].tooltip, /^\*\*Couldn't load members\*\*/);
      // The request id, once (the API's sentence carries it; no second line repeats it).
      assert.match(err[0].tooltip, /request(&nbsp;| )id/i);
      // The status page is a link of its own (the words after it are not part of the address).
      assert.match(err[0].tooltip, /\[https:\/\/neonstatus\\?\.com\]\(https:\/\/neonstatus\.com\)\\?\. \\?\(request id /, err[0].tooltip);
      assert.strictEqual(err[0].tooltip.match(/[0-9a-f]{8}\\?-[0-9a-f]{4}\\?-[0-9a-f]{4}/g)?.length, 1, err[0].tooltip);
      assert.strictEqual(err[0].command, 'neonExplorer.retryNode');
      const errNode = (await children(await current(folder.id)))[0];
      await vscode.commands.executeCommand('neonExplorer.retryNode', errNode);
      await eventually(async () => {
        const members = await rows(await current(folder.id));
        assert.ok(members.length > 0 && members.every((r) => r.contextValue.startsWith('member')), JSON.stringify(members.map((r) => r.contextValue)));
      });
    });

    it('a refresh that fails keeps the rows shown, under "Couldn\'t refresh … — Retry" and its reason; Retry replaces them', async () => {
      const acme = await walk('You', 'Acme Inc');
      const before = (await rows(acme)).map((r) => r.label);
      assert.ok(before.length > 3, `Acme shows its folders and projects: ${before}`);
      const after = await refreshUnder5xx(em, acme.id);
      assert.strictEqual(after[0].contextValue, 'error');
      assert.strictEqual(after[0].label, "Couldn't refresh — Retry");
      assert.match(after[0].description, /^projects: Neon had a problem on its side \(5\d\d\)$/);
      assert.match(after[0].tooltip, /shown(&nbsp;| )before;(&nbsp;| )they(&nbsp;| )may(&nbsp;| )have(&nbsp;| )changed/);
      assert.deepStrictEqual(after.slice(1).map((r) => r.label), before, 'the rows shown before stay, in order');
      await vscode.commands.executeCommand('neonExplorer.retryNode', (await children(await current(acme.id)))[0]);
      await eventually(async () => assert.deepStrictEqual((await rows(await current(acme.id))).map((r) => r.label), before));
    });

    it('refresh shows a change made outside the extension, and only that subtree is read again', async () => {
      const acme = await walk('You', 'Acme Inc');
      await children(acme);
      const res = await fetch(`${em.url}/projects`, {
        method: 'POST',
        headers: { authorization: `Bearer ${em.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ project: { name: 'made-outside', org_id: 'org-morning-bread-81040908' } }),
      });
      assert.strictEqual(res.status, 201);
      assert.ok(!(await rows(await current(acme.id))).some((r) => r.label === 'made-outside'), 'cached until refreshed');
      await clearRequests(em);
      await vscode.commands.executeCommand('neonExplorer.refreshNode', await current(acme.id));
      await eventually(async () => assert.ok((await rows(await current(acme.id))).some((r) => r.label === 'made-outside')));
      await rows(await current(`acct/${acct}`));
      const log = await requests(em);
      assert.strictEqual(log.byRoute['GET /users/me/organizations'] ?? 0, 0, 'the account level was not read again');
      assert.ok((log.byRoute['GET /projects'] ?? 0) >= 1);
    });

    it('"Filter projects…" (the list is complete: filtered in the host); the org shows the filter; clearing it restores the list', async () => {
      const t = await testing();
      const acme = await walk('You', 'Acme Inc');
      await children(acme);
      await clearRequests(em);
      t.prompt.script({ input: 'api' });
      await vscode.commands.executeCommand('neonExplorer.filterProjects', acme);
      await eventually(async () => {
        const r = await row(await current(acme.id));
        assert.strictEqual(r.contextValue, 'org;admin;filtered');
        assert.match(r.description, /filter: "api"/);
      });
      assert.deepStrictEqual((await rows(await current(acme.id))).slice(3).map((r) => r.label), ['acme-api']);
      assert.strictEqual((await requests(em)).byRoute['GET /projects'] ?? 0, 0, 'filtered in the host');
      t.prompt.script({ input: 'zzz-nothing' });
      await vscode.commands.executeCommand('neonExplorer.filterProjects', await current(acme.id));
      await eventually(async () => assert.deepStrictEqual(pick((await rows(await current(acme.id))).slice(3), 'label', 'command'), [['No projects match "zzz-nothing" — Clear filter', 'neonExplorer.clearProjectFilter']]));
      // Clear Filter's own icon (as in the view's title bar), not the "+" of a row that creates something.
      const noMatch = (await children(await current(acme.id))).at(-1)!;
      assert.strictEqual((t.tree.provider.getTreeItem(noMatch).iconPath as vscode.ThemeIcon).id, 'clear-all');
      await vscode.commands.executeCommand('neonExplorer.clearProjectFilter', await current(acme.id));
      await eventually(async () => assert.strictEqual((await row(await current(acme.id))).contextValue, 'org;admin'));
      assert.ok((await rows(await current(acme.id))).length >= 7);
    });
  });

  describe('an organization of 2,000 projects', () => {
    let em: Emulator;

    before(async () => {
      em = await startEmulator({ orgs: 1, projectsPerOrg: 2000, branches: 1, quiet: true });
      await setBaseUrl(em.url);
      await removeAllAccounts();
      await addAccount(em.apiKey, 'Big');
    });
    after(async () => {
      await removeAllAccounts();
      await em?.close();
    });

    it('shows 400 at once with "Load more…"; a double click fetches once; 5 pages of 400 list all', async () => {
      const org = await walk('Big', 'Acme Inc');
      await clearRequests(em);
      let list = await rows(org);
      assert.strictEqual(list.filter((r) => r.contextValue.startsWith('project')).length, 400);
      const more = list[list.length - 1];
      assert.deepStrictEqual([more.label, more.contextValue, more.command], ['Load more…', 'loadMore', 'neonExplorer.loadMore']);
      assert.strictEqual((await requests(em)).byRoute['GET /projects'], 1);

      // Double click: two commands on the same node → one request.
      const node = (await children(await current(org.id))).slice(-1)[0];
      const first = vscode.commands.executeCommand('neonExplorer.loadMore', node);
      // While the page is read, the row says so and offers no click (walk 33).
      await eventually(() => {
        const shownNow = (node as unknown as { getTreeItem(): vscode.TreeItem }).getTreeItem();
        assert.deepStrictEqual([shownNow.label, shownNow.command], ['Loading more…', undefined]);
      });
      await Promise.all([first, vscode.commands.executeCommand('neonExplorer.loadMore', node)]);
      assert.strictEqual((await requests(em)).byRoute['GET /projects'], 2, 'a double click fetches once');
      list = await rows(await current(org.id));
      assert.strictEqual(list.filter((r) => r.contextValue.startsWith('project')).length, 800);

      for (let i = 0; i < 10; i++) {
        const last = (await children(await current(org.id))).slice(-1)[0];
        if ((await row(last)).contextValue !== 'loadMore') break;
        await vscode.commands.executeCommand('neonExplorer.loadMore', last);
      }
      list = await rows(await current(org.id));
      const projects = list.filter((r) => r.contextValue.startsWith('project'));
      assert.strictEqual(projects.length, 2000);
      assert.strictEqual(new Set(projects.map((r) => r.id)).size, 2000, 'no duplicates');
      assert.ok(!list.some((r) => r.contextValue === 'loadMore'));
      const pages = (await requests(em)).byRoute['GET /projects'];
      // 5 full pages of 400; the API sends a cursor even after the last one, so one empty page ends it.
      assert.ok(pages >= 5 && pages <= 6, `5 pages of 400 (+1 empty end page), got ${pages}`);
      const cap = vscode.workspace.getConfiguration('neonExplorer').get<number>('maxConcurrentRequests', 6);
      assert.ok((await requests(em)).maxInFlight <= cap);
    });

    it('a refresh that fails keeps the 400 projects shown, without "Load more…" (its pages were dropped)', async () => {
      const org = await walk('Big', 'Acme Inc');
      await vscode.commands.executeCommand('neonExplorer.refreshNode', org);
      const shown = await rows(await current(org.id));
      assert.strictEqual(shown.filter((r) => r.contextValue.startsWith('project')).length, 400);
      const after = await refreshUnder5xx(em, org.id);
      assert.match(after[0].label, /^Couldn't refresh — Retry$/);
      assert.deepStrictEqual(after.slice(1).map((r) => r.id), shown.filter((r) => r.contextValue !== 'loadMore').map((r) => r.id));
      assert.ok(!after.some((r) => r.contextValue === 'loadMore'));
    });

    it('with neonExplorer.projects.loadAll every page is read at once', async () => {
      await vscode.workspace.getConfiguration('neonExplorer').update('projects.loadAll', true, vscode.ConfigurationTarget.Global);
      try {
        await clearRequests(em);
        const org = await eventually(async () => {
          const o = await walk('Big', 'Acme Inc');
          const list = await rows(o);
          assert.strictEqual(list.filter((r) => r.contextValue.startsWith('project')).length, 2000);
          return o;
        });
        assert.ok(!(await rows(org)).some((r) => r.contextValue === 'loadMore'));
        const pages = (await requests(em)).byRoute['GET /projects'];
        assert.ok(pages >= 5 && pages <= 7, `got ${pages}`);
      } finally {
        await vscode.workspace.getConfiguration('neonExplorer').update('projects.loadAll', undefined, vscode.ConfigurationTarget.Global);
      }
    });

    it('"Filter projects…" asks Neon while the list is partly loaded, and filters in the host without a request once it is complete', async () => {
      const t = await testing();
      const projectRows = async (id: string) => (await rows(await current(id))).filter((r) => r.contextValue.startsWith('project'));
      const org = await eventually(async () => {
        const o = await walk('Big', 'Acme Inc');
        assert.ok((await rows(o)).some((r) => r.contextValue === 'loadMore'), 'partly loaded');
        return o;
      });
      await clearRequests(em);
      t.prompt.script({ input: 'zzz-nothing' });
      await vscode.commands.executeCommand('neonExplorer.filterProjects', await current(org.id));
      await eventually(async () => assert.match((await rows(await current(org.id))).slice(-1)[0]!.label, /^No projects match "zzz-nothing"/));
      assert.ok(((await requests(em)).byRoute['GET /projects'] ?? 0) >= 1, 'Neon searched the projects not loaded');
      await vscode.commands.executeCommand('neonExplorer.clearProjectFilter', await current(org.id));

      await vscode.workspace.getConfiguration('neonExplorer').update('projects.loadAll', true, vscode.ConfigurationTarget.Global);
      try {
        const all = await eventually(async () => {
          const list = await projectRows((await walk('Big', 'Acme Inc')).id);
          assert.strictEqual(list.length, 2000);
          return list;
        });
        const text = all[1234]!.label;
        await clearRequests(em);
        t.prompt.script({ input: text });
        await vscode.commands.executeCommand('neonExplorer.filterProjects', await current(org.id));
        await eventually(async () => {
          const shown = await projectRows(org.id);
          assert.ok(shown.some((r) => r.label === text), `${text} shows`);
          assert.ok(shown.length < 2000 && shown.every((r) => r.label.toLowerCase().includes(text.toLowerCase()) || r.id.includes(text)), 'only matches show');
        });
        await vscode.commands.executeCommand('neonExplorer.clearProjectFilter', await current(org.id));
        await eventually(async () => assert.strictEqual((await projectRows(org.id)).length, 2000));
        assert.strictEqual((await requests(em)).byRoute['GET /projects'] ?? 0, 0, 'no request: the whole list was in the host');
      } finally {
        await vscode.workspace.getConfiguration('neonExplorer').update('projects.loadAll', undefined, vscode.ConfigurationTarget.Global);
      }
    });
  });
});

/** Refreshes a node while every request answers 5xx; its rows then. */
async function refreshUnder5xx(em: Emulator, id: string): Promise<Row[]> {
  await control(em, '/config', { faultRate: 1, faults: ['5xx'] });
  try {
    await vscode.commands.executeCommand('neonExplorer.refreshNode', await current(id));
    return await rows(await current(id));
  } finally {
    await control(em, '/config', { faultRate: 0 });
  }
}

async function child(node: Awaited<ReturnType<typeof walk>>, label: string) {
  for (const n of await children(node)) if ((await row(n)).label.startsWith(label)) return n;
  throw new Error(`no ${label}`);
}
