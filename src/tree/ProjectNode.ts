import type * as vscode from 'vscode';
import type { Project } from '../api';
import { CommandIds } from '../commands/ids';
import { BranchNode } from './BranchNode';
import { EmptyNode } from './EmptyNode';
import { defaultFirst } from '../util/defaultBranch';
import { connectableBranchIds } from '../util/compute';
import { TreeNode, contextValue, day, icon, item, markdownTooltip, spoken, type TreeEnv, leftOpen } from './node';
import type { ProjectRef } from './refs';
import * as l10n from '@vscode/l10n';

/** A project: its branches, the default one first. */
export class ProjectNode extends TreeNode implements ProjectRef {
  readonly id: string;
  readonly accountId: string;
  readonly orgId: string | undefined;
  readonly projectId: string;
  readonly projectName: string;
  override readonly childrenNoun = 'branches';

  constructor(
    private readonly env: TreeEnv,
    readonly parent: TreeNode,
    readonly project: Project,
    /** `free`: its organization is on a Free plan (no consumption history). */
    private readonly opts: { orgId?: string; admin: boolean; shared?: boolean; free?: boolean },
  ) {
    super();
    this.accountId = parent.accountId;
    this.orgId = opts.orgId;
    this.projectId = project.id;
    this.projectName = project.name;
    this.id = `${parent.id}/project/${project.id}`;
  }

  get isAdmin(): boolean {
    return this.opts.admin;
  }

  getTreeItem(): vscode.TreeItem {
    const p = this.project;
    const parts = [p.region_id, p.pg_version ? `PG ${p.pg_version}` : undefined, this.opts.shared ? l10n.t('shared') : undefined];
    return item(p.name, leftOpen(this.env, this.id), {
      contextValue: contextValue('project', { admin: this.opts.admin, shared: this.opts.shared, free: this.opts.free }),
      description: parts.filter(Boolean).join(' · '),
      accessibilityInformation: spoken(l10n.t('Project {0}', p.name), ...parts),
      iconPath: icon('project', this.opts.shared ? 'charts.purple' : undefined),
    });
  }

  override tooltip(): vscode.MarkdownString {
    const p = this.project;
    return markdownTooltip(p.name, [
      [l10n.t('Project id'), p.id],
      [l10n.t('Region'), p.region_id],
      [l10n.t('Postgres'), p.pg_version],
      [l10n.t('Organization'), p.org_id ?? this.orgId],
      [l10n.t('Created'), day(p.created_at)],
      [l10n.t('Updated'), day(p.updated_at)],
      [l10n.t('Platform'), p.platform_id],
      [l10n.t('Access'), this.opts.shared ? l10n.t('shared with you (guest)') : this.opts.admin ? 'admin' : 'member'],
    ]);
  }

  override async loadChildren(signal?: AbortSignal): Promise<TreeNode[]> {
    const client = await this.env.client(this.accountId);
    // The computes come alongside (one request for the project): a branch without a read-write
    // compute offers no connection actions. If this read fails, every branch offers them as before.
    // If the branches fail, the computes read is abandoned: left running, it would wait out a
    // rate limit for a load already over, which Stop Loading could no longer reach.
    const own = new AbortController();
    const both = signal ? AbortSignal.any([signal, own.signal]) : own.signal;
    const computes = client.listProjectEndpoints(this.projectId, { signal: both }).catch(() => undefined);
    const branchList = client.listBranches(this.projectId, { signal: both });
    branchList.catch(() => own.abort());
    const [listed, endpoints] = await Promise.all([branchList, computes]);
    const branches = defaultFirst(listed);
    if (branches.length === 0) {
      return [new EmptyNode(this, l10n.t('No branches — Create branch…'), { command: CommandIds.createBranch, title: l10n.t('Create branch'), arguments: [this] })];
    }
    const names = new Map(branches.map((b) => [b.id, b.name]));
    const childNames = (id: string) => branches.filter((c) => c.parent_id === id).map((c) => c.name);
    const connectable = endpoints && connectableBranchIds(endpoints);
    const hasCompute = (id: string) => (connectable ? connectable.has(id) : undefined);
    return branches.map((b) => new BranchNode(this.env, this, b, b.parent_id ? names.get(b.parent_id) : undefined, childNames(b.id), hasCompute(b.id)));
  }
}
