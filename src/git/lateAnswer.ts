// Said when someone answers "switch .env?" after git has moved past that branch (the toast stays
// in the notification centre): the .env was not switched for the old branch, rather than a Switch
// that silently does nothing. Rarely reached, so it lives in dist/rarelyUsed.js.
import * as vscode from 'vscode';
import { CommandIds } from '../commands/ids';
import type { Services } from '../services';

export interface LateAnswer {
  root: string;
  /** The branch the question was about. */
  gitBranch: string;
  envName: string;
  /** Where git is now. */
  now?: { branch?: string; detached: boolean };
  /** The git branch the .env was last switched for. */
  serves?: string;
  /** A newer question waits. */
  asking: boolean;
}

export function sayLateAnswer(s: Services, a: LateAnswer): void {
  const branch = a.now && !a.now.detached ? a.now.branch : undefined;
  if (!branch) {
    void s.prompt.message('info', vscode.l10n.t('Git had moved on from {0} before you answered, so {1} was not switched for it.', a.gitBranch, a.envName), {});
    return;
  }
  // Offered only when nothing else will switch it: no newer question waits, and the .env does not already serve git's branch.
  const follow = vscode.l10n.t('Switch for {0}', branch);
  const buttons = a.serves === branch || a.asking ? [] : [follow];
  void s.prompt
    .message('info', vscode.l10n.t('Git had moved on from {0} to {1} before you answered, so {2} was not switched for {0}.', a.gitBranch, branch, a.envName), {}, ...buttons)
    .then((c) => (c === follow ? vscode.commands.executeCommand(CommandIds.followGitBranch, a.root) : undefined), () => undefined);
}
