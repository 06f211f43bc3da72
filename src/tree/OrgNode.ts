import type * as vscode from 'vscode';
import type { MemberWithUser, Organization, Project } from '../api';
import type { StoredAccount } from '../accounts/store';
import { CommandIds } from '../commands/ids';
import { EmptyNode } from './EmptyNode';
import { PagedLoader } from './pagedLoader';
import { LoadMoreNode, type LoadMoreOwner } from './LoadMoreNode';
import { orgProjectsSource, uniqueById } from './levelRequests';
import { shownProjects } from './projectFilter';
import { isFreePlan, managedByName, planName, planWithId } from '../util/plans';
import { levelDir, projectsRecord, recallOrgProjects, rememberOrgProjects, sameLevel, type RememberedProjects } from './rememberedLevel';
import { Collapsed, Expanded, TreeNode, contextValue, day, icon, item, markdownTooltip, spoken, type TreeEnv } from './node';
import { OrgFolderNode } from './OrgFolderNode';
import { ProjectNode } from './ProjectNode';
import { UnavailableProjectsNode } from './UnavailableProjectsNode';
import type { OrgRef, OrgRole } from './refs';
import * as l10n from '@vscode/l10n';

/** An organization: folders Members, Invitations, API Keys, then its projects (paged). */
export class OrgNode extends TreeNode implements OrgRef, LoadMoreOwner {
  readonly id: string;
  readonly accountId: string;
  readonly orgId: string;
  readonly orgName: string;
  myRole: OrgRole | undefined;
  /** The role was read from the members list by this node since it was made or refreshed. */
  private roleRead = false;
  override readonly childrenNoun = 'projects';
  readonly folders: OrgFolderNode[];
  private loader: PagedLoader<Project>;
  private loaderFilter: string | undefined;
  /** The filter applied in the host to the whole list the loader holds (no request), if any. */
  private localFilter: string | undefined;
  /** The projects drawn from the last launch's record, and the record of the list the API gave since. */
  private recalled?: RememberedProjects;
  private fresh?: RememberedProjects;

  constructor(
    private readonly env: TreeEnv,
    readonly parent: TreeNode,
    readonly org: Organization,
    readonly account: StoredAccount,
    private readonly expand = false,
  ) {
    super();
    this.accountId = account.id;
    this.orgId = org.id;
    this.orgName = org.name;
    this.id = `${parent.id}/org/${org.id}`;
    this.myRole = env.roles.get(this.id);
    // A project-scoped key cannot read members, invitations or org API keys (403).
    this.folders = account.kind === 'project' ? [] : (['members', 'invitations', 'apiKeys'] as const).map((k) => new OrgFolderNode(env, this, k));
    this.loaderFilter = this.filter;
    this.loader = this.newLoader();
  }

  get filter(): string | undefined {
    return this.env.filters.get(this.id);
  }

  /** Org admins (personal key) and unscoped org keys may delete and transfer org projects. */
  get canAdminProjects(): boolean {
    return this.myRole === 'admin' || this.account.kind === 'organization';
  }

  private newLoader(): PagedLoader<Project> {
    return new PagedLoader(orgProjectsSource(() => this.env.client(this.accountId), this.orgId, this.loaderFilter, this.env.projectPageSize));
  }

  getTreeItem(): vscode.TreeItem {
    const o = this.org;
    const filter = this.filter;
    const plan = planName(o.plan);
    // As the person left it in this workspace; else expanded when it is the account's only org.
    return item(o.name, (this.env.expanded.get(this.id) ?? this.expand) ? Expanded : Collapsed, {
      // `roleunknown`: not expanded yet, so your role is not read; the admin actions are offered and check it when run.
      contextValue: contextValue('org', { admin: this.myRole === 'admin', roleunknown: this.myRole === undefined && this.account.kind === 'personal', filtered: !!filter, free: isFreePlan(o.plan) }),
      description: [filter ? `filter: "${filter}"` : undefined, plan, this.myRole].filter(Boolean).join(' · '),
      accessibilityInformation: spoken(
        l10n.t('Organization {0}', o.name),
        plan && l10n.t('{0} plan', plan),
        this.myRole === 'admin' ? l10n.t('you are admin') : this.myRole === 'member' ? l10n.t('you are member') : undefined,
        filter && l10n.t('projects filtered by "{0}"', filter),
      ),
      iconPath: icon('organization', filter ? 'charts.blue' : undefined),
    });
  }

