// The bench's peer for a returning account's first level (bench/activation.ts): a tree view whose
// provider does nothing but answer. One account row drawn expanded; its level (LEVEL_ROWS rows) is
// handed over the moment the window asks for it, with no file read and no request. What it
// measures is the host's own time from activate() to the window asking for that level.
const vscode = require('vscode');

const LEVEL_ROWS = Number(process.env.NEON_BENCH_PEER_ROWS || 5);

function activate() {
  const startedAt = performance.now();
  const timings = { startedAt, steps: {} };
  const step = (name) => (timings.steps[name] ??= performance.now() - startedAt);
  const account = { id: 'account' };
  const provider = {
    getTreeItem: (node) => {
      if (node === account) return Object.assign(new vscode.TreeItem('demo', vscode.TreeItemCollapsibleState.Expanded), { id: 'account' });
      return Object.assign(new vscode.TreeItem(`row ${node.i}`, vscode.TreeItemCollapsibleState.Collapsed), { id: `row-${node.i}` });
    },
    getChildren: (node) => {
      if (!node) {
        step('view asks for the accounts');
        return [account];
      }
      if (node === account) {
        timings.firstLevelMs ??= performance.now() - startedAt;
        return Array.from({ length: LEVEL_ROWS }, (_, i) => ({ i }));
      }
      return [];
    },
  };
  const view = vscode.window.createTreeView('minimalTree.accounts', { treeDataProvider: provider });
  timings.activateMs = performance.now() - startedAt;
  return { timings, dispose: () => view.dispose() };
}

module.exports = { activate, deactivate() {} };
