import type * as vscode from 'vscode';
import type { Branch, Database } from '../api';
import { CommandIds } from '../commands/ids';
import { EmptyNode } from './EmptyNode';
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
  override readonly childrenNoun = 'roles';
  /** Set by a refresh of this branch: the next load re-reads the branch itself (`GET …/branches/{id}`). */
  private stale = false;

  constructor(
    private readonly env: TreeEnv,
    readonly parent: ProjectNode,
    public branch: Branch,
    private readonly parentName?: string,
  ) {
    super();
    this.accountId = parent.accountId;
    this.orgId = parent.orgId;
    this.projectId = parent.projectId;
    this.projectName = parent.projectName;
    this.branchId = branch.id;
    this.id = `${parent.id}/branch/${branch.id}`;
  }

  get branchName(): string {
    return this.branch.name;
  }
  get isDefault(): boolean {
    return isDefaultBranch(this.branch);
  }
  get isProtected(): boolean {
    return this.branch.protected === true;
  }

  override reset(): void {
    super.reset();
    this.stale = true;
  }

  getTreeItem(): vscode.TreeItem {
    const b = this.branch;
    const state = b.current_state && b.current_state !== 'ready' ? b.current_state : undefined;
    return item(b.name, Collapsed, {
      contextValue: contextValue('branch', { default: this.isDefault, protected: this.isProtected }),
      description: [this.isDefault ? '★ default' : undefined, this.isProtected ? 'protected' : undefined, state].filter(Boolean).join(' · '),
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
        ['Project', `${this.projectName} (${this.projectId})`],
      ]),
    });
  }

  override async loadChildren(signal?: AbortSignal): Promise<TreeNode[]> {
    const client = await this.env.client(this.accountId);
    const refreshSelf = this.stale;
    this.stale = false;
    const [roles, databases] = await Promise.all([
      client.listRoles(this.projectId, this.branchId, { signal }),
      client.listDatabases(this.projectId, this.branchId, { signal }).catch((): Database[] => []),
      // A refresh of this branch also re-reads its name, state and protection (not the whole project's list).
      refreshSelf ? client.getBranch(this.projectId, this.branchId, { signal }).then((b) => this.update(b)) : undefined,
    ]);
    if (roles.length === 0) {
      return [new EmptyNode(this, 'No roles — Create role…', { command: CommandIds.createRole, title: 'Create role', arguments: [this] })];
    }
    const sorted = [...roles].sort((a, b) => Number(!!a.protected) - Number(!!b.protected) || a.name.localeCompare(b.name));
    return sorted.map((r) => new RoleNode(this, r, databases.filter((d) => d.owner_name === r.name).map((d) => d.name)));
  }

  private update(b: Branch): void {
    const before = JSON.stringify(this.branch);
    this.branch = b;
    if (JSON.stringify(b) !== before) queueMicrotask(() => this.env.changedItem(this));
  }
}
