// The view's "…" menu: the walkthrough and the settings, for a person who closed the Welcome page.
import * as vscode from 'vscode';
import { CommandIds } from './ids';
import type { CommandSpec } from './registry';

/** `publisher.name` from package.json (a manifest test keeps them equal; importing the manifest would bundle it whole). */
export const EXTENSION_ID = 'neon-explorer.neon-explorer';
export const WALKTHROUGH_ID = `${EXTENSION_ID}#neonExplorer.gettingStarted`;

export const helpCommands: CommandSpec[] = [
  {
    id: CommandIds.openWalkthrough,
    action: vscode.l10n.t('open the walkthrough'),
    run: async (s) => {
      await vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH_ID, false);
      // Open, so registered: what was done before is ticked now.
      s.walkthrough?.opened();
    },
  },
  {
    id: CommandIds.openSettings,
    action: vscode.l10n.t('open the settings'),
    run: () => vscode.commands.executeCommand('workbench.action.openSettings', `@ext:${EXTENSION_ID}`),
  },
];
