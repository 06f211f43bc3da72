// What activate() hands to production code in the test host (see ./index.ts): bundled into
// dist/testing.js, loaded only there. Modules holding state (the progress watcher) come from
// dist/extension.js, as for dist/rarelyUsed.js (esbuild.js).
import type * as vscode from 'vscode';
import { type ActiveProgress, watchProgress } from '../commands/progress';
import type { LogSink } from '../log';
import type { TestingApi } from './index';
import { recordLogLines } from './logLines';
import { ScriptedPrompter } from './scriptedPrompter';
import { InjectableSecretStorage } from './secretStorage';

/** What activate() hands to production code in the test host, and how it builds `testing`. */
export interface TestHooks extends vscode.Disposable {
  readonly prompt: ScriptedPrompter;
  readonly secretStorage: InjectableSecretStorage;
  readonly logSink: LogSink;
  /** The consumption page writes what it drew as data attributes (src/testing/chartMarks.ts). */
  readonly markCharts: boolean;
  testingApi(built: Pick<TestingApi, 'services' | 'log' | 'tree' | 'timings' | 'git' | 'envMarks'>): TestingApi;
}

export function createTestHooks(context: vscode.ExtensionContext): TestHooks {
  const prompt = new ScriptedPrompter();
  const secretStorage = new InjectableSecretStorage(context.secrets);
  const log = recordLogLines();
  const live = new Set<ActiveProgress>();
  const titles: string[] = [];
  watchProgress({ started: (p) => (live.add(p), titles.push(p.title)), ended: (p) => live.delete(p) });
  return {
    prompt,
    secretStorage,
    logSink: log.sink,
    markCharts: true,
    testingApi: (built) => ({ ...built, prompt, secretStorage, logLines: log.lines, progress: () => [...live], progressTitles: titles }),
    dispose: () => watchProgress(undefined),
  };
}
