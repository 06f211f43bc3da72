import type * as vscode from 'vscode';
import type { Database } from '../api';
import type { DatabasesFolderNode } from './DatabasesFolderNode';
import { BranchPartNode, Leaf, contextValue, day, icon, item, markdownTooltip, spoken } from './node';
import type { DatabaseRef } from './refs';
import * as l10n from '@vscode/l10n';

/** A database of a branch, with its owner role. */
export class DatabaseNode extends BranchPartNode implements DatabaseRef {
  readonly id: string;
  readonly databaseName: string;
  readonly ownerName: string;

  constructor(
    readonly parent: DatabasesFolderNode,
    readonly database: Database,
  ) {
    super(parent);
    this.databaseName = database.name;
    this.ownerName = database.owner_name;
    this.id = `${parent.id}/${encodeURIComponent(database.name)}`;
  }

  getTreeItem(): vscode.TreeItem {
    const d = this.database;
    return item(d.name, Leaf, {
      contextValue: contextValue('database', { child: !!this.parent.parent.branch.parent_id, nocompute: this.parent.parent.noCompute }),
      description: l10n.t('owner {0}', d.owner_name),
      accessibilityInformation: spoken(l10n.t('Database {0}', d.name), l10n.t('owner {0}', d.owner_name)),
      iconPath: icon('database'),
    });
  }

  override tooltip(): vscode.MarkdownString {
    const d = this.database;
    return markdownTooltip(d.name, [
      [l10n.t('Owner'), d.owner_name],
      [l10n.t('Branch'), `${this.branchName} (${this.branchId})`],
      [l10n.t('Created'), day(d.created_at)],
    ]);
  }
}
