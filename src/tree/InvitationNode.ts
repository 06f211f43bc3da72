import type * as vscode from 'vscode';
import type { Invitation } from '../api';
import { Leaf, TreeNode, day, icon, item, tooltip } from './node';
import type { OrgFolderNode } from './OrgFolderNode';
import type { OrgRef, OrgRole } from './refs';

export class InvitationNode extends TreeNode implements OrgRef {
  readonly id: string;
  readonly accountId: string;
  readonly orgId: string;
  readonly orgName: string;
  readonly invitationId: string;
  readonly email: string;

  constructor(
    readonly parent: OrgFolderNode,
    readonly data: Invitation,
  ) {
    super();
    this.accountId = parent.accountId;
    this.orgId = parent.orgId;
    this.orgName = parent.orgName;
    this.invitationId = data.id;
    this.email = data.email;
    this.id = `${parent.id}/invitation/${data.id}`;
  }

  get myRole(): OrgRole | undefined {
    return this.parent.myRole;
  }

  getTreeItem(): vscode.TreeItem {
    const i = this.data;
    const invited = day(i.invited_at);
    return item(i.email, Leaf, {
      contextValue: 'invitation',
      description: [i.role, invited ? `invited ${invited}` : undefined].filter(Boolean).join(' · '),
      iconPath: icon('mail'),
      tooltip: tooltip(i.email, [
        ['Role', i.role],
        ['Invited', invited],
        ['Invited by', i.invited_by],
        ['Invitation id', i.id],
      ]),
    });
  }
}
