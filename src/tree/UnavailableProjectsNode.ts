import type * as vscode from 'vscode';
import { CommandIds } from '../commands/ids';
import { Leaf, TreeNode, icon, item } from './node';

/**
 * Projects a `GET /projects` page listed only by id in `unavailable_project_ids` (the API ran out
 * of time loading them): said in the tree, with a click that loads the list again.
 */
export class UnavailableProjectsNode extends TreeNode {
  readonly id: string;
  readonly accountId: string;
  constructor(
    readonly parent: TreeNode,
    readonly projectIds: readonly string[],
  ) {
    super();
    this.accountId = parent.accountId;
    this.id = `${parent.id}/unavailable`;
  }

  static label(n: number): string {
    return `${n} ${n === 1 ? 'project' : 'projects'} did not load in time — Load again`;
  }

  getTreeItem(): vscode.TreeItem {
    const n = this.projectIds.length;
    return item(UnavailableProjectsNode.label(n), Leaf, {
      contextValue: 'unavailable',
      iconPath: icon('warning', 'list.warningForeground'),
      command: { command: CommandIds.refreshNode, title: 'Load again', arguments: [this.parent] },
      tooltip: `Neon could not load ${n === 1 ? 'this project' : 'these projects'} within its time limit: ${this.projectIds.join(', ')}. Click to load the list again.`,
    });
  }
}
