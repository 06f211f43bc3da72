// The Reset Password… button of failures that a new password cures: a refused login, a project
// that does not store passwords (nothing to copy or connect with). Kept apart from dbProbe so the
// role commands offer it without bundling the database code.
import * as vscode from 'vscode';
import { branchPlaceOf, type RoleRef } from '../tree/refs';
import type { FailureAction } from './failure';
import { CommandIds } from './ids';

/** A plain role ref (a tree node spread into a ref would carry its parents along). */
function roleOnly(r: RoleRef): RoleRef {
  return { ...branchPlaceOf(r), roleName: r.roleName, isProtected: r.isProtected };
}

/** Reset Password… for `role`; none for a protected role (Neon manages it). */
export function resetPasswordAction(role: RoleRef): FailureAction[] {
  return role.isProtected ? [] : [{ label: vscode.l10n.t('Reset Password…'), run: () => vscode.commands.executeCommand(CommandIds.resetRolePassword, roleOnly(role)) }];
}
