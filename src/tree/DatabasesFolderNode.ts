import type * as vscode from 'vscode';
import type { Database } from '../api';
import { CommandIds } from '../commands/ids';
import type { BranchNode } from './BranchNode';
import { DatabaseNode } from './DatabaseNode';
import { EmptyNode } from './EmptyNode';
import { BranchPartNode, type TreeNode, contextValue, icon, item, spoken, type TreeEnv, leftOpen } from './node';
import type { BranchRef } from './refs';
import * as l10n from '@vscode/l10n';

/** "Databases" of a branch, beside its roles; a branch ref so "Create database…" knows where. */
export class DatabasesFolderNode extends BranchPartNode implements BranchRef {
  readonly id: string;
  readonly isDefault: boolean;
  readonly isProtected: boolean;
  override readonly childrenNoun = 'databases';

  /**
   * `prefetched`: the list the branch loaded with its roles (one request for both); used once,
   * a refresh of the folder asks again.
   */
  constructor(
    private readonly env: TreeEnv,
    readonly parent: BranchNode,
    private prefetched: Promise<Database[]> | undefined,
    private readonly count?: number,
  ) {
    super(parent);
    this.isDefault = parent.isDefault;
    this.isProtected = parent.isProtected;
    this.id = `${parent.id}/databases`;
  }

  getTreeItem(): vscode.TreeItem {
    return item(l10n.t('Databases'), leftOpen(this.env, this.id), {
      contextValue: contextValue('folder', { databases: true }),
      iconPath: icon('folder-library'),
      ...(this.count !== undefined ? { description: String(this.count) } : {}),
      // The count with its unit: a bare "1" said nothing (walk 36).
      accessibilityInformation: spoken(l10n.t('{0} folder', l10n.t('Databases')), this.count !== undefined && (this.count === 1 ? l10n.t('1 database') : l10n.t('{0} databases', this.count))),
      tooltip: l10n.t('Databases of branch {0}', this.branchName),
    });
  }

  override async loadChildren(signal?: AbortSignal): Promise<TreeNode[]> {
    const pending = this.prefetched;
    this.prefetched = undefined;
    const databases = pending ? await pending : await (await this.env.client(this.accountId)).listDatabases(this.projectId, this.branchId, { signal });
    if (databases.length === 0) {
      return [new EmptyNode(this, l10n.t('No databases — Create database…'), { command: CommandIds.createDatabase, title: l10n.t('Create database'), arguments: [this] })];
    }
    return [...databases].sort((a, b) => a.name.localeCompare(b.name)).map((d) => new DatabaseNode(this, d));
  }

  override reset(): void {
    this.prefetched = undefined;
  }
}
