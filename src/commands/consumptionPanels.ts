// Consumption panels across window reloads and account removals, registered at activation; the
// panel's code is in dist/rarelyUsed.js and is loaded only when a panel is opened or restored.
import * as vscode from 'vscode';
import { rarelyUsed, rarelyUsedLoaded } from '../rarelyUsedLoader';
import type { Services } from '../services';

/** The panel's view type (package.json's activation event `onWebviewPanel:neonExplorer.consumption`). */
const CONSUMPTION_VIEW_TYPE = 'neonExplorer.consumption';

/** Call once from activate(): `context.subscriptions.push(...registerConsumption(services))`. */
export function registerConsumption(s: Services): vscode.Disposable[] {
  return [
    vscode.window.registerWebviewPanelSerializer(CONSUMPTION_VIEW_TYPE, {
      deserializeWebviewPanel: (panel, state) => rarelyUsed().restoreConsumptionPanel(s, panel, state),
    }),
    // No panel can be open before the bundle is loaded.
    s.accounts.onDidChange(() => rarelyUsedLoaded() && rarelyUsed().closeConsumptionPanelsOfGone(s)),
  ];
}
