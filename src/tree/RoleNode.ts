import type * as vscode from 'vscode';
import type { Role } from '../api';
import type { BranchNode } from './BranchNode';
import { BranchPartNode, Leaf, contextValue, day, icon, item, markdownTooltip, spoken } from './node';
import { CommandIds } from '../commands/ids';
import { branchPlaceOf, cannotLogIn, type RoleRef } from './refs';
import * as l10n from '@vscode/l10n';

/**
 * A Postgres role of a branch; protected ones (e.g. web_access) are marked. Delete Role is offered
 * only where Neon would do it: not on a protected role, nor on one that owns a database.
 */
export class RoleNode extends BranchPartNode implements RoleRef {
  readonly id: string;
  readonly roleName: string;
  /** The role's own protection (RoleRef), not the branch's. */
  readonly isProtected: boolean;
  readonly noLogin: boolean;

  constructor(
    readonly parent: BranchNode,
    readonly role: Role,
    readonly ownedDatabases: string[],
  ) {
    super(parent);
    this.roleName = role.name;
    this.isProtected = role.protected === true;
    this.noLogin = cannotLogIn(role);
    this.id = `${parent.id}/role/${encodeURIComponent(role.name)}`;
  }

  getTreeItem(): vscode.TreeItem {
    const r = this.role;
    const dbs = this.ownedDatabases;
    const parts = [this.isProtected ? l10n.t('protected') : undefined, this.noLogin ? l10n.t('cannot log in') : undefined, dbs.length ? l10n.t('owns {0}', dbs.join(', ')) : undefined];
    return item(r.name, Leaf, {
      // nologin: the menus offer no password and no connection on it (nothing can connect as it).
      contextValue: contextValue('role', { protected: this.isProtected, owner: dbs.length > 0, nocompute: this.parent.noCompute, nologin: this.noLogin }),
      description: parts.filter(Boolean).join(' · '),
      accessibilityInformation: spoken(l10n.t('Role {0}', r.name), ...parts),
      iconPath: this.isProtected ? icon('lock') : this.noLogin ? icon('circle-slash') : icon('person'),
    });
  }

  override tooltip(): vscode.MarkdownString {
    const r = this.role;
    const dbs = this.ownedDatabases;
    const md = markdownTooltip(r.name, [
      [l10n.t('Branch'), `${this.branchName} (${this.branchId})`],
      [l10n.t('Owns databases'), dbs.length ? dbs.join(', ') : l10n.t('none')],
      [l10n.t('Protected'), this.isProtected ? l10n.t('yes (system-managed: cannot be changed or deleted)') : undefined],
      [l10n.t('Authentication'), this.noLogin ? l10n.t('none: this role cannot log in (it owns objects and is granted to others)') : r.authentication_method],
      [l10n.t('Created'), day(r.created_at)],
    ], dbs.length && !this.isProtected
        ? dbs.length === 1
          ? l10n.t('A role that owns a database cannot be deleted: give that database another owner, or delete it, first.')
          : l10n.t('A role that owns a database cannot be deleted: give those databases another owner, or delete them, first.')
        : undefined);
    if (dbs.length && !this.isProtected) {
      // A link to the way on: Change Database Owner… on that database, or on the ones this role owns.
      const place = branchPlaceOf(this);
      const arg = dbs.length === 1 ? { ...place, databaseName: dbs[0]!, ownerName: r.name } : { ...place, roleName: r.name, isProtected: false };
      md.isTrusted = { enabledCommands: [CommandIds.changeDatabaseOwner] };
      md.appendMarkdown(` [${l10n.t('Change Database Owner…')}](command:${CommandIds.changeDatabaseOwner}?${encodeURIComponent(JSON.stringify([arg]))})`);
    }
    return md;
  }
}
