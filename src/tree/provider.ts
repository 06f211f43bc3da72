import * as vscode from 'vscode';
import type { Services, TreeController } from '../services';

// Placeholder until the tree lands: an empty view, so the welcome content shows.
export function createTree(_s: Services): vscode.Disposable & { controller: TreeController } {
  const provider: vscode.TreeDataProvider<never> = { getTreeItem: (n) => n, getChildren: () => [] };
  const view = vscode.window.createTreeView('neonExplorer.accounts', { treeDataProvider: provider });
  return { dispose: () => view.dispose(), controller: { refresh: () => undefined } };
}
