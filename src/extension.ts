import * as vscode from 'vscode';
// First: configures @vscode/l10n before any other module's top-level code runs.
import './l10n';
import { createAccountStore } from './accounts/store';
import { ActivationTimings } from './activationTiming';
import { createClientPool } from './accounts/clients';
import { RateLimitStatus } from './statusBar/rateLimitStatus';
import { createOfflineWatch } from './accounts/offline';
import { allCommands } from './commands';
import { registerConsumption } from './commands/consumptionPanels';
import { registerSchemaDocuments, schemaTabOpen } from './schemaDiff/documents';
import { envFileOf } from './commands/envFileOf';
import { registerCommands } from './commands/registry';
import { sweepWriterLeftovers } from './util/writeLock';
import { startGitFeature } from './git/feature';
import { workspaceLink } from './git/workspaceLink';
import { NEON_FILE } from './git/neonFile';
import { registerTools } from './lm/register';
import { Log } from './log';
import type { Services } from './services';
import { createTestHooks, isTestHost, type TestingApi } from './testing';
import { createTree } from './tree/provider';
import { EnvMarks } from './tree/envMarks';
import { WindowPrompter } from './ui/prompt';
import { trackWalkthroughProgress } from './walkthroughProgress';
import { afterActivate, afterWindowStart } from './afterWindowStart';
import { rarelyUsed } from './rarelyUsedLoader';

/** What activate() returns. `testing` exists only in the test host (src/testing). */
export interface NeonExplorerApi {
  readonly testing?: TestingApi;
}

// Activation does no network I/O: the tree asks the API only when a node is expanded.
export function activate(context: vscode.ExtensionContext): NeonExplorerApi {
  // The one test switch: in a person's editor `hooks` is undefined and every dependency below is the real one.
  // Made before the clock starts: loading dist/testing.js is the test host's cost, never a person's.
  const hooks = isTestHost(context) ? createTestHooks(context) : undefined;
  const timings = new ActivationTimings();
  if (hooks) context.subscriptions.push(hooks);
  // The channel itself is made once the window has started (src/log.ts says why).
  const log = new Log(() => vscode.window.createOutputChannel('Neon Explorer', { log: true }), hooks?.logSink);
  context.subscriptions.push(log, afterWindowStart(() => void log.open()));
  timings.step('log made');
  const prompt = hooks?.prompt ?? new WindowPrompter();
  const accounts = createAccountStore(context, log, hooks?.secretStorage);
  timings.step('accounts read');
  const clients = createClientPool(context, accounts, log);
  const rateLimits = new RateLimitStatus(clients.onDidRateLimit);
  context.subscriptions.push(rateLimits);
  const offline = createOfflineWatch(context, accounts, log);
  const services: Services = { context, log, prompt, accounts, clients, offline, rateLimits, tree: { refresh: () => undefined }, markCharts: hooks?.markCharts ?? false };
  timings.step('services made');
  const tree = createTree(services, timings);
  timings.step('tree made');
  Object.assign(services, { tree: tree.controller });
  context.subscriptions.push(tree, ...registerCommands(services, allCommands()));
  timings.step('commands registered');
  // A schema diff tab restored after a reload asks for its files as soon as activation ends: then
  // they are registered inside; otherwise once the window has started (registered while it sets
  // up the tree, the file system held back its first ask in bench/activation.ts).
  const schemaDocuments = () => registerSchemaDocuments(context, (query, label) => rarelyUsed().readSchemaSide(services, query, label));
  if (schemaTabOpen()) schemaDocuments();
  else context.subscriptions.push(afterWindowStart(schemaDocuments));
  const git = startGitFeature(services);
  context.subscriptions.push(git);
  // Branch rows say "in .env" where a .env of this workspace that Neon Explorer wrote still connects (no request).
  const envMarks = new EnvMarks(context.workspaceState, git.links, (ids) => tree.provider.setEnvBranches(ids));
  context.subscriptions.push(envMarks, afterWindowStart(() => envMarks.start()));
  timings.step('git started');
  Object.assign(services, { workspaceLink: () => workspaceLink(git) });
  // What no first click needs waits for the next turn of the event loop: that turn comes before
  // the window can send this host anything, so nothing can use them earlier; a reopened
  // consumption panel waits for its serializer (VS Code keeps it until one is registered), and
  // the welcome view's context key reaches the window a turn later, still before any answer.
  context.subscriptions.push(
    afterActivate(() => {
      const started = performance.now();
      accounts.publishContextKey();
      context.subscriptions.push(...registerConsumption(services));
      const walkthrough = trackWalkthroughProgress({
        // VS Code titles the walkthrough's tab with it (resolved from package.nls.json).
        displayName: /^%/.test(String(context.extension.packageJSON.displayName ?? '%')) ? 'Neon Explorer' : String(context.extension.packageJSON.displayName),
        hasAccounts: () => accounts.list().length > 0,
        onAccountsChange: accounts.onDidChange,
        view: tree.view,
        state: context.globalState,
        log: (line) => log.info(line),
      });
      context.subscriptions.push(walkthrough);
      Object.assign(services, { walkthrough });
      timings.markDeferred(started);
    }),
  );
  // Copilot's agent mode (contributes.languageModelTools; absent in hosts without the lm API), a
  // second later: each tool registered makes the window update its chat's tool list, best not
  // while it asks for the tree's first rows (a precaution; the bench could not tell it apart from
  // the machine's load). Copilot asks for tools only when a chat request is made.
  if (typeof vscode.lm?.registerTool === 'function') context.subscriptions.push(afterWindowStart(() => context.subscriptions.push(...registerTools(services))));

  // A window killed mid-write may have left a temp file or a lock next to a .env or .neon: remove them,
  // after activation and off its path.
  const sweep = afterWindowStart(() => {
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (folder.uri.scheme !== 'file') continue;
      void sweepWriterLeftovers(envFileOf(folder).file).then(
        (removed) => removed.length && log.info(`Removed ${removed.length} file(s) a stopped .env write left next to ${envFileOf(folder).setting}`),
        () => undefined,
      );
      void sweepWriterLeftovers(vscode.Uri.joinPath(folder.uri, NEON_FILE).fsPath).then(
        (removed) => removed.length && log.info(`Removed ${removed.length} file(s) a stopped .neon write left in ${folder.name}`),
        () => undefined,
      );
    }
  });
  context.subscriptions.push(sweep);
  // VS Code's fetch in the extension host (its proxy and certificate support) asks the window for
  // the proxy and the machine's certificates on its first call: 100–200 ms while the window starts.
  // The tree's first request pays it when a level shown needs reading; for a level nobody has
  // expanded yet, have it done on a data: URL (no network), so a first click does not wait for it.
  if (accounts.list().length > 0) {
    context.subscriptions.push(
      afterWindowStart(() => {
        timings.step('fetch warm-up starts');
        void fetch('data:,').then((r) => r.arrayBuffer(), () => undefined).finally(() => timings.step('fetch warmed up'));
      }),
    );
  }

  const activateMs = timings.markActivated();
  log.info(`Neon Explorer ${context.extension.packageJSON.version} activated in ${Math.round(activateMs)} ms`);
  return hooks ? { testing: hooks.testingApi({ services, log, tree, timings, git, envMarks }) } : {};
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
