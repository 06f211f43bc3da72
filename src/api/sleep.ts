import { setTimeout as wait } from 'node:timers/promises';

/** Node's abortable timer, rejecting with the caller's own error (a NeonApiError) when the signal fires. */
export function sleep(ms: number, signal: AbortSignal | undefined, onAbort: () => Error): Promise<void> {
  return wait(ms, undefined, signal ? { signal } : {}).catch(() => {
    throw onAbort();
  });
}
