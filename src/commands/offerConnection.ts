// The last message of a command that made something to connect to (a project, a branch with a
// compute): its buttons run Copy Connection String or Save to .env for it, whenever clicked.
import * as vscode from 'vscode';
import type { Services } from '../services';
import type { BranchRef } from '../tree/refs';
import { CommandIds } from './ids';

export const COPY_CONNECTION = vscode.l10n.t('Copy Connection String');
export const SAVE_CONNECTION = vscode.l10n.t('Save to .env');

/** Shows `text`; with `branch` (which has a compute) it offers its connection. Not awaited: the command ends now. */
export function offerConnection(s: Services, text: string, branch: BranchRef | undefined): void {
  const buttons = branch ? [COPY_CONNECTION, SAVE_CONNECTION] : [];
  void s.prompt.message('info', text, {}, ...buttons).then(
    (choice) => {
      if (choice === COPY_CONNECTION) return vscode.commands.executeCommand(CommandIds.copyConnectionString, branch);
      if (choice === SAVE_CONNECTION) return vscode.commands.executeCommand(CommandIds.saveConnectionToEnv, branch);
      return undefined;
    },
    () => undefined,
  );
}
