// Organization commands in the real extension host, against the in-process emulator: each main
// path through vscode.commands.executeCommand(id, ref) with scripted answers, checked on the
// EMULATOR's state; and the refusals (only admin: no request at all).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { MemberRef, OrgApiKeyRef, OrgRef, ProjectRef } from '../../src/tree/refs';
import { losingTheNextPostsAnswer, useEmulator, type Emulator } from './helpers/emulator';
import { eventually } from './helpers/eventually';
import { workspaceDir } from './helpers/extension';
import { userChose } from './helpers/secrets';
import { addAccount, current, mintKey, removeAllAccounts, rows, usePromptReset, walk, type Testing } from './tree.support';
import { startWithAccount } from './helpers/suite';

const ACME = 'org-morning-bread-81040908';
const DATA = 'org-bitter-breeze-35816640';

function memberId(em: Emulator, orgId: string, email: string): string {
  const s = em.state;
  const u = s.userByEmail(email);
  const m = u && s.membership(orgId, u.id);
  if (!m) throw new Error(`${email} is not a member of ${orgId}`);
  return m.id;
}

function requestsOf(em: Emulator, since: number, method: string, route?: RegExp) {
  return em.server.log.since(since).filter((e) => e.method === method && (!route || route.test(e.route ?? e.path)));
}

/** The error sentence the command seam showed (non-modal error message) since index `from`. */
function errorsShown(t: Testing, from: number): string[] {
  return t.prompt.shown.slice(from).filter((x) => x.kind === 'error').map((x) => x.text);
}

/** The non-modal warnings shown since index `from`. */
function warningsShown(t: Testing, from: number): string[] {
  return t.prompt.shown.slice(from).filter((x) => x.kind === 'warning' && !x.modal).map((x) => x.text);
}

