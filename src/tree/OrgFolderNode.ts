import type * as vscode from 'vscode';
import type { Invitation, MemberWithUser, OrgApiKey } from '../api';
import { CommandIds } from '../commands/ids';
import { EmptyNode } from './EmptyNode';
import { InvitationNode } from './InvitationNode';
import { MemberNode } from './MemberNode';
import { OrgPartNode, type TreeNode, contextValue, icon, item, spoken, type TreeEnv, leftOpen } from './node';
import { OrgApiKeyNode } from './OrgApiKeyNode';
import type { OrgNode } from './OrgNode';
import type { OrgRef } from './refs';
import * as l10n from '@vscode/l10n';

export type OrgFolderKind = 'members' | 'invitations' | 'apiKeys';

const LABEL: Record<OrgFolderKind, string> = { members: l10n.t('Members'), invitations: l10n.t('Invitations'), apiKeys: l10n.t('API Keys') };
const ICON: Record<OrgFolderKind, string> = { members: 'account', invitations: 'mail', apiKeys: 'key' };
/** The count with its unit, for a screen reader ("3 members"; a bare "3" said nothing, walk 36). */
const COUNTED: Record<OrgFolderKind, (n: number) => string> = {
  members: (n) => (n === 1 ? l10n.t('1 member') : l10n.t('{0} members', n)),
  invitations: (n) => (n === 1 ? l10n.t('1 invitation') : l10n.t('{0} invitations', n)),
  apiKeys: (n) => (n === 1 ? l10n.t('1 API key') : l10n.t('{0} API keys', n)),
};
const NOUN: Record<OrgFolderKind, string> = { members: 'members', invitations: 'invitations', apiKeys: 'API keys' };

/** "Members", "Invitations" or "API Keys" of an organization. */
export class OrgFolderNode extends OrgPartNode implements OrgRef {
  readonly id: string;
  override readonly childrenNoun: string;
  private prefetched: Promise<MemberWithUser[]> | undefined;
  private count: number | undefined;
  private recounting = false;
  /** The count shown may be out of date (the folder was refreshed while collapsed): counted again. */
  private stale = false;
  /** A count read was stopped (Stop Loading): not read again until a refresh or Load again. */
  private countStopped = false;

  constructor(
    private readonly env: TreeEnv,
    readonly parent: OrgNode,
    readonly kind: OrgFolderKind,
  ) {
    super(parent);
    this.id = `${parent.id}/${kind}`;
    this.childrenNoun = NOUN[kind];
  }

  /** Members folder: shares one list with the org's own-role lookup (one request, not two). */
  prefetch(load: () => Promise<MemberWithUser[]>): Promise<MemberWithUser[]> {
    if (!this.prefetched) {
      const p = load();
      this.prefetched = p;
      // The org reads its members to learn your role: the Members row shows its count from that
      // read too, without being expanded (after Refresh All, as on the first load).
      p.then(
        (list) => this.prefetched === p && this.setCount(list.length),
        () => this.prefetched === p && (this.prefetched = undefined),
      );
    }
    return this.prefetched;
  }

  getTreeItem(): vscode.TreeItem {
    // Counted with one request as soon as the row is drawn once your role is known (API keys: only
    // admins may list them, and only admins see that folder), so the row says how many without
    // being expanded (walks 29, 32); and after Refresh All (new rows) when it showed a count
    // before, so the number does not just vanish. Members are counted by the org's role read.
    // Not when the folder is drawn expanded: its own load counts it (counting too sent each list
    // twice, walk 32).
    const role = this.parent.myRole;
    const counts = role === 'admin' || (role === 'member' && this.kind === 'invitations') || this.env.counted.has(this.id);
    const collapsed = this.env.expanded.get(this.id) !== true;
    const firstCount = this.count === undefined && this.kind !== 'members' && counts;
    // Refreshed after a change (an invitation sent, a key made, a member removed): the old count
    // stays shown until the new one is read (walk 34: it stayed stale). Members are read again by
    // the organization itself when it reads your role.
    const recount = this.stale && (this.kind !== 'members' || !this.parent.readsMembersAgain);
    if ((firstCount || recount) && collapsed && !this.recounting && !this.countStopped) {
      this.recounting = true;
      void this.recount();
    }
    // A new row of a folder counted before (its account or organization was refreshed) shows the
    // last count read until its own is read: a stopped read left it blank (walk 37).
    const count = this.count ?? this.env.counted.get(this.id);
    return item(LABEL[this.kind], leftOpen(this.env, this.id), {
      // `manage`: you are an admin of the organization (Invite Members… is offered).
      contextValue: contextValue('folder', { [this.kind]: true, manage: this.parent.myRole === 'admin' }),
      iconPath: icon(ICON[this.kind]),
      ...(count !== undefined ? { description: String(count) } : {}),
      accessibilityInformation: spoken(l10n.t('{0} folder', LABEL[this.kind]), count !== undefined && COUNTED[this.kind](count)),
      tooltip: l10n.t('{0} of {1}', LABEL[this.kind], this.orgName),
    });
  }

