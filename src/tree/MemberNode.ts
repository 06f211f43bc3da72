import type * as vscode from 'vscode';
import type { MemberWithUser } from '../api';
import { Leaf, OrgPartNode, contextValue, day, icon, item, markdownTooltip, spoken } from './node';
import type { OrgFolderNode } from './OrgFolderNode';
import type { MemberRef, OrgRole } from './refs';
import * as l10n from '@vscode/l10n';

export class MemberNode extends OrgPartNode implements MemberRef {
  readonly id: string;
  readonly memberId: string;
  readonly email: string;
  readonly role: OrgRole;

  constructor(
    readonly parent: OrgFolderNode,
    readonly data: MemberWithUser,
    readonly isSelf: boolean,
  ) {
    super(parent);
    this.memberId = data.member.id;
    this.email = data.user.email;
    this.role = data.member.role === 'admin' ? 'admin' : 'member';
    this.id = `${parent.id}/member/${data.member.id}`;
  }

  getTreeItem(): vscode.TreeItem {
    const m = this.data.member;
    const joined = day(m.joined_at);
    const parts = [m.role, joined ? l10n.t('joined {0}', joined) : undefined, this.isSelf ? l10n.t('you') : undefined];
    return item(this.email, Leaf, {
      // `manage`: you are an admin of the organization (roles can be changed, members removed).
      contextValue: contextValue('member', { admin: this.role === 'admin', self: this.isSelf, manage: this.parent.parent.myRole === 'admin' }),
      description: parts.filter(Boolean).join(' · '),
      accessibilityInformation: spoken(l10n.t('Member {0}', this.email), ...parts),
      iconPath: icon(this.role === 'admin' ? 'shield' : 'person', this.isSelf ? 'charts.green' : undefined),
    });
  }

  override tooltip(): vscode.MarkdownString {
    const m = this.data.member;
    const joined = day(m.joined_at);
    return markdownTooltip(this.email, [
      [l10n.t('Role'), m.role],
      [l10n.t('Joined'), joined],
      [l10n.t('Member id'), m.id],
      [l10n.t('User id'), m.user_id],
      [l10n.t('Organization'), `${this.orgName} (${this.orgId})`],
      [l10n.t('You'), this.isSelf ? l10n.t('yes') : undefined],
    ]);
  }
}
