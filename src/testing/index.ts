// The one test seam. Everything the integration suite and the benches reach inside the extension
// is made here, and only in the test host: activate() asks isTestHost() once, passes the hooks
// below to production code as plain dependencies (a prompter, a secret storage, a log sink, a
// progress watcher, a flag for the consumption page) and exports `testing` (after Azure
// Resources' testApi). In a person's editor none of this is created.
// The hooks themselves (./hooks) are bundled apart, in dist/testing.js, and loaded only in the
// test host: a person's editor does not even parse them.
import * as vscode from 'vscode';
import type { ActivationTimings } from '../activationTiming';
import type { ActiveProgress } from '../commands/progress';
import type { GitFeature } from '../git/feature';
import type { Log } from '../log';
import type { Services } from '../services';
import type { NeonTree } from '../tree/provider';
import type { EnvMarks } from '../tree/envMarks';
import type { TestHooks } from './hooks';
import type { ScriptedPrompter } from './scriptedPrompter';
import type { InjectableSecretStorage } from './secretStorage';

export type { ScriptedPrompter, InjectableSecretStorage, TestHooks };
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
  /** The title of every progress notification started since activation, in order. */
  readonly progressTitles: readonly string[];
  /** The Accounts tree: provider (nodes, loads) and view. */
  readonly tree: NeonTree;
  /** Activation figures (bench/activation.ts). */
  readonly timings: ActivationTimings;
  /** The SecretStorage the accounts use, made to fail on demand (a locked keyring). */
  readonly secretStorage: InjectableSecretStorage;
  /** Link, status bar and git autopilot. */
  readonly git: GitFeature;
  /** The tree's "in .env" marks. */
  readonly envMarks: EnvMarks;
}

/** The test host's hooks, from dist/testing.js. Call only when isTestHost() says so. */
export function createTestHooks(context: vscode.ExtensionContext): TestHooks {
  // require, not import(): the host and the unit tests load CommonJS; esbuild leaves it pointing at dist/testing.js.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('./hooks') as typeof import('./hooks')).createTestHooks(context);
}
