// Workspace trust: in Restricted Mode the tree and every read-only command work, but nothing is
// written into the workspace (.env, .gitignore, .neon) until the person trusts the folder. Every
// such write asks here first. `vscode.workspace.requestWorkspaceTrust` is a proposed API, so the
// question is our own modal with a button that opens VS Code's Manage Workspace Trust editor.
import * as vscode from 'vscode';
import type { Services } from '../services';

export const MANAGE_TRUST = vscode.l10n.t('Manage Workspace Trust');
/** VS Code's own command behind "Manage Workspace Trust" (the trust editor). */
export const MANAGE_TRUST_COMMAND = 'workbench.trust.manage';

/** The sentence shown when a write is refused in Restricted Mode (tests compare against it). */
export function untrustedMessage(action: string): { text: string; detail: string } {
  return {
    text: `Neon Explorer writes into this folder only when you trust it: ${action} was not done.`,
    detail:
      vscode.l10n.t('The window is in Restricted Mode. Trust the folder with Manage Workspace Trust, then run the command again. ') +
      vscode.l10n.t('Browsing accounts, copying connection strings and every other read-only command keep working.'),
  };
}

/**
 * True when the workspace is trusted. Otherwise asks the person to trust it first (a modal with
 * "Manage Workspace Trust" and any `alternatives`, e.g. "Copy to Clipboard"), writes nothing,
 * and returns the alternative chosen, or false (dismissed, or the trust editor was opened).
 *
 * `action` completes the sentence "… : <action> was not done", e.g. "writing DATABASE_URL to .env".
 */
export async function requireTrust(s: Pick<Services, 'prompt' | 'log'>, action: string, ...alternatives: string[]): Promise<true | false | string> {
  if (vscode.workspace.isTrusted) return true;
  const { text, detail } = untrustedMessage(action);
  s.log.info(`Restricted Mode: not ${action}; asking to trust the folder`);
  const choice = await s.prompt.message('warning', text, { modal: true, detail }, MANAGE_TRUST, ...alternatives);
  if (choice === MANAGE_TRUST) {
    await vscode.commands.executeCommand(MANAGE_TRUST_COMMAND);
    return false;
  }
  return choice !== undefined && alternatives.includes(choice) ? choice : false;
}
