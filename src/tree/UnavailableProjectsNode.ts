import type * as vscode from 'vscode';
import { CommandIds } from '../commands/ids';
import { Leaf, TreeNode, icon, item } from './node';
import * as l10n from '@vscode/l10n';

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
    return l10n.t('{0} {1} did not load in time — Load again', n, n === 1 ? l10n.t('project') : l10n.t('projects'));
  }

  getTreeItem(): vscode.TreeItem {
    const n = this.projectIds.length;
    return item(UnavailableProjectsNode.label(n), Leaf, {
      contextValue: 'unavailable',
      iconPath: icon('warning', 'list.warningForeground'),
      command: { command: CommandIds.refreshNode, title: l10n.t('Load again'), arguments: [this.parent] },
      tooltip: l10n.t('Neon could not load {0} within its time limit: {1}. Click to load the list again.', n === 1 ? l10n.t('this project') : l10n.t('these projects'), this.projectIds.join(', ')),
    });
  }
}
