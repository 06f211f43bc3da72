import * as vscode from 'vscode';
import { createAccountStore } from './accounts/store';
import { activationTimings, type ActivationTimings } from './activationTiming';
import { createClientPool } from './accounts/clients';
import { allCommands } from './commands';
import { registerConsumption } from './commands/consumption';
import { registerCommands } from './commands/registry';
import { registerTools } from './lm/tools';
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

  const accounts = createAccountStore(context, log);
  const clients = createClientPool(context, accounts, log);
  const services: Services = { context, log, prompt, accounts, clients, tree: { refresh: () => undefined } };
  const tree = createTree(services);
  Object.assign(services, { tree: tree.controller });
  context.subscriptions.push(tree, ...registerCommands(services, allCommands()), ...registerConsumption(services));
  // Copilot's agent mode (contributes.languageModelTools); absent in hosts without the lm API.
  if (typeof vscode.lm?.registerTool === 'function') context.subscriptions.push(...registerTools(services));

  activationTimings.activateMs = performance.now() - started;
  log.info(`Neon Explorer ${context.extension.packageJSON.version} activated in ${Math.round(activationTimings.activateMs)} ms`);
  return scripted ? { testing: { prompt: scripted, services, log, tree, timings: activationTimings } } : {};
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
