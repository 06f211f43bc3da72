import type * as vscode from 'vscode';
import { CommandIds } from '../commands/ids';
import { Leaf, TreeNode, icon, item } from './node';

/** Where the person stopped a load: "Loading stopped — Load again" (click to load it afresh). */
export class StoppedNode extends TreeNode {
  readonly id: string;
  readonly accountId: string;
  constructor(
    readonly parent: TreeNode,
    private readonly noun: string,
  ) {
    super();
    this.accountId = parent.accountId;
    this.id = `${parent.id}/stopped`;
  }

  getTreeItem(): vscode.TreeItem {
    return item('Loading stopped — Load again', Leaf, {
      contextValue: 'stopped',
      iconPath: icon('debug-restart'),
      tooltip: `You stopped loading the ${this.noun}. Click to load them again.`,
      command: { command: CommandIds.refreshNode, title: 'Load again', arguments: [this.parent] },
    });
  }
}
