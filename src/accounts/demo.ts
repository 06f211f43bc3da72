// Demo bootstrap (`npm start`): an account from NEON_EXPLORER_DEMO_KEY / _BASE_URL, stored
// without network I/O and identified on first expand.
import type * as vscode from 'vscode';
import * as l10n from '@vscode/l10n';
import { StaleSecretsError } from './secretWriteGuard';

/** Remembers which demo API the account was seeded for, so a removal survives window reloads. */
export const DEMO_SEEDED_KEY = 'neonExplorer.demoAccountSeededFor';

export interface DemoSeedTarget {
  list(): readonly { id: string; baseUrl?: string }[];
  addUnverified(apiKey: string, baseUrl: string, label: string): Promise<unknown>;
  remove(id: string): Promise<void>;
}

const sameUrl = (a: string, b: string) => a.replace(/\/+$/, '') === b.replace(/\/+$/, '');

/**
 * Adds the demo account once per demo API (each `npm start` runs its emulator on a new port
 * with a fresh profile). Every activation re-reads the environment; without the mark, an
 * account the person removed would come back on the next reload.
 *
 * The same browser on a later `npm start` still lists the earlier run's demo account (code-server
 * keeps the account list in the browser) but can no longer read its key (sealed with that run's
 * server secret), and its emulator is gone: it said "Key set in another window — reload", which
 * no reload fixed. An account on the earlier demo's API is removed and the new one added.
 */
export async function seedDemoAccount(store: DemoSeedTarget, state: vscode.Memento, env: NodeJS.ProcessEnv, log?: { info(m: string): void }): Promise<boolean> {
  const key = env.NEON_EXPLORER_DEMO_KEY;
  const baseUrl = env.NEON_EXPLORER_DEMO_BASE_URL;
  if (!key || !baseUrl) return false;
  const previous = state.get<string>(DEMO_SEEDED_KEY);
  if (previous === baseUrl) return false;
  if (previous !== undefined) {
    for (const a of store.list().filter((x) => x.baseUrl !== undefined && sameUrl(x.baseUrl, previous))) {
      await store.remove(a.id);
      log?.info(`Removed the demo account of an earlier npm start (${previous}: that emulator is gone)`);
    }
  }
  if (store.list().length > 0) return false;
  await store.addUnverified(key, baseUrl, l10n.t('Demo account'));
  await state.update(DEMO_SEEDED_KEY, baseUrl);
  return true;
}

/** How a refused demo seed is tried again: the guard stops checking another window's write after a minute. */
export interface DemoRetry {
  everyMs: number;
  tries: number;
}

const DEMO_RETRY: DemoRetry = { everyMs: 5_000, tries: 14 };

/**
 * Seeds the demo account; `first` settles after the first attempt (commands wait for it, never
 * for a retry). A second browser opened on the same demo within a minute of the first one's write
 * is refused by the secret-write guard (its storage is its own, but the guard cannot tell it from a
 * stale tab of the same browser): it tries again every few seconds until the account is listed
 * (a tab of the same browser: the other tab's account arrives) or the guard lets it write.
 */
export function seedDemoAccountWhenPossible(
  store: DemoSeedTarget,
  state: vscode.Memento,
  env: NodeJS.ProcessEnv,
  log: { info(m: string): void; error(m: string): void },
  retry: DemoRetry = DEMO_RETRY,
): { first: Promise<void>; dispose(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;
  const attempt = async (n: number): Promise<void> => {
    try {
      await seedDemoAccount(store, state, env, log);
    } catch (e) {
      if (!(e instanceof StaleSecretsError) || n >= retry.tries) {
        log.error(`Couldn't add the demo account: ${String(e)}`);
        return;
      }
      if (n === 0) log.info(`The demo account waits: another window of this demo stored its key moments ago; trying again every ${retry.everyMs / 1000} s`);
      if (disposed) return;
      timer = setTimeout(() => void attempt(n + 1), retry.everyMs);
      timer.unref?.();
    }
  };
  return {
    first: attempt(0),
    dispose: () => {
      disposed = true;
      clearTimeout(timer);
    },
  };
}
