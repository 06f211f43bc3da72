import type * as vscode from 'vscode';
import { CommandIds } from '../commands/ids';
import { Leaf, TreeNode, icon, item } from './node';
import { shownNoun } from './nouns';
import * as l10n from '@vscode/l10n';
import { formatCount } from '../util/formatCount';

export interface LoadMoreOwner extends TreeNode {
  /** Loads the page after `cursor` (a stale cursor does nothing; concurrent calls share one request). */
  loadMore(cursor: string): Promise<void>;
}

export const isLoadMoreOwner = (n: unknown): n is LoadMoreOwner => n instanceof TreeNode && typeof (n as LoadMoreOwner).loadMore === 'function';

/** "Load more…" after a page of projects: click for the next page. */
export class LoadMoreNode extends TreeNode {
  readonly id: string;
  readonly accountId: string;
  /**
   * The page is being read: the row says so and offers no click (walk 33: the row looked idle for
   * the whole request, and a second click could land on a row VS Code had already replaced).
   */
  loading = false;
  constructor(
    readonly parent: LoadMoreOwner,
    readonly cursor: string,
    private readonly loadedCount: number,
    private readonly noun = 'projects',
  ) {
    super();
    this.accountId = parent.accountId;
    this.id = `${parent.id}/loadMore`;
  }

  getTreeItem(): vscode.TreeItem {
    const description = l10n.t('{0} {1} shown', formatCount(this.loadedCount), shownNoun(this.noun));
    if (this.loading) return item(l10n.t('Loading more…'), Leaf, { contextValue: 'loadingMore', description, iconPath: icon('loading~spin') });
    return item(l10n.t('Load more…'), Leaf, {
      contextValue: 'loadMore',
      description,
      iconPath: icon('ellipsis'),
      tooltip: l10n.t('Show the next page of {0}. Set "neonExplorer.projects.loadAll" to list them all at once.', shownNoun(this.noun)),
      command: { command: CommandIds.loadMore, title: l10n.t('Load more'), arguments: [this] },
    });
  }
}
