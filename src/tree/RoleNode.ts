import type * as vscode from 'vscode';
import type { Role } from '../api';
import type { BranchNode } from './BranchNode';
import { BranchPartNode, Leaf, contextValue, day, icon, item, tooltip } from './node';
import type { RoleRef } from './refs';

/**
 * A Postgres role of a branch; protected ones (e.g. web_access) are marked. Delete Role is offered
 * only where Neon would do it: not on a protected role, nor on one that owns a database.
 */
export class RoleNode extends BranchPartNode implements RoleRef {
  readonly id: string;
  readonly roleName: string;
  /** The role's own protection (RoleRef), not the branch's. */
  readonly isProtected: boolean;

  constructor(
    readonly parent: BranchNode,
    readonly role: Role,
    readonly ownedDatabases: string[],
  ) {
    super(parent);
    this.roleName = role.name;
    this.isProtected = role.protected === true;
    this.id = `${parent.id}/role/${encodeURIComponent(role.name)}`;
  }

  getTreeItem(): vscode.TreeItem {
    const r = this.role;
    const dbs = this.ownedDatabases;
    return item(r.name, Leaf, {
      contextValue: contextValue('role', { protected: this.isProtected, owner: dbs.length > 0 }),
      description: [this.isProtected ? 'protected' : undefined, dbs.length ? `owns ${dbs.join(', ')}` : undefined].filter(Boolean).join(' · '),
      iconPath: this.isProtected ? icon('lock') : icon('person'),
      tooltip: tooltip(r.name, [
        ['Branch', `${this.branchName} (${this.branchId})`],
        ['Owns databases', dbs.length ? dbs.join(', ') : 'none'],
        ['Protected', this.isProtected ? 'yes (system-managed: cannot be changed or deleted)' : undefined],
        ['Authentication', r.authentication_method],
        ['Created', day(r.created_at)],
      ], dbs.length && !this.isProtected ? `A role that owns a database cannot be deleted: give ${dbs.length === 1 ? 'that database' : 'those databases'} another owner, or delete ${dbs.length === 1 ? 'it' : 'them'}, first.` : undefined),
    });
  }
}
