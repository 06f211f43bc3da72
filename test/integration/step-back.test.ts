// Multi-step dialogs in the workbench's own quick input (the window's prompter, not a script):
// the Back button on every step but the first, the earlier answer offered again, validation in
// the box, and Escape on any step cancelling the whole command.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { startEmulator, type Emulator } from '../../emulator';
import { WindowPrompter } from '../../src/ui/prompt';
import { quickInput, skipUnlessBrowser, type QuickInputShown } from './helpers/browser';
import { eventually } from './helpers/eventually';
import { startWithAccount } from './helpers/suite';
import { removeAllAccounts, type Testing } from './tree.support';

const ACME = 'org-morning-bread-81040908';

describe('multi-step dialogs in the workbench: Back', function () {
  this.timeout(120_000);
  let em: Emulator;
  let t: Testing;
  let you: string;

  before(async function () {
    skipUnlessBrowser(this);
    em = await startEmulator({ seed: 'small', quiet: true, operationMs: 50 });
    ({ t, accountId: you } = await startWithAccount(em));
  });
  beforeEach(() => {
    t.prompt.reset();
    t.prompt.passThrough = new WindowPrompter();
  });
  afterEach(async () => {
    // Nothing left open for the next test, whatever happened here.
    if ((await quickInput()).visible) await quickInput({ press: 'Escape' });
    t.prompt.reset();
  });
  after(async () => {
    await removeAllAccounts();
    await em?.close();
  });

  /** Waits until the quick input shows a title containing `title` (and, when given, is in `state`). */
  async function showing(title: string, state: Partial<QuickInputShown> = {}): Promise<QuickInputShown> {
    let last: QuickInputShown = { visible: false };
    await eventually(
      async () => {
        last = await quickInput();
        assert.ok(last.visible && last.title?.includes(title), `quick input titled "${title}": ${JSON.stringify(last)}`);
        for (const [k, v] of Object.entries(state)) assert.deepStrictEqual(last[k as keyof QuickInputShown], v, `${k}: ${JSON.stringify(last)}`);
      },
      { timeout: 20_000 },
    );
    return last;
  }

  it('Create Project: Back on steps 2 and 3 only; it returns with the earlier answer; a bad name is held in the box; the project has the final answers', async () => {
    const run = vscode.commands.executeCommand('neonExplorer.createProject', { accountId: you, orgId: ACME, orgName: 'Acme Inc' });
    await showing('Create Project (1/3)', { back: false });
    await quickInput({ type: 'x'.repeat(300), press: 'Enter' });
    await eventually(async () => assert.match((await showing('Create Project (1/3)')).message ?? '', /At most 256 characters \(300 now\)/), { timeout: 10_000 });
    await quickInput({ type: 'first-try', press: 'Enter' });
    await showing('Create Project (2/3)', { back: true });
    await quickInput({ type: 'eu-central', press: 'Enter' });
    await showing('Create Project (3/3)', { back: true, active: 'Postgres 17' });
    await quickInput({ click: 'back' });
    await showing('Create Project (2/3)', { active: 'aws-eu-central-1', value: '' });
    await quickInput({ click: 'back' });
    await showing('Create Project (1/3)', { value: 'first-try', back: false });
    await quickInput({ type: 'second-try', press: 'Enter' });
    await showing('Create Project (2/3)', { active: 'aws-eu-central-1' });
    await quickInput({ press: 'Enter' });
    await showing('Create Project (3/3)');
    await quickInput({ type: 'Postgres 16', press: 'Enter' });
    const ref = (await run) as { projectId: string };
    const p = em.state.projects.get(ref.projectId)!;
    assert.deepStrictEqual([p.name, p.orgId, p.regionId, p.pgVersion], ['second-try', ACME, 'aws-eu-central-1', 16]);
  });

  it('a type-the-name confirmation keeps its prompt while what is typed can still become the name; Enter on part of it is held with a message; the whole name deletes', async () => {
    const project = { accountId: you, orgId: ACME, projectId: 'quiet-moon-45120987', projectName: 'acme-sandbox' };
    const run = vscode.commands.executeCommand('neonExplorer.deleteProject', project);
    await showing('Delete project "acme-sandbox"?');
    await quickInput({ type: 'acme-sandx' });
    // The refusal keeps the explanation after it (VS Code shows the message in place of the prompt; walk 29).
    const refusal = 'Type "acme-sandbox" to confirm. All its branches, databases, roles and computes are deleted.';
    await eventually(async () => assert.strictEqual((await quickInput()).message, refusal), { timeout: 10_000 });
    // A prefix again: no validation message, so the prompt (what will be lost) shows under the box.
    await quickInput({ type: 'acme-sand' });
    await eventually(async () => assert.match((await quickInput()).message ?? '', /^All its branches, databases, roles and computes are deleted\. Type "acme-sandbox" to confirm\./), { timeout: 10_000 });
    await quickInput({ press: 'Enter' });
    await eventually(async () => assert.strictEqual((await showing('Delete project "acme-sandbox"?')).message, refusal), { timeout: 10_000 });
    assert.ok(em.state.projects.has(project.projectId), 'nothing deleted on a part of the name');
    await quickInput({ type: 'acme-sandbox', press: 'Enter' });
    assert.strictEqual(await run, true);
    assert.ok(!em.state.projects.has(project.projectId));
  });

  it('Update API Key with a key Neon refuses: the box comes back with the key and, at once, the reason as its message; a changed key clears it', async () => {
    const before = await t.services.context.secrets.get(`neonExplorer.account.${you}`);
    const run = vscode.commands.executeCommand('neonExplorer.updateAccountKey', { accountId: you });
    await showing('Update API Key of');
    await quickInput({ type: 'napi_wrong', press: 'Enter' });
    // showInputBox showed a first value's validation only after a change (walk 23): the reason must show as the box opens again.
    await eventually(async () => {
      const box = await quickInput();
      assert.ok(box.visible && /^Neon rejected this API key \(401\)/.test(box.message ?? ''), JSON.stringify(box));
    }, { timeout: 20_000, message: 'the reason under the returned box' });
    await quickInput({ type: 'napi_wronger' });
    await eventually(async () => assert.doesNotMatch((await quickInput()).message ?? '', /rejected/), { timeout: 10_000 });
    await quickInput({ press: 'Escape' });
    assert.strictEqual(await run, undefined);
    assert.strictEqual(await t.services.context.secrets.get(`neonExplorer.account.${you}`), before, 'the key is unchanged');
    assert.deepStrictEqual(t.prompt.shown.filter((x) => x.kind === 'error'), []);
  });

  it('Escape on a step with Back cancels the whole command: nothing is created, nothing is reported as failed', async () => {
    const before = em.state.projects.size;
    const run = vscode.commands.executeCommand('neonExplorer.createProject', { accountId: you, orgId: ACME, orgName: 'Acme Inc' });
    await showing('Create Project (1/3)');
    await quickInput({ type: 'never-made', press: 'Enter' });
    await showing('Create Project (2/3)', { back: true });
    await quickInput({ press: 'Escape' });
    assert.strictEqual(await run, undefined);
    assert.strictEqual((await quickInput()).visible, false);
    assert.strictEqual(em.state.projects.size, before);
    assert.deepStrictEqual(t.prompt.shown.filter((x) => x.kind === 'error'), []);
  });
});
