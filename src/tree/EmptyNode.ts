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
    /** A codicon for a row whose command is not a creation (the default "add"). */
    private readonly iconId?: string,
    private readonly description?: string,
  ) {
    super();
    this.accountId = parent.accountId;
    this.id = `${parent.id}/empty`;
  }

  getTreeItem(): vscode.TreeItem {
    return item(this.label, Leaf, {
      contextValue: 'empty',
      iconPath: icon(this.iconId ?? (this.command ? 'add' : 'info')),
      ...(this.description ? { description: this.description } : {}),
      ...(this.command ? { command: this.command } : {}),
      tooltip: this.hint ?? this.label,
    });
  }
}
