import type * as vscode from 'vscode';
import type { Branch, Database } from '../api';
import { CommandIds } from '../commands/ids';
import { DatabasesFolderNode } from './DatabasesFolderNode';
import { EmptyNode } from './EmptyNode';
import { describeExpiry, describeLastReset, utcMinute } from '../git/lifecycle';
import { isDefaultBranch } from '../util/defaultBranch';
import { TreeNode, contextValue, day, icon, item, markdownTooltip, spoken, type TreeEnv, leftOpen } from './node';
import type { ProjectNode } from './ProjectNode';
import type { BranchRef } from './refs';
import { RoleNode } from './RoleNode';
import * as l10n from '@vscode/l10n';

const NO_COMPUTE_WHY = () => l10n.t('No compute: nothing can connect to this branch, so it offers no connection string, .env, test or psql. Add a compute in the Neon Console, then refresh.');

/**
 * A branch: the default first, 🔒 protected; its "Databases" folder, then its roles (with the
 * databases they own). Delete Branch is offered only where Neon would do it: not on the default
 * branch, a protected one, or one with child branches (the row's tooltip says why).
 */
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
    /** Names of the branches made from this one. */
    readonly childNames: readonly string[] = [],
    /** It has a read-write compute (undefined: not known, the project's computes could not be read). */
    public hasCompute?: boolean,
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
    const hasChildren = this.childNames.length > 0;
    // The word says "default" (a star beside it would say it twice); the icon tells protected apart.
    const inEnv = this.env.envBranches().has(b.id);
    const parts = [this.isDefault ? l10n.t('default') : undefined, this.isProtected ? l10n.t('protected') : undefined, inEnv ? l10n.t('in .env') : undefined, state, this.noCompute ? l10n.t('no compute') : undefined, describeExpiry(b.expires_at), describeLastReset(b.last_reset_at)];
    return item(b.name, leftOpen(this.env, this.id), {
      contextValue: contextValue('branch', { default: this.isDefault, protected: this.isProtected, parent: hasChildren, child: !!b.parent_id, expiring: !!b.expires_at, nocompute: this.noCompute }),
      description: parts.filter(Boolean).join(' · '),
      // What the row shows, then what only the tooltip says about where it comes from (walk 36 heard "Branch dev" alone).
      accessibilityInformation: spoken(l10n.t('Branch {0}', b.name), ...parts, this.parentName ? l10n.t('parent {0}', this.parentName) : undefined),
      iconPath: this.isProtected ? icon('lock', this.isDefault ? 'charts.yellow' : undefined) : icon('git-branch', this.isDefault ? 'charts.yellow' : undefined),
    });
  }

  override tooltip(): vscode.MarkdownString {
    const b = this.branch;
    const hasChildren = this.childNames.length > 0;
    return markdownTooltip(
      b.name,
      [
        [l10n.t('Branch id'), b.id],
        [l10n.t('Default'), this.isDefault ? l10n.t('yes') : undefined],
        [l10n.t('Protected'), this.isProtected ? l10n.t('yes') : undefined],
        [l10n.t('Parent'), this.parentName ? `${this.parentName} (${b.parent_id})` : b.parent_id],
        [l10n.t('Child branches'), hasChildren ? this.childNames.join(', ') : undefined],
        [l10n.t('State'), b.current_state],
        [l10n.t('Logical size'), typeof b.logical_size === 'number' ? `${(b.logical_size / 1024 / 1024).toFixed(1)} MiB` : undefined],
        [l10n.t('Created'), day(b.created_at)],
        [l10n.t('Expires'), b.expires_at && utcMinute(b.expires_at)],
        [l10n.t('Last reset'), day(b.last_reset_at)],
        [l10n.t('Project'), `${this.projectName} (${this.projectId})`],
        [l10n.t('Workspace'), this.env.envBranches().has(b.id) ? l10n.t('a .env in this workspace connects to this branch') : undefined],
      ],
      [this.whyNotDeletable(), this.noCompute ? NO_COMPUTE_WHY() : undefined].filter(Boolean).join('\n\n') || undefined,
    );
  }

  /** Known to have no read-write compute: nothing can connect, so no connection action is offered. */
  get noCompute(): boolean {
    return this.hasCompute === false;
  }

  /** Why Delete Branch is not offered here, or undefined when it is. */
  whyNotDeletable(): string | undefined {
    if (this.isDefault) return l10n.t('The default branch cannot be deleted: make another branch the default first.');
    if (this.isProtected) return l10n.t('A protected branch cannot be deleted: remove its protection in the Neon Console first.');
    if (this.childNames.length > 0) return l10n.t('Branches made from it ({0}) must be deleted before it can be.', this.childNames.join(', '));
    return undefined;
  }

  override async loadChildren(signal?: AbortSignal): Promise<TreeNode[]> {
    const client = await this.env.client(this.accountId);
    const refreshSelf = this.stale;
    this.stale = false;
    // One request for the databases serves the roles' "owns …" and the Databases folder; if it
    // fails, the roles still show and the folder asks again (showing its own error).
    const listed = client.listDatabases(this.projectId, this.branchId, { signal });
    listed.catch(() => undefined);
    const [roles, databases] = await Promise.all([
      client.listRoles(this.projectId, this.branchId, { signal }),
      listed.catch((): Database[] | undefined => undefined),
      // A refresh of this branch also re-reads its name, state and protection (not the whole project's list).
      refreshSelf ? client.getBranch(this.projectId, this.branchId, { signal }).then((b) => this.update(b)) : undefined,
      // … and whether it has a compute now (one may have been added in the Console).
      refreshSelf
        ? client.listBranchEndpoints(this.projectId, this.branchId, { signal }).then(
            (eps) => this.updateCompute(eps.some((e) => e.type === 'read_write')),
            () => undefined,
          )
        : undefined,
    ]);
    const folder = new DatabasesFolderNode(this.env, this, databases ? Promise.resolve(databases) : undefined, databases?.length);
    if (roles.length === 0) {
      return [folder, new EmptyNode(this, l10n.t('No roles — Create role…'), { command: CommandIds.createRole, title: l10n.t('Create role'), arguments: [this] })];
    }
    const sorted = [...roles].sort((a, b) => Number(!!a.protected) - Number(!!b.protected) || a.name.localeCompare(b.name));
    return [folder, ...sorted.map((r) => new RoleNode(this, r, (databases ?? []).filter((d) => d.owner_name === r.name).map((d) => d.name)))];
  }

  private updateCompute(has: boolean): void {
    if (this.hasCompute === has) return;
    this.hasCompute = has;
    queueMicrotask(() => this.env.changedItem(this));
  }

  private update(b: Branch): void {
    const before = JSON.stringify(this.branch);
    this.branch = b;
    if (JSON.stringify(b) !== before) queueMicrotask(() => this.env.changedItem(this));
  }
}
