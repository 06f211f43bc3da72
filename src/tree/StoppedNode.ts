import type * as vscode from 'vscode';
import { CommandIds } from '../commands/ids';
import { Leaf, TreeNode, icon, item } from './node';
import { shownNoun } from './nouns';
import { formatCount } from '../util/formatCount';
import * as l10n from '@vscode/l10n';

/**
 * Where the person stopped a load: "Load again" (click to load it afresh), described "loading
 * stopped". With `stale`, a refresh was stopped and the rows shown before follow it: described
 * "refresh stopped". The action is the label, so a narrow side bar cuts the description, not it
 * (walk 32: "Refresh stopped —…" at 221 px). With `partial`, a first load-all was stopped after some
 * pages: they stay below, and the row ("Load the rest") goes on from the next page.
 */
export class StoppedNode extends TreeNode {
  readonly id: string;
  readonly accountId: string;
  /**
   * Load again was clicked and the load runs: the row says so and offers no click, as Load more
   * does (walk 33: a second click reached a row VS Code had just replaced, "Actual command not found").
   */
  loading = false;
  constructor(
    readonly parent: TreeNode,
    private readonly noun: string,
    readonly stale = false,
    /** Items a stopped load-all had read (shown below): the row then loads the rest from where it stopped. */
    readonly partial?: number,
  ) {
    super();
    this.accountId = parent.accountId;
    this.id = `${parent.id}/stopped`;
  }

  getTreeItem(): vscode.TreeItem {
    if (this.loading) return item(l10n.t('Loading…'), Leaf, { contextValue: 'stoppedLoading', iconPath: icon('loading~spin') });
    if (this.partial !== undefined) {
      return item(l10n.t('Load the rest'), Leaf, {
        description: l10n.t('loading stopped, {0} {1} shown', formatCount(this.partial), shownNoun(this.noun)),
        contextValue: 'stopped',
        iconPath: icon('debug-continue'),
        tooltip: l10n.t('You stopped loading the {0} after {1} of them. Click to load the rest from there.', shownNoun(this.noun), formatCount(this.partial)),
        command: { command: CommandIds.refreshNode, title: l10n.t('Load the rest'), arguments: [this] },
      });
    }
    return item(l10n.t('Load again'), Leaf, {
      description: this.stale ? l10n.t('refresh stopped') : l10n.t('loading stopped'),
      contextValue: 'stopped',
      iconPath: icon('debug-restart'),
      tooltip: this.stale
        ? l10n.t('You stopped refreshing the {0}: the rows below are the ones shown before and may have changed since. Click to load them again.', shownNoun(this.noun))
        : l10n.t('You stopped loading the {0}. Click to load them again.', shownNoun(this.noun)),
      // The row itself: the command marks it loading (treeCommands), then loads its parent again.
      command: { command: CommandIds.refreshNode, title: l10n.t('Load again'), arguments: [this] },
    });
  }
}
