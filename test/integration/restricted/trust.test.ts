// Restricted Mode in the real host (npm run test:restricted: workspace trust on, the folder not
// trusted). The tree and read-only commands work; a write into the folder (.env, .gitignore) asks
// to trust the folder first and writes nothing; the folder's own settings that steer those writes
// are not applied.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { untrustedMessage } from '../../../src/commands/trust';
import { ToolNames } from '../../../src/lm/names';
import { ACME_API, clearClipboard, readClipboard, refs, revealPassword, useSecretScan } from '../commands-role.support';
import { treeRowsShown, browserAvailable } from '../helpers/browser';
import { useEmulator } from '../helpers/emulator';
import { eventually } from '../helpers/eventually';
import { workspaceDir } from '../helpers/extension';
import { removeAllAccounts, rows, walk, type Testing } from '../tree.support';
import { startWithAccount } from '../helpers/suite';

describe('Restricted Mode (workspace not trusted)', function () {
  this.timeout(60_000);
  const emulator = useEmulator({ seed: 'small', operationMs: 40 });
  let t: Testing;
  let you = '';
  const r = refs(emulator, () => you);
  const ws = () => workspaceDir();
  const envPath = () => path.join(ws(), '.env');
  const gitignore = () => path.join(ws(), '.gitignore');

  before(async () => {
    ({ t, accountId: you } = await startWithAccount(emulator(), 'you', [ACME_API]));
    // A git repository whose .gitignore does not list .env: a trusted window would offer to add it.
    execFileSync('git', ['init', '-q'], { cwd: ws() });
    fs.writeFileSync(gitignore(), 'node_modules\n');
  });
  after(async () => {
    await removeAllAccounts();
  });
  useSecretScan(() => t, emulator);

  const untouched = () => {
    assert.ok(!fs.existsSync(envPath()), '.env was not written');
    assert.strictEqual(fs.readFileSync(gitignore(), 'utf8'), 'node_modules\n', '.gitignore was not changed');
  };

  it('the window is in Restricted Mode and the extension is active in it', async () => {
    assert.strictEqual(vscode.workspace.isTrusted, false);
    assert.ok(vscode.extensions.getExtension('neon-explorer.neon-explorer')?.isActive);
  });

  it('the tree works: accounts, organizations, projects, branches and roles load', async () => {
    assert.deepStrictEqual((await rows()).map((x) => x.label), ['you']);
    const roles = await rows(await walk('you', 'Acme Inc', 'acme-api', 'main'));
    assert.ok(roles.some((x) => x.label === 'neondb_owner'), JSON.stringify(roles.map((x) => x.label)));
    if (browserAvailable()) {
      await vscode.commands.executeCommand('neonExplorer.accounts.focus');
      await eventually(async () => assert.ok((await treeRowsShown()).some((x) => x.label === 'you')), { timeout: 20_000, message: 'the side bar shows the account' });
    }
  });

  it('a read-only command works: Copy Connection String', async () => {
    t.prompt.script({ pick: 'Direct' });
    await clearClipboard();
    const res = (await vscode.commands.executeCommand('neonExplorer.copyConnectionString', r.role(ACME_API, 'main', 'neondb_owner'))) as { host: string };
    assert.ok(res && res.host, 'copied');
    const clip = await readClipboard();
    assert.match(clip, /^postgresql:\/\/neondb_owner:/);
    untouched();
  });

  it('Save Connection to .env asks to trust the folder first and writes nothing when dismissed (no error)', async () => {
    t.prompt.script({ dismiss: true });
    const res = await vscode.commands.executeCommand('neonExplorer.saveConnectionToEnv', r.role(ACME_API, 'main', 'neondb_owner'));
    assert.strictEqual(res, 'cancelled');
    const asked = t.prompt.shown.filter((x) => x.kind === 'warning' || x.kind === 'error');
    assert.strictEqual(asked.length, 1, JSON.stringify(asked));
    const expected = untrustedMessage('writing DATABASE_URL, DATABASE_URL_UNPOOLED to .env');
    assert.strictEqual(asked[0]!.text.split('\n')[0], expected.text);
    assert.strictEqual(asked[0]!.kind, 'warning');
    assert.strictEqual(asked[0]!.modal, true);
    assert.deepStrictEqual(asked[0]!.buttons, ['Manage Workspace Trust', 'Copy to Clipboard']);
    untouched();
  });

  it('"Manage Workspace Trust" opens VS Code\'s trust editor, and still nothing is written', async () => {
    t.prompt.script({ button: 'Manage Workspace Trust' });
    const res = await vscode.commands.executeCommand('neonExplorer.saveConnectionToEnv', r.role(ACME_API, 'main', 'neondb_owner'));
    assert.strictEqual(res, 'cancelled');
    await eventually(
      () => {
        const labels = vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((tab) => tab.label);
        assert.ok(labels.some((l) => /trust/i.test(l)), `open tabs: ${JSON.stringify(labels)}`);
      },
      { timeout: 15_000, message: 'the Workspace Trust editor opens' },
    );
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.strictEqual(vscode.workspace.isTrusted, false);
    untouched();
  });

  it('"Copy to Clipboard" instead: the connection string is copied, the folder untouched', async () => {
    t.prompt.script({ button: 'Copy to Clipboard' });
    const res = await vscode.commands.executeCommand('neonExplorer.saveConnectionToEnv', r.role(ACME_API, 'main', 'neondb_owner'));
    assert.strictEqual(res, 'copied');
    const clip = await readClipboard();
    const pw = await revealPassword(emulator(), ACME_API, r.branchOf(ACME_API, 'main').id, 'neondb_owner');
    assert.ok(clip.includes(`postgresql://neondb_owner:${pw}@`), 'the clipboard holds the connection');
    untouched();
  });

  it('the agent tool Save Connection to .env meets the same question and writes nothing', async () => {
    t.prompt.script({ dismiss: true });
    const r = await vscode.lm.invokeTool(ToolNames.saveConnectionToEnv, { input: { projectId: ACME_API, roleName: 'neondb_owner' }, toolInvocationToken: undefined });
    const text = r.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : '')).join('');
    assert.strictEqual(JSON.parse(text).outcome, 'cancelled');
    assert.strictEqual(t.prompt.shown.filter((x) => x.kind === 'warning')[0]?.buttons?.[0], 'Manage Workspace Trust');
    untouched();
  });

  it('the folder\'s own neonExplorer.envFile is not applied (a restricted configuration)', async () => {
    const dir = path.join(ws(), '.vscode');
    fs.mkdirSync(dir, { recursive: true });
    // editor.tabSize is not restricted: once VS Code applies it, the folder's settings were read.
    fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify({ 'editor.tabSize': 7, 'neonExplorer.envFile': 'elsewhere.env' }));
    try {
      await eventually(() => assert.strictEqual(vscode.workspace.getConfiguration('editor').get('tabSize'), 7), {
        timeout: 15_000,
        message: 'VS Code reads the folder settings',
      });
      assert.strictEqual(vscode.workspace.getConfiguration('neonExplorer').get('envFile'), '.env', 'the folder value is ignored in Restricted Mode');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
