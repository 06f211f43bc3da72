// The last message of a command that made something to connect to (a project, a branch with a
// compute): its buttons run Copy Connection String or Save to .env for it, whenever clicked.
import * as vscode from 'vscode';
import type { Services } from '../services';
import type { BranchRef } from '../tree/refs';
import { describeFailure, isCancelled } from './failure';
import { CommandIds } from './ids';

export const COPY_CONNECTION = vscode.l10n.t('Copy Connection String');
export const SAVE_CONNECTION = vscode.l10n.t('Save to .env');

/** Copy Connection String's last argument when run from such a message: its "Copied …" offers Save to .env again. */
export const THEN_OFFER_SAVE = 'thenOfferSave';

/** Shows `text`; with `branch` (which has a compute) it offers its connection. Not awaited: the command ends now. */
export function offerConnection(s: Services, text: string, branch: BranchRef | undefined): void {
  const buttons = branch ? [COPY_CONNECTION, SAVE_CONNECTION] : [];
  void s.prompt.message('info', text, {}, ...buttons).then(
    (choice) => {
      if (choice === COPY_CONNECTION) return vscode.commands.executeCommand(CommandIds.copyConnectionString, branch, THEN_OFFER_SAVE);
      if (choice === SAVE_CONNECTION) return vscode.commands.executeCommand(CommandIds.saveConnectionToEnv, branch);
      return undefined;
    },
    () => undefined,
  );
}

/**
 * Says what was copied. A message closes on any of its buttons and is then gone (not kept in the
 * notification centre): after Copy on one that also offered Save to .env, this one offers `save`
 * again, so that choice is not lost. Not awaited.
 */
export function sayCopied(s: Services, text: string, save?: () => Thenable<unknown>): void {
  void s.prompt.message('info', text, {}, ...(save ? [SAVE_CONNECTION] : [])).then(
    (choice) => (choice === SAVE_CONNECTION ? save?.() : undefined),
    () => undefined,
  );
}

/** A Save to .env that failed (`action`: "save the password to .env"): the reason, in the log and as an error message; a cancel says nothing. */
export function sayNotSaved(s: Services, action: string, e: unknown, next?: string): void {
  if (isCancelled(e)) return;
  const f = describeFailure(action, e, undefined, next);
  s.log.warn(f.message);
  void s.prompt.message('error', f.message, {});
}
