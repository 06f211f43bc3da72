// Refreshing one branch re-reads that branch (`GET /projects/{id}/branches/{branch_id}`), so a
// rename or a protection change made elsewhere shows without reloading the whole project.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { startEmulator, type Emulator } from '../../emulator';
import { eventually } from './helpers/eventually';
import { addAccount, children, clearRequests, current, removeAllAccounts, requests, row, setBaseUrl, walk } from './tree.support';

describe('tree: refreshing a single branch', function () {
  this.timeout(90_000);
  let em: Emulator;

  before(async () => {
    em = await startEmulator({ seed: 'small', quiet: true, operationMs: 5 });
    await setBaseUrl(em.url);
    await removeAllAccounts();
    await addAccount(em.apiKey, 'You');
  });
  after(async () => {
    await removeAllAccounts();
    await em?.close();
  });

  it('shows a rename made elsewhere after Refresh on the branch, without listing the project\'s branches again', async () => {
    const branch = await walk('You', 'Acme Inc', 'acme-api', 'dev');
    await children(branch);
    const projectId = 'shiny-wind-02883413';
    const branchId = branch.id.split('/branch/')[1]!;
    const r = await fetch(`${em.url}/projects/${projectId}/branches/${branchId}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${em.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ branch: { name: 'dev-renamed' } }),
    });
    assert.strictEqual(r.status, 200);
    await clearRequests(em);
    await vscode.commands.executeCommand('neonExplorer.refreshNode', branch);
    await eventually(async () => {
      await children(await current(branch.id));
      assert.strictEqual((await row(await current(branch.id))).label, 'dev-renamed');
    });
    const log = await requests(em);
    assert.strictEqual(log.byRoute['GET /projects/{project_id}/branches/{branch_id}'], 1);
    assert.strictEqual(log.byRoute['GET /projects/{project_id}/branches'] ?? 0, 0, 'the project\'s branch list was not read again');
  });
});
