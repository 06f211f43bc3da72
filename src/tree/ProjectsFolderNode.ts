import type * as vscode from 'vscode';
import type { Project } from '../api';
import { CommandIds } from '../commands/ids';
import type { AccountNode } from './AccountNode';
import { EmptyNode } from './EmptyNode';
import { PagedLoader, type LoadedPage } from './pagedLoader';
import { LoadMoreNode, type LoadMoreOwner } from './LoadMoreNode';
import { personalProjectsSource, sharedProjectsSource } from './levelRequests';
import { shownProjects } from './projectFilter';
import { TreeNode, contextValue, icon, item, spoken, type TreeEnv, leftOpen } from './node';
import { ProjectNode } from './ProjectNode';
import { UnavailableProjectsNode } from './UnavailableProjectsNode';
import type { AccountRef } from './refs';
import * as l10n from '@vscode/l10n';

/** "Shared with me" (projects other people shared with this user) or "Personal projects" (outside any org). */
export class ProjectsFolderNode extends TreeNode implements AccountRef, LoadMoreOwner {
  readonly id: string;
  readonly accountId: string;
  override readonly childrenNoun = 'projects';
  private readonly loader: PagedLoader<Project>;

  constructor(
    private readonly env: TreeEnv,
    readonly parent: AccountNode,
    readonly kind: 'shared' | 'personal',
    firstPage?: LoadedPage<Project>,
  ) {
    super();
    this.accountId = parent.accountId;
    this.id = `${parent.id}/${kind}`;
    const client = () => env.client(this.accountId);
    this.loader = new PagedLoader(kind === 'shared' ? sharedProjectsSource(client, env.projectPageSize) : personalProjectsSource(client, env.projectPageSize));
    if (firstPage) this.loader.seed(firstPage);
  }

  /** A first page loaded elsewhere (the account's level), taken only if this folder loaded nothing yet. */
  offerFirstPage(page: LoadedPage<Project>): void {
    if (!this.loader.begun) this.loader.seed(page);
  }

  getTreeItem(): vscode.TreeItem {
    const shared = this.kind === 'shared';
    const label = shared ? l10n.t('Shared with me') : l10n.t('Personal projects');
    return item(label, leftOpen(this.env, this.id), {
      accessibilityInformation: spoken(l10n.t('{0} folder', label)),
      contextValue: contextValue('folder', { [this.kind]: true }),
      iconPath: icon(shared ? 'live-share' : 'person'),
      tooltip: shared ? l10n.t('Projects other Neon users shared with you (you are a guest)') : l10n.t('Projects of this account outside any organization'),
    });
  }

  override async loadChildren(signal?: AbortSignal): Promise<TreeNode[]> {
    await (this.env.loadAll() ? this.loader.all(signal) : this.loader.first(signal));
    return this.render();
  }

  /** The projects a stopped load-all had read: kept on screen, and Load the rest goes on from its cursor. */
  override partialRows(): { rows: TreeNode[]; count: number } | undefined {
    if (!this.loader.begun || this.loader.done || this.loader.items.length === 0) return undefined;
    return { rows: this.render().filter((n) => !(n instanceof LoadMoreNode)), count: this.loader.items.length };
  }

  private render(): TreeNode[] {
    const shared = this.kind === 'shared';
    const nodes: TreeNode[] = shownProjects(this.loader.items).map((p) => new ProjectNode(this.env, this, p, { orgId: shared ? undefined : p.org_id ?? undefined, admin: !shared, shared }));
    const unavailable = this.loader.unavailable;
    if (unavailable.length > 0) nodes.push(new UnavailableProjectsNode(this, unavailable));
    if (nodes.length === 0) {
      nodes.push(
        shared
          ? new EmptyNode(this, l10n.t('No projects shared with you — Refresh'), { command: CommandIds.refreshNode, title: l10n.t('Refresh'), arguments: [this] }, l10n.t('When someone shares a Neon project with your email it appears here.'))
          : new EmptyNode(this, l10n.t('No personal projects — Refresh'), { command: CommandIds.refreshNode, title: l10n.t('Refresh'), arguments: [this] }),
      );
    }
    const cursor = this.loader.cursor;
    if (cursor !== undefined) nodes.push(new LoadMoreNode(this, cursor, this.loader.items.length));
    return nodes;
  }

  async loadMore(cursor: string): Promise<void> {
    await this.loader.more(cursor);
    this.env.rerender(this);
  }

  override reset(): void {
    this.loader.reset();
  }
}
