// Every registered command under faults, answered by the ScriptedPrompter as a person would. Each
// one settles within 60 s and never throws out; it ends either in its result (checked in the
// emulator's state, the tree or what was shown) or in an error sentence with the request id.
// Every create (project, branch, role, invitation, org API key, share) is checked against the
// emulator: the object exists at most once, exactly once when the command said it worked, one
// applied POST made it (a POST is never re-sent after a drop), and a refresh shows the truth.
import * as assert from 'assert';
import * as dotenv from 'dotenv';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { CommandIds } from '../../../src/commands/ids';
import type { Emulator } from '../../../emulator';
import type { TreeNode } from '../../../src/tree/node';
import type { Answer, Shown } from '../../../src/testing';
import { clearClipboard, readClipboard, refs, setSetting } from '../commands-role.support';
import { packageJson, workspaceDir } from '../helpers/extension';
import { eventually } from '../helpers/eventually';
import { addAccount, control, mintKey, removeAllAccounts, row, type Testing } from '../tree.support';
import { calm, CONNECT_SUITE_COMMANDS, countCommand, figures, useChaosEmulator, within } from './chaos.support';
import { userChose } from '../helpers/secrets';
import { startClean } from '../helpers/suite';

const ACME = 'org-morning-bread-81040908';
const DATA = 'org-bitter-breeze-35816640';
const ACME_API = 'shiny-wind-02883413';
const COMMAND_MS = 60_000;
/** Writes under heavier faults: a quarter of the answers dropped, a quarter malformed. */
const HEAVY = { '5xx': 0.1, drop: 0.25, malformed: 0.25 };

interface Outcome {
  result: unknown;
  shown: Shown[];
  errors: string[];
  ok: boolean;
}

interface Scenario {
  id: string;
  /** Builds the scene (with faults off) and returns the command's arguments and answers. */
  setup: () => Promise<{ args: unknown[]; answers: Answer[] }>;
  /** When the command showed no error: what must be true. */
  check?: (o: Outcome) => void | Promise<void>;
  /** A create: how many objects carry its name now, the POST route, and where the tree shows it. */
  create?: { count: () => number; route: string; tree?: () => Promise<{ parent: string[]; label: string }> };
}

