// The Neon API emulator (src/emulator), started in-process inside the extension host so tests can
// assert on its live state and request log while the extension talks to it over loopback HTTP.
import { startEmulator, type Emulator, type StartOptions } from '../../../src/emulator';

export type { Emulator, StartOptions };

/** Starts an emulator on a free loopback port (quiet; 'small' seed unless told otherwise). */
export function startTestEmulator(opts: StartOptions = {}): Promise<Emulator> {
  return startEmulator({ quiet: true, ...opts });
}

/**
 * One emulator for the enclosing `describe`: started in `before`, closed in `after`.
 *   const emulator = useEmulator({ seed: 'small' });
 *   it('…', () => emulator().url)
 */
export function useEmulator(opts: StartOptions = {}): () => Emulator {
  let em: Emulator | undefined;
  before(async function () {
    em = await startTestEmulator(opts);
  });
  after(async function () {
    const e = em;
    em = undefined;
    await e?.close();
  });
  return () => {
    if (!em) throw new Error('the emulator is not running (useEmulator() must be called inside describe())');
    return em;
  };
}

/** Runs `fn` with a fresh emulator and closes it afterwards, whatever happens. */
export async function withEmulator<T>(fn: (em: Emulator) => Promise<T>, opts: StartOptions = {}): Promise<T> {
  const em = await startTestEmulator(opts);
  try {
    return await fn(em);
  } finally {
    await em.close();
  }
}

/** Requests the emulator has served so far (total, and per templated route). */
export function requestCount(em: Emulator, route?: string): number {
  const log = em.server.log;
  return route === undefined ? log.total : log.byRoute[route] ?? 0;
}

/** The emulator's request log entries since `since` (ms epoch). */
export function requestsSince(em: Emulator, since = 0): { method: string; path: string; route: string; status: number }[] {
  return em.server.log.entries.filter((e) => e.startedAt >= since);
}
