// Project commands in the real extension host against the in-process emulator: create, rename,
// delete (and a member's 403 explained), transfer one project, transfer many into an org (406,
// 422 with "transfer the rest", cancellation that stops sending batches).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { setSetting } from './commands-role.support';
import { workspaceDir } from './helpers/extension';
import type { OrgRef, ProjectRef } from '../../src/tree/refs';
import { losingTheNextPostsAnswer, useEmulator, type Emulator } from './helpers/emulator';
import { eventually } from './helpers/eventually';
import { addAccount, mintKey, removeAllAccounts, usePromptReset, type Testing } from './tree.support';
import { startClean, startWithAccount } from './helpers/suite';

const ACME = 'org-morning-bread-81040908';
const SIDE = 'org-ocean-art-12345678';
const DATA = 'org-bitter-breeze-35816640';


function posts(em: Emulator, since: number, route: RegExp) {
  return em.server.log.since(since).filter((e) => e.method === 'POST' && route.test(e.route ?? e.path));
}

const useHooks = usePromptReset;

describe('commands-project: create, rename, delete, transfer', function () {
  this.timeout(60_000);
  const emulator = useEmulator({ seed: 'small', operationMs: 50 });
  let t: Testing;
  let you: string;
  let alice: string;
  const org = (orgId: string, orgName: string): OrgRef => ({ accountId: you, orgId, orgName });
  const project = (projectId: string, accountId = you): ProjectRef => {
    const p = emulator().state.projects.get(projectId)!;
    return { accountId, orgId: p.orgId, projectId, projectName: p.name };
  };
  const shownErrors = () => t.prompt.shown.filter((x) => x.kind === 'error').map((x) => x.text);

  before(async () => {
    ({ t, accountId: you } = await startWithAccount(emulator()));
    alice = await addAccount(await mintKey(emulator(), { kind: 'personal', email: 'alice@acme.example' }), 'alice');
  });
  useHooks(() => t);
  after(() => removeAllAccounts());

  it('createProject: name, region and Postgres version offered with defaults; waits for its operations', async () => {
    t.prompt.script({ input: 'made-by-test' }, { pick: 'aws-eu-central-1' }, { pick: 'Postgres 16' });
    const ref = (await vscode.commands.executeCommand('neonExplorer.createProject', org(ACME, 'Acme Inc'))) as ProjectRef;
    const p = emulator().state.projects.get(ref.projectId)!;
    assert.deepStrictEqual([p.name, p.orgId, p.regionId, p.pgVersion], ['made-by-test', ACME, 'aws-eu-central-1', 16]);
    const [region, version] = t.prompt.shown.filter((x) => x.kind === 'pick');
    assert.strictEqual(region!.items![0], 'aws-us-east-2');
    assert.strictEqual(version!.items![0], 'Postgres 17');
    // The project's operations were polled until done.
    assert.ok(emulator().server.log.entries.some((e) => e.method === 'GET' && /operations\/\{operation_id\}/.test(e.route ?? '')), 'operations polled');
    const info = t.prompt.shown.find((x) => x.kind === 'info')!;
    assert.match(info.text, /Project made-by-test \(.+\) was created in Acme Inc, aws-eu-central-1, Postgres 16/);
    assert.deepStrictEqual(info.buttons, ['Copy Connection String', 'Save to .env']);
    assert.deepStrictEqual(t.prompt.shown.filter((x) => x.kind !== 'info').map((x) => x.text.replace(/:.*$/s, '')), ['Create Project (1/3)', 'Create Project (2/3)', 'Create Project (3/3)']);
  });

  it('createProject whose answer is lost (the connection breaks after Neon made it): the project is found by its name and creation time and the command ends as made, with its connection offer; made once', async () => {
    const lose = losingTheNextPostsAnswer(emulator());
    try {
      t.prompt.script({ input: 'lost-project' }, { pick: 'aws-us-east-2' }, { pick: (items) => (lose.start(), items.find((i) => i.label === 'Postgres 17')) });
      const start = emulator().server.log.mark();
      const ref = (await vscode.commands.executeCommand('neonExplorer.createProject', org(ACME, 'Acme Inc'))) as ProjectRef | undefined;
      assert.deepStrictEqual(posts(emulator(), start, /^POST \/projects$/).map((e) => e.fault), ['drop'], 'sent once, its answer lost');
      const made = [...emulator().state.projects.values()].filter((p) => p.name === 'lost-project');
      assert.strictEqual(made.length, 1, 'Neon made it once');
      assert.strictEqual(ref?.projectId, made[0]!.id, shownErrors().join('\n'));
      assert.deepStrictEqual(shownErrors(), []);
      const info = t.prompt.shown.filter((x) => x.kind === 'info').at(-1)!;
      assert.match(info.text, /^Project lost-project \(.+\) was created in Acme Inc, aws-us-east-2, Postgres 17\. Neon's answer was lost on the way, so the project was found by its name\.$/);
      assert.deepStrictEqual(info.buttons, ['Copy Connection String', 'Save to .env']);
    } finally {
      lose.restore();
    }
  });

  it('createProject with no name whose answer is lost: nothing to find it by, so the failure says it may have been made and offers Refresh, not Retry (sent again it could be made twice)', async () => {
    const before = new Set(emulator().state.projects.keys());
    const lose = losingTheNextPostsAnswer(emulator());
    try {
      t.prompt.script({ input: '' }, { pick: 'aws-us-east-2' }, { pick: (items) => (lose.start(), items.find((i) => i.label === 'Postgres 17')) });
      const ref = await vscode.commands.executeCommand('neonExplorer.createProject', org(ACME, 'Acme Inc'));
      assert.strictEqual(ref, undefined, 'the command failed');
      assert.strictEqual([...emulator().state.projects.keys()].filter((id) => !before.has(id)).length, 1, 'Neon made it');
      const failure = t.prompt.shown.filter((x) => x.kind === 'error').at(-1)!;
      assert.match(failure.text, /^Couldn't create the project: The connection to the Neon API at 127\.0\.0\.1:\d+ broke before Neon answered, so the change may have been made\. Refresh to see whether it was before you try again; /);
      assert.deepStrictEqual(failure.buttons, ['Refresh', 'Show Log']);
    } finally {
      lose.restore();
    }
  });

  it('createProject: Back returns to the step before, which offers the earlier answer; regions are read once', async () => {
    const since = emulator().server.log.mark();
    t.prompt.script(
      { input: 'first-try' }, { pick: 'aws-eu-central-1' }, { back: true }, // from the Postgres version to the region
      { back: true }, // from the region to the name
      { input: 'second-try' }, { pick: 'aws-us-east-2' }, { pick: 'Postgres 16' },
    );
    const ref = (await vscode.commands.executeCommand('neonExplorer.createProject', org(ACME, 'Acme Inc'))) as ProjectRef;
    const p = emulator().state.projects.get(ref.projectId)!;
    assert.deepStrictEqual([p.name, p.regionId, p.pgVersion], ['second-try', 'aws-us-east-2', 16]);
    const asked = t.prompt.shown.filter((x) => x.kind === 'input' || x.kind === 'pick');
    assert.deepStrictEqual(asked.map((x) => x.text.replace(/:.*$/s, '')), ['Create Project (1/3)', 'Create Project (2/3)', 'Create Project (3/3)', 'Create Project (2/3)', 'Create Project (1/3)', 'Create Project (2/3)', 'Create Project (3/3)']);
    assert.deepStrictEqual(asked.map((x) => !!x.back), [false, true, true, true, false, true, true], 'Back on every step but the first');
    assert.deepStrictEqual(asked[2]!.picked, ['Postgres 17'], 'the default version is the active one');
    assert.deepStrictEqual(asked[3]!.picked, ['aws-eu-central-1'], 'the region chosen before is the active one');
    assert.strictEqual(asked[4]!.value, 'first-try', 'the name typed before is in the box');
    assert.strictEqual(emulator().server.log.since(since).filter((e) => e.method === 'GET' && /\/regions/.test(e.path)).length, 1, 'regions read once');
    assert.strictEqual(t.prompt.pending(), 0);
  });

  it('createProject from the palette: account, then organization', async () => {
    t.prompt.script({ pick: 'you' }, { pick: 'Data Team' }, { input: '' }, { pick: 'aws-us-east-2' }, { pick: 'Postgres 17' });
    const ref = (await vscode.commands.executeCommand('neonExplorer.createProject')) as ProjectRef;
    assert.strictEqual(emulator().state.projects.get(ref.projectId)!.orgId, DATA);
    // Named by Neon: its name is its id, said once.
    const p = emulator().state.projects.get(ref.projectId)!;
    const info = t.prompt.shown.find((x) => x.kind === 'info')!;
    assert.strictEqual(p.name, p.id, 'Neon names an unnamed project as its id');
    assert.ok(info.text.startsWith(`Project ${p.id} was created in Data Team,`), info.text);
  });

  it('renameProject', async () => {
    t.prompt.script({ input: 'acme-api-v2' });
    await vscode.commands.executeCommand('neonExplorer.renameProject', project('shiny-wind-02883413'));
    assert.strictEqual(emulator().state.projects.get('shiny-wind-02883413')!.name, 'acme-api-v2');
  });

  it('deleteProject: a member of the org gets the 403 explained and the project stays', async () => {
    const since = emulator().server.log.mark();
    t.prompt.script({ input: 'acme-sandbox' });
    await vscode.commands.executeCommand('neonExplorer.deleteProject', project('quiet-moon-45120987', alice));
    assert.ok(emulator().state.projects.has('quiet-moon-45120987'));
    const deletes = emulator().server.log.since(since).filter((e) => e.method === 'DELETE');
    assert.deepStrictEqual(deletes.map((e) => e.status), [403]);
    const [err] = shownErrors();
    assert.match(err!, /Couldn't delete the project: Members cannot delete projects of an organization: only its admins can \(403\)\. Ask an admin of the organization to delete acme-sandbox/);
    assert.match(err!, /\(request id [0-9a-f-]+\)/);
  });

  it('deleteProject: a .env that reaches the project only through PG* variables is named too (PGHOST is one of its computes), before the typed name is cancelled', async () => {
    const p = emulator().state.projects.get('quiet-moon-45120987')!;
    const ep = [...emulator().state.detail(p).endpoints.values()][0];
    assert.ok(ep, 'acme-sandbox has a compute');
    t.prompt.reset();
    const file = path.join(workspaceDir(), 'uses-project.env');
    await setSetting('envFile', 'uses-project.env');
    try {
      fs.writeFileSync(file, `PGHOST=${ep.id}-pooler.us-east-2.aws.neon.tech\nPGDATABASE=neondb\nA=1\n`);
      t.prompt.script({ input: undefined });
      assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.deleteProject', project('quiet-moon-45120987')), false);
      assert.ok(emulator().state.projects.has('quiet-moon-45120987'));
      const asked = t.prompt.shown.find((x) => x.kind === 'input')!;
      assert.match(asked.text, /are deleted\. This workspace connects to it in uses-project\.env \(PGHOST, PGDATABASE\): those connections will fail\. Type "acme-sandbox" to confirm\.$/);
    } finally {
      t.prompt.reset(); // the next test reads its own first question
      fs.rmSync(file, { force: true });
      await setSetting('envFile', undefined);
    }
  });

  it('deleteProject: an admin types the name, the project is gone; the question names the workspace .env that connects to it', async () => {
    const p = emulator().state.projects.get('quiet-moon-45120987')!;
    const ep = [...emulator().state.detail(p).endpoints.values()][0];
    assert.ok(ep, 'acme-sandbox has a compute');
    const file = path.join(workspaceDir(), 'uses-project.env');
    await setSetting('envFile', 'uses-project.env');
    try {
      fs.writeFileSync(file, `A=1\nDATABASE_URL=postgresql://neondb_owner:pw@${ep.id}.us-east-2.aws.neon.tech/neondb?sslmode=require\n`);
      t.prompt.script({ input: 'acme-sandbox' });
      assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.deleteProject', project('quiet-moon-45120987')), true);
      assert.ok(!emulator().state.projects.has('quiet-moon-45120987'));
      const asked = t.prompt.shown.find((x) => x.kind === 'input')!;
      assert.match(asked.text, /are deleted\. This workspace connects to it in uses-project\.env \(DATABASE_URL\): those connections will fail\. Type "acme-sandbox" to confirm\.$/);
    } finally {
      fs.rmSync(file, { force: true });
      await setSetting('envFile', undefined);
    }
  });

  it('transferProject: one project to another organization; one where you are only a member is marked so, and the question says the move cannot be undone from this account and asks for its name typed', async () => {
    t.prompt.script({ pick: 'Data Team' }, { input: 'Data Team' });
    assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.transferProject', project('shiny-wind-02883413')), true);
    assert.strictEqual(emulator().state.projects.get('shiny-wind-02883413')!.orgId, DATA);
    const pick = t.prompt.shown.find((x) => x.kind === 'pick')!;
    // The source org is not offered as a destination.
    assert.ok(!pick.items!.includes('Acme Inc'));
    // You are a member of Data Team (and of Side Project), not an admin: both carry the warning icon.
    assert.deepStrictEqual(pick.icons, pick.items!.map(() => 'warning'), JSON.stringify(pick));
    // (An earlier test of this file renamed acme-api to acme-api-v2.)
    // Typed, not a modal: a modal focuses its first button, and Enter would make a move this account cannot undo (walk 33).
    assert.ok(!t.prompt.shown.some((x) => x.modal), JSON.stringify(t.prompt.shown));
    const confirm = t.prompt.shown.find((x) => x.kind === 'input')!;
    assert.match(confirm.text, /^Transfer acme-api(-v2)? to Data Team\? Members of the destination organization get access to it; guests who are members there lose their guest access\. You are a member of Data Team, not an admin: once there, this account can neither move it back nor delete it \(an admin of Data Team can\)\. Type "Data Team" to confirm\.$/, JSON.stringify(t.prompt.shown));
    assert.strictEqual(confirm.placeHolder, 'Data Team');
  });

  it('transferProject into an organization where you are only a member: Escape at the question moves nothing', async () => {
    const since = emulator().server.log.mark();
    t.prompt.script({ pick: 'Side Project' }, { dismiss: true });
    assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.transferProject', project('hidden-cell-76330112')), false);
    assert.strictEqual(emulator().state.projects.get('hidden-cell-76330112')!.orgId, ACME);
    assert.deepStrictEqual(posts(emulator(), since, /transfer/), [], 'no transfer sent');
  });

  it('transferProject: 422 names the GitHub integration', async () => {
    t.prompt.script({ pick: 'Data Team' }, { input: 'Data Team' });
    await vscode.commands.executeCommand('neonExplorer.transferProject', project('hidden-cell-76330112'));
    assert.strictEqual(emulator().state.projects.get('hidden-cell-76330112')!.orgId, ACME);
    // Said as Transfer Projects Here says it (walk 30): why, what to do, the request id, the Console; about the one project (walk 42).
    assert.deepStrictEqual(shownErrors(), []);
    const summary = t.prompt.shown.find((x) => x.kind === 'warning' && !x.modal)!;
    assert.match(summary.text.split('\n')[0]!, /^acme-web was not moved to Data Team: it has a GitHub integration\. Remove its GitHub or Vercel integration in the Neon Console, then transfer it again\. \(request id [\w-]+\)$/);
    assert.deepStrictEqual(summary.buttons, ['Open in Neon Console', 'Show Log']);
  });

  it('transferProjectsHere: 406 explained from limits (which limit, expected, actual)', async () => {
    const since = emulator().server.log.mark();
    t.prompt.script({ pickMany: ['acme-analytics'] }, { input: 'Side Project' });
    const out = (await vscode.commands.executeCommand('neonExplorer.transferProjectsHere', org(SIDE, 'Side Project'))) as { moved: string[]; refused: unknown[] };
    assert.deepStrictEqual(out.moved, []);
    assert.strictEqual(emulator().state.projects.get('bold-sun-73491519')!.orgId, ACME);
    const summary = t.prompt.shown.find((x) => x.kind === 'warning' && !x.modal)!;
    // The toast itself says why, what to do (you are a member of Side Project: ask an admin; walk 26) and the refusal's request id (walk 25); the log names the limit.
    const refusal = posts(emulator(), since, /transfer/).at(-1)!;
    assert.strictEqual(refusal.status, 406);
    assert.strictEqual(
      summary.text.split('\n')[0],
      // One project: a sentence about it, not a batch's count (walk 42).
      `acme-analytics was not moved: Side Project's plan allows 1 project, the transfer would make it 2. Ask an admin of Side Project to delete a project there or upgrade its plan, then transfer again. (request id ${refusal.requestId})`,
    );
    assert.deepStrictEqual(summary.buttons, ['Open in Neon Console', 'Show Log']);
    assert.match(summary.text, /number of projects \(projects_count\): the destination allows 1, the transfer would make it 2/);
    // Only projects of orgs where you are an admin (Acme), not of Data Team (member).
    const offered = t.prompt.shown.find((x) => x.kind === 'pickMany')!;
    assert.ok(offered.items!.includes('acme-analytics') && !offered.items!.includes('warehouse'), offered.items!.join(', '));
    // Listed before the picker opened: never an empty picker whose OK accepts nothing (walk 33).
    assert.strictEqual(offered.loading, undefined, 'the picker opened with its list');
  });

  it('transferProject: an organization Neon said is full is marked so in the picker; choosing it is warned about before any transfer is sent, with another organization a click away', async () => {
    // The 406 of the test before taught the limit of Side Project: 1 project, and it has 1.
    const since = emulator().server.log.mark();
    t.prompt.script({ pick: 'Side Project' }, { button: 'Choose Another Organization' }, { pick: 'Side Project' }, { dismiss: true });
    assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.transferProject', project('bold-sun-73491519')), undefined);
    const picks = t.prompt.shown.filter((x) => x.kind === 'pick');
    assert.strictEqual(picks.length, 2, 'Choose Another Organization asks for the destination again');
    const offered = picks[0]!.items!;
    assert.strictEqual(offered.at(-1), 'Side Project', `the full org comes last: ${offered.join(', ')}`);
    assert.strictEqual(picks[0]!.icons!.at(-1), 'circle-slash', 'marked full by its icon (its detail says so in words)');
    assert.ok(offered.includes('Data Team'));
    const [warned] = t.prompt.shown.filter((x) => x.kind === 'warning' && x.modal);
    assert.strictEqual(
      warned!.text,
      'Side Project is full: its plan allows 1 project and it has 1.\nNeon would refuse to move acme-analytics there: choose another organization. To make room, delete a project in Side Project or move one out, or upgrade its plan in the Neon Console. Neon gave this limit when it refused a project there earlier; if the plan was upgraded since, choose Transfer Anyway.',
    );
    assert.deepStrictEqual(warned!.buttons, ['Choose Another Organization', 'Open in Neon Console', 'Transfer Anyway']);
    assert.deepStrictEqual(shownErrors(), [], 'a warning before sending, not a failure');
    assert.deepStrictEqual(posts(emulator(), since, /transfer/), [], 'no transfer sent');
    assert.ok(!t.prompt.shown.some((x) => x.kind === 'input'), 'no confirmation asked for a transfer that cannot work');
  });

  it('transferProjectsHere into an organization Neon said is full: said before any project is ticked, and nothing is sent', async () => {
    const since = emulator().server.log.mark();
    t.prompt.script({ dismiss: true });
    assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.transferProjectsHere', org(SIDE, 'Side Project')), undefined);
    assert.deepStrictEqual(
      t.prompt.shown.map((x) => ({ kind: x.kind, text: x.text, buttons: x.buttons, modal: x.modal })),
      [{
        kind: 'warning',
        text: 'Side Project is full: its plan allows 1 project and it has 1.\nTo make room, delete a project in Side Project or move one out, or upgrade its plan in the Neon Console. Neon gave this limit when it refused a project there earlier; if the plan was upgraded since, choose Transfer Anyway.',
        buttons: ['Open in Neon Console', 'Transfer Anyway'],
        modal: true,
      }],
    );
    assert.deepStrictEqual(posts(emulator(), since, /transfer/), [], 'no transfer sent');
  });

  it('transferProjectsHere asks before moving anything; Escape there sends no transfer', async () => {
    const since = emulator().server.log.mark();
    t.prompt.script({ pickMany: ['acme-analytics'] }, { dismiss: true });
    const out = await vscode.commands.executeCommand('neonExplorer.transferProjectsHere', org(DATA, 'Data Team'));
    assert.strictEqual(out, undefined);
    assert.strictEqual(emulator().state.projects.get('bold-sun-73491519')!.orgId, ACME);
    assert.deepStrictEqual(posts(emulator(), since, /transfer/), [], 'no transfer sent');
    // You are a member of Data Team: its name is typed, no modal whose focused button is the transfer.
    assert.ok(!t.prompt.shown.some((x) => x.modal), JSON.stringify(t.prompt.shown));
    const confirm = t.prompt.shown.find((x) => x.kind === 'input')!;
    assert.match(confirm.text, /^Transfer acme-analytics to Data Team\? .* Type "Data Team" to confirm\.$/);
    assert.deepStrictEqual(shownErrors(), []);
  });

  it('transferProjectsHere: 422 names the integration projects and offers to transfer the rest', async () => {
    t.prompt.script({ pickMany: ['acme-web', 'acme-analytics'] }, { input: 'Data Team' }, { button: 'Transfer the Rest' });
    const out = (await vscode.commands.executeCommand('neonExplorer.transferProjectsHere', org(DATA, 'Data Team'))) as { moved: string[] };
    assert.deepStrictEqual(out.moved, ['bold-sun-73491519']);
    assert.strictEqual(emulator().state.projects.get('bold-sun-73491519')!.orgId, DATA);
    assert.strictEqual(emulator().state.projects.get('hidden-cell-76330112')!.orgId, ACME);
    const confirm = t.prompt.shown.find((x) => x.kind === 'input');
    const [modal] = t.prompt.shown.filter((x) => x.modal);
    assert.match(confirm!.text, /^Transfer 2 projects to Data Team\? acme-analytics, acme-web\. Members of the destination organization get access to them/);
    assert.match(modal!.text, /acme-web \(hidden-cell-76330112\): GitHub/);
    const summary = t.prompt.shown.find((x) => x.kind === 'warning' && !x.modal)!;
    assert.match(summary.text, /^Transfer finished: 1 moved to Data Team, 1 refused \(acme-web has a GitHub integration\)\. Remove its GitHub or Vercel integration in the Neon Console, then transfer it again\. \(request id [\w-]+\)\n/);
    assert.deepStrictEqual(summary.buttons, ['Open in Neon Console', 'Show Log']);
    assert.match(summary.text, /Integrations \(remove them first\): acme-web \(hidden-cell-76330112\) has a GitHub integration/);
  });

  it('transferProjectsHere where this account can move nothing: said as information, no picker, no error (walk 33)', async () => {
    // You administer only Acme Inc: the projects of Side Project and Data Team cannot be moved into it.
    const logFrom = t.logLines.length;
    const out = await vscode.commands.executeCommand('neonExplorer.transferProjectsHere', org(ACME, 'Acme Inc'));
    assert.strictEqual(out, undefined);
    assert.deepStrictEqual(shownErrors(), []);
    assert.deepStrictEqual(
      t.prompt.shown.map((x) => ({ kind: x.kind, text: x.text, buttons: x.buttons })),
      [{ kind: 'info', text: 'No project can be moved to Acme Inc from here: moving a project takes admin rights in the organization it is in, and you are not an admin of Side Project, Data Team.', buttons: [] }],
    );
    assert.ok(t.logLines.slice(logFrom).some((l) => /✓ .*\[neonExplorer\.transferProjectsHere\]/.test(l)), t.logLines.slice(logFrom).join('\n'));
  });

  it('transferProjectsHere with more ticked than fit where Neon told the limit: said before sending, with how many still fit; Choose Again keeps the ticks', async () => {
    const s = emulator().state;
    const data = s.orgs.get(DATA)!;
    // Two projects of Acme Inc with names of their own (the picker answers by name), none with an integration.
    const names = new Map<string, number>();
    for (const p of s.ownerProjects(ACME)) names.set(p.name, (names.get(p.name) ?? 0) + 1);
    const [a, b] = s.ownerProjects(ACME).filter((p) => !p.integrations.length && names.get(p.name) === 1);
    assert.ok(a && b, 'two movable projects in Acme Inc');
    const had = s.ownerProjects(DATA).length;
    data.projectLimit = had + 1;
    try {
      // Neon's 406 teaches the limit: room for 1, 2 sent.
      t.prompt.script({ pickMany: [a.name, b.name] }, { input: 'Data Team' });
      const refused = (await vscode.commands.executeCommand('neonExplorer.transferProjectsHere', org(DATA, 'Data Team'))) as { moved: string[] };
      assert.deepStrictEqual(refused.moved, []);
      t.prompt.reset();
      const since = emulator().server.log.mark();
      let ticked: string[] = [];
      t.prompt.script(
        { pickMany: (items) => items.filter((i) => i.label === a.name || i.label === b.name) },
        { button: 'Choose Again' },
        { pickMany: (items) => ((ticked = items.filter((i) => i.picked).map((i) => i.label)), items.filter((i) => i.label === a.name)) },
        { input: 'Data Team' },
      );
      const out = (await vscode.commands.executeCommand('neonExplorer.transferProjectsHere', org(DATA, 'Data Team'))) as { moved: string[] };
      const warned = t.prompt.shown.find((x) => x.kind === 'warning' && x.modal)!;
      assert.strictEqual(
        warned.text,
        `Data Team has room for 1 more: its plan allows ${had + 1} projects and it has ${had}. You ticked 2 projects.\nChoose Again to untick some. To make room, delete a project in Data Team or move one out, or upgrade its plan in the Neon Console. Neon gave this limit when it refused a project there earlier; if the plan was upgraded since, choose Transfer Anyway.`,
      );
      assert.deepStrictEqual(warned.buttons, ['Choose Again', 'Open in Neon Console', 'Transfer Anyway']);
      assert.deepStrictEqual(ticked.sort(), [a.name, b.name].sort(), 'the second pick opens with the same ticks');
      assert.strictEqual(t.prompt.shown.find((x) => x.kind === 'pickMany')!.placeHolder, 'Projects of organizations you administer (Data Team has room for 1 more)');
      assert.deepStrictEqual(out.moved, [a.id]);
      assert.deepStrictEqual(posts(emulator(), since, /transfer/).map((e) => e.status), [200], 'one transfer, of what fits');
      assert.strictEqual(s.projects.get(b.id)!.orgId, ACME);
    } finally {
      data.projectLimit = null;
      for (const p of [a, b]) if (p && p.orgId !== ACME) s.moveProject(p, ACME);
    }
  });

  it('createProject in an organization Neon said is full: said before any step; Create Anyway asks the steps, and Neon\'s refusal keeps the answers: Create in Another Organization asks only for the organization', async () => {
    // The 406 of the transfers above taught the limit of Side Project: 1 project, and it has 1.
    const before = emulator().state.projects.size;
    const since = emulator().server.log.mark();
    t.prompt.script(
      { button: 'Create Anyway' },
      { input: 'overflow' },
      { pick: 'aws-us-east-1' },
      { pick: 'Postgres 16' },
      { button: 'Create in Another Organization…' },
      { pick: 'Data Team' },
    );
    assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.createProject', org(SIDE, 'Side Project')), undefined);
    assert.deepStrictEqual(
      t.prompt.shown.map((x) => ({ kind: x.kind, text: x.text, buttons: x.buttons })).slice(0, 1),
      [{
        kind: 'warning',
        text: 'Side Project is full: its plan allows 1 project and it has 1. To make room, delete a project in Side Project or move one out, or upgrade its plan in the Neon Console. Neon gave this limit when it refused a project there earlier; if the plan was upgraded since, choose Create Anyway.',
        buttons: ['Create in Another Organization…', 'Open in Neon Console', 'Create Anyway'],
      }],
    );
    const made = await eventually(() => {
      const p = [...emulator().state.projects.values()].find((x) => x.name === 'overflow');
      assert.ok(p, `made in the other organization: ${JSON.stringify(t.prompt.shown)}`);
      return p;
    }, { timeout: 20_000 });
    assert.deepStrictEqual([made.orgId, made.regionId, made.pgVersion], [DATA, 'aws-us-east-1', 16]);
    assert.strictEqual(emulator().state.projects.size, before + 1);
    assert.deepStrictEqual(posts(emulator(), since, /^POST \/projects$/).map((e) => e.status), [422, 201], 'Create Anyway sent once, refused; then made elsewhere');
    const err = t.prompt.shown.find((x) => x.kind === 'error')!;
    assert.match(err.text, /^Couldn't create the project: Side Project has as many projects as its plan allows \(Neon: "projects limit exceeded[^"]*"\)\. Delete a project there, or upgrade the plan in the Neon Console, then create it again\. Create in Another Organization… keeps the name, region and Postgres version you chose\. \(request id [0-9a-f-]+\)$/);
    assert.deepStrictEqual(err.buttons, ['Create in Another Organization…', 'Open in Neon Console', 'Show Log']);
    const asked = t.prompt.shown.filter((x) => x.kind === 'input' || x.kind === 'pick');
    assert.deepStrictEqual(asked.map((x) => x.text.replace(/:.*$/s, '')), ['Create Project (1/3)', 'Create Project (2/3)', 'Create Project (3/3)', 'Create Project overflow in'], 'only the organization asked again');
    assert.ok(!asked.at(-1)!.items!.includes('Side Project'), 'the full one is not offered again');
    await eventually(() => assert.ok(t.prompt.shown.some((x) => x.kind === 'info' && /^Project overflow \(.+\) was created in Data Team, aws-us-east-1, Postgres 16\./.test(x.text))), { timeout: 20_000 });

    // Neon's 422 named the limit again: the next Create Project there says so before any step, and sends nothing.
    t.prompt.reset();
    const later = emulator().server.log.mark();
    assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.createProject', org(SIDE, 'Side Project')), undefined);
    assert.deepStrictEqual(t.prompt.shown.map((x) => x.kind), ['warning']);
    assert.deepStrictEqual(posts(emulator(), later, /^POST \/projects$/), [], 'nothing created');
  });
});

describe('commands-project: an account that still has personal projects', function () {
  this.timeout(60_000);
  const emulator = useEmulator({ seed: 'small' });
  let t: Testing;
  let legacy: string;
  useHooks(() => t);

  before(async () => {
    t = await startClean(emulator());
    const s = emulator().state;
    // legacy@example.com kept a personal space; they must be a member of Data Team (the seed may already say so).
    const lee = s.userByEmail('legacy@example.com')!;
    if (!s.membership(DATA, lee.id)) s.addMember(DATA, lee.id, 'member', '2025-01-01T00:00:00Z');
    legacy = await addAccount(await mintKey(emulator(), { kind: 'personal', email: 'legacy@example.com' }), 'legacy');
  });
  after(() => removeAllAccounts());

  it('the palette offers "Personal projects"; the transfer uses the deprecated personal endpoint', async () => {
    const since = emulator().server.log.mark();
    t.prompt.script({ pick: 'Personal projects' }, { pick: 'legacy-blog' }, { pick: 'Data Team' }, { input: 'Data Team' });
    assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.transferProject'), true);
    assert.strictEqual(emulator().state.projects.get('icy-dew-16180339')!.orgId, DATA);
    const sent = posts(emulator(), since, /transfer/);
    assert.deepStrictEqual(sent.map((e) => `${e.route} ${e.status}`), ['POST /users/me/projects/transfer 200']);
    assert.deepStrictEqual(t.prompt.shown[0]!.items, ['Data Team', 'Personal projects']);
  });

  it('transferProjectsHere lists personal projects too; into an organization you administer the question stays a modal with Transfer', async () => {
    // Lee administers an organization of their own (the move can be undone from this account).
    const s = emulator().state;
    const labs = s.addOrg('Lee Labs', 'launch', 100, '2025-01-01T00:00:00Z', 'org-gentle-lake-27182818');
    s.addMember(labs.id, s.userByEmail('legacy@example.com')!.id, 'admin', '2025-01-01T00:00:00Z');
    t.prompt.script({ pickMany: ['legacy-shop'] }, { button: 'Transfer' });
    const out = (await vscode.commands.executeCommand('neonExplorer.transferProjectsHere', { accountId: legacy, orgId: labs.id, orgName: 'Lee Labs' })) as { moved: string[] };
    assert.deepStrictEqual(out.moved, ['royal-hill-14142135']);
    assert.strictEqual(emulator().state.projects.get('royal-hill-14142135')!.orgId, labs.id);
    const confirm = t.prompt.shown.find((x) => x.modal)!;
    assert.strictEqual(confirm.text, 'Transfer legacy-shop to Lee Labs?\nMembers of the destination organization get access to it; guests who are members there lose their guest access.');
    assert.deepStrictEqual(confirm.buttons, ['Transfer']);
    assert.ok(!t.prompt.shown.some((x) => x.kind === 'input'), 'no name to type');
    const picker = t.prompt.shown.find((x) => x.kind === 'pickMany')!;
    assert.match(picker.items!.join(','), /legacy-shop/);
    // Only personal projects are offered (Lee is a member of Data Team, not an admin): the placeholder says so (walk 42).
    assert.strictEqual(picker.placeHolder, 'Your personal projects');
  });
});

describe('commands-project: transferring 1,000 projects, cancelled', function () {
  this.timeout(120_000);
  const emulator = useEmulator({ orgs: 3, projectsPerOrg: 1000, branches: 1 });
  let t: Testing;
  let you: string;
  useHooks(() => t);

  before(async () => {
    ({ t, accountId: you } = await startWithAccount(emulator()));
  });
  after(() => removeAllAccounts());

  it('sends batches of ≤ 400 with counts in the progress, and a cancel stops further batches', async () => {
    const em = emulator();
    const orgs = [...em.state.orgs.values()];
    const source = orgs.find((o) => o.name === 'Acme Inc')!;
    const dest = orgs.find((o) => o.name === 'Org 3')!;
    em.config.latencyMs = 300;
    try {
      const since = em.server.log.mark();
      t.prompt.script({ pickMany: (items) => items.filter((i) => (i.description ?? '').includes('from Acme Inc')) }, { input: 'Org 3' });
      const running = vscode.commands.executeCommand('neonExplorer.transferProjectsHere', { accountId: you, orgId: dest.id, orgName: dest.name });
      // Cancel once the first batch has been answered (the notification's Cancel button).
      const progress = await eventually(() => {
        const p = t.progress().find((x) => x.title.startsWith('Transferring 1,000 projects to Org 3'));
        assert.ok(p);
        assert.ok(p.messages.includes('400 of 1,000 moved (batch 2 of 3)'), p.messages.join(' | '));
        return p;
      }, { timeout: 30_000, interval: 20 });
      // Counted from batch 1, exactly: "batch 0 of ~3" said nothing true (walk 33).
      assert.strictEqual(progress.messages[0], '0 of 1,000 moved (batch 1 of 3)');
      progress.cancel();
      const out = (await running) as { moved: string[]; notSent: string[]; cancelled: boolean; requests: number };
      assert.match(t.prompt.shown.find((x) => x.kind === 'input')!.text, /^Transfer 1,000 projects to Org 3\? /);
      const sent = posts(em, since, /projects\/transfer/);
      assert.ok(sent.length >= 1 && sent.length <= 2, `${sent.length} batches sent`);
      assert.strictEqual(out.cancelled, true);
      assert.strictEqual(out.moved.length, 400 * sent.length);
      assert.strictEqual(out.notSent.length, 1000 - 400 * sent.length);
      assert.strictEqual(em.state.ownerProjects(dest.id).length, 1000 + 400 * sent.length);
      assert.strictEqual(em.state.ownerProjects(source.id).length, 1000 - 400 * sent.length);
      // Nothing more is sent afterwards.
      await new Promise((r) => setTimeout(r, 800));
      assert.strictEqual(posts(em, since, /projects\/transfer/).length, sent.length);
      const summary = t.prompt.shown.find((x) => x.kind === 'warning' && !x.modal)!;
      assert.match(summary.text, new RegExp(`^Transfer cancelled: ${400 * sent.length} moved to Org 3, ${1000 - 400 * sent.length} not sent\\.`));
      assert.match(summary.text, /Not sent \(you cancelled\)/);
    } finally {
      em.config.latencyMs = 0;
    }
  });

  it('transfers the rest: 600 projects in two batches (400 + 200)', async () => {
    const em = emulator();
    const orgs = [...em.state.orgs.values()];
    const source = orgs.find((o) => o.name === 'Acme Inc')!;
    const dest = orgs.find((o) => o.name === 'Org 3')!;
    const left = em.state.ownerProjects(source.id).length;
    const since = emulator().server.log.mark();
    t.prompt.script({ pickMany: (items) => items.filter((i) => (i.description ?? '').includes('from Acme Inc')) }, { input: 'Org 3' });
    const out = (await vscode.commands.executeCommand('neonExplorer.transferProjectsHere', { accountId: you, orgId: dest.id, orgName: dest.name })) as { moved: string[] };
    assert.strictEqual(out.moved.length, left);
    const sent = posts(em, since, /projects\/transfer/);
    assert.deepStrictEqual(sent.map((e) => e.status), Array(Math.ceil(left / 400)).fill(200));
    assert.strictEqual(em.state.ownerProjects(source.id).length, 0);
    assert.match(t.prompt.shown.find((x) => x.kind === 'info')!.text, new RegExp(`Transfer finished: ${left} moved to Org 3\\.`));
  });
});
