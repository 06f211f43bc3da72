// Ticks the walkthrough's "Add a Neon API key" and "Explore" steps for what was done before it
// was opened. VS Code registers an extension's walkthrough lazily (when the Welcome page first
// needs it, then after up to 5 s) and records every completion event once per session: a
// context key already true, or a view already shown, when it registers is never ticked. So
// these steps complete on keys set only once the walkthrough is surely registered: when our
// "Get Started" command has opened it, or a few seconds after a Welcome or walkthrough page
// appeared. Such a page's tab has no input the API can type; it is told from other such tabs
// (the Settings editor…) by its title: our display name, or Welcome / Walkthrough (English).
import * as vscode from 'vscode';
import { onEnvWritten, type EnvWritten } from './env/written';

export const WALKTHROUGH_KEY_ADDED = 'neonExplorer.walkthrough.keyAdded';
export const WALKTHROUGH_EXPLORED = 'neonExplorer.walkthrough.explored';
/**
 * Steps completed by running a command (package.json's `onCommand:` events): VS Code misses a run
 * made before it registered the walkthrough (walk 21 showed consumption three times, then found the
 * step open), so each run that ends well is remembered (global state: across windows and launches)
 * and its key set once the walkthrough is registered.
 */
const COMMAND_STEPS: Readonly<Record<string, string>> = {
  'neonExplorer.saveConnectionToEnv': 'neonExplorer.walkthrough.envSaved',
  'neonExplorer.linkFolder': 'neonExplorer.walkthrough.folderLinked',
  'neonExplorer.showConsumption': 'neonExplorer.walkthrough.consumptionShown',
};
/** The .env step's key: also set by any write of a connection string into a .env (Link Folder's, a checkout's). */
export const WALKTHROUGH_ENV_SAVED = COMMAND_STEPS['neonExplorer.saveConnectionToEnv']!;
/** A value that is a Postgres connection string (what the .env step is about), not another entry. */
const CONNECTION_VALUE = /^postgres(?:ql)?:\/\//i;
/** The global state entry that lists the context keys of the steps done by a command. */
export const WALKTHROUGH_DONE_STATE = 'neonExplorer.walkthrough.done';
/** Longer than VS Code's wait before it registers an extension's walkthrough (5 s). */
const AFTER_REGISTRATION_MS = 6_000;

export interface WalkthroughProgress extends vscode.Disposable {
  /** The walkthrough is open and registered (our command opened it): what is done is ticked now. */
  opened(): void;
  /** A command ended well (not cancelled): the step it completes is remembered and ticked. */
  commandDone(commandId: string): void;
  /** A .env was written: with a connection string in it, the .env step is remembered and ticked. */
  envWritten(e: EnvWritten): void;
}

const WELCOME_TITLE = /\b(welcome|walkthrough)\b/i;

export function trackWalkthroughProgress(opts: {
  displayName: string;
  hasAccounts: () => boolean;
  onAccountsChange: vscode.Event<void>;
  view: vscode.TreeView<unknown>;
  state: vscode.Memento;
  log: (line: string) => void;
}): WalkthroughProgress {
  const done = () => opts.state.get<string[]>(WALKTHROUGH_DONE_STATE, []);
  let viewSeen = opts.view.visible;
  let registered = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const set = new Set<string>();
  const update = () => {
    if (!registered) return;
    for (const [key, on] of [
      [WALKTHROUGH_KEY_ADDED, opts.hasAccounts()],
      [WALKTHROUGH_EXPLORED, viewSeen],
      ...done().map((k) => [k, true] as const),
    ] as const) {
      // Once true it stays so: the step stays ticked (VS Code keeps it), nothing to undo.
      if (on && !set.has(key)) {
        set.add(key);
        opts.log(`walkthrough: ${key}`);
        void vscode.commands.executeCommand('setContext', key, true);
      }
    }
  };
  const opened = () => {
    registered = true;
    update();
  };
  const pageAppeared = () => {
    if (registered || timer) return;
    const welcome = (t: vscode.Tab) => t.input === undefined && (t.label.includes(opts.displayName) || WELCOME_TITLE.test(t.label));
    if (!vscode.window.tabGroups.all.some((g) => g.tabs.some(welcome))) return;
    timer = setTimeout(opened, AFTER_REGISTRATION_MS);
  };
  const subs = vscode.Disposable.from(
    vscode.window.tabGroups.onDidChangeTabs(pageAppeared),
    opts.onAccountsChange(update),
    opts.view.onDidChangeVisibility((e) => {
      viewSeen ||= e.visible;
      update();
    }),
  );
  pageAppeared();
  const remember = (key: string | undefined) => {
    if (!key) return;
    if (!done().includes(key)) void opts.state.update(WALKTHROUGH_DONE_STATE, [...done(), key]);
    update();
  };
  const commandDone = (commandId: string) => remember(COMMAND_STEPS[commandId]);
  const envWritten = (e: EnvWritten) => {
    if (Object.values(e.updates).some((v) => CONNECTION_VALUE.test(v))) remember(WALKTHROUGH_ENV_SAVED);
  };
  const written = onEnvWritten(envWritten);
  return {
    opened,
    commandDone,
    envWritten,
    dispose: () => {
      if (timer) clearTimeout(timer);
      subs.dispose();
      written.dispose();
    },
  };
}