describe('faults: commands', function () {
  this.timeout(600_000);
  const emulator = useChaosEmulator();
  let t: Testing;
  let you: string;
  let n = 0;
  const unique = (base: string) => `${base}-${++n}-${Date.now().toString(36)}`;
  const r = refs(emulator, () => you);
  const acme = () => ({ accountId: you, orgId: ACME, orgName: 'Acme Inc' });
  const data = () => ({ accountId: you, orgId: DATA, orgName: 'Data Team' });
  const em = () => emulator();
  const linkedDir = () => path.join(workspaceDir(), 'faults-linked');
  const s = () => em().state;

  /** The emulator's API with the main key, faults off: scene building only. */
  async function api<T = any>(method: string, p: string, body?: unknown): Promise<T> {
    return calm(em(), async () => {
      const res = await fetch(`${em().url}${p}`, {
        method,
        headers: { authorization: `Bearer ${em().apiKey}`, 'content-type': 'application/json', accept: 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${text}`);
      return (text ? JSON.parse(text) : undefined) as T;
    });
  }
  /** As api, sent again while an operation of an earlier scene step still runs on the branch (423). */
  async function settledApi<T = any>(method: string, p: string, body?: unknown): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await api<T>(method, p, body);
      } catch (e) {
        if (attempt >= 50 || !/: 423 /.test((e as Error).message)) throw e;
        await new Promise((res) => setTimeout(res, 100));
      }
    }
  }
  const newProject = async (name: string, orgId = ACME) => {
    const p = await api<{ project: { id: string } }>('POST', '/projects', { project: { name, org_id: orgId } });
    return r.project(p.project.id);
  };
  const memberRef = (email: string) => {
    const m = s().orgMembers(ACME).find((x) => s().users.get(x.userId)?.email === email)!;
    return { ...acme(), memberId: m.id, email, role: m.role };
  };

  /** Children of a node until they are data (an error node is retried, as a person would). */
  async function settled(node: TreeNode | undefined): Promise<TreeNode[]> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const current = node ? t.tree.provider.node(node.id) ?? node : undefined;
      const list = await within(t.tree.provider.getChildren(current), 30_000, `children of ${node?.id ?? 'root'}`);
      const rows = await Promise.all(list.map(row));
      if (!rows.some((x) => x.contextValue === 'error')) return list;
      await vscode.commands.executeCommand('neonExplorer.retryNode', list[0]);
    }
    throw new Error(`children of ${node?.id ?? 'root'} still fail after 10 retries`);
  }
  async function treePath(labels: string[], refreshLast = false): Promise<TreeNode | undefined> {
    let node: TreeNode | undefined;
    for (const [i, label] of labels.entries()) {
      if (refreshLast && i === labels.length - 1 && node) {
        await vscode.commands.executeCommand('neonExplorer.refreshNode', node);
      }
      let found: TreeNode | undefined;
      // Two projects a page: click "Load more…" until the label shows.
      for (let page = 0; !found && page < 20; page++) {
        const list = await settled(node);
        let more: TreeNode | undefined;
        for (const c of list) {
          const cr = await row(c);
          if (cr.label === label) found = c;
          if (cr.contextValue === 'loadMore') more = c;
        }
        if (found || !more) break;
        await within(vscode.commands.executeCommand('neonExplorer.loadMore', more), 30_000, `Load more under ${node?.id}`);
      }
      if (!found) throw new Error(`no "${label}" under ${node?.id ?? 'root'}`);
      node = found;
    }
    return node;
  }
  async function labelsUnder(parentPath: string[]): Promise<string[]> {
    const parent = await treePath(parentPath);
    await vscode.commands.executeCommand('neonExplorer.refreshNode', parent);
    const labels: string[] = [];
    for (let page = 0; page < 20; page++) {
      const rows = await Promise.all((await settled(parent)).map(row));
      labels.splice(0, labels.length, ...rows.map((x) => x.label));
      const more = rows.findIndex((x) => x.contextValue === 'loadMore');
      if (more < 0) break;
      await within(vscode.commands.executeCommand('neonExplorer.loadMore', (await settled(parent))[more]), 30_000, 'Load more');
    }
    return labels;
  }

  async function run(id: string, args: unknown[], answers: Answer[]): Promise<Outcome> {
    t.prompt.reset();
    t.prompt.script(...answers);
    const result = await within(vscode.commands.executeCommand(id, ...args), COMMAND_MS, id);
    const shown = [...t.prompt.shown];
    allShown.push(...shown.map((x) => x.text));
    const left = t.prompt.pending();
    t.prompt.reset();
    const errors = shown.filter((x) => x.kind === 'error').map((x) => x.text);
    countCommand(id, errors.length, em().config.faultRates === HEAVY ? 'heavy' : 'chaos');
    if (process.env.NEON_TEST_VERBOSE) for (const e of errors) console.log(`      [${id}] ${e}`);
    const all = shown.map((x) => x.text).join('\n');
    assert.ok(!/ScriptedPrompter/.test(all), `${id}: the script did not match what was asked: ${all}`);
    for (const e of errors) {
      // "Neon accepted the request to …": the change was made, following it to the end failed.
      assert.match(e, /^(Couldn't|Neon accepted the request to) [a-z].+/, `${id}: an error is a sentence saying what failed`);
      assert.match(e, /\(request id [0-9a-f-]{8,}\)$/, `${id}: the error names the request id: ${e}`);
      assert.strictEqual(e.match(/request id/g)?.length, 1, `${id}: the request id is named once: ${e}`);
    }
    assert.ok(errors.length <= 1, `${id}: one failure, one sentence: ${errors.join(' | ')}`);
    if (!errors.length) assert.strictEqual(left, 0, `${id} succeeded without asking all it should have`);
    return { result, shown, errors, ok: errors.length === 0 };
  }

  const scenarios: Scenario[] = [
    {
      id: CommandIds.addAccount,
      setup: async () => ({ args: [], answers: [{ input: await mintKey(em(), { kind: 'personal', email: 'chaos-add@example.com' }) }, { input: 'Added under faults' }] }),
      check: async () => {
        const a = t.services.accounts.list().find((x) => x.label === 'Added under faults');
        assert.ok(a, 'the account was added');
        await t.services.accounts.remove(a.id);
      },
    },
    {
      id: CommandIds.renameAccount,
      setup: async () => ({ args: [{ accountId: you }], answers: [{ input: 'You (renamed)' }] }),
      check: () => assert.strictEqual(t.services.accounts.get(you)?.label, 'You (renamed)'),
    },
    {
      id: CommandIds.updateAccountKey,
      setup: async () => {
        spareOldKey = await mintKey(em(), { kind: 'personal', email: 'spare@example.com' });
        spareId = await calm(em(), async () => addAccount(spareOldKey, 'Spare'));
        return { args: [{ accountId: spareId }], answers: [{ input: await mintKey(em(), { kind: 'personal', email: 'spare@example.com' }) }] };
      },
      check: async (o) => {
        assert.ok(o.shown.some((x) => x.kind === 'info' && /Updated the key of "Spare"/.test(x.text)));
        // The new key is the one in use: with the old one revoked, the account still reads.
        await control(em(), '/revoke', { token: spareOldKey });
        const auth = await calm(em(), async () => (await t.services.clients.get(spareId)).getAuth());
        assert.strictEqual(auth.auth_method, 'api_key_user');
      },
    },
    {
      id: CommandIds.removeAccount,
      setup: async () => {
        const spare = t.services.accounts.list().find((a) => a.label === 'Spare')!;
        return { args: [{ accountId: spare.id }], answers: [{ button: 'Remove' }] };
      },
      check: () => assert.ok(!t.services.accounts.list().some((a) => a.label === 'Spare')),
    },
    {
      id: CommandIds.refresh,
      setup: async () => ({ args: [], answers: [] }),
      check: async () => assert.ok((await settled(undefined)).length >= 1),
    },
    {
      id: CommandIds.refreshNode,
      setup: async () => ({ args: [await treePath(['You (renamed)', 'Acme Inc'])], answers: [] }),
      check: async () => assert.ok((await settled(await treePath(['You (renamed)', 'Acme Inc']))).length >= 5),
    },
    // The view's … menu: no request, so no fault reaches them; the editor they open is checked.
    {
      id: CommandIds.openWalkthrough,
      setup: async () => ({ args: [], answers: [] }),
      // It sends no request: it settles with nothing to report under any fault. That it opens the
      // walkthrough is checked in the Marketplace suite's host (this one showed no Welcome editor).
      check: async () => undefined,
    },
    {
      id: CommandIds.openSettings,
      setup: async () => ({ args: [], answers: [] }),
      check: async () => {
        await eventually(() => assert.match(vscode.window.tabGroups.activeTabGroup.activeTab?.label ?? '', /Settings/), { timeout: 10_000 });
        await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      },
    },
    {
      id: CommandIds.showLog,
      setup: async () => {
        logShown = 0;
        const show = t.log.show;
        t.log.show = function (this: unknown, ...a: Parameters<typeof show>) {
          logShown++;
          t.log.show = show;
          return show.apply(this, a);
        };
        return { args: [], answers: [] };
      },
      check: () => assert.strictEqual(logShown, 1, 'the log was shown'),
    },
    {
      // Stops whatever loads run (here the org's, started and not awaited); the org then loads again.
      id: CommandIds.stopLoading,
      setup: async () => {
        const org = await treePath(['You (renamed)', 'Acme Inc']);
        void vscode.commands.executeCommand('neonExplorer.refreshNode', org);
        void t.tree.provider.getChildren(org);
        return { args: [], answers: [] };
      },
      check: async (o) => {
        assert.strictEqual(typeof o.result, 'number');
        const org = await treePath(['You (renamed)', 'Acme Inc']);
        await vscode.commands.executeCommand('neonExplorer.refreshNode', org);
        assert.ok((await settled(await treePath(['You (renamed)', 'Acme Inc']))).length >= 5);
      },
    },
    {
      id: CommandIds.loadMore,
      setup: async () => {
        const org = await treePath(['You (renamed)', 'Acme Inc']);
        await vscode.commands.executeCommand('neonExplorer.refreshNode', org);
        const list = await settled(org);
        const more = (await Promise.all(list.map(async (c) => [c, (await row(c)).contextValue] as const))).find(([, cv]) => cv === 'loadMore');
        assert.ok(more, 'two projects a page: "Load more…" is shown');
        return { args: [more[0]], answers: [] };
      },
      check: async () => {
        const labels = await Promise.all((await settled(await treePath(['You (renamed)', 'Acme Inc']))).map(async (c) => (await row(c)).label));
        assert.ok(labels.filter((l) => /^acme-/.test(l)).length >= 3, `the next page is shown: ${labels}`);
      },
    },
    {
      id: CommandIds.retryNode,
      setup: async () => {
        const folder = await treePath(['You (renamed)', 'Acme Inc', 'API Keys']);
        const saved = em().config.faultRates;
        em().config.faultRates = { '5xx': 1 };
        try {
          await vscode.commands.executeCommand('neonExplorer.refreshNode', folder);
          const list = await within(t.tree.provider.getChildren(t.tree.provider.node(folder!.id)), 30_000, 'API keys while every answer is 503');
          assert.strictEqual((await row(list[0])).contextValue, 'error');
          return { args: [list[0]], answers: [] };
        } finally {
          em().config.faultRates = saved;
        }
      },
      check: async () => {
        const folder = t.tree.provider.node(`acct/${you}/org/${ACME}/apiKeys`);
        const labels = await Promise.all((await settled(folder)).map(async (c) => (await row(c)).label));
        assert.ok(labels.includes('ci-deploy'), `Retry ends in data: ${labels}`);
      },
    },
    {
      id: CommandIds.filterProjects,
      setup: async () => ({ args: [acme()], answers: [{ input: 'acme' }] }),
      check: () => assert.strictEqual(t.tree.provider.env.filters.get(`acct/${you}/org/${ACME}`), 'acme'),
    },
    {
      id: CommandIds.clearProjectFilter,
      setup: async () => ({ args: [acme()], answers: [] }),
      check: () => assert.strictEqual(t.tree.provider.env.filters.get(`acct/${you}/org/${ACME}`), undefined),
    },
    {
      id: CommandIds.showOrgDetails,
      setup: async () => ({ args: [acme()], answers: [{ button: undefined }] }),
      check: (o) => assert.ok(o.shown.some((x) => x.kind === 'info' && /Acme Inc/.test(x.text))),
    },
    {
      id: CommandIds.copyId,
      setup: async () => {
        await clearClipboard();
        return { args: [r.project(ACME_API)], answers: [] };
      },
      check: async (o) => {
        assert.strictEqual(o.result, ACME_API);
        assert.strictEqual(await readClipboard(), ACME_API);
      },
    },
    {
      id: CommandIds.copyEmail,
      setup: async () => {
        await clearClipboard();
        return { args: [{ ...acme(), invitationId: 'inv-1', email: 'newhire@acme.example' }], answers: [] };
      },
      check: async (o) => {
        assert.strictEqual(o.result, 'newhire@acme.example');
        assert.strictEqual(await readClipboard(), 'newhire@acme.example');
      },
    },
    {
      id: CommandIds.copyName,
      setup: async () => {
        await clearClipboard();
        return { args: [r.role(ACME_API, 'main', 'app_user')], answers: [] };
      },
      check: async (o) => {
        assert.strictEqual(o.result, 'app_user');
        assert.strictEqual(await readClipboard(), 'app_user');
      },
    },
    {
      // F2 on the organization's row: its menu offers no Rename, so the key is ignored (no request, no question).
      id: CommandIds.renameFocused,
      setup: async () => ({ args: [await treePath(['You (renamed)', 'Acme Inc'])], answers: [] }),
      check: (o) => assert.deepStrictEqual(o.shown.filter((x) => x.kind === 'input' || x.kind === 'error'), []),
    },
    {
      // Delete on the account's row: Remove Account asks first; no answer keeps it.
      id: CommandIds.deleteFocused,
      setup: async () => ({ args: [await treePath(['You (renamed)'])], answers: [{ button: undefined }] }),
      check: (o) => {
        assert.ok(o.shown.some((x) => x.kind === 'warning' && /Remove the account "You \(renamed\)"\?/.test(x.text)), JSON.stringify(o.shown.map((x) => x.text)));
        assert.ok(t.services.accounts.get(you), 'the account stays');
      },
    },
    {
      id: CommandIds.manageInvitation,
      setup: async () => {
        await setSetting('consoleUrl', 'https://console.example.test');
        return { args: [{ ...acme(), invitationId: 'inv-1', email: 'newhire@acme.example' }], answers: [] };
      },
      check: async (o) => {
        await setSetting('consoleUrl', undefined);
        assert.strictEqual(o.result, `https://console.example.test/app/${ACME}/people`);
      },
    },
    {
      id: CommandIds.openInConsole,
      setup: async () => {
        await setSetting('consoleUrl', 'https://console.example.test');
        return { args: [r.project(ACME_API)], answers: [] };
      },
      check: async (o) => {
        await setSetting('consoleUrl', undefined);
        assert.strictEqual(o.result, `https://console.example.test/app/projects/${ACME_API}`);
      },
    },
    {
      id: CommandIds.changeMemberRole,
      setup: async () => ({ args: [memberRef('alice@acme.example')], answers: [{ pick: 'admin' }, { button: 'Make Admin' }] }),
      check: () => assert.strictEqual(memberRef('alice@acme.example').role, 'admin'),
    },
    {
      id: CommandIds.removeMember,
      setup: async () => ({ args: [memberRef('bob@acme.example')], answers: [{ input: 'bob@acme.example' }] }),
      check: () => assert.ok(!s().orgMembers(ACME).some((m) => s().users.get(m.userId)?.email === 'bob@acme.example')),
    },
    {
      id: CommandIds.inviteMembers,
      setup: async () => {
        const email = `${unique('invitee')}@x.example`;
        createdName = email;
        return { args: [acme()], answers: [{ input: email }, { pick: 'member' }] };
      },
      create: {
        count: () => s().invitations.filter((i) => i.email === createdName).length,
        route: 'POST /organizations/{org_id}/invitations',
        tree: async () => ({ parent: ['You (renamed)', 'Acme Inc', 'Invitations'], label: createdName }),
      },
    },
    {
      id: CommandIds.createOrgApiKey,
      setup: async () => {
        createdName = unique('chaos-key');
        return { args: [acme()], answers: [{ input: createdName }, { pick: 'Whole organization' }, { button: 'Copy' }] };
      },
      create: {
        count: () => [...s().keys.values()].filter((k) => k.name === createdName && !k.revoked).length,
        route: 'POST /organizations/{org_id}/api_keys',
        tree: async () => ({ parent: ['You (renamed)', 'Acme Inc', 'API Keys'], label: createdName }),
      },
    },
    {
      id: CommandIds.revokeOrgApiKey,
      setup: async () => {
        const name = unique('revoke-me');
        const k = await api<{ id: number }>('POST', `/organizations/${ACME}/api_keys`, { key_name: name });
        revokeId = k.id;
        return { args: [{ ...acme(), keyId: k.id, keyName: name }], answers: [{ input: name }] };
      },
      check: () => assert.ok(s().keys.get(revokeId)?.revoked),
    },
    {
      id: CommandIds.createProject,
      setup: async () => {
        createdName = unique('chaos-project');
        return { args: [acme()], answers: [{ input: createdName }, { pick: 'aws-us-east-2' }, { pick: 'Postgres 17' }] };
      },
      create: {
        count: () => [...s().projects.values()].filter((p) => p.name === createdName).length,
        route: 'POST /projects',
        tree: async () => ({ parent: ['You (renamed)', 'Acme Inc'], label: createdName }),
      },
    },
    {
      id: CommandIds.renameProject,
      setup: async () => {
        const p = await newProject(unique('rename-me'));
        target = p.projectId;
        createdName = unique('renamed');
        return { args: [p], answers: [{ input: createdName }] };
      },
      check: () => assert.strictEqual(s().projects.get(target)?.name, createdName),
    },
    {
      id: CommandIds.deleteProject,
      setup: async () => {
        const p = await newProject(unique('delete-me'));
        target = p.projectId;
        return { args: [p], answers: [{ input: p.projectName }] };
      },
      check: () => assert.ok(!s().projects.has(target)),
    },
    {
      id: CommandIds.transferProject,
      setup: async () => {
        const p = await newProject(unique('move-me'));
        target = p.projectId;
        return { args: [p], answers: [{ pick: 'Data Team' }, { input: 'Data Team' }] };
      },
      check: () => assert.strictEqual(s().projects.get(target)?.orgId, DATA),
    },
    {
      id: CommandIds.transferProjectsHere,
      setup: async () => {
        const p = await newProject(unique('bulk-move'));
        target = p.projectId;
        return { args: [data()], answers: [{ pickMany: [p.projectName] }, { input: 'Data Team' }] };
      },
      check: () => assert.strictEqual(s().projects.get(target)?.orgId, DATA),
    },
    {
      id: CommandIds.shareProject,
      setup: async () => {
        createdName = `${unique('guest')}@elsewhere.example`;
        return { args: [r.project(ACME_API)], answers: [{ input: createdName }] };
      },
      create: {
        count: () => s().projects.get(ACME_API)!.permissions.filter((x) => x.email === createdName).length,
        route: 'POST /projects/{project_id}/permissions',
      },
    },
    {
      id: CommandIds.manageGuests,
      setup: async () => {
        const email = `${unique('revoke-guest')}@elsewhere.example`;
        await api('POST', `/projects/${ACME_API}/permissions`, { email });
        createdName = email;
        return { args: [r.project(ACME_API)], answers: [{ pick: email }, { pick: 'Revoke access' }, { input: email }] };
      },
      check: () => assert.ok(!s().projects.get(ACME_API)!.permissions.some((x) => x.email === createdName)),
    },
    {
      id: CommandIds.copyConnectionString,
      setup: async () => {
        await clearClipboard();
        return { args: [r.role(ACME_API, 'main', 'app_user')], answers: [{ pick: 'Pooled' }] };
      },
      check: async (o) => {
        const host = String((o.result as { host?: string }).host);
        assert.match(host, /^ep-.+-pooler\./);
        const pw = r.branchOf(ACME_API, 'main').roles.get('app_user')!.password;
        assert.strictEqual(await readClipboard(), `postgresql://app_user:${pw}@${host}/neondb?sslmode=require`, 'the clipboard holds the pooled connection string');
      },
    },
    {
      id: CommandIds.saveConnectionToEnv,
      setup: async () => {
        fs.rmSync(path.join(workspaceDir(), '.env'), { force: true });
        userChose('.env'); // the default target: the person's choice of where secrets go
        return { args: [r.role(ACME_API, 'main', 'neondb_owner')], answers: [] };
      },
      check: () => assert.match(fs.readFileSync(path.join(workspaceDir(), '.env'), 'utf8'), /^DATABASE_URL=/m),
    },
    {
      id: CommandIds.createBranch,
      setup: async () => {
        createdName = unique('chaos-branch');
        return { args: [r.project(ACME_API)], answers: [{ pick: 'main' }, { input: createdName }, { pick: 'Current data' }, { pick: 'With a read-write compute' }, { pick: 'Never' }] };
      },
      create: {
        count: () => [...s().detail(s().projects.get(ACME_API)!).branches.values()].filter((b) => b.name === createdName).length,
        route: 'POST /projects/{project_id}/branches',
        tree: async () => ({ parent: ['You (renamed)', 'Acme Inc', 'acme-api'], label: createdName }),
      },
    },
    {
      id: CommandIds.deleteBranch,
      setup: async () => {
        const name = unique('delete-branch');
        await api('POST', `/projects/${ACME_API}/branches`, { branch: { name } });
        createdName = name;
        return { args: [r.branch(ACME_API, name)], answers: [{ input: name }] };
      },
      check: () => assert.ok(![...s().detail(s().projects.get(ACME_API)!).branches.values()].some((b) => b.name === createdName)),
    },
    {
      id: CommandIds.createRole,
      setup: async () => {
        createdName = unique('chaos_role').replace(/-/g, '_');
        return { args: [r.branch(ACME_API, 'main')], answers: [{ input: createdName }, { pick: 'Can log in (password)' }, { button: 'Copy' }] };
      },
      create: {
        count: () => (r.branchOf(ACME_API, 'main').roles.has(createdName) ? 1 : 0),
        route: 'POST /projects/{project_id}/branches/{branch_id}/roles',
        tree: async () => ({ parent: ['You (renamed)', 'Acme Inc', 'acme-api', 'main'], label: createdName }),
      },
    },
    {
      id: CommandIds.resetRolePassword,
      setup: async () => {
        oldPassword = r.branchOf(ACME_API, 'main').roles.get('app_user')!.password!;
        return { args: [r.role(ACME_API, 'main', 'app_user')], answers: [{ input: 'app_user' }, { button: 'Copy' }] };
      },
      check: (o) => {
        assert.deepStrictEqual(o.result, { outcome: 'copied' });
        const now = r.branchOf(ACME_API, 'main').roles.get('app_user')!.password;
        assert.ok(now && now !== oldPassword, 'the emulator holds a new password');
      },
    },
    {
      id: CommandIds.revealRolePassword,
      setup: async () => {
        await clearClipboard();
        return { args: [r.role(ACME_API, 'main', 'app_user')], answers: [{ button: 'Copy' }] };
      },
      check: async (o) => {
        assert.ok(o.shown.some((x) => x.kind === 'info' && /Copied the password of role app_user/.test(x.text)));
        assert.strictEqual(await readClipboard(), r.branchOf(ACME_API, 'main').roles.get('app_user')!.password, 'the clipboard holds the password');
      },
    },
    {
      id: CommandIds.deleteRole,
      setup: async () => {
        const name = unique('delete_role').replace(/-/g, '_');
        const b = r.branch(ACME_API, 'dev');
        await api('POST', `/projects/${ACME_API}/branches/${b.branchId}/roles`, { role: { name } });
        createdName = name;
        return { args: [r.role(ACME_API, 'dev', name)], answers: [{ input: name }] };
      },
      check: () => assert.ok(!r.branchOf(ACME_API, 'dev').roles.has(createdName)),
    },
    // A database of its own on dev: given to a new role, then renamed.
    {
      id: CommandIds.changeDatabaseOwner,
      setup: async () => {
        const b = r.branch(ACME_API, 'dev');
        ownedDb = unique('owned db');
        newOwner = unique('new_owner').replace(/-/g, '_');
        await settledApi('POST', `/projects/${ACME_API}/branches/${b.branchId}/roles`, { role: { name: newOwner } });
        await settledApi('POST', `/projects/${ACME_API}/branches/${b.branchId}/databases`, { database: { name: ownedDb, owner_name: 'neondb_owner' } });
        return { args: [{ ...b, databaseName: ownedDb, ownerName: 'neondb_owner' }], answers: [{ pick: newOwner }] };
      },
      check: () => assert.strictEqual(r.branchOf(ACME_API, 'dev').databases.get(ownedDb)?.ownerName, newOwner),
    },
    {
      id: CommandIds.renameDatabase,
      setup: async () => {
        const b = r.branch(ACME_API, 'dev');
        ownedDb = unique('renamed db');
        await settledApi('POST', `/projects/${ACME_API}/branches/${b.branchId}/databases`, { database: { name: ownedDb, owner_name: 'neondb_owner' } });
        return { args: [{ ...b, databaseName: ownedDb, ownerName: 'neondb_owner' }], answers: [{ input: `${ownedDb} renamed` }] };
      },
      check: () => {
        const dbs = r.branchOf(ACME_API, 'dev').databases;
        assert.ok(dbs.has(`${ownedDb} renamed`) && !dbs.has(ownedDb), [...dbs.keys()].join(', '));
      },
    },
    // A Neon branch per git branch (issue 15): a plain folder in the workspace (git is off in this run).
    {
      id: CommandIds.linkFolder,
      setup: async () => {
        fs.mkdirSync(linkedDir(), { recursive: true });
        fs.rmSync(path.join(linkedDir(), '.neon'), { force: true });
        return { args: [r.project(ACME_API), linkedDir()], answers: [{ pick: 'neondb_owner' }] };
      },
      check: () => assert.strictEqual(JSON.parse(fs.readFileSync(path.join(linkedDir(), '.neon'), 'utf8')).projectId, ACME_API),
    },
    {
      id: CommandIds.switchEnvBranch,
      setup: async () => {
        userChose(path.join(linkedDir(), '.env'));
        return { args: [r.branch(ACME_API, 'dev'), linkedDir()], answers: [] };
      },
      check: () => assert.match(fs.readFileSync(path.join(linkedDir(), '.env'), 'utf8'), new RegExp(`^DATABASE_URL=.*${r.endpointHost(ACME_API, 'dev').id}`, 'm')),
    },
    {
      id: CommandIds.copyEnvUrl,
      setup: async () => {
        await clearClipboard();
        return { args: [linkedDir()], answers: [] };
      },
      check: async (o) => {
        assert.ok(o.shown.some((x) => x.kind === 'info' && /Copied DATABASE_URL/.test(x.text)));
        const url = dotenv.parse(fs.readFileSync(path.join(linkedDir(), '.env'))).DATABASE_URL;
        assert.ok(url, 'the linked .env holds DATABASE_URL');
        assert.strictEqual(await readClipboard(), url, "the clipboard holds the linked .env's DATABASE_URL");
      },
    },
    {
      id: CommandIds.followGitBranch,
      setup: async () => ({ args: [linkedDir()], answers: [] }),
      check: (o) => assert.ok(o.shown.some((x) => x.kind === 'warning' && /no git branch to follow/.test(x.text))),
    },
    {
      id: CommandIds.gitStatusMenu,
      setup: async () => ({ args: [linkedDir()], answers: [{ pick: 'Switch .env to Another Neon Branch' }, { pick: 'main' }] }),
      check: () => assert.match(fs.readFileSync(path.join(linkedDir(), '.env'), 'utf8'), new RegExp(`^DATABASE_URL=.*${r.endpointHost(ACME_API, 'main').id}`, 'm')),
    },
    {
      id: CommandIds.cleanUpBranches,
      setup: async () => {
        cleanName = unique('soon-gone');
        await api('POST', `/projects/${ACME_API}/branches`, { branch: { name: cleanName, expires_at: new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z') } });
        return { args: [linkedDir()], answers: [{ pickMany: [cleanName] }, { input: cleanName }] };
      },
      check: () => assert.ok(![...s().detail(s().projects.get(ACME_API)!).branches.values()].some((b) => b.name === cleanName)),
    },
    // The view's "…" menu: VS Code passes the focused row, which these ignore: they ask first; Escape ends them.
    ...[CommandIds.viewShowConsumption, CommandIds.viewLinkFolder].map((id) => ({
      id,
      setup: async () => ({ args: [r.project(ACME_API), linkedDir()], answers: [{ dismiss: true }] as Answer[] }),
      check: (o: Outcome) => {
        assert.strictEqual(o.result, undefined, 'the unanswered first question ends it');
        assert.ok(o.shown.length > 0 && o.shown[0]!.kind === 'pick', `it asks first: ${JSON.stringify(o.shown.slice(0, 1))}`);
      },
    })),
    {
      // Git is off in this run, so no folder counts as linked: it says so as a warning (the project row passed is not used).
      id: CommandIds.viewCleanUpBranches,
      setup: async () => ({ args: [r.project(ACME_API), linkedDir()], answers: [] }),
      check: (o: Outcome) => assert.match(o.shown.find((x) => x.kind === 'warning')?.text ?? JSON.stringify(o.shown), /^No folder is linked to a Neon project\./),
    },
    {
      id: CommandIds.unlinkFolder,
      setup: async () => ({ args: [linkedDir()], answers: [{ button: 'Unlink' }] }),
      check: () => assert.strictEqual(fs.existsSync(path.join(linkedDir(), '.neon')), false),
    },
    // Branch lifecycle (issue 15) on a branch made for it.
    {
      id: CommandIds.setBranchExpiration,
      setup: async () => {
        lifeName = unique('life');
        await api('POST', `/projects/${ACME_API}/branches`, { branch: { name: lifeName, parent_id: r.branch(ACME_API, 'dev').branchId } });
        return { args: [r.branch(ACME_API, lifeName)], answers: [{ pick: 'In 3 days' }] };
      },
      check: () => assert.ok(r.branchOf(ACME_API, lifeName).expiresAt),
    },
    {
      id: CommandIds.resetBranchFromParent,
      setup: async () => ({ args: [r.branch(ACME_API, lifeName)], answers: [{ input: lifeName }] }),
      check: () => assert.ok(r.branchOf(ACME_API, lifeName).lastResetAt),
    },
    {
      id: CommandIds.restoreToPointInTime,
      setup: async () => {
        // A time after the branch was made (seconds precision, as typed), and not in the future.
        await new Promise((res) => setTimeout(res, 1500));
        const at = new Date(Date.now() - 500).toISOString().replace(/\.\d{3}Z$/, 'Z');
        return { args: [r.branch(ACME_API, lifeName)], answers: [{ pick: 'Enter a Time…' }, { input: at }, { input: `${lifeName}-kept` }, { input: lifeName }] };
      },
      check: () => assert.ok(r.branchOf(ACME_API, `${lifeName}-kept`)),
    },
    {
      id: CommandIds.renameBranch,
      setup: async () => ({ args: [r.branch(ACME_API, lifeName)], answers: [{ input: `${lifeName}-renamed` }] }),
      check: () => assert.ok(r.branchOf(ACME_API, `${lifeName}-renamed`)),
    },
    {
      id: CommandIds.setDefaultBranch,
      setup: async () => {
        // Under faults the rename may have landed with its answer lost: take whichever name it has.
        const name = [`${lifeName}-renamed`, lifeName].find((x) => [...s().detail(s().projects.get(ACME_API)!).branches.values()].some((b) => b.name === x))!;
        lifeName = name;
        await api('PATCH', `/projects/${ACME_API}/branches/${r.branch(ACME_API, name).branchId}`, { branch: { expires_at: null } });
        return { args: [r.branch(ACME_API, name)], answers: [{ button: 'Set as Default' }] };
      },
      check: async () => {
        assert.strictEqual(r.branchOf(ACME_API, lifeName).isDefault, true);
        await api('POST', `/projects/${ACME_API}/branches/${r.branch(ACME_API, 'main').branchId}/set_as_default`);
      },
    },
    {
      id: CommandIds.showConsumption,
      setup: async () => ({ args: [acme()], answers: [] }),
      check: async (o) => {
        assert.deepStrictEqual(o.result, { accountId: you, orgId: ACME, title: 'Acme Inc' });
        await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      },
    },
  ];
  const allShown: string[] = [];
  let state: Emulator['state'];
  let createdName = '';
  let lifeName = '';
  let cleanName = '';
  let ownedDb = '';
  let newOwner = '';
  let target = '';
  let revokeId = 0;
  let spareId = '';
  let spareOldKey = '';
  let oldPassword = '';
  let logShown = 0;

  before(async () => {
    t = await startClean(em());
    state = em().state;
    (t.tree.provider.env as { projectPageSize: number }).projectPageSize = 2;
    await calm(em(), async () => {
      you = await addAccount(em().apiKey, 'You');
      s().detail(s().projects.get(ACME_API)!);
    });
  });
  after(async () => {
    // Every key and password the emulator holds: none in anything shown or logged under faults.
    // (The emulator is closed by now: its state object stays readable.)
    const secrets = [...state.keys.values()].map((k) => k.token);
    for (const p of state.projects.values()) for (const b of p.detail?.branches.values() ?? []) for (const ro of b.roles.values()) if (ro.password) secrets.push(ro.password);
    const text = `${allShown.join('\n')}\n${t.logLines.join('\n')}`;
    const found = secrets.filter((x) => x.length >= 8 && (text.includes(x) || text.includes(encodeURIComponent(x))));
    figures().secretsChecked = secrets.length;
    figures().secretsFound = found.length;
    (t.tree.provider.env as { projectPageSize: number }).projectPageSize = 400;
    await removeAllAccounts();
    assert.strictEqual(found.length, 0, 'no key or password in what was shown or logged');
  });

  it('there is a scenario for every registered command (package.json and CommandIds)', () => {
    const contributed = (packageJson().contributes?.commands ?? []).map((c) => c.command).sort();
    assert.deepStrictEqual(Object.values(CommandIds).sort(), contributed);
    assert.deepStrictEqual([...scenarios.map((x) => x.id), ...CONNECT_SUITE_COMMANDS].sort(), contributed);
  });

  async function runScenario(sc: Scenario): Promise<Outcome> {
    const { args, answers } = await sc.setup();
    const since = em().server.log.mark();
    const o = await run(sc.id, args, answers);
    if (o.ok && sc.check) await sc.check(o);
    if (sc.create) await checkCreate(sc, o, since);
    return o;
  }

  async function checkCreate(sc: Scenario, o: Outcome, since: number): Promise<void> {
    const c = sc.create!;
    figures().creates++;
    if (!o.ok) figures().createsUnsure++;
    // Operations may still finish; the object itself is in the state as soon as the POST ran.
    const count = c.count();
    assert.ok(count <= 1, `${sc.id}: "${createdName}" exists ${count} times`);
    if (o.ok) assert.strictEqual(count, 1, `${sc.id} said it worked: "${createdName}" exists`);
    const posts = em().server.log.since(since).filter((e) => e.route === c.route);
    // A POST the server acted on: a 2xx, even when its answer was then dropped or garbled.
    const applied = posts.filter((e) => e.status >= 200 && e.status < 300);
    assert.strictEqual(applied.length, count, `${sc.id}: applied POSTs ${JSON.stringify(posts.map((e) => [e.status, e.fault]))} match the objects made (${count})`);
    const afterDropOrGarble = posts.findIndex((e) => e.fault === 'drop' || e.fault === 'malformed');
    if (afterDropOrGarble >= 0) assert.strictEqual(afterDropOrGarble, posts.length - 1, `${sc.id}: no POST was re-sent after a drop or a malformed answer`);
    if (c.tree) {
      // Whatever the command said, a refresh shows whether it happened.
      const { parent, label } = await c.tree();
      const labels = await calm(em(), () => labelsUnder(parent));
      assert.strictEqual(labels.includes(label), count === 1, `the tree under ${parent.join(' › ')} ${count ? 'shows' : 'does not show'} "${label}": ${labels}`);
    }
  }

  for (const sc of scenarios) {
    it(`${sc.id.replace('neonExplorer.', '')} settles in its result or an error sentence`, async () => {
      await runScenario(sc);
    });
  }

  it('every create again, twice, with writes under heavier faults (25 % dropped, 25 % garbled): never made twice', async function () {
    const creates = scenarios.filter((x) => x.create);
    assert.strictEqual(creates.length, 6);
    const saved = em().config.faultRates;
    let unsure = 0;
    try {
      for (let round = 0; round < 2; round++) {
        for (const sc of creates) {
          em().config.faultRates = HEAVY;
          let o: Outcome;
          try {
            const { args, answers } = await sc.setup();
            const since = em().server.log.mark();
            o = await run(sc.id, args, answers);
            em().config.faultRates = saved;
            await checkCreate(sc, o, since);
          } finally {
            em().config.faultRates = saved;
          }
          if (!o.ok) unsure++;
        }
      }
    } finally {
      em().config.faultRates = saved;
    }
    assert.ok(unsure >= 1, 'some creates met a fault (the check is not vacuous)');
  });
});
