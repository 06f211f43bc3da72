import type * as vscode from 'vscode';
import { CommandIds } from '../commands/ids';
import { Leaf, TreeNode, icon, item } from './node';
import { shownNoun } from './nouns';
import * as l10n from '@vscode/l10n';

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
    return item(l10n.t('Loading stopped — Load again'), Leaf, {
      contextValue: 'stopped',
      iconPath: icon('debug-restart'),
      tooltip: l10n.t('You stopped loading the {0}. Click to load them again.', shownNoun(this.noun)),
      command: { command: CommandIds.refreshNode, title: l10n.t('Load again'), arguments: [this.parent] },
    });
  }
}
