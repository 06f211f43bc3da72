// Copilot's agent mode: the language-model tools, invoked through VS Code's own lm API in the real
// host against the emulator. Reads list names and ids; the branch creation asks the person to
// confirm (VS Code shows prepareInvocation's confirmation in the chat); no result holds a secret.
import * as assert from 'assert';
import * as vscode from 'vscode';
// Not src/lm/tools: its imports would load a second copy of the commands' modules into this host.
import { createBranchConfirmation, saveConnectionConfirmation } from '../../src/lm/confirmations';
import { ToolNames } from '../../src/lm/names';
import * as fs from 'fs';
import * as path from 'path';
import { ACME_API, setSetting } from './commands-role.support';
import { workspaceDir } from './helpers/extension';
import { losingTheNextPostsAnswer, useEmulator } from './helpers/emulator';
import { CANARY } from './helpers/secrets';
import { addAccount, removeAllAccounts } from './tree.support';
import { startClean } from './helpers/suite';
import { eventually } from './helpers/eventually';

const ACME = 'org-morning-bread-81040908';

async function invoke(name: string, input: object): Promise<string> {
  const r = await vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined });
  return r.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : (p as { value?: string }).value ?? '')).join('');
}

function assertNoSecret(text: string): void {
  assert.ok(!/postgres(ql)?:\/\//.test(text), 'no connection string');
  assert.ok(!/password/i.test(text), 'no password');
  assert.ok(CANARY, 'the launcher set a canary');
  assert.ok(!text.includes(CANARY), 'no key or password of the emulator');
}

/** The confirmation's text, after checking its title. */
function confirmation(prepared: vscode.PreparedToolInvocation, title: string): string {
  assert.strictEqual(prepared.confirmationMessages?.title, title);
  const message = prepared.confirmationMessages.message;
  return typeof message === 'string' ? message : message.value;
}

describe('agent mode: language-model tools', function () {
  this.timeout(60_000);
  const emulator = useEmulator({ seed: 'small', operationMs: 40 });

  let t: Awaited<ReturnType<typeof startClean>>;
  before(async () => {
    t = await startClean(emulator());
  });
  after(async () => {
    await setSetting('envFile', undefined);
    await removeAllAccounts();
  });

  it('the five tools are registered with VS Code (a second after activation, off the tree\'s first asks)', async () => {
    await eventually(() => {
      const names = vscode.lm.tools.map((x) => x.name);
      for (const n of Object.values(ToolNames)) assert.ok(names.includes(n), `${n} in ${names.join(', ')}`);
    }, { timeout: 5000, message: 'the tools are registered' });
  });

  it('without an account, a tool answers with a sentence saying to add a key', async () => {
    // vscode.lm.tools lists the contributed tools before their code is registered (a second after
    // activation): run alone, this suite could ask before that.
    await eventually(() => assert.rejects(invoke(ToolNames.listOrganizations, {}), /No Neon account is added in Neon Explorer\. Ask the person to run "Neon: Add Neon API Key…" first\./), { timeout: 5000, message: 'the tool answers' });
  });

  it('lists organizations, then an organization\'s projects, then a project\'s branches (ids and names only)', async () => {
    await addAccount(emulator().apiKey, 'you');
    const orgs = JSON.parse(await invoke(ToolNames.listOrganizations, {})) as { account: string; organizationId: string; name: string }[];
    assert.ok(orgs.some((o) => o.organizationId === ACME && o.name === 'Acme Inc' && o.account === 'you'), JSON.stringify(orgs));
    const projects = JSON.parse(await invoke(ToolNames.listProjects, { organizationId: ACME })) as { projects: { projectId: string; name: string; organizationId: string }[] };
    assert.ok(projects.projects.some((p) => p.projectId === ACME_API && p.name === 'acme-api'));
    assert.ok(projects.projects.every((p) => p.organizationId === ACME));
    const text = await invoke(ToolNames.listBranches, { projectId: ACME_API });
    const branches = JSON.parse(text) as { name: string; default: boolean }[];
    assert.deepStrictEqual(branches.filter((b) => b.default).map((b) => b.name), ['main']);
    assertNoSecret(text);
  });

  it('Create Branch asks for confirmation first, naming the branch and the project', async () => {
    const prepared = createBranchConfirmation({ projectId: ACME_API, name: 'agent-work' });
    const value = confirmation(prepared, 'Create a Neon branch?');
    assert.ok(value.includes('`agent-work`') && value.includes(ACME_API) && value.includes('its default branch'), value);
  });

  it('Create Branch creates it through Neon Explorer\'s client and returns its id, no connection details', async () => {
    const text = await invoke(ToolNames.createBranch, { projectId: ACME_API, name: 'agent-work' });
    const created = JSON.parse(text) as { branchId: string; name: string; project: string };
    assert.strictEqual(created.name, 'agent-work');
    assert.strictEqual(created.project, 'acme-api');
    const p = emulator().state.projects.get(ACME_API)!;
    assert.ok([...emulator().state.detail(p).branches.values()].some((b) => b.id === created.branchId && b.name === 'agent-work'));
    assertNoSecret(text);
  });

  it('Create Branch whose answer is lost (the connection breaks after Neon made it): the tool finds it by its name and returns it; one POST', async () => {
    const since = emulator().server.log.mark();
    const lose = losingTheNextPostsAnswer(emulator());
    let text: string;
    try {
      lose.start();
      text = await invoke(ToolNames.createBranch, { projectId: ACME_API, name: 'agent-lost' });
    } finally {
      lose.restore();
    }
    const created = JSON.parse(text) as { branchId: string; name: string };
    const p = emulator().state.projects.get(ACME_API)!;
    const made = [...emulator().state.detail(p).branches.values()].filter((b) => b.name === 'agent-lost');
    assert.strictEqual(made.length, 1, 'made once');
    assert.deepStrictEqual([created.branchId, created.name], [made[0]!.id, 'agent-lost']);
    assert.deepStrictEqual(emulator().server.log.since(since).filter((e) => e.method === 'POST').map((e) => e.fault), ['drop'], 'sent once, its answer lost');
    assertNoSecret(text);
  });

  it('Save Connection to .env asks for confirmation first, saying the value stays out of the chat', async () => {
    const prepared = saveConnectionConfirmation({ projectId: ACME_API, roleName: 'neondb_owner' });
    const value = confirmation(prepared, 'Write a connection string to .env?');
    assert.ok(value.includes('`neondb_owner`') && value.includes(ACME_API) && value.includes('not shown in the chat'), value);
  });

  it('Save Connection to .env writes the file through the Save Connection command; the result holds no secret', async () => {
    await setSetting('envFile', 'agent.env');
    const file = path.join(workspaceDir(), 'agent.env');
    const text = await invoke(ToolNames.saveConnectionToEnv, { projectId: ACME_API, roleName: 'neondb_owner' });
    assert.deepStrictEqual(JSON.parse(text), { outcome: 'written', project: 'acme-api', branch: 'main', role: 'neondb_owner' });
    assert.match(fs.readFileSync(file, 'utf8'), /^DATABASE_URL=postgresql:\/\/neondb_owner:/m);
    assertNoSecret(text);
    await assert.rejects(invoke(ToolNames.saveConnectionToEnv, { projectId: ACME_API, roleName: 'nobody' }), /Branch main of acme-api has no role nobody\./);
  });

  it('Save Connection to .env refuses a role that cannot log in, in the command\'s sentence, and writes nothing', async () => {
    await setSetting('envFile', 'agent-nologin.env');
    const em = emulator();
    const main = [...em.state.detail(em.state.projects.get(ACME_API)!).branches.values()].find((b) => b.name === 'main')!;
    const made = await fetch(`${em.url}/projects/${ACME_API}/branches/${main.id}/roles`, {
      method: 'POST',
      headers: { authorization: `Bearer ${em.apiKey}`, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ role: { name: 'agent_owner', no_login: true } }),
    });
    assert.strictEqual(made.status, 201);
    try {
      const text = await invoke(ToolNames.saveConnectionToEnv, { projectId: ACME_API, roleName: 'agent_owner' });
      assert.notStrictEqual((JSON.parse(text) as { outcome: string }).outcome, 'written', text);
      assert.ok(!fs.existsSync(path.join(workspaceDir(), 'agent-nologin.env')), 'no file written');
      assert.ok(t.prompt.shown.some((m) => m.text.includes('Role agent_owner cannot log in')), t.prompt.shown.map((m) => m.text).join(' | '));
    } finally {
      await fetch(`${em.url}/projects/${ACME_API}/branches/${main.id}/roles/agent_owner`, { method: 'DELETE', headers: { authorization: `Bearer ${em.apiKey}` } });
    }
  });

  it('an unknown project is a sentence, not a stack', async () => {
    await assert.rejects(invoke(ToolNames.listBranches, { projectId: 'no-such-project-123' }), /No account in Neon Explorer can see project no-such-project-123\. List the projects first/);
  });
});
