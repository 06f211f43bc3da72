import type * as vscode from 'vscode';
import { Leaf, TreeNode, icon, item } from './node';

/** An empty list says so, and offers the next step ("No projects — Create project…"). */
export class EmptyNode extends TreeNode {
  readonly id: string;
  readonly accountId: string;
  constructor(
    readonly parent: TreeNode,
    private readonly label: string,
    private readonly command?: vscode.Command,
    private readonly hint?: string,
  ) {
    super();
    this.accountId = parent.accountId;
    this.id = `${parent.id}/empty`;
  }

  getTreeItem(): vscode.TreeItem {
    return item(this.label, Leaf, {
      contextValue: 'empty',
      iconPath: icon(this.command ? 'add' : 'info'),
      ...(this.command ? { command: this.command } : {}),
      tooltip: this.hint ?? this.label,
    });
  }
}