  override async loadChildren(signal?: AbortSignal): Promise<TreeNode[]> {
    const client = () => this.env.client(this.accountId);
    let nodes: TreeNode[];
    if (this.kind === 'members') {
      const members = await this.prefetch(async () => (await client()).listMembers(this.orgId, { signal }));
      const account = this.parent.account;
      nodes = sortMembers(members).map((m) => new MemberNode(this, m, (!!account.userId && m.member.user_id === account.userId) || (!!account.email && m.user.email === account.email)));
    } else if (this.kind === 'invitations') {
      // "Invited by" is a user id: the members list (shared with the Members folder) names it. That
      // shared read carries no signal of ours: stopping this folder must not fail the Members one.
      const members = this.membersFolder()?.prefetch(async () => (await client()).listMembers(this.orgId)).catch((): MemberWithUser[] => []) ?? [];
      const [invitations, list] = await Promise.all([(await client()).listInvitations(this.orgId, { signal }), members]);
      signal?.throwIfAborted();
      const emails = new Map(list.map((m) => [m.member.user_id, m.user.email]));
      nodes = invitations.map((i: Invitation) => new InvitationNode(this, i, i.invited_by ? emails.get(i.invited_by) : undefined));
    } else {
      const keys: OrgApiKey[] = await (await client()).listOrgApiKeys(this.orgId, { signal });
      const projects = await this.projectNames(keys, signal);
      nodes = keys.map((k) => new OrgApiKeyNode(this, k, k.project_id ? projects.get(k.project_id) : undefined));
    }
    this.setCount(nodes.length);
    if (nodes.length > 0) return nodes;
    const org = this.parent;
    // Only an admin can invite: a member is not offered a step that would fail.
    if (this.kind === 'invitations' && org.myRole !== 'admin') return [new EmptyNode(this, l10n.t('No pending invitations'))];
    if (this.kind === 'invitations') return [new EmptyNode(this, l10n.t('No pending invitations — Invite members…'), { command: CommandIds.inviteMembers, title: l10n.t('Invite members'), arguments: [org] })];
    if (this.kind === 'apiKeys') return [new EmptyNode(this, l10n.t('No API keys — Create API key…'), { command: CommandIds.createOrgApiKey, title: l10n.t('Create API key'), arguments: [org] })];
    return [new EmptyNode(this, l10n.t('No members — Invite members…'), { command: CommandIds.inviteMembers, title: l10n.t('Invite members'), arguments: [org] })];
  }

  private membersFolder(): OrgFolderNode | undefined {
    return this.parent.folders.find((f) => f.kind === 'members');
  }

  /** Names of the projects keys are scoped to: the org's loaded projects, else one read each. */
  private async projectNames(keys: readonly OrgApiKey[], signal?: AbortSignal): Promise<Map<string, string>> {
    const names = new Map(this.parent.projectsLoader.items.map((p) => [p.id, p.name]));
    const unknown = [...new Set(keys.map((k) => k.project_id).filter((id): id is string => !!id && !names.has(id)))];
    if (unknown.length > 0) {
      const client = await this.env.client(this.accountId);
      // A project the key may not read (or one gone) keeps its id: the key still lists.
      const found = await Promise.all(unknown.map((id) => client.getProject(id, { signal }).catch(() => undefined)));
      for (const p of found) if (p) names.set(p.id, p.name);
    }
    return names;
  }

  /** One list request for the count only (the rows are read when the folder is expanded). */
  private async recount(): Promise<void> {
    const signal = this.env.backgroundSignal();
    try {
      const client = await this.env.client(this.accountId);
      const n =
        this.kind === 'invitations'
          ? (await client.listInvitations(this.orgId, { signal })).length
          : this.kind === 'apiKeys'
            ? (await client.listOrgApiKeys(this.orgId, { signal })).length
            : (await client.listMembers(this.orgId, { signal })).length;
      if (this.count === undefined || this.stale) this.setCount(n);
    } catch {
      // The count is shown only when known; expanding the folder says what went wrong. Stopped:
      // what is shown stays, and it is read again at the next refresh or Load again.
      if (signal.aborted) {
        this.countStopped = true;
        this.env.afterStop(() => {
          this.countStopped = false;
          queueMicrotask(() => this.env.changedItem(this));
        });
      }
    } finally {
      this.recounting = false;
    }
  }

  private setCount(n: number): void {
    this.env.counted.set(this.id, n);
    this.stale = false;
    if (this.count === n) return;
    this.count = n;
    queueMicrotask(() => this.env.changedItem(this));
  }

  override reset(): void {
    this.prefetched = undefined;
    this.stale = this.count !== undefined;
    this.countStopped = false;
  }
}

function sortMembers(list: MemberWithUser[]): MemberWithUser[] {
  return [...list].sort((a, b) => Number(b.member.role === 'admin') - Number(a.member.role === 'admin') || a.user.email.localeCompare(b.user.email));
}