  override tooltip(): vscode.MarkdownString {
    const o = this.org;
    const filter = this.filter;
    const role = this.myRole ?? (this.account.kind === 'organization' ? l10n.t('organization key') : this.account.kind === 'project' ? l10n.t('project-scoped key') : undefined);
    return markdownTooltip(o.name, [
      ['ID', o.id], // as Show Organization Details says it, in every language
      [l10n.t('Handle'), o.handle],
      [l10n.t('Plan'), planWithId(o.plan)],
      [l10n.t('Your role'), role],
      [l10n.t('Created'), day(o.created_at)],
      [l10n.t('Managed by'), managedByName(o.managed_by)],
      [l10n.t('Project filter'), filter],
    ]);
  }

  /** The loader holds every project of the org, unfiltered: a filter can be applied here. */
  get canFilterLocally(): boolean {
    return this.loaderFilter === undefined && this.loader.done && this.loader.unavailable.length === 0;
  }

  override async loadChildren(signal?: AbortSignal): Promise<TreeNode[]> {
    this.localFilter = undefined;
    if (this.filter !== undefined && this.canFilterLocally) {
      this.localFilter = this.filter;
      return this.render();
    }
    if (this.loaderFilter !== this.filter) {
      this.loaderFilter = this.filter;
      this.loader = this.newLoader();
    }
    // Once per node and per refresh of it: the role shown may be stale (changed here or elsewhere).
    const role = !this.roleRead && this.account.kind === 'personal' ? this.learnRole(signal) : undefined;
    const fetchedBefore = this.loader.pagesFetched;
    await (this.env.loadAll() ? this.loader.all(signal) : this.loader.first(signal));
    if (role) await role;
    // Kept only when this load read the list from the API: a row drawn again from the list this
    // node already holds (Load more, a role learnt) would overwrite a newer record another window
    // or launch wrote since. A load made stale (a refresh, Stop) is not kept either.
    if (this.loaderFilter === undefined && !signal?.aborted && this.loader.pagesFetched !== fetchedBefore) this.keepForNextLaunch();
    return this.render();
  }

  /** The projects a stopped load-all had read: kept on screen, and Load the rest goes on from its cursor. */
  override partialRows(): { rows: TreeNode[]; count: number } | undefined {
    if (!this.loader.begun || this.loader.done || this.loader.items.length === 0) return undefined;
    return { rows: this.render().filter((n) => !(n instanceof LoadMoreNode)), count: this.loader.items.length };
  }

  /** Keeps the whole, unfiltered list for the next launch; a list of more than one page is forgotten. */
  private keepForNextLaunch(): void {
    const whole = this.loader.done && this.loader.unavailable.length === 0;
    this.fresh = whole ? projectsRecord(this.account, uniqueById(this.loader.items), this.myRole) : undefined;
    void rememberOrgProjects(levelDir(this.env.s.context.globalStorageUri), this.account, this.orgId, this.fresh).catch((e: unknown) =>
      this.env.s.log.warn(`Could not keep the projects of ${this.id} for the next launch: ${String(e)}`),
    );
  }

