// The view's "…" menu: the walkthrough and the settings, for a person who closed the Welcome page.
import * as vscode from 'vscode';
import { CommandIds } from './ids';
import type { CommandSpec } from './registry';

/** The walkthrough's id in package.json (`contributes.walkthroughs`), under the extension's own id. */
export const WALKTHROUGH = 'neonExplorer.gettingStarted';

export const helpCommands: CommandSpec[] = [
  {
    id: CommandIds.openWalkthrough,
    action: vscode.l10n.t('open the walkthrough'),
    run: async (s) => {
      await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${s.context.extension.id}#${WALKTHROUGH}`, false);
      // Open, so registered: what was done before is ticked now.
      s.walkthrough?.opened();
    },
  },
  {
    id: CommandIds.openSettings,
    action: vscode.l10n.t('open the settings'),
    run: (s) => vscode.commands.executeCommand('workbench.action.openSettings', `@ext:${s.context.extension.id}`),
  },
];
