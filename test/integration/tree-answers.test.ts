// The tree reads answers as the API document defines them: `GET /projects` pages cut short by the
// API's time limit (`unavailable_project_ids`, emulator knob `unavailableProjects`) say how many
// projects did not load and offer to load again; refreshing one branch re-reads that branch.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { startEmulator, type Emulator } from '../../emulator';
import { eventually } from './helpers/eventually';
import { children, clearRequests, control, current, removeAllAccounts, requests, row, rows, walk } from './tree.support';
import { startWithAccount } from './helpers/suite';

describe('tree: answers as the document defines them', function () {
  this.timeout(90_000);
  let em: Emulator;

  before(async () => {
    em = await startEmulator({ seed: 'small', quiet: true, operationMs: 5 });
    await startWithAccount(em, 'You');
  });
  after(async () => {
    await removeAllAccounts();
    await em?.close();
  });

  it('shows "N projects did not load in time — Load again", and loading again brings them', async () => {
    await control(em, '/config', { unavailableProjects: 2 });
    const acme = await walk('You', 'Acme Inc');
    let list = await rows(acme);
    const projects = list.filter((r) => r.contextValue.startsWith('project'));
    assert.strictEqual(projects.length, 2, 'two of the four Acme projects came back in full');
    const notice = list.find((r) => r.contextValue === 'unavailable');
    assert.ok(notice, JSON.stringify(list.map((r) => r.label)));
    assert.deepStrictEqual([notice.label, notice.command], ['2 projects did not load in time — Load again', 'neonExplorer.refreshNode']);
    assert.match(notice.tooltip, /within its time limit: [a-z0-9-]+, [a-z0-9-]+\./);
    assert.ok(!list.some((r) => r.contextValue === 'loadMore' || r.contextValue === 'empty'), 'no "Load more…" and no "No projects"');

    await control(em, '/config', { unavailableProjects: 0 });
    // A click runs the item's own command with its own arguments.
    const node = (await children(await current(acme.id))).find((n) => n.id.endsWith('/unavailable'))!;
    const click = (await node.getTreeItem()).command!;
    await vscode.commands.executeCommand(click.command, ...(click.arguments ?? []));
    await eventually(async () => {
      list = await rows(await current(acme.id));
      assert.deepStrictEqual(list.filter((r) => r.contextValue.startsWith('project')).map((r) => r.label).sort(), ['acme-analytics', 'acme-api', 'acme-sandbox', 'acme-web']);
      assert.ok(!list.some((r) => r.contextValue === 'unavailable'));
    });
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
