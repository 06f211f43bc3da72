// Demo bootstrap (`npm start`): an account from NEON_EXPLORER_DEMO_KEY / _BASE_URL, stored
// without network I/O and identified on first expand.
import type * as vscode from 'vscode';
import * as l10n from '@vscode/l10n';

/** Remembers which demo API the account was seeded for, so a removal survives window reloads. */
export const DEMO_SEEDED_KEY = 'neonExplorer.demoAccountSeededFor';

export interface DemoSeedTarget {
  list(): readonly unknown[];
  addUnverified(apiKey: string, baseUrl: string, label: string): Promise<unknown>;
}

/**
 * Adds the demo account once per demo API (each `npm start` runs its emulator on a new port
 * with a fresh profile). Every activation re-reads the environment; without the mark, an
 * account the person removed would come back on the next reload.
 */
export async function seedDemoAccount(store: DemoSeedTarget, state: vscode.Memento, env: NodeJS.ProcessEnv): Promise<boolean> {
  const key = env.NEON_EXPLORER_DEMO_KEY;
  const baseUrl = env.NEON_EXPLORER_DEMO_BASE_URL;
  if (!key || !baseUrl) return false;
  if (state.get<string>(DEMO_SEEDED_KEY) === baseUrl) return false;
  if (store.list().length > 0) return false;
  await store.addUnverified(key, baseUrl, l10n.t('Demo account'));
  await state.update(DEMO_SEEDED_KEY, baseUrl);
  return true;
}
