// The Neon API emulator (emulator/), started in-process inside the extension host so tests can
// assert on its live state and request log while the extension talks to it over loopback HTTP.
import { startEmulator, type Emulator, type StartOptions } from '../../../emulator';
import { CANARY } from './secrets';

export type { Emulator, StartOptions };

/**
 * Starts an emulator on a free loopback port (quiet; 'small' seed unless told otherwise). It checks
 * every response it sends against Neon's OpenAPI document, so what the extension is tested against
 * is what the real API may answer.
 */
export function startTestEmulator(opts: StartOptions = {}): Promise<Emulator> {
  // The run's canary goes inside every key and password issued (helpers/secrets.ts).
  return startEmulator({ quiet: true, validateResponses: true, secretMarker: CANARY || undefined, ...opts });
}

/** Fails when the emulator sent any response that Neon's OpenAPI document does not allow. */
export function assertConformant(em: Emulator): void {
  const bad = em.server.log.violations;
  if (bad.length === 0) return;
  const lines = bad.slice(0, 10).map((e) => `${e.method} ${e.route} → ${e.status}: ${(e.violations ?? []).slice(0, 3).join('; ')}`);
  throw new Error(`${bad.length} emulator response(s) broke the OpenAPI document:\n${lines.join('\n')}`);
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
    if (e) assertConformant(e);
  });
  return () => {
    if (!em) throw new Error('the emulator is not running (useEmulator() must be called inside describe())');
    return em;
  };
}

/** Runs `fn` with a fresh emulator and closes it afterwards, whatever happens. */
export async function withEmulator<T>(fn: (em: Emulator) => Promise<T>, opts: StartOptions = {}): Promise<T> {
  const em = await startTestEmulator(opts);
  let result: T;
  try {
    result = await fn(em);
  } finally {
    await em.close();
  }
  assertConformant(em);
  return result;
}

/** Requests the emulator has served so far (total, and per templated route). */
export function requestCount(em: Emulator, route?: string): number {
  const log = em.server.log;
  return route === undefined ? log.total : log.byRoute[route] ?? 0;
}

/** The emulator's request log entries since `since` (ms epoch). */
export function requestsSince(em: Emulator, since = 0): { method: string; path: string; route: string; status: number; startedAt: number }[] {
  return em.server.log.entries.filter((e) => e.startedAt >= since);
}

/**
 * Waits until the emulator has no request in flight and none has ended for `quietMs`: a test that
 * counts the requests an action sends starts counting only after the view's own loading is over.
 */
export async function settled(em: Emulator, quietMs = 400, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const log = em.server.log;
    const last = log.entries.reduce((m, e) => Math.max(m, e.endedAt || e.startedAt), 0);
    if (log.inFlight === 0 && Date.now() - last >= quietMs) return;
    if (Date.now() > deadline) throw new Error(`the emulator did not go quiet within ${timeoutMs} ms (${log.inFlight} in flight)`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * A change whose answer is lost: once `start()` has armed it, the next POST's answer is dropped
 * after the emulator did the work (as when the connection breaks); the reads around it are answered.
 */
export function losingTheNextPostsAnswer(em: Emulator): { start(): void; restore(): void } {
  return {
    start: () => void (em.server.cfg.faultNext = { method: 'POST', kind: 'drop' }),
    restore: () => void (em.server.cfg.faultNext = null),
  };
}
