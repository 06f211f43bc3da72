// The Accounts tree under faults: every level of the small seed (accounts → orgs → folders →
// projects → branches → roles; members, invitations, API keys, shared and personal projects,
// "Load more…"), walked three times. Every level settles within 30 s to data or to an error node
// that says what happened with a request id, and Retry on every error node ends in data.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { TreeNode } from '../../../src/tree/node';
import { addAccount, mintKey, removeAllAccounts, row, type Row, type Testing } from '../tree.support';
import { calm, figures, useChaosEmulator, within } from './chaos.support';
import { startClean } from '../helpers/suite';

const SETTLE_MS = 30_000;
const MAX_RETRIES = 8;

/** Every kind of row a walk of the small seed must reach. */
const LEVELS = ['account', 'org', 'folder;members', 'folder;invitations', 'folder;apiKeys', 'folder;shared', 'folder;personal', 'project', 'branch', 'role', 'member', 'invitation', 'orgApiKey', 'loadMore'];

const kindOf = (r: Row) => (r.contextValue.startsWith('folder;') ? r.contextValue.split(';').slice(0, 2).join(';') : r.contextValue.split(';')[0]);

describe('faults: tree', function () {
  this.timeout(300_000);
  const emulator = useChaosEmulator();
  let t: Testing;
  let pageSize: number;

  before(async () => {
    t = await startClean(emulator());
    // Two projects a page: Acme's four need "Load more…" in every walk.
    pageSize = t.tree.provider.env.projectPageSize;
    (t.tree.provider.env as { projectPageSize: number }).projectPageSize = 2;
    const legacyKey = await mintKey(emulator(), { kind: 'personal', email: 'legacy@example.com' });
    // Adding the keys is not under test here (the command suite covers it under faults).
    await calm(emulator(), async () => {
      await addAccount(emulator().apiKey, 'You');
      await addAccount(legacyKey, 'Legacy');
    });
  });
  after(async () => {
    (t.tree.provider.env as { projectPageSize: number }).projectPageSize = pageSize;
    await removeAllAccounts();
  });

  /** Children of a node, bounded; an error node is checked, counted and retried until data. */
  async function settled(node: TreeNode | undefined, where: string): Promise<TreeNode[]> {
    const provider = t.tree.provider;
    let list = await within(provider.getChildren(node), SETTLE_MS, `children of ${where}`);
    figures().treeLoads++;
    for (let attempt = 0; ; attempt++) {
      const rows = await Promise.all(list.map(row));
      const err = rows.findIndex((r) => r.contextValue === 'error');
      if (err < 0) return list;
      const e = rows[err];
      figures().errorNodes++;
      // A first load that fails shows the error alone; reading again keeps the rows shown before under it.
      assert.strictEqual(err, 0, `the error row comes first under ${where}`);
      assert.ok(rows.slice(1).every((r) => r.contextValue !== 'error' && r.contextValue !== 'loadMore'), `one error row and no "Load more…" under ${where}`);
      if (rows.length === 1) assert.match(e.label, /^Couldn't (load|refresh) — Retry$/, `error row under ${where}`);
      else assert.match(e.label, /^Couldn't refresh — Retry$/, `error row above the rows shown before under ${where}`);
      assert.ok(e.description.length > 0, `the reason beside it under ${where}`);
      assert.match(e.tooltip, /Request id: `[0-9a-f-]{8,}`/, `the error under ${where} names the request id: ${e.tooltip}`);
      assert.strictEqual(e.command, 'neonExplorer.retryNode');
      assert.ok(attempt < MAX_RETRIES, `Retry under ${where} still fails after ${MAX_RETRIES} attempts: ${e.label}`);
      await within(vscode.commands.executeCommand('neonExplorer.retryNode', list[err]), SETTLE_MS, `Retry under ${where}`);
      const current = node ? provider.node(node.id) ?? node : undefined;
      list = await within(provider.getChildren(current), SETTLE_MS, `children of ${where} after Retry`);
      figures().treeLoads++;
    }
  }

  /** Breadth-first over everything expandable; "Load more…" is clicked until the list is whole. */
  async function walk(): Promise<Map<string, number>> {
    const seen = new Map<string, number>();
    const provider = t.tree.provider;
    const queue: (TreeNode | undefined)[] = [undefined];
    while (queue.length) {
      const parent = queue.shift();
      const where = parent?.id ?? 'the root';
      let list = await settled(parent, where);
      for (let pages = 0; pages < 10; pages++) {
        const more = [];
        for (const n of list) if ((await row(n)).contextValue === 'loadMore') more.push(n);
        if (!more.length) break;
        seen.set('loadMore', (seen.get('loadMore') ?? 0) + 1);
        const before = list.length;
        await within(vscode.commands.executeCommand('neonExplorer.loadMore', more[0]), SETTLE_MS, `Load more under ${where}`);
        list = await settled(parent && (provider.node(parent.id) ?? parent), where);
        // A failed page leaves the list as it was, with "Load more…" still there to click again.
        assert.ok(list.length >= before - 1, `Load more under ${where} never shrinks the list`);
      }
      for (const n of list) {
        const r = await row(n);
        const kind = kindOf(r);
        seen.set(kind, (seen.get(kind) ?? 0) + 1);
        figures().treeNodes++;
        const item = provider.getTreeItem(n);
        if (item.collapsibleState !== vscode.TreeItemCollapsibleState.None && kind !== 'error') queue.push(n);
      }
    }
    return seen;
  }

  for (const pass of [1, 2, 3]) {
    it(`walk ${pass}: every level settles to data or an error node; Retry ends in data`, async () => {
      if (pass > 1) await within(vscode.commands.executeCommand('neonExplorer.refresh'), SETTLE_MS, 'Refresh All');
      const seen = await walk();
      assert.deepStrictEqual(LEVELS.filter((l) => !seen.get(l)), [], `every level was reached: ${JSON.stringify([...seen])}`);
      // Acme's four projects, two a page, and the other orgs' and folders' projects: all there.
      assert.ok((seen.get('project') ?? 0) >= 4 + 1 + 3 + 1 + 2, `projects seen: ${seen.get('project')}`);
      assert.ok((seen.get('role') ?? 0) >= 3, 'roles reached');
    });
  }
});