  /**
   * The projects as the last launch listed them (no request), for the provider to draw while it
   * lists them again; undefined when there is no record or a filter is set.
   */
  async remembered(): Promise<TreeNode[] | undefined> {
    if (this.filter !== undefined || this.loader.begun || this.account.rejected || this.account.unverified) return undefined;
    const r = await recallOrgProjects(levelDir(this.env.s.context.globalStorageUri), this.account, this.orgId);
    if (!r) return undefined;
    this.recalled = r;
    if (r.role && !this.myRole) {
      // The org's row shows the role and offers its menus (read again with the projects).
      this.myRole = r.role;
      this.env.roles.set(this.id, r.role);
      queueMicrotask(() => this.env.changedItem(this));
    }
    return this.render(r.projects);
  }

  /** After the projects were listed again: whether they (and the role) are what was drawn from memory. */
  confirms(_shown: readonly TreeNode[]): boolean {
    return !!this.recalled && !!this.fresh && sameLevel(this.recalled, this.fresh);
  }

  /** The next load of this organization reads its members again (to learn your role), which counts the Members folder. */
  get readsMembersAgain(): boolean {
    return !this.roleRead && this.account.kind === 'personal';
  }

  /** The next load reads the user's role again (a refresh of this organization). */
  markRoleStale(): void {
    this.roleRead = false;
  }

  /** Members are read once to learn the user's own role; the Members folder reuses the list. */
  private async learnRole(signal?: AbortSignal): Promise<void> {
    try {
      const members = this.folders[0].prefetch(async () => (await this.env.client(this.accountId)).listMembers(this.orgId, { signal }));
      const me = (await members).find((m: MemberWithUser) => (this.account.userId && m.member.user_id === this.account.userId) || (this.account.email && m.user.email === this.account.email));
      const role: OrgRole | undefined = me ? (me.member.role === 'admin' ? 'admin' : 'member') : undefined;
      this.roleRead = true;
      if (role && role !== this.myRole) {
        this.myRole = role;
        this.env.roles.set(this.id, role);
        queueMicrotask(() => this.env.changedItem(this));
      }
    } catch {
      // The role only decides which menus show; the tree works without it.
    }
  }

  /** The rows: the loader's projects, or `remembered` ones (the loader has none yet then). */
  private render(remembered?: readonly Project[]): TreeNode[] {
    const opts = { orgId: this.orgId, admin: this.canAdminProjects, free: isFreePlan(this.org.plan) };
    const projects = shownProjects(remembered ?? this.loader.items, this.localFilter).map((p) => new ProjectNode(this.env, this, p, opts));
    // Only admins may list an org's API keys (members get 403): members don't see that folder.
    const folders = this.folders.filter((f) => f.kind !== 'apiKeys' || this.myRole !== 'member');
    const nodes: TreeNode[] = [...folders, ...projects];
    if (projects.length === 0 && this.loader.unavailable.length === 0) {
      const filter = this.filter;
      // Under a filter the row clears it, with Clear Filter's own icon (not the "add" of a row that creates).
      nodes.push(
        filter
          ? new EmptyNode(this, l10n.t('No projects match "{0}" — Clear filter', filter), { command: CommandIds.clearProjectFilter, title: l10n.t('Clear filter'), arguments: [this] }, undefined, 'clear-all')
          : new EmptyNode(this, l10n.t('No projects — Create project…'), { command: CommandIds.createProject, title: l10n.t('Create project'), arguments: [this] }, l10n.t('{0} has no projects yet. Click to create one.', this.org.name)),
      );
    }
    const unavailable = this.loader.unavailable;
    if (unavailable.length > 0) nodes.push(new UnavailableProjectsNode(this, unavailable));
    const cursor = this.loader.cursor;
    if (cursor !== undefined) nodes.push(new LoadMoreNode(this, cursor, projects.length));
    return nodes;
  }

  async loadMore(cursor: string): Promise<void> {
    await this.loader.more(cursor);
    this.env.rerender(this);
  }

  /** Loader state, for tests and the bench. */
  get projectsLoader(): PagedLoader<Project> {
    return this.loader;
  }

  override reset(): void {
    this.loader.reset();
  }
}
