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
  const command = offeredCommand(action, node.getTreeItem().contextValue);
  if (!command) {
    // As in the Explorer: a key that does nothing on this row does nothing, without a message.
    s.log.info(`${action} is not offered on ${node.id}: the key is ignored`);
    return undefined;
  }
  return vscode.commands.executeCommand(command, node);
}

export const focusedRowCommands: CommandSpec[] = [
  // Each runs the row's own command, which says what failed in its own words.
  { id: CommandIds.renameFocused, action: vscode.l10n.t('rename the row'), run: (s, arg) => runOnFocused(s, 'rename', arg) },
  { id: CommandIds.deleteFocused, action: vscode.l10n.t('delete the row'), run: (s, arg) => runOnFocused(s, 'delete', arg) },
];
