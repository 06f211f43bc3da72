// Retrying a change while Neon answers 423 Locked (no vscode: unit-tested).
import { isNeonApiError } from '../api';
import * as l10n from '@vscode/l10n';

/** Named like VS Code's cancellation so the command seam shows nothing for it. */
function cancelled(): Error {
  const e = new Error(l10n.t('Cancelled'));
  e.name = 'CancellationError';
  return e;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(cancelled());
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(cancelled());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/**
 * Calls `attempt` and retries it while Neon answers 423 Locked (another operation holds the
 * branch) — beyond the client's own few retries — for up to `lockedForMs` with growing pauses.
 */
export async function retryWhileLocked<T>(
  attempt: () => Promise<T>,
  opts: { signal?: AbortSignal; lockedForMs?: number; firstPauseMs?: number; onWait?: (attempt: number) => void } = {},
): Promise<T> {
  const deadline = Date.now() + (opts.lockedForMs ?? 60_000);
  let pause = opts.firstPauseMs ?? 500;
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (e) {
      if (!(isNeonApiError(e) && e.status === 423) || Date.now() + pause > deadline) throw e;
      opts.onWait?.(n);
      await sleep(pause, opts.signal);
      pause = Math.min(pause * 2, 5000);
    }
  }
}
