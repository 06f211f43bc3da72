import type * as vscode from 'vscode';
import type { MemberWithUser } from '../api';
import { Leaf, OrgPartNode, contextValue, day, icon, item, tooltip } from './node';
import type { OrgFolderNode } from './OrgFolderNode';
import type { MemberRef, OrgRole } from './refs';

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
    return item(this.email, Leaf, {
      contextValue: contextValue('member', { admin: this.role === 'admin', self: this.isSelf }),
      description: [m.role, joined ? `joined ${joined}` : undefined, this.isSelf ? 'you' : undefined].filter(Boolean).join(' · '),
      iconPath: icon(this.role === 'admin' ? 'shield' : 'person', this.isSelf ? 'charts.green' : undefined),
      tooltip: tooltip(this.email, [
        ['Role', m.role],
        ['Joined', joined],
        ['Member id', m.id],
        ['User id', m.user_id],
        ['Organization', `${this.orgName} (${this.orgId})`],
        ['You', this.isSelf ? 'yes' : undefined],
      ]),
    });
  }
}