describe('commands-org: organizations, members, invitations, API keys, guests', function () {
  this.timeout(60_000);
  const emulator = useEmulator({ seed: 'small' });
  let t: Testing;
  let you: string;
  let acme: OrgRef;

  before(async () => {
    ({ t, accountId: you } = await startWithAccount(emulator()));
    acme = { accountId: you, orgId: ACME, orgName: 'Acme Inc' };
  });
  usePromptReset(() => t);
  after(async () => {
    await removeAllAccounts();
  });

  it('showOrgDetails shows name, handle, id, plan, created and your role in a modal', async () => {
    t.prompt.script({ button: undefined });
    await vscode.commands.executeCommand('neonExplorer.showOrgDetails', acme);
    const modal = t.prompt.shown.find((x) => x.modal && x.kind === 'info');
    assert.ok(modal, JSON.stringify(t.prompt.shown));
    assert.match(modal.text, /^Acme Inc\n/);
    // Managed by: the API's `console` as a person reads it (walk 32).
    for (const line of ['ID: org-morning-bread-81040908', 'Plan: Business', 'Your role: admin', 'Created: 2024-03-01', 'Managed by: Neon Console']) assert.ok(modal.text.includes(line), `${line} in ${modal.text}`);
    assert.match(modal.text, /Handle: \S+/);
    assert.deepStrictEqual(modal.buttons, ['Copy ID', 'Open in Neon Console', 'Close']);
  });

  it('showOrgDetails with Neon unreachable: the row\'s own record, said to be as last read; Copy ID works', async () => {
    const row = await walk('you', 'Acme Inc');
    const cfg = emulator().server.cfg;
    cfg.faultRate = 1;
    cfg.faults = ['drop'];
    try {
      t.prompt.script({ button: 'Copy ID' });
      await vscode.commands.executeCommand('neonExplorer.showOrgDetails', row);
    } finally {
      cfg.faultRate = 0;
    }
    const modal = t.prompt.shown.find((x) => x.modal && x.kind === 'info');
    assert.ok(modal, JSON.stringify(t.prompt.shown));
    assert.match(modal.text, /^Acme Inc\n/);
    assert.ok(modal.text.includes('ID: org-morning-bread-81040908') && modal.text.includes('Plan: Business'), modal.text);
    assert.match(modal.text, /Neon could not be reached: this is the organization as last read\.$/);
    assert.strictEqual(await vscode.env.clipboard.readText(), ACME);
    assert.ok(!t.prompt.shown.some((x) => x.kind === 'error'), JSON.stringify(t.prompt.shown));
  });

  it('showOrgDetails from the palette asks for the organization (one account: no account pick)', async () => {
    t.prompt.script({ pick: 'Data Team' }, { button: 'Copy ID' });
    await vscode.commands.executeCommand('neonExplorer.showOrgDetails');
    const modal = t.prompt.shown.find((x) => x.modal)!;
    assert.match(modal.text, /Your role: member/);
    assert.strictEqual(await vscode.env.clipboard.readText(), DATA);
    // The same sentence as Copy ID from the organization's menu.
    assert.strictEqual(t.prompt.shown.at(-1)!.text, `Copied the ID of organization Data Team: ${DATA}`);
  });

  it('copyId copies the id of a project, a member, an API key and an org node', async () => {
    const project: ProjectRef = { accountId: you, orgId: ACME, projectId: 'shiny-wind-02883413', projectName: 'acme-api' };
    assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.copyId', project), 'shiny-wind-02883413');
    assert.strictEqual(await vscode.env.clipboard.readText(), 'shiny-wind-02883413');
    const bob: MemberRef = { ...acme, memberId: memberId(emulator(), ACME, 'bob@acme.example'), email: 'bob@acme.example', role: 'member' };
    await vscode.commands.executeCommand('neonExplorer.copyId', bob);
    assert.strictEqual(await vscode.env.clipboard.readText(), bob.memberId);
    const key: OrgApiKeyRef = { ...acme, keyId: 165000, keyName: 'ci-deploy' };
    await vscode.commands.executeCommand('neonExplorer.copyId', key);
    assert.strictEqual(await vscode.env.clipboard.readText(), '165000');
    await vscode.commands.executeCommand('neonExplorer.copyId', acme);
    assert.strictEqual(await vscode.env.clipboard.readText(), ACME);
    assert.strictEqual(t.prompt.shown.at(-1)!.text, `Copied the ID of organization Acme Inc: ${ACME}`);
  });

  it('from the palette a project shared with you is chosen under "Shared with me" (walk 36: only organizations were offered); not for what a guest cannot do', async () => {
    const frank = [...emulator().state.projects.values()].find((p) => p.name === 'frank-experiments')!;
    t.prompt.script({ pick: 'Shared with me' }, { pick: 'frank-experiments' });
    assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.copyId'), frank.id);
    const where = t.prompt.shown.find((x) => x.kind === 'pick')!;
    assert.deepStrictEqual(where.items, ['Acme Inc', 'Side Project', 'Data Team', 'Shared with me']);
    t.prompt.reset();
    t.prompt.script({ pick: undefined });
    await vscode.commands.executeCommand('neonExplorer.renameProject');
    assert.ok(!t.prompt.shown.find((x) => x.kind === 'pick')!.items!.includes('Shared with me'), 'a guest cannot rename it');
  });

  it('openInConsole builds org, project and branch URLs under neonExplorer.consoleUrl', async () => {
    const cfg = vscode.workspace.getConfiguration('neonExplorer');
    await cfg.update('consoleUrl', 'https://console.example.test/', vscode.ConfigurationTarget.Global);
    try {
      assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.openInConsole', acme), `https://console.example.test/app/${ACME}/projects`);
      const project = { accountId: you, orgId: ACME, projectId: 'shiny-wind-02883413', projectName: 'acme-api' };
      assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.openInConsole', project), 'https://console.example.test/app/projects/shiny-wind-02883413');
      const branch = { ...project, branchId: 'br-x-1', branchName: 'dev', isDefault: false, isProtected: false };
      assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.openInConsole', branch), 'https://console.example.test/app/projects/shiny-wind-02883413/branches/br-x-1');
    } finally {
      await cfg.update('consoleUrl', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('changeMemberRole promotes a member to admin and back (PATCH, state changed)', async () => {
    const id = memberId(emulator(), ACME, 'alice@acme.example');
    const alice: MemberRef = { ...acme, memberId: id, email: 'alice@acme.example', role: 'member' };
    t.prompt.script({ pick: 'admin' }, { button: 'Make Admin' });
    assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.changeMemberRole', alice), 'admin');
    assert.strictEqual(emulator().state.members.get(id)!.role, 'admin');
    const offered = t.prompt.shown.find((x) => x.kind === 'pick')!;
    assert.deepStrictEqual(offered.items, ['member', 'admin'], 'the least-privileged role first');
    t.prompt.script({ pick: 'member' });
    await vscode.commands.executeCommand('neonExplorer.changeMemberRole', { ...alice, role: 'admin' });
    assert.strictEqual(emulator().state.members.get(id)!.role, 'member');
    // The picker opens on the member's current role, marked as such.
    const again = t.prompt.shown.filter((x) => x.kind === 'pick').at(-1)!;
    assert.deepStrictEqual([again.picked, again.showPicked, again.descriptions], [['admin'], true, ['', 'current']]);
    assert.deepStrictEqual([offered.picked, offered.showPicked, offered.descriptions], [['member'], true, ['current', '']]);
    assert.ok(!t.prompt.shown.some((x) => x.modal && /Give up/.test(x.text)), 'demoting someone else asks nothing more than the role');
  });

  it('demoting yourself asks first (only another admin can undo it); Escape sends nothing', async () => {
    const me = memberId(emulator(), ACME, 'you@example.com');
    const alice = memberId(emulator(), ACME, 'alice@acme.example');
    emulator().state.members.get(alice)!.role = 'admin'; // not the only admin
    const ref: MemberRef = { ...acme, memberId: me, email: 'you@example.com', role: 'admin' };
    try {
      const since = emulator().server.log.mark();
      t.prompt.script({ pick: 'member' }, { button: undefined });
      await vscode.commands.executeCommand('neonExplorer.changeMemberRole', ref);
      assert.deepStrictEqual(requestsOf(emulator(), since, 'PATCH'), []);
      assert.strictEqual(emulator().state.members.get(me)!.role, 'admin');
      const question = t.prompt.shown.find((x) => x.modal)!;
      assert.strictEqual(question.text.split('\n')[0], 'Give up your admin role in Acme Inc?');
      assert.deepStrictEqual(question.buttons, ['Give Up Admin']);
      t.prompt.script({ pick: 'member' }, { button: 'Give Up Admin' });
      assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.changeMemberRole', ref), 'member');
      assert.strictEqual(emulator().state.members.get(me)!.role, 'member');
    } finally {
      emulator().state.members.get(me)!.role = 'admin';
      emulator().state.members.get(alice)!.role = 'member';
    }
  });

  it('the only admin cannot be demoted or removed: said before any PATCH/DELETE is sent', async () => {
    const id = memberId(emulator(), ACME, 'you@example.com');
    const me: MemberRef = { ...acme, memberId: id, email: 'you@example.com', role: 'admin' };
    const since = emulator().server.log.mark();
    const from = t.prompt.shown.length;
    t.prompt.script({ pick: 'member' });
    await vscode.commands.executeCommand('neonExplorer.changeMemberRole', me);
    await vscode.commands.executeCommand('neonExplorer.removeMember', me);
    // A warning in its own words, as other refusals are: no "Couldn't …" error.
    assert.deepStrictEqual(errorsShown(t, from), []);
    assert.deepStrictEqual(warningsShown(t, from), [
      'you@example.com is the only admin of Acme Inc and cannot become a member. Make another member an admin first.',
      'you@example.com is the only admin of Acme Inc and cannot be removed. Make another member an admin first.',
    ]);
    assert.deepStrictEqual(requestsOf(emulator(), since, 'PATCH'), []);
    assert.deepStrictEqual(requestsOf(emulator(), since, 'DELETE'), []);
    assert.strictEqual(emulator().state.members.get(id)!.role, 'admin');
    // No confirmation was asked either.
    assert.ok(!t.prompt.shown.slice(from).some((x) => x.kind === 'input'));
  });

  it('when our member list is stale (the other admin left meanwhile), Neon\'s only-admin refusal is the same warning with its request id, and the Members row is read again (leave and give up admin)', async () => {
    const em = emulator();
    const org = em.state.orgs.get(ACME)!;
    const me = memberId(em, ACME, 'you@example.com');
    const ref: MemberRef = { ...acme, memberId: me, email: 'you@example.com', role: 'admin' };
    const aliceKey = await mintKey(em, { kind: 'personal', email: 'alice@acme.example', name: 'alice' });
    const alice = () => em.state.members.get(memberId(em, ACME, 'alice@acme.example'))!;
    // Alice, the other admin, gives up her admin role with her own key while we are asked to confirm.
    const aliceStepsDown = async () => {
      const res = await fetch(`${em.url}/organizations/${ACME}/members/${alice().id}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${aliceKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ role: 'member' }),
      });
      assert.strictEqual(res.status, 200, await res.text());
    };
    try {
      for (const [command, answers, sentence, method] of [
        ['neonExplorer.removeMember', [{ input: async () => (await aliceStepsDown(), org.name) }], 'cannot be removed', 'DELETE'],
        ['neonExplorer.changeMemberRole', [{ pick: 'member' }, { button: async () => (await aliceStepsDown(), 'Give Up Admin') }], 'cannot become a member', 'PATCH'],
      ] as const) {
        alice().role = 'admin'; // not the only admin when the command reads the members
        const folder = await walk('you', 'Acme Inc', 'Members');
        t.tree.provider.refreshNode(folder);
        const aliceRow = async () => (await rows(await current(folder.id))).find((r) => r.label === 'alice@acme.example')!.description;
        assert.match(await aliceRow(), /^admin/, 'the Members row shows Alice as an admin, as our list has her');
        const since = em.server.log.mark();
        const from = t.prompt.shown.length;
        t.prompt.script(...answers);
        await vscode.commands.executeCommand(command, ref);
        // Alice's own PATCH (200) is not ours.
        const refused = requestsOf(em, since, method).filter((e) => e.path.endsWith(`/members/${me}`));
        assert.deepStrictEqual(refused.map((e) => e.status), [403], `${command}: Neon refused the ${method}`);
        assert.deepStrictEqual(errorsShown(t, from), [], `${command}: no "Couldn't …" error`);
        assert.deepStrictEqual(warningsShown(t, from), [`you@example.com is the only admin of Acme Inc and ${sentence}. Make another member an admin first. (request id ${refused[0]!.requestId})`]);
        assert.strictEqual(em.state.members.get(me)!.role, 'admin');
        // The Members rows are read again: Alice shows as the member she now is.
        await eventually(async () => assert.match(await aliceRow(), /^member/));
      }
    } finally {
      alice().role = 'member';
    }
  });

  it('removeMember (from the tree node) asks to type the email, in any case, then removes', async () => {
    const id = memberId(emulator(), ACME, 'bob@acme.example');
    // The real Members node of the tree, as a right-click passes it.
    const node = await walk('you', 'Acme Inc', 'Members', 'bob@acme.example');
    // An email address is compared regardless of case everywhere else (walk 42: refused as "case matters").
    t.prompt.script({ input: 'Bob@Acme.example' });
    assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.removeMember', node), true);
    assert.strictEqual(emulator().state.members.get(id), undefined);
    const confirm = t.prompt.shown.find((x) => x.kind === 'input')!;
    assert.match(confirm.text, /Remove member "bob@acme\.example"\?/);
  });

  it('removeMember: a wrong confirmation (Escape) removes nothing', async () => {
    const id = memberId(emulator(), ACME, 'alice@acme.example');
    const since = emulator().server.log.mark();
    t.prompt.script({ input: undefined });
    await vscode.commands.executeCommand('neonExplorer.removeMember', { ...acme, memberId: id, email: 'alice@acme.example', role: 'member' });
    assert.ok(emulator().state.members.get(id));
    assert.deepStrictEqual(requestsOf(emulator(), since, 'DELETE'), []);
  });

  it('inviteMembers: several emails, one role, the result per email', async () => {
    const before = emulator().state.invitations.length;
    t.prompt.script({ input: 'new1@x.example, alice@acme.example newhire@acme.example;\nNew2 <new2@x.example>, new1@x.example' }, { pick: 'admin' }, { button: 'Invite as Admins' });
    const results = (await vscode.commands.executeCommand('neonExplorer.inviteMembers', acme)) as Array<{ email: string; result: string }>;
    assert.deepStrictEqual(
      results.map((r) => `${r.email}: ${r.result}`),
      ['new1@x.example: invited', 'alice@acme.example: already a member', 'newhire@acme.example: already invited', 'new2@x.example: invited'],
    );
    const created = emulator().state.invitations.slice(before);
    assert.deepStrictEqual(created.map((i) => [i.email, i.role, i.orgId]).sort(), [['new1@x.example', 'admin', ACME], ['new2@x.example', 'admin', ACME]]);
    // Only skipped (already in or invited), none refused: information, not a warning.
    assert.ok(!t.prompt.shown.some((x) => x.kind === 'warning' && !x.modal), JSON.stringify(t.prompt.shown));
    const summary = t.prompt.shown.find((x) => x.kind === 'info' && !x.modal)!;
    assert.strictEqual(
      summary.text,
      'Invited 2 of 4 to Acme Inc as admins. Not invited: alice@acme.example (already a member), newhire@acme.example (already invited).',
      'who was not invited, and why, in the notification text itself (a toast shows no detail)',
    );
    assert.deepStrictEqual(summary.buttons, ['Show Log'], 'a button keeps the toast expanded: the whole sentence shows');
    const confirm = t.prompt.shown.find((x) => x.modal)!;
    assert.strictEqual(confirm.text.split('\n')[0], 'Invite 2 people as admins of Acme Inc?');
    assert.match(confirm.text, /new1@x\.example, new2@x\.example will manage the members/, 'the confirmation names who gets admin (only those invited now)');
  });

  it('inviteMembers whose answer is lost (the connection breaks after Neon made the invitations): they are found by their addresses and reported as invited; no failure', async () => {
    const before = emulator().state.invitations.length;
    const lose = losingTheNextPostsAnswer(emulator());
    try {
      t.prompt.script({ input: 'lost1@x.example, lost2@x.example' }, { pick: (items) => (lose.start(), items.find((i) => i.label === 'member')) });
      const results = (await vscode.commands.executeCommand('neonExplorer.inviteMembers', acme)) as Array<{ email: string; result: string }>;
      assert.deepStrictEqual(results.map((r) => `${r.email}: ${r.result}`), ['lost1@x.example: invited', 'lost2@x.example: invited']);
      assert.deepStrictEqual(emulator().state.invitations.slice(before).map((i) => i.email), ['lost1@x.example', 'lost2@x.example'], 'made once');
      assert.deepStrictEqual(t.prompt.shown.filter((x) => x.kind === 'error'), []);
      assert.ok(t.prompt.shown.some((x) => x.kind === 'info' && x.text === "Invited 2 people to Acme Inc as members. Neon's answer was lost on the way, so the invitations were found by their addresses."), JSON.stringify(t.prompt.shown));
    } finally {
      lose.restore();
    }
  });

  it('inviteMembers: the role step counts only those who will be invited; nobody new → no role asked, said why', async () => {
    const before = emulator().state.invitations.length;
    t.prompt.script({ input: 'alice@acme.example, newhire@acme.example' });
    const results = (await vscode.commands.executeCommand('neonExplorer.inviteMembers', acme)) as Array<{ result: string }>;
    assert.deepStrictEqual(results.map((r) => r.result), ['already a member', 'already invited']);
    assert.ok(!t.prompt.shown.some((x) => x.kind === 'pick'), 'no role asked');
    assert.ok(t.prompt.shown.some((x) => x.kind === 'info' && x.text === 'Nobody was invited to Acme Inc: alice@acme.example (already a member), newhire@acme.example (already invited).'), JSON.stringify(t.prompt.shown));
    assert.strictEqual(emulator().state.invitations.length, before);
    t.prompt.reset();
    t.prompt.script({ input: 'alice@acme.example, counted@x.example' }, { pick: 'member' });
    await vscode.commands.executeCommand('neonExplorer.inviteMembers', acme);
    // Walk 42: "(1 already in or invited)" did not say who; one or two are named, more counted.
    assert.strictEqual(t.prompt.shown.find((x) => x.kind === 'pick')!.text, 'Role for 1 invited person (alice@acme.example already in or invited) (2/2)');
    t.prompt.reset();
    t.prompt.script({ input: 'alice@acme.example, newhire@acme.example, counted2@x.example' }, { pick: 'member' });
    await vscode.commands.executeCommand('neonExplorer.inviteMembers', acme);
    assert.strictEqual(t.prompt.shown.find((x) => x.kind === 'pick')!.text, 'Role for 1 invited person (alice@acme.example and newhire@acme.example already in or invited) (2/2)');
  });

  it('inviteMembers: Back from the role returns to the addresses as typed; members and invitations are read once', async () => {
    const before = emulator().state.invitations.length;
    const mark = emulator().server.log.mark();
    t.prompt.script({ input: 'first@x.example' }, { back: true }, { input: 'first@x.example, second@x.example' }, { pick: 'member' });
    const results = (await vscode.commands.executeCommand('neonExplorer.inviteMembers', acme)) as Array<{ email: string; result: string }>;
    assert.deepStrictEqual(results.map((r) => `${r.email}: ${r.result}`), ['first@x.example: invited', 'second@x.example: invited']);
    assert.strictEqual(emulator().state.invitations.length, before + 2);
    const asked = t.prompt.shown.filter((x) => x.kind === 'input' || x.kind === 'pick');
    assert.deepStrictEqual(asked.map((x) => `${x.kind}${x.back ? '+back' : ''}`), ['input', 'pick+back', 'input', 'pick+back']);
    assert.strictEqual(asked[2]!.value, 'first@x.example');
    assert.strictEqual(asked[3]!.text, 'Role for 2 invited people (2/2)', 'the role step counts the addresses typed last');
    const reads = emulator().server.log.since(mark).filter((e) => e.method === 'GET' && /\/(members|invitations)$/.test(e.route));
    assert.deepStrictEqual(reads.map((e) => e.route).sort(), ['GET /organizations/{org_id}/invitations', 'GET /organizations/{org_id}/members']);
  });

  it('from the palette, what only admins may do is refused in Data Team (you are a member) before anything is asked, naming your role', async () => {
    const since = emulator().server.log.mark();
    for (const [command, doing] of [
      ['neonExplorer.inviteMembers', 'invite people'],
      ['neonExplorer.createOrgApiKey', 'create organization API keys'],
      ['neonExplorer.revokeOrgApiKey', 'see and revoke its API keys'],
      ['neonExplorer.changeMemberRole', 'change members\' roles'],
    ] as const) {
      t.prompt.reset();
      t.prompt.script({ pick: 'Data Team' });
      await vscode.commands.executeCommand(command);
      // Nothing was tried: a refusal, said as a warning in its own words, not a "Couldn't …" failure with Show Log (walk 37).
      assert.deepStrictEqual(t.prompt.shown.filter((x) => x.kind === 'error'), [], `${command}: ${JSON.stringify(t.prompt.shown)}`);
      const warnings = t.prompt.shown.filter((x) => x.kind === 'warning');
      assert.deepStrictEqual(
        warnings.map((x) => ({ text: x.text, buttons: x.buttons })),
        [{ text: `You are a member of Data Team, not an admin: only its admins can ${doing}. Ask an admin of Data Team to do it, or to make you an admin.`, buttons: [] }],
        `${command}: ${JSON.stringify(t.prompt.shown)}`,
      );
      assert.deepStrictEqual(t.prompt.shown.filter((x) => x.kind === 'input' || x.kind === 'pick').length, 1, `${command}: only the organization was asked`);
    }
    assert.deepStrictEqual(requestsOf(emulator(), since, 'POST'), []);
    assert.deepStrictEqual(requestsOf(emulator(), since, 'GET', /api_keys/), [], 'the keys are not listed for a member');
  });

  it('from the palette, an admin-only command lists an organization where the tree knows you are a member last, marked "member: needs an admin", and refuses it as soon as it is picked (walk 36)', async () => {
    // The tree reads your role when it opens the organization.
    await walk('you', 'Data Team', 'Members');
    const since = emulator().server.log.mark();
    t.prompt.script({ pick: 'Data Team' });
    await vscode.commands.executeCommand('neonExplorer.revokeOrgApiKey');
    const pick = t.prompt.shown.find((x) => x.kind === 'pick')!;
    assert.strictEqual(pick.items!.at(-1), 'Data Team', JSON.stringify(pick.items));
    assert.match(pick.descriptions!.at(-1)!, /member: needs an admin$/);
    assert.doesNotMatch(pick.descriptions![pick.items!.indexOf('Acme Inc')]!, /needs an admin/, 'where you are admin nothing is marked');
    assert.deepStrictEqual(t.prompt.shown.filter((x) => x.kind === 'error'), [], JSON.stringify(t.prompt.shown));
    const warnings = t.prompt.shown.filter((x) => x.kind === 'warning').map((x) => x.text);
    assert.deepStrictEqual(warnings, ['You are a member of Data Team, not an admin: only its admins can see and revoke its API keys. Ask an admin of Data Team to do it, or to make you an admin.'], JSON.stringify(t.prompt.shown));
    assert.deepStrictEqual(requestsOf(emulator(), since, 'GET', /members|api_keys/), [], 'refused from what the tree knows: nothing read');
  });

  it('removeMember from the palette marks the only admin "only admin" and refuses them as soon as they are picked, before any confirmation (walk 36)', async () => {
    const since = emulator().server.log.mark();
    t.prompt.script({ pick: 'Acme Inc' }, { pick: 'you@example.com' });
    await vscode.commands.executeCommand('neonExplorer.removeMember');
    const members = t.prompt.shown.filter((x) => x.kind === 'pick')[1]!;
    assert.strictEqual(members.descriptions![members.items!.indexOf('you@example.com')], 'only admin');
    assert.deepStrictEqual(errorsShown(t, 0), []);
    assert.deepStrictEqual(warningsShown(t, 0), ['you@example.com is the only admin of Acme Inc and cannot be removed. Make another member an admin first.']);
    assert.ok(!t.prompt.shown.some((x) => x.kind === 'input' || x.modal), 'no confirmation was asked');
    assert.strictEqual(requestsOf(emulator(), since, 'GET', /members/).length, 1, 'the members were read once');
    assert.deepStrictEqual(requestsOf(emulator(), since, 'DELETE'), []);
  });

  it('removeMember on yourself is leaving: asked as "Leave organization", confirmed by typing its name; a member may not remove someone else', async () => {
    const me = memberId(emulator(), DATA, 'you@example.com');
    const data: OrgRef = { accountId: you, orgId: DATA, orgName: 'Data Team' };
    // Someone else in Data Team, where you are a member: refused before any confirmation.
    const owner = [...emulator().state.members.values()].find((m) => m.orgId === DATA && m.id !== me)!;
    const ownerEmail = emulator().state.users.get(owner.userId)!.email;
    const since = emulator().server.log.mark();
    await vscode.commands.executeCommand('neonExplorer.removeMember', { ...data, memberId: owner.id, email: ownerEmail, role: owner.role });
    assert.match(t.prompt.shown.find((x) => x.kind === 'warning')?.text ?? '', /^You are a member of Data Team, not an admin: only its admins can remove other members/);
    assert.ok(!t.prompt.shown.some((x) => x.kind === 'error'), JSON.stringify(t.prompt.shown));
    assert.ok(!t.prompt.shown.some((x) => x.kind === 'input'), 'no confirmation asked');
    t.prompt.reset();
    // Yourself: the question says leave; Escape keeps you in.
    t.prompt.script({ dismiss: true });
    await vscode.commands.executeCommand('neonExplorer.removeMember', { ...data, memberId: me, email: 'you@example.com', role: 'member' });
    const asked = t.prompt.shown.find((x) => x.kind === 'input')!;
    assert.match(asked.text, /^Leave organization "Data Team"\? You will leave Data Team and lose access to its projects\. Type "Data Team" to confirm\.$/);
    assert.deepStrictEqual(requestsOf(emulator(), since, 'DELETE'), []);
    assert.ok(emulator().state.members.get(me), 'still a member');
    // From the palette, a member is offered only their own row (to leave), not everyone to be refused on.
    const offered = async (org: OrgRef) => {
      t.prompt.reset();
      t.prompt.script({ dismiss: true });
      await vscode.commands.executeCommand('neonExplorer.removeMember', org);
      assert.ok(!t.prompt.shown.some((x) => x.kind === 'error'), `Escape is not a failure: ${JSON.stringify(t.prompt.shown)}`);
      const pick = t.prompt.shown.find((x) => x.kind === 'pick')!;
      return pick.items!.map((label, i) => [label, pick.descriptions?.[i]]);
    };
    assert.deepStrictEqual(await offered(data), [['you@example.com', 'member · you: leave the organization']]);
    // An admin is offered everyone, their own row marked: as the only admin of Acme Inc, they cannot leave it (walk 36).
    const all = await offered(acme);
    assert.ok(all.length > 1, JSON.stringify(all));
    assert.ok(all.some(([label, d]) => label === 'you@example.com' && d === 'only admin'), JSON.stringify(all));
    assert.deepStrictEqual(requestsOf(emulator(), since, 'DELETE'), []);
  });

  it('inviteMembers validates the list in the input box', async () => {
    t.prompt.script({ input: 'ok@x.example, not-an-email' });
    await vscode.commands.executeCommand('neonExplorer.inviteMembers', acme);
    const err = t.prompt.shown.find((x) => x.kind === 'error');
    // The scripted person typed an invalid list: the input box refused it (ScriptedPrompter throws).
    assert.ok(err, JSON.stringify(t.prompt.shown));
    assert.match(err.text, /Not an email address: not-an-email/);
  });

  it('createOrgApiKey: name, project scope, the token once in a modal whose text does not contain it; Copy copies it', async () => {
    const before = new Set(emulator().state.keys.keys());
    t.prompt.script({ input: 'ci-from-test' }, { pick: 'acme-api' }, { button: 'Copy' });
    const info = (await vscode.commands.executeCommand('neonExplorer.createOrgApiKey', acme)) as { id: number; name: string; projectId?: string; copied: boolean };
    const key = [...emulator().state.keys.values()].find((k) => !before.has(k.id))!;
    assert.ok(key, 'a key was created');
    assert.deepStrictEqual([key.name, key.kind, key.orgId, key.projectId], ['ci-from-test', 'org', ACME, 'shiny-wind-02883413']);
    assert.deepStrictEqual(info, { id: key.id, name: 'ci-from-test', projectId: 'shiny-wind-02883413', copied: true, savedToEnv: false });
    assert.strictEqual(await vscode.env.clipboard.readText(), key.token);
    const modal = t.prompt.shown.find((x) => x.modal)!;
    assert.match(modal.text, /API key "ci-from-test" was created for Acme Inc \(project acme-api only\)/);
    assert.ok(modal.buttons?.includes('Copy'));
    // Never shown, never logged.
    for (const x of t.prompt.shown) assert.ok(!x.text.includes(key.token), `token shown in ${x.kind}: ${x.text}`);
    assert.ok(!t.logLines.some((l) => l.includes(key.token)), 'token logged');
    const scopes = t.prompt.shown.find((x) => x.kind === 'pick')!;
    assert.strictEqual(scopes.items![0], 'Whole organization');
  });

  it('createOrgApiKey whose answer is lost (the connection breaks after Neon made the key): its secret is gone, so a warning names the key and offers Revoke API Key…; nothing is shown or logged of the token', async () => {
    const before = new Set(emulator().state.keys.keys());
    const lose = losingTheNextPostsAnswer(emulator());
    const from = t.prompt.shown.length;
    try {
      // Revoke from the warning, Escape on the typed name: the warning comes back (the only pointer to the key), then it is closed.
      t.prompt.script({ input: 'lost-key' }, { pick: (items) => (lose.start(), items.find((i) => i.label === 'Whole organization')) }, { button: 'Revoke API Key…' }, { input: undefined }, { button: undefined });
      const info = await vscode.commands.executeCommand('neonExplorer.createOrgApiKey', acme);
      assert.strictEqual(info, undefined);
      await eventually(() => assert.strictEqual(t.prompt.pending(), 0, 'every scripted answer was asked for'));
      const key = [...emulator().state.keys.values()].find((k) => !before.has(k.id))!;
      assert.strictEqual(key?.name, 'lost-key', 'Neon made it');
      const shown = t.prompt.shown.slice(from);
      assert.deepStrictEqual(shown.filter((x) => x.kind === 'error' || x.modal), [], 'no failure, and no secret dialog with nothing to give');
      const warnings = shown.filter((x) => x.kind === 'warning' && !x.modal);
      assert.strictEqual(warnings.length, 2, 'shown again after the revoke was not done');
      assert.ok(key && emulator().state.keys.has(key.id), 'not revoked');
      const warning = warnings.at(-1)!;
      assert.strictEqual(warning.text, "API key \"lost-key\" was created for Acme Inc, but its secret was in Neon's answer, which was lost on the way, and Neon never shows a key again. Revoke it, then create another.");
      assert.deepStrictEqual(warning.buttons, ['Revoke API Key…']);
      for (const x of t.prompt.shown) assert.ok(!x.text.includes(key.token), `token shown in ${x.kind}`);
      assert.ok(!t.logLines.some((l) => l.includes(key.token)), 'token logged');
    } finally {
      lose.restore();
    }
  });

  it('createOrgApiKey: Back from the scope returns to the name as typed; one key is made, with the last answers', async () => {
    const before = new Set(emulator().state.keys.keys());
    t.prompt.script({ input: 'went-back' }, { back: true }, { input: 'came-back' }, { pick: 'Whole organization' }, { button: 'Copy' });
    await vscode.commands.executeCommand('neonExplorer.createOrgApiKey', acme);
    const made = [...emulator().state.keys.values()].filter((k) => !before.has(k.id));
    assert.deepStrictEqual(made.map((k) => [k.name, k.projectId ?? null]), [['came-back', null]], 'one key, named as typed last, no scope');
    const asked = t.prompt.shown.filter((x) => x.kind === 'input' || x.kind === 'pick');
    assert.deepStrictEqual(asked.map((x) => `${x.kind}${x.back ? '+back' : ''}`), ['input', 'pick+back', 'input', 'pick+back']);
    assert.strictEqual(asked[2]!.value, 'went-back');
  });

  it('createOrgApiKey: "Save to .env" writes NEON_API_KEY to the workspace .env, never shown', async () => {
    const cfg = vscode.workspace.getConfiguration('neonExplorer');
    await cfg.update('envFile', 'orgkey.env', vscode.ConfigurationTarget.Global);
    userChose('orgkey.env');
    const file = path.join(workspaceDir(), 'orgkey.env');
    fs.rmSync(file, { force: true });
    try {
      const before = new Set(emulator().state.keys.keys());
      t.prompt.script({ input: 'env-key' }, { pick: 'Whole organization' }, { button: 'Save to .env' });
      const info = (await vscode.commands.executeCommand('neonExplorer.createOrgApiKey', acme)) as { savedToEnv: boolean; projectId?: string };
      const key = [...emulator().state.keys.values()].find((k) => !before.has(k.id))!;
      assert.strictEqual(key.projectId, undefined);
      assert.strictEqual(info.savedToEnv, true);
      assert.strictEqual(fs.readFileSync(file, 'utf8'), `NEON_API_KEY=${key.token}\n`);
      for (const x of t.prompt.shown) assert.ok(!x.text.includes(key.token), `token shown in ${x.kind}: ${x.text}`);
      assert.ok(!t.logLines.some((l) => l.includes(key.token)), 'token logged');
    } finally {
      fs.rmSync(file, { force: true });
      await cfg.update('envFile', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('createOrgApiKey: "Save to .env" uses the name set in neonExplorer.env.variableNames.apiKey (it wrote NEON_API_KEY whatever the setting said)', async () => {
    const cfg = vscode.workspace.getConfiguration('neonExplorer');
    await cfg.update('envFile', 'orgkey-named.env', vscode.ConfigurationTarget.Global);
    await cfg.update('env.variableNames', { apiKey: 'NEON_ORG_KEY' }, vscode.ConfigurationTarget.Global);
    userChose('orgkey-named.env');
    const file = path.join(workspaceDir(), 'orgkey-named.env');
    fs.rmSync(file, { force: true });
    try {
      const before = new Set(emulator().state.keys.keys());
      t.prompt.script({ input: 'named-key' }, { pick: 'Whole organization' }, { button: 'Save to .env' });
      await vscode.commands.executeCommand('neonExplorer.createOrgApiKey', acme);
      const key = [...emulator().state.keys.values()].find((k) => !before.has(k.id))!;
      assert.strictEqual(fs.readFileSync(file, 'utf8'), `NEON_ORG_KEY=${key.token}\n`);
    } finally {
      fs.rmSync(file, { force: true });
      await cfg.update('env.variableNames', undefined, vscode.ConfigurationTarget.Global);
      await cfg.update('envFile', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('createOrgApiKey: a file that already holds another NEON_API_KEY asks first; another name keeps the old key byte for byte', async () => {
    const cfg = vscode.workspace.getConfiguration('neonExplorer');
    await cfg.update('envFile', 'orgkey2.env', vscode.ConfigurationTarget.Global);
    userChose('orgkey2.env');
    const file = path.join(workspaceDir(), 'orgkey2.env');
    const old = '# deploy\nNEON_API_KEY=napi_old_key_kept_nowhere_else\n';
    fs.writeFileSync(file, old);
    try {
      // Escape on the question: nothing written, the key dialog comes back; then Another name.
      t.prompt.script(
        { input: 'second key' }, { pick: 'Whole organization' }, { button: 'Save to .env' }, { button: undefined },
        { button: 'Save to .env' }, { button: 'Use Another Variable Name…' }, { input: 'NEON_API_KEY_SECOND_KEY' },
      );
      const before = new Set(emulator().state.keys.keys());
      const info = (await vscode.commands.executeCommand('neonExplorer.createOrgApiKey', acme)) as { savedToEnv: boolean };
      const key = [...emulator().state.keys.values()].find((k) => !before.has(k.id))!;
      const question = t.prompt.shown.filter((x) => x.kind === 'warning' && /already holds another API key/.test(x.text));
      assert.strictEqual(question.length, 2, 'asked before each write');
      assert.strictEqual(info.savedToEnv, true);
      assert.strictEqual(fs.readFileSync(file, 'utf8'), `${old}NEON_API_KEY_SECOND_KEY=${key.token}\n`);
      for (const x of t.prompt.shown) assert.ok(!x.text.includes(key.token) && !x.text.includes('napi_old_key'), `a key shown in ${x.kind}: ${x.text}`);
    } finally {
      fs.rmSync(file, { force: true });
      await cfg.update('envFile', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('createOrgApiKey refuses a name another key of the organization has, in the input box; nothing is created', async () => {
    const before = emulator().state.keys.size;
    t.prompt.script({ input: 'ci-deploy' });
    await vscode.commands.executeCommand('neonExplorer.createOrgApiKey', acme);
    assert.match(errorsShown(t, 0)[0] ?? '', /Acme Inc already has an API key named ci-deploy; choose another name/);
    assert.strictEqual(emulator().state.keys.size, before);
  });

  it('createOrgApiKey refuses a name over 64 characters in the input box', async () => {
    t.prompt.script({ input: 'k'.repeat(65) });
    await vscode.commands.executeCommand('neonExplorer.createOrgApiKey', acme);
    assert.match(errorsShown(t, 0)[0] ?? '', /At most 64 characters \(65 now\)/);
  });

  it('revokeOrgApiKey asks to type the key name, then revokes it; a project-scoped key is said to lose that project only', async () => {
    const key = [...emulator().state.keys.values()].find((k) => k.name === 'ci-deploy')!;
    t.prompt.script({ input: 'ci-deploy' });
    assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.revokeOrgApiKey', { ...acme, keyId: key.id, keyName: 'ci-deploy' }), true);
    assert.strictEqual(key.revoked, true);
    assert.match(t.prompt.shown.find((x) => x.kind === 'input')!.text, /loses access to Acme Inc at once/);
    // From the palette, a scoped key: its question names its project, not the organization.
    const scoped = [...emulator().state.keys.values()].find((k) => k.orgId === ACME && k.projectId && !k.revoked)!;
    assert.ok(scoped, 'the seed has a project-scoped key in Acme Inc');
    const projectName = emulator().state.projects.get(scoped.projectId!)!.name;
    t.prompt.reset();
    t.prompt.script({ pick: scoped.name }, { dismiss: true });
    await vscode.commands.executeCommand('neonExplorer.revokeOrgApiKey', acme);
    assert.match(t.prompt.shown.find((x) => x.kind === 'input')!.text, new RegExp(`loses access to project ${projectName} at once`));
    assert.strictEqual(scoped.revoked, false, 'Escape revokes nothing');
  });

  it('revokeOrgApiKey with the button confirmation style', async () => {
    const cfg = vscode.workspace.getConfiguration('neonExplorer');
    await cfg.update('deleteConfirmation', 'button', vscode.ConfigurationTarget.Global);
    try {
      const key = [...emulator().state.keys.values()].find((k) => k.name === 'preview-bot')!;
      t.prompt.script({ pick: 'preview-bot' }, { button: 'Revoke' });
      assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.revokeOrgApiKey', acme), true);
      assert.strictEqual(key.revoked, true);
      const modal = t.prompt.shown.find((x) => x.modal)!;
      assert.match(modal.text, /Revoke API key "preview-bot"\?/);
      const keys = t.prompt.shown.find((x) => x.kind === 'pick')!;
      const i = keys.items!.indexOf('preview-bot');
      assert.match(keys.descriptions![i]!, / · project acme-web only$/, 'the scoped project by name, not id');
    } finally {
      await cfg.update('deleteConfirmation', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('revoking the key a saved account uses: that account is marked rejected and said so, with Update Key… and Remove Account; an account with another key is left alone', async () => {
    const saved = await addAccount(await mintKey(emulator(), { kind: 'org', orgId: ACME, name: 'saved-here' }), 'Acme CI');
    const kept = await addAccount(await mintKey(emulator(), { kind: 'org', orgId: ACME, name: 'kept-here' }), 'Acme other', { anyway: true });
    try {
      const key = [...emulator().state.keys.values()].find((k) => k.name === 'saved-here')!;
      t.prompt.reset();
      t.prompt.script({ input: 'saved-here' });
      assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.revokeOrgApiKey', { ...acme, keyId: key.id, keyName: 'saved-here' }), true);
      assert.strictEqual(key.revoked, true);
      const warned = t.prompt.shown.filter((x) => x.kind === 'warning' && !x.modal);
      assert.deepStrictEqual(warned.map((x) => x.text), ['The account "Acme CI" used that key: Neon now refuses it. Update its key, or remove the account.']);
      assert.deepStrictEqual(warned[0]!.buttons, ['Update Key…', 'Remove Account']);
      assert.strictEqual(t.services.accounts.get(saved)!.rejected, true, 'the tree offers Update key on it');
      assert.ok(!t.services.accounts.get(kept)!.rejected);
      // Removing it does not tell to revoke a key Neon already refuses (walk 25); the other one's does.
      for (const [id, detail] of [[saved, /now refuses.*Nothing changes in Neon\.$/s], [kept, /stays valid until you revoke it/]] as const) {
        t.prompt.script({ button: undefined });
        await vscode.commands.executeCommand('neonExplorer.removeAccount', { accountId: id });
        assert.match(t.prompt.shown.filter((x) => x.modal).at(-1)!.text, detail);
      }
      assert.deepStrictEqual(t.prompt.shown.filter((x) => x.kind === 'error'), []);
      // From the palette, accounts of organization keys (which cannot create API keys or invitations) are not offered: the personal one is taken.
      for (const id of ['neonExplorer.createOrgApiKey', 'neonExplorer.inviteMembers']) {
        t.prompt.reset();
        t.prompt.script({ pick: undefined });
        await vscode.commands.executeCommand(id);
        const picks = t.prompt.shown.filter((x) => x.kind === 'pick');
        assert.deepStrictEqual(picks.map((x) => x.placeHolder), ['Choose an organization'], `${id}: ${JSON.stringify(picks)}`);
        assert.deepStrictEqual(t.prompt.shown.filter((x) => x.kind === 'error'), [], id);
      }
    } finally {
      await t.services.accounts.remove(saved);
      await t.services.accounts.remove(kept);
    }
  });

  it('revoking a key that the workspace .env holds names the file and the variable (not the key), with Open; a working key beside it is not named; the file is left as it was', async () => {
    const cfg = vscode.workspace.getConfiguration('neonExplorer');
    await cfg.update('envFile', 'orgkey3.env', vscode.ConfigurationTarget.Global);
    userChose('orgkey3.env');
    const file = path.join(workspaceDir(), 'orgkey3.env');
    const doomed = await mintKey(emulator(), { kind: 'org', orgId: ACME, name: 'in-env' });
    const working = await mintKey(emulator(), { kind: 'org', orgId: ACME, name: 'still-works' });
    const text = `# deploy\nNEON_API_KEY=${doomed}\nOTHER_NEON_KEY=${working}\nNOT_A_KEY=napi_short\n`;
    fs.writeFileSync(file, text);
    try {
      const key = [...emulator().state.keys.values()].find((k) => k.name === 'in-env')!;
      t.prompt.reset();
      t.prompt.script({ input: 'in-env' });
      assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.revokeOrgApiKey', { ...acme, keyId: key.id, keyName: 'in-env' }), true);
      const warned = t.prompt.shown.filter((x) => x.kind === 'warning' && !x.modal);
      assert.deepStrictEqual(warned.map((x) => x.text), ['orgkey3.env holds an API key Neon now refuses (NEON_API_KEY): whatever reads it from there has lost access. Replace it with a working key, or remove it.']);
      assert.deepStrictEqual(warned[0]!.buttons, ['Open orgkey3.env']);
      assert.strictEqual(fs.readFileSync(file, 'utf8'), text);
      // Revoking another key says nothing of the file: the key refused there was revoked before (walk 26).
      await mintKey(emulator(), { kind: 'org', orgId: ACME, name: 'not-in-env' });
      const other = [...emulator().state.keys.values()].find((k) => k.name === 'not-in-env')!;
      t.prompt.reset();
      t.prompt.script({ input: 'not-in-env' });
      assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.revokeOrgApiKey', { ...acme, keyId: other.id, keyName: 'not-in-env' }), true);
      assert.deepStrictEqual(t.prompt.shown.filter((x) => x.kind === 'warning' && !x.modal).map((x) => x.text), []);
      for (const x of t.prompt.shown) assert.ok(!x.text.includes(doomed) && !x.text.includes(working), `a key shown in ${x.kind}: ${x.text}`);
      assert.ok(!t.logLines.some((l) => l.includes(doomed) || l.includes(working)), 'a key logged');
    } finally {
      fs.rmSync(file, { force: true });
      await cfg.update('envFile', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('shareProject grants a guest; manageGuests revokes after confirmation (the email typed in any case)', async () => {
    const project: ProjectRef = { accountId: you, orgId: ACME, projectId: 'shiny-wind-02883413', projectName: 'acme-api' };
    t.prompt.script({ input: 'guest@elsewhere.example' });
    await vscode.commands.executeCommand('neonExplorer.shareProject', project);
    const p = emulator().state.projects.get('shiny-wind-02883413')!;
    assert.deepStrictEqual(p.permissions.map((x) => x.email), ['guest@elsewhere.example']);
    // A second share to the same person is refused as it is typed (any case), not by Neon's 409 after.
    const since = emulator().server.log.mark();
    t.prompt.script({ input: 'Guest@Elsewhere.example' });
    await vscode.commands.executeCommand('neonExplorer.shareProject', project);
    const refused = t.prompt.shown.filter((x) => x.kind === 'error').at(-1)!;
    assert.match(refused.text, /rejected by validation: acme-api is already shared with Guest@Elsewhere\.example\.$/);
    assert.ok(!emulator().server.log.since(since).some((e) => e.method === 'POST'), 'no share sent');

    // Walk 42: "Guest42@Example.com" typed for "guest42@example.com" was refused ("case matters").
    t.prompt.script({ pick: 'guest@elsewhere.example' }, { pick: 'Revoke access' }, { input: 'GUEST@elsewhere.example' });
    const from = t.prompt.shown.length;
    assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.manageGuests', project), 'revoked');
    assert.deepStrictEqual(p.permissions, []);
    const [guests, action] = t.prompt.shown.slice(from).filter((x) => x.kind === 'pick');
    assert.strictEqual(guests!.placeHolder, 'Choose a guest to revoke their access', 'the pick says where it leads');
    assert.deepStrictEqual(action!.items, ['Keep', 'Revoke access'], 'the safe choice first: it is the active item');
    assert.match(t.prompt.shown.slice(from).find((x) => x.kind === 'input')!.text, /They lose access to acme-api\. Type "guest@elsewhere\.example" to confirm\.$/);
    assert.strictEqual(t.prompt.shown.at(-1)!.text, 'guest@elsewhere.example no longer has access to acme-api.');
  });

  it('shareProject with a member of the project\'s organization asks first (Cancel sends nothing); shared anyway, manageGuests says they still reach it as a member', async () => {
    const project: ProjectRef = { accountId: you, orgId: ACME, projectId: 'shiny-wind-02883413', projectName: 'acme-api' };
    const p = emulator().state.projects.get('shiny-wind-02883413')!;
    try {
      const since = emulator().server.log.mark();
      t.prompt.script({ input: 'Alice@acme.example' }, { button: undefined });
      await vscode.commands.executeCommand('neonExplorer.shareProject', project);
      const ask = t.prompt.shown.find((x) => x.modal)!;
      assert.strictEqual(ask.kind, 'warning');
      assert.strictEqual(
        ask.text,
        'Alice@acme.example is a member of Acme Inc and already reaches acme-api.\nEvery member of Acme Inc reaches all of its projects: sharing acme-api with them adds nothing while they are a member. Share it anyway?',
      );
      assert.deepStrictEqual(ask.buttons, ['Share Anyway'], 'VS Code adds Cancel, the close button');
      assert.deepStrictEqual(requestsOf(emulator(), since, 'POST'), [], 'cancelled: no share sent');
      assert.deepStrictEqual(errorsShown(t, 0), []);

      t.prompt.reset();
      t.prompt.script({ input: 'alice@acme.example' }, { button: 'Share Anyway' });
      await vscode.commands.executeCommand('neonExplorer.shareProject', project);
      assert.deepStrictEqual(p.permissions.map((x) => x.email), ['alice@acme.example']);
      assert.strictEqual(t.prompt.shown.at(-1)!.text, 'acme-api is shared with alice@acme.example, who also reaches it as a member of Acme Inc.');

      t.prompt.reset();
      t.prompt.script({ pick: 'alice@acme.example' }, { pick: 'Revoke access' }, { input: 'alice@acme.example' });
      assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.manageGuests', project), 'revoked');
      assert.deepStrictEqual(p.permissions, []);
      assert.match(t.prompt.shown.find((x) => x.kind === 'input')!.text, /As a member of Acme Inc, they still reach acme-api\. Type "alice@acme\.example" to confirm\.$/);
      assert.strictEqual(t.prompt.shown.at(-1)!.text, 'Guest access of alice@acme.example to acme-api was removed. As a member of Acme Inc, they still reach acme-api.');
    } finally {
      p.permissions = p.permissions.filter((x) => x.email !== 'alice@acme.example');
    }
  });

  it('clearProjectFilter from the palette (no row): with several filters it asks which, all of them first; with one it clears it; with none it says so', async () => {
    const filters = t.tree.provider.env.filters;
    const data: OrgRef = { accountId: you, orgId: DATA, orgName: 'Data Team' };
    await walk('you', 'Acme Inc');
    t.prompt.script({ input: 'api' }, { input: 'ware' });
    await vscode.commands.executeCommand('neonExplorer.filterProjects', acme);
    await vscode.commands.executeCommand('neonExplorer.filterProjects', data);
    try {
      t.prompt.reset();
      t.prompt.script({ pick: 'Data Team' });
      await vscode.commands.executeCommand('neonExplorer.clearProjectFilter');
      const pick = t.prompt.shown.find((x) => x.kind === 'pick')!;
      assert.deepStrictEqual(pick.items, ['All 2 filters', 'Acme Inc', 'Data Team']);
      assert.deepStrictEqual(pick.descriptions, ['Acme Inc, Data Team', 'filtered by "api"', 'filtered by "ware"']);
      assert.deepStrictEqual([...filters.values()], ['api'], 'only the one chosen is cleared');
      t.prompt.reset();
      await vscode.commands.executeCommand('neonExplorer.clearProjectFilter');
      assert.strictEqual(t.prompt.shown.length, 0, 'the one filter left is cleared without a question');
      assert.strictEqual(filters.size, 0);
      await vscode.commands.executeCommand('neonExplorer.clearProjectFilter');
      assert.deepStrictEqual(t.prompt.shown.map((x) => [x.kind, x.text]), [['info', 'No organization\'s projects are filtered: the Neon view shows them all.']]);
    } finally {
      filters.clear();
      t.tree.provider.refresh({ accountId: you });
    }
  });

  it('shareProject from a project row names its organization from the row (no GET /organizations/{id}); from the palette it reads it once', async () => {
    const row = await walk('you', 'Acme Inc', 'acme-api');
    const orgReads = (since: number) => emulator().server.log.since(since).filter((e) => e.route === 'GET /organizations/{org_id}').length;
    let since = emulator().server.log.mark();
    // Alice is a member of Acme Inc: the question names the organization; Cancel sends nothing.
    t.prompt.script({ input: 'alice@acme.example' }, { button: undefined });
    await vscode.commands.executeCommand('neonExplorer.shareProject', row);
    assert.match(t.prompt.shown.find((x) => x.modal)!.text, /^alice@acme\.example is a member of Acme Inc and already reaches acme-api\./);
    assert.strictEqual(orgReads(since), 0, 'the row knows its organization');
    t.prompt.reset();
    since = emulator().server.log.mark();
    t.prompt.script({ input: 'alice@acme.example' }, { button: undefined });
    await vscode.commands.executeCommand('neonExplorer.shareProject', { accountId: you, orgId: ACME, projectId: 'shiny-wind-02883413', projectName: 'acme-api' } satisfies ProjectRef);
    assert.match(t.prompt.shown.find((x) => x.modal)!.text, /^alice@acme\.example is a member of Acme Inc and already reaches acme-api\./);
    assert.strictEqual(orgReads(since), 1, 'without a row it is read');
    assert.deepStrictEqual(requestsOf(emulator(), since, 'POST'), [], 'cancelled: no share sent');
  });

  it('shareProject whose answer is lost (the connection breaks after Neon made the share): found among the guests and said as shared; made once; no failure', async () => {
    const project: ProjectRef = { accountId: you, orgId: ACME, projectId: 'shiny-wind-02883413', projectName: 'acme-api' };
    const p = emulator().state.projects.get('shiny-wind-02883413')!;
    const lose = losingTheNextPostsAnswer(emulator());
    const from = t.prompt.shown.length;
    try {
      t.prompt.script({ input: async () => (lose.start(), 'lost-guest@elsewhere.example') });
      const since = emulator().server.log.mark();
      const perm = (await vscode.commands.executeCommand('neonExplorer.shareProject', project)) as { granted_to_email: string } | undefined;
      assert.strictEqual(perm?.granted_to_email, 'lost-guest@elsewhere.example', JSON.stringify(t.prompt.shown.slice(from)));
      assert.deepStrictEqual(emulator().server.log.since(since).filter((e) => e.method === 'POST').map((e) => e.fault), ['drop'], 'sent once, its answer lost');
      assert.strictEqual(p.permissions.filter((x) => x.email === 'lost-guest@elsewhere.example').length, 1);
      const shown = t.prompt.shown.slice(from);
      assert.deepStrictEqual(shown.filter((x) => x.kind === 'error'), []);
      assert.deepStrictEqual(shown.at(-1)!.buttons, ['Show Project Guests…'], 'a button keeps the toast expanded');
      assert.strictEqual(shown.at(-1)!.text, 'acme-api is shared with lost-guest@elsewhere.example. It appears under "Shared with me" in their account. Neon\'s answer was lost on the way, so the share was found among the project\'s guests.');
    } finally {
      lose.restore();
      p.permissions = p.permissions.filter((x) => x.email !== 'lost-guest@elsewhere.example');
    }
  });

  it('an organization API key: its org is found even where /users/me/organizations answers 403; people commands are refused before any request', async () => {
    const em = emulator();
    em.config.orgKeyOrganizations = 'forbidden';
    const token = await mintKey(em, { kind: 'org', orgId: DATA });
    const orgKey = await addAccount(token, 'data-ci');
    try {
      // Two accounts now: the palette asks which one, then lists the key's one org.
      t.prompt.script({ pick: 'data-ci' }, { pick: 'Data Team' }, { button: undefined });
      await vscode.commands.executeCommand('neonExplorer.showOrgDetails');
      const modal = t.prompt.shown.find((x) => x.modal)!;
      assert.match(modal.text, /ID: org-bitter-breeze-35816640/);
      assert.match(modal.text, /Your role: organization API key/);
      const since = em.server.log.mark();
      await vscode.commands.executeCommand('neonExplorer.inviteMembers', { accountId: orgKey, orgId: DATA, orgName: 'Data Team' });
      await vscode.commands.executeCommand('neonExplorer.createOrgApiKey', { accountId: orgKey, orgId: DATA, orgName: 'Data Team' });
      const errors = t.prompt.shown.filter((x) => x.kind === 'error').map((x) => x.text);
      assert.match(errors[0]!, /Organization API keys cannot create invitations/);
      assert.match(errors[1]!, /Organization API keys cannot create organization API keys/);
      assert.deepStrictEqual(em.server.log.since(since).filter((e) => e.method === 'POST'), []);
    } finally {
      em.config.orgKeyOrganizations = 'owning';
      await t.services.accounts.remove(orgKey);
    }
  });
});
