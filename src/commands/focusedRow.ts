// F2 and Delete in the Neon view (package.json `keybindings`). A keybinding passes no row: the
// binding's args ask VS Code for the focused one (the `$focusedTreeItem` context its view/title
// actions get), else the selected row is taken. The row's own command then runs with the row, as
// its context menu runs it, and only where that menu offers it: a row without one is left alone.
//
// In dist/rarelyUsed.js (src/commands/rarelyUsed.ts): its classes are not the main bundle's, so a
// row is told by its shape, not by instanceof.
import * as vscode from 'vscode';
import type { Services } from '../services';
import type { TreeNode } from '../tree/node';
import { CommandIds } from './ids';
import type { CommandSpec } from './registry';
import { offeredCommand, type RowAction } from './rowOffers';

const isRow = (x: unknown): x is TreeNode => typeof x === 'object' && x !== null && typeof (x as TreeNode).getTreeItem === 'function';

/** The row the key was pressed on: VS Code's focused row when the binding asked for it, else the selected one. */
function targetRow(s: Services, arg: unknown): TreeNode | undefined {
  if (isRow(arg)) return arg;
  const selected = (s.tree as { selection?: () => readonly TreeNode[] }).selection?.()[0];
  return isRow(selected) ? selected : undefined;
}

async function runOnFocused(s: Services, action: RowAction, arg: unknown): Promise<unknown> {
  const node = targetRow(s, arg);
  if (!node) return undefined;
  const item = node.getTreeItem();
  const command = offeredCommand(action, item.contextValue);
  if (!command) {
    const kind = (item.contextValue ?? '').split(';')[0] || 'row';
    const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
    const why = action === 'delete' ? whyNotDeleted(node, kind, label) : undefined;
    s.log.info(`${action} is not offered on ${kind} ${label}: the key is ignored${why ? ` (${why})` : ''}`);
    // As in the Explorer, a key that does nothing on a row of its kind does nothing; one whose
    // row cannot be deleted in its state (a protected role, say) says why (walk 35).
    const owner = kind === 'role' && action === 'delete' && (node as { ownedDatabases?: unknown[] }).ownedDatabases?.length ? vscode.l10n.t('Change Database Owner…') : undefined;
    if (why) {
      void s.prompt.message('info', why, {}, ...(owner ? [owner] : [])).then((choice) => {
        // The role row is what Change Database Owner… picks from: the databases it owns.
        if (choice === owner) void vscode.commands.executeCommand(CommandIds.changeDatabaseOwner, node);
      }, () => undefined);
    }
    return undefined;
  }
  return vscode.commands.executeCommand(command, node);
}

/** Why the Delete key does nothing on a row whose kind can be deleted; undefined for other rows. */
function whyNotDeleted(node: TreeNode, kind: string, label: string): string | undefined {
  const r = node as { isProtected?: unknown; ownedDatabases?: unknown };
  if (kind === 'role') {
    if (r.isProtected === true) return vscode.l10n.t('Role {0} is protected: Neon manages it, so it cannot be deleted.', label);
    const owned = Array.isArray(r.ownedDatabases) ? (r.ownedDatabases as string[]) : [];
    if (owned.length === 1) return vscode.l10n.t('Role {0} owns database {1}: it cannot be deleted until the database has another owner or is deleted.', label, owned[0]!);
    if (owned.length > 1) return vscode.l10n.t('Role {0} owns databases {1}: it cannot be deleted until they have another owner or are deleted.', label, owned.join(', '));
    return undefined;
  }
  if (kind === 'branch') {
    const flags = new Set((node.getTreeItem().contextValue ?? '').split(';').slice(1));
    if (flags.has('default')) return vscode.l10n.t('Branch {0} is the default branch of its project: it cannot be deleted.', label);
    if (flags.has('protected')) return vscode.l10n.t('Branch {0} is protected: it cannot be deleted.', label);
    if (flags.has('parent')) return vscode.l10n.t('Branch {0} has child branches: delete them first.', label);
  }
  return undefined;
}

export const focusedRowCommands: CommandSpec[] = [
  // Each runs the row's own command, which says what failed in its own words.
  { id: CommandIds.renameFocused, action: vscode.l10n.t('rename the row'), run: (s, arg) => runOnFocused(s, 'rename', arg) },
  { id: CommandIds.deleteFocused, action: vscode.l10n.t('delete the row'), run: (s, arg) => runOnFocused(s, 'delete', arg) },
];
