import * as vscode from 'vscode';
import { InjectableSecretStorage } from './accounts/secretStorage';
import { createAccountStore } from './accounts/store';
import { activationTimings, markStep, type ActivationTimings } from './activationTiming';
import { createClientPool } from './accounts/clients';
import { createOfflineWatch } from './accounts/offline';
import { allCommands } from './commands';
import { registerConsumption } from './commands/consumptionPanels';
import { envFileOf } from './commands/envTarget';
import { registerCommands } from './commands/registry';
import { sweepEnvLeftovers } from './env/writeLock';
import { startGitFeature, type GitFeature } from './git/feature';
import { registerTools } from './lm/register';
import { Log } from './log';
import type { Services } from './services';
import { createTree, type NeonTree } from './tree/provider';
import { ScriptedPrompter, WindowPrompter, type Prompter } from './ui/prompt';

/** What activate() returns. `testing` exists only inside the integration suite's host. */
export interface NeonExplorerApi {
  readonly testing?: {
    readonly prompt: ScriptedPrompter;
    readonly services: Services;
    readonly log: Log;
    /** The Accounts tree: provider (nodes, loads) and view. */
    readonly tree: NeonTree;
    /** Activation figures (bench/activation.ts). */
    readonly timings: ActivationTimings;
    /** The SecretStorage the accounts use, made to fail on demand (a locked keyring). */
    readonly secretStorage: InjectableSecretStorage;
    /** Link, status bar and git autopilot (issue 15). */
    readonly git: GitFeature;
  };
}

// Activation does no network I/O: the tree asks the API only when a node is expanded.
export function activate(context: vscode.ExtensionContext): NeonExplorerApi {
  const started = performance.now();
  activationTimings.startedAt = started;
  const log = new Log();
  context.subscriptions.push(log);
  const testing = context.extensionMode === vscode.ExtensionMode.Test || process.env.NEON_EXPLORER_TEST === '1';
  const scripted = testing ? new ScriptedPrompter() : undefined;
  const prompt: Prompter = scripted ?? new WindowPrompter();

  // Only inside the test host: SecretStorage failures are injected here (never in a person's editor).
  const secretStorage = testing ? new InjectableSecretStorage(context.secrets) : undefined;
  const accounts = createAccountStore(context, log, secretStorage);
  const clients = createClientPool(context, accounts, log);
  const offline = createOfflineWatch(context, accounts, log);
  const services: Services = { context, log, prompt, accounts, clients, offline, tree: { refresh: () => undefined } };
  const tree = createTree(services);
  Object.assign(services, { tree: tree.controller });
  context.subscriptions.push(tree, ...registerCommands(services, allCommands()), ...registerConsumption(services));
  const git = startGitFeature(services);
  context.subscriptions.push(git);

  // A window killed mid-write may have left a temp file or a lock next to a .env: remove them,
  // after activation and off its path.
  setTimeout(() => {
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (folder.uri.scheme !== 'file') continue;
      void sweepEnvLeftovers(envFileOf(folder).file).then(
        (removed) => removed.length && log.info(`Removed ${removed.length} file(s) a stopped .env write left next to ${envFileOf(folder).setting}`),
        () => undefined,
      );
    }
  }, 0);
  // VS Code's fetch in the extension host (its proxy and certificate support) loads the system's
  // certificates on its first call, 100–200 ms while the window is starting: have that happen now,
  // off activate(), on a data: URL (no network), so the tree's first request does not wait for it.
  if (accounts.list().length > 0) {
    setTimeout(() => {
      markStep('fetch warm-up starts');
      void fetch('data:,').then((r) => r.arrayBuffer(), () => undefined).finally(() => markStep('fetch warmed up'));
    }, 0);
  }
  // Copilot's agent mode (contributes.languageModelTools); absent in hosts without the lm API.
  if (typeof vscode.lm?.registerTool === 'function') context.subscriptions.push(...registerTools(services));

  activationTimings.activateMs = performance.now() - started;
  log.info(`Neon Explorer ${context.extension.packageJSON.version} activated in ${Math.round(activationTimings.activateMs)} ms`);
  return scripted && secretStorage ? { testing: { prompt: scripted, services, log, tree, timings: activationTimings, secretStorage, git } } : {};
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
