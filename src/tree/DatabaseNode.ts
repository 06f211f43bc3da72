import type * as vscode from 'vscode';
import type { Database } from '../api';
import type { DatabasesFolderNode } from './DatabasesFolderNode';
import { Leaf, TreeNode, contextValue, day, icon, item, tooltip } from './node';
import type { DatabaseRef } from './refs';
import * as l10n from '@vscode/l10n';

/** A database of a branch, with its owner role. */
export class DatabaseNode extends TreeNode implements DatabaseRef {
  readonly id: string;
  readonly accountId: string;
  readonly orgId: string | undefined;
  readonly projectId: string;
  readonly projectName: string;
  readonly branchId: string;
  readonly branchName: string;
  readonly isDefault: boolean;
  readonly isProtected: boolean;
  readonly databaseName: string;
  readonly ownerName: string;

  constructor(
    readonly parent: DatabasesFolderNode,
    readonly database: Database,
  ) {
    super();
    this.accountId = parent.accountId;
    this.orgId = parent.orgId;
    this.projectId = parent.projectId;
    this.projectName = parent.projectName;
    this.branchId = parent.branchId;
    this.branchName = parent.branchName;
    this.isDefault = parent.isDefault;
    this.isProtected = parent.isProtected;
    this.databaseName = database.name;
    this.ownerName = database.owner_name;
    this.id = `${parent.id}/${encodeURIComponent(database.name)}`;
  }

  getTreeItem(): vscode.TreeItem {
    const d = this.database;
    return item(d.name, Leaf, {
      contextValue: contextValue('database', {}),
      description: l10n.t('owner {0}', d.owner_name),
      iconPath: icon('database'),
      tooltip: tooltip(d.name, [
        [l10n.t('Owner'), d.owner_name],
        [l10n.t('Branch'), `${this.branchName} (${this.branchId})`],
        [l10n.t('Created'), day(d.created_at)],
      ]),
    });
  }
}
