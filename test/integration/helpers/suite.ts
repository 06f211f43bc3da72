// The start every integration suite makes, in one place: the extension active with its test seam,
// no account left over from an earlier file, the API base URL set to this suite's emulator, and
// usually the emulator's key added as an account the way a person adds it.
import type { TestingApi } from '../../../src/testing';
import { addAccount, removeAllAccounts, setBaseUrl } from '../tree.support';
import type { Emulator } from './emulator';
import { getTesting } from './extension';

/** No account, and the API at `em`. */
export async function startClean(em: Emulator): Promise<TestingApi> {
  const t = await getTesting();
  await removeAllAccounts();
  await setBaseUrl(em.url);
  return t;
}

/**
 * startClean, then the emulator's key added as one account labelled `label`. The branches of
 * `projects` are then made in the emulator's state, so tests can name them before any listing.
 */
export async function startWithAccount(em: Emulator, label = 'you', projects: readonly string[] = []): Promise<{ t: TestingApi; accountId: string }> {
  const t = await startClean(em);
  const accountId = await addAccount(em.apiKey, label);
  for (const id of projects) em.state.detail(em.state.projects.get(id)!);
  return { t, accountId };
}
