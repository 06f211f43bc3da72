import type * as vscode from 'vscode';
import type { Branch, Database } from '../api';
import { CommandIds } from '../commands/ids';
import { EmptyNode } from './EmptyNode';
import { describeExpiry, describeLastReset } from '../git/lifecycle';
import { isDefaultBranch } from './loading';
import { Collapsed, TreeNode, contextValue, day, icon, item, tooltip, type TreeEnv } from './node';
import type { ProjectNode } from './ProjectNode';
import type { BranchRef } from './refs';
import { RoleNode } from './RoleNode';

/** A branch: ★ default first, 🔒 protected; its roles (with the databases they own). */
export class BranchNode extends TreeNode implements BranchRef {
  readonly id: string;
  readonly accountId: string;
  readonly orgId: string | undefined;
  readonly projectId: string;
  readonly projectName: string;
  readonly branchId: string;
  readonly branchName: string;
  readonly isDefault: boolean;
  readonly isProtected: boolean;
  override readonly childrenNoun = 'roles';

  constructor(
    private readonly env: TreeEnv,
    readonly parent: ProjectNode,
    readonly branch: Branch,
    private readonly parentName?: string,
  ) {
    super();
    this.accountId = parent.accountId;
    this.orgId = parent.orgId;
    this.projectId = parent.projectId;
    this.projectName = parent.projectName;
    this.branchId = branch.id;
    this.branchName = branch.name;
    this.isDefault = isDefaultBranch(branch);
    this.isProtected = branch.protected === true;
    this.id = `${parent.id}/branch/${branch.id}`;
  }

  getTreeItem(): vscode.TreeItem {
    const b = this.branch;
    const state = b.current_state && b.current_state !== 'ready' ? b.current_state : undefined;
    return item(b.name, Collapsed, {
      contextValue: contextValue('branch', { default: this.isDefault, protected: this.isProtected, child: !!b.parent_id, expiring: !!b.expires_at }),
      description: [this.isDefault ? '★ default' : undefined, this.isProtected ? 'protected' : undefined, state, describeExpiry(b.expires_at), describeLastReset(b.last_reset_at)].filter(Boolean).join(' · '),
      iconPath: this.isProtected ? icon('lock', this.isDefault ? 'charts.yellow' : undefined) : this.isDefault ? icon('star-full', 'charts.yellow') : icon('git-branch'),
      tooltip: tooltip(b.name, [
        ['Branch id', b.id],
        ['Default', this.isDefault ? 'yes' : undefined],
        ['Protected', this.isProtected ? 'yes' : undefined],
        ['Parent', this.parentName ? `${this.parentName} (${b.parent_id})` : b.parent_id],
        ['State', b.current_state],
        ['Logical size', typeof b.logical_size === 'number' ? `${(b.logical_size / 1024 / 1024).toFixed(1)} MiB` : undefined],
        ['Created', day(b.created_at)],
        ['Expires', day(b.expires_at)],
        ['Last reset', day(b.last_reset_at)],
        ['Project', `${this.projectName} (${this.projectId})`],
      ]),
    });
  }

  override async loadChildren(signal?: AbortSignal): Promise<TreeNode[]> {
    const client = await this.env.client(this.accountId);
    const [roles, databases] = await Promise.all([
      client.listRoles(this.projectId, this.branchId, { signal }),
      client.listDatabases(this.projectId, this.branchId, { signal }).catch((): Database[] => []),
    ]);
    if (roles.length === 0) {
      return [new EmptyNode(this, 'No roles — Create role…', { command: CommandIds.createRole, title: 'Create role', arguments: [this] })];
    }
    const sorted = [...roles].sort((a, b) => Number(!!a.protected) - Number(!!b.protected) || a.name.localeCompare(b.name));
    return sorted.map((r) => new RoleNode(this, r, databases.filter((d) => d.owner_name === r.name).map((d) => d.name)));
  }
}
