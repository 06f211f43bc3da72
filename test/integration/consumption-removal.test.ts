// Removing an account closes its consumption panels (issue 13, bug 10): one left open could only
// answer its Refresh with an error. Another account's panel stays.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { eventually } from './helpers/eventually';
import { useEmulator } from './helpers/emulator';
import { addAccount, mintKey, removeAllAccounts, testing } from './tree.support';
import { startClean } from './helpers/suite';

const ACME = 'org-morning-bread-81040908';
const DATA = 'org-bitter-breeze-35816640';

const consumptionTabs = () =>
  vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('neonExplorer.consumption'))
    .map((tab) => tab.label)
    .sort();

describe('consumption: removing an account closes its panels', function () {
  this.timeout(90_000);
  const emulator = useEmulator({ seed: 'small' });

  before(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await startClean(emulator());
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await removeAllAccounts();
  });

  it('Remove Account closes the panels of that account only', async () => {
    const t = await testing();
    const you = await addAccount(emulator().apiKey, 'you');
    const other = await addAccount(await mintKey(emulator(), { kind: 'personal', email: 'carol@datateam.example' }), 'carol');
    await vscode.commands.executeCommand('neonExplorer.showConsumption', { accountId: you, orgId: ACME, orgName: 'Acme Inc' });
    await vscode.commands.executeCommand('neonExplorer.showConsumption', { accountId: you, orgId: ACME, projectId: 'hidden-cell-76330112', projectName: 'acme-web' });
    await vscode.commands.executeCommand('neonExplorer.showConsumption', { accountId: other, orgId: DATA, orgName: 'Data Team' });
    await eventually(() => assert.deepStrictEqual(consumptionTabs(), ['Consumption: Acme Inc', 'Consumption: Data Team', 'Consumption: acme-web']), { timeout: 20_000 });

    t.prompt.script({ button: 'Remove' });
    await vscode.commands.executeCommand('neonExplorer.removeAccount', { accountId: you });
    assert.ok(!t.services.accounts.get(you), 'the account is removed');
    await eventually(() => assert.deepStrictEqual(consumptionTabs(), ['Consumption: Data Team']), { timeout: 20_000 });
  });
});
