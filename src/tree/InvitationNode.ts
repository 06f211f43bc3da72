import type * as vscode from 'vscode';
import type { Invitation } from '../api';
import { Leaf, OrgPartNode, day, icon, item, markdownTooltip, spoken } from './node';
import type { OrgFolderNode } from './OrgFolderNode';
import type { InvitationRef } from './refs';
import * as l10n from '@vscode/l10n';

/**
 * A pending invitation. Neon's API can neither resend nor revoke one: the tooltip says so, and the
 * menu offers the People page of the organization in the Neon Console, where both can be done.
 */
export class InvitationNode extends OrgPartNode implements InvitationRef {
  readonly id: string;
  readonly invitationId: string;
  readonly email: string;

  constructor(
    readonly parent: OrgFolderNode,
    readonly data: Invitation,
    /** The inviter's email, when the members list names them. */
    readonly invitedBy?: string,
  ) {
    super(parent);
    this.invitationId = data.id;
    this.email = data.email;
    this.id = `${parent.id}/invitation/${data.id}`;
  }

  getTreeItem(): vscode.TreeItem {
    const i = this.data;
    const invited = day(i.invited_at);
    const parts = [i.role, invited ? `invited ${invited}` : undefined];
    return item(i.email, Leaf, {
      contextValue: 'invitation',
      description: parts.filter(Boolean).join(' · '),
      accessibilityInformation: spoken(l10n.t('Invitation for {0}', i.email), ...parts),
      iconPath: icon('mail'),
    });
  }

  override tooltip(): vscode.MarkdownString {
    const i = this.data;
    const invited = day(i.invited_at);
    return markdownTooltip(
      i.email,
      [
        [l10n.t('Role'), i.role],
        [l10n.t('Invited'), invited],
        [l10n.t('Invited by'), this.invitedBy ?? i.invited_by],
        [l10n.t('Invitation id'), i.id],
      ],
      l10n.t('Neon\'s API cannot resend or revoke an invitation: do either on the organization\'s People page in the Neon Console (Resend or Revoke in Neon Console, on this row).'),
    );
  }
}
