/**
 * The client under a 429 storm: the emulator allows 10 requests a second per route (token
 * bucket, Retry-After in whole seconds) and the user asks for 50 things at once (50 projects
 * opened: `GET /projects/{id}`). Reported: HTTP requests sent per request the user made, how
 * many of the 50 succeeded, and the time until the last one settled.
 * Ours: NeonClient as the extension builds it (6 in flight; after a 429 the whole client waits
 * for Retry-After). Peer: `@neondatabase/api-client` with plain Promise.all (it does not retry).
 * Floors: 1 request per user request; all 50 succeed; (50 − 10 burst) / 10 per second = 4 s.
 *
 *   npx tsx bench/rate-limit.ts [--runs 5] [--asks 50] [--per-second 10] [--latency 20]
 */
import { createApiClient } from '@neondatabase/api-client';
import { NeonClient } from '../src/api';
import { startEmulator, type Emulator } from '../emulator';
import { emit, numArg, runsWanted } from './lib/record';

const RUNS = runsWanted();
const ASKS = numArg('asks', 50);
const PER_SECOND = numArg('per-second', 10);
const LATENCY = numArg('latency', 20);
const G = '429 storm';

interface Storm {
  sent: number;
  ok: number;
  ms: number;
}

async function storm(em: Emulator, ask: (id: string) => Promise<unknown>): Promise<Storm> {
  // A fresh bucket (and data) for every run.
  await fetch(`${em.controlUrl}/reset`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
  const ids = [...em.state.orgs.values()].flatMap((o) => em.state.ownerProjects(o.id)).map((p) => p.id).slice(0, ASKS);
  if (ids.length !== ASKS) throw new Error(`seed has ${ids.length} projects, ${ASKS} wanted`);
  const t0 = performance.now();
  const settled = await Promise.allSettled(ids.map((id) => ask(id)));
  const ms = performance.now() - t0;
  return { sent: em.server.log.total, ok: settled.filter((s) => s.status === 'fulfilled').length, ms };
}

async function main(): Promise<void> {
  const em = await startEmulator({ orgs: 1, projectsPerOrg: ASKS, branches: 1, latencyMs: LATENCY, quiet: true });
  await fetch(`${em.controlUrl}/config`, { method: 'POST', body: JSON.stringify({ rateLimit: { perSecond: PER_SECOND } }), headers: { 'content-type': 'application/json' } });
  try {
    console.log(`${ASKS} requests at once, ${PER_SECOND} a second allowed per route, ${LATENCY} ms latency, ${RUNS} runs`);
    const ours: Storm[] = [];
    const peer: Storm[] = [];
    for (let i = 0; i < RUNS; i++) {
      const c = new NeonClient({ baseUrl: em.url, apiKey: em.apiKey, userAgent: 'neon-explorer-bench' });
      ours.push(await storm(em, (id) => c.getProject(id)));
      const p = createApiClient({ apiKey: em.apiKey, baseURL: em.url });
      peer.push(await storm(em, (id) => p.getProject(id)));
    }
    const peerName = 'api-client, Promise.all';
    emit({
      group: G, what: `HTTP requests sent per request the user made (${ASKS} at once, ${PER_SECOND}/s allowed)`, unit: 'requests',
      ours: ours.map((s) => s.sent / ASKS), peer: { name: peerName, values: peer.map((s) => s.sent / ASKS) }, floor: 1, floorNote: 'each sent once',
      note: 'the peer sends each once and gives up on 429',
    });
    emit({
      group: G, what: `Requests that succeeded, of ${ASKS}`, unit: '%', higherIsBetter: true,
      ours: ours.map((s) => (100 * s.ok) / ASKS), peer: { name: peerName, values: peer.map((s) => (100 * s.ok) / ASKS) }, floor: 100, floorNote: 'all',
    });
    const floorMs = (Math.max(0, ASKS - PER_SECOND) / PER_SECOND) * 1000;
    emit({
      group: G, what: `Time until all ${ASKS} settled`, unit: 'ms', ours: ours.map((s) => s.ms), floor: floorMs,
      floorNote: `(${ASKS} − ${PER_SECOND} burst) ÷ ${PER_SECOND}/s`, note: `the peer settles in ${Math.round(peer[0]!.ms)} ms with ${peer[0]!.ok} of ${ASKS} done`,
    });
  } finally {
    await em.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
