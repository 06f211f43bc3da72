// The one test seam. Everything the integration suite and the benches reach inside the extension
// is made here, and only in the test host: activate() asks isTestHost() once, passes the hooks
// below to production code as plain dependencies (a prompter, a secret storage, a log sink, a
// progress watcher, a flag for the consumption page) and exports `testing` (after Azure
// Resources' testApi). In a person's editor none of this is created.
import * as vscode from 'vscode';
import type { ActivationTimings } from '../activationTiming';
import { type ActiveProgress, watchProgress } from '../commands/progress';
import type { GitFeature } from '../git/feature';
import type { Log, LogSink } from '../log';
import type { Services } from '../services';
import type { NeonTree } from '../tree/provider';
import { recordLogLines } from './logLines';
import { ScriptedPrompter } from './scriptedPrompter';
import { InjectableSecretStorage } from './secretStorage';

export { ScriptedPrompter, InjectableSecretStorage };
export type { Answer, Shown } from './scriptedPrompter';

/** VS Code's extension-test mode, or NEON_EXPLORER_TEST=1 from the repo's launchers (test/launcher, bench). */
export function isTestHost(context: vscode.ExtensionContext): boolean {
  return context.extensionMode === vscode.ExtensionMode.Test || process.env.NEON_EXPLORER_TEST === '1';
}

/** `exports.testing` of the extension in the test host. */
export interface TestingApi {
  /** Answers every question from a script and records what was shown. */
  readonly prompt: ScriptedPrompter;
  readonly services: Services;
  readonly log: Log;
  /** Every line logged since activation (redacted, "<level> <text>"), none dropped. */
  readonly logLines: readonly string[];
  /** The progress notifications on screen now, oldest first; their Cancel is callable. */
  progress(): ActiveProgress[];
  /** The Accounts tree: provider (nodes, loads) and view. */
  readonly tree: NeonTree;
  /** Activation figures (bench/activation.ts). */
  readonly timings: ActivationTimings;
  /** The SecretStorage the accounts use, made to fail on demand (a locked keyring). */
  readonly secretStorage: InjectableSecretStorage;
  /** Link, status bar and git autopilot. */
  readonly git: GitFeature;
}

/** What activate() hands to production code in the test host, and how it builds `testing`. */
export interface TestHooks extends vscode.Disposable {
  readonly prompt: ScriptedPrompter;
  readonly secretStorage: InjectableSecretStorage;
  readonly logSink: LogSink;
  /** The consumption page writes what it drew as data attributes (src/testing/chartMarks.ts). */
  readonly markCharts: boolean;
  testingApi(built: Pick<TestingApi, 'services' | 'log' | 'tree' | 'timings' | 'git'>): TestingApi;
}

export function createTestHooks(context: vscode.ExtensionContext): TestHooks {
  const prompt = new ScriptedPrompter();
  const secretStorage = new InjectableSecretStorage(context.secrets);
  const log = recordLogLines();
  const live = new Set<ActiveProgress>();
  watchProgress({ started: (p) => live.add(p), ended: (p) => live.delete(p) });
  return {
    prompt,
    secretStorage,
    logSink: log.sink,
    markCharts: true,
    testingApi: (built) => ({ ...built, prompt, secretStorage, logLines: log.lines, progress: () => [...live] }),
    dispose: () => watchProgress(undefined),
  };
}
