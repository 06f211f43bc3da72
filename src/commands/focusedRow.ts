// F2 and Delete in the Neon view (package.json `keybindings`). A keybinding passes no row: the
// binding's args ask VS Code for the focused one (the `$focusedTreeItem` context its view/title
// actions get), else the selected row is taken. The row's own command then runs with the row, as
// its context menu runs it, and only where that menu offers it: a row without one is left alone.
import * as vscode from 'vscode';
import type { Services } from '../services';
import { TreeNode } from '../tree/node';
import { NeonTreeProvider } from '../tree/provider';
import { offeredCommand, type RowAction } from './rowOffers';

/** The row the key was pressed on: VS Code's focused row when the binding asked for it, else the selected one. */
function targetRow(s: Services, arg: unknown): TreeNode | undefined {
  if (arg instanceof TreeNode) return arg;
  return s.tree instanceof NeonTreeProvider ? s.tree.selection()[0] : undefined;
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

export const renameFocused = (s: Services, arg?: unknown) => runOnFocused(s, 'rename', arg);
export const deleteFocused = (s: Services, arg?: unknown) => runOnFocused(s, 'delete', arg);
