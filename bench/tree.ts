/**
 * Tree loading against the emulator at 50 ms latency: wall time and requests, ours vs peers.
 *   npx tsx bench/tree.ts [--runs 5] [--latency 50] [--cap 6]
 *
 * Ours: the tree nodes import `vscode`, so this drives the vscode-free code they call —
 * src/tree/levelRequests.ts (account level, project page sources) and src/tree/pagedLoader.ts (PagedLoader)
 * — through a NeonClient with the extension's default cap of 6 requests in flight.
 * Peers on the same emulator: `@neondatabase/api-client` with a plain loop (and plain
 * Promise.all for the fan-out), and the `neonctl` CLI (`orgs list`, `projects list --org-id`).
 *
 * Floors (round trips × latency): first level 1 (orgs and the personal-space probe go out
 * together); 2,000 projects 5 sequential pages of 400; 20 orgs at once 40 requests at 6 in flight
 * = 7 waves.
 */
import { createApiClient } from '@neondatabase/api-client';
import { NeonClient } from '../src/api';
import { startEmulator, type Emulator } from '../emulator/index';
import { PagedLoader } from '../src/tree/pagedLoader';
import { PROJECT_PAGE_SIZE, loadAccountLevel, orgProjectsSource } from '../src/tree/levelRequests';
import { ensureNeonctl, runNeonctl } from './lib/neonctl';
import { emit, numArg, runsWanted } from './lib/record';

interface Figures {
  requests: number;
  ms: number;
  peak: number;
}

const RUNS = runsWanted();
const LATENCY = numArg('latency', 50);
const CAP = numArg('cap', 6);
const G = 'tree';

async function requestLog(em: Emulator): Promise<{ total: number; maxInFlight: number }> {
  return (await (await fetch(`${em.controlUrl}/requests`)).json()) as { total: number; maxInFlight: number };
}

async function measureOnce(em: Emulator, fn: () => Promise<unknown>): Promise<Figures> {
  await fetch(`${em.controlUrl}/requests`, { method: 'DELETE' });
  const t0 = performance.now();
  await fn();
  const ms = performance.now() - t0;
  const log = await requestLog(em);
  return { requests: log.total, ms, peak: log.maxInFlight };
}

/**
 * Ours and the peer on the same work: one warm-up each (JIT, zod, sockets), then RUNS measured
 * runs of each, alternating which goes first so drift on a shared machine hits both alike.
 */
async function pair(em: Emulator, a: () => Promise<unknown>, b: () => Promise<unknown>): Promise<[Figures[], Figures[]]> {
  await a();
  await b();
  const fa: Figures[] = [];
  const fb: Figures[] = [];
  for (let i = 0; i < RUNS; i++) {
    if (i % 2 === 0) {
      fa.push(await measureOnce(em, a));
      fb.push(await measureOnce(em, b));
    } else {
      fb.push(await measureOnce(em, b));
      fa.push(await measureOnce(em, a));
    }
  }
  return [fa, fb];
}

const ms = (f: Figures[]) => f.map((x) => x.ms);
/** Requests of one run (the same in every run; the largest is shown if not). */
const reqs = (f: Figures[]) => Math.max(...f.map((x) => x.requests));

async function main(): Promise<void> {
  console.log(`bench/tree: emulator latency ${LATENCY} ms, our cap ${CAP} requests in flight per account, ${RUNS} runs per figure after one warm-up`);
  const wide = await startEmulator({ orgs: 20, projectsPerOrg: 100, branches: 1, latencyMs: LATENCY, quiet: true });
  const deep = await startEmulator({ orgs: 1, projectsPerOrg: 2000, branches: 1, latencyMs: LATENCY, quiet: true });
  const neonctl = ensureNeonctl();
  try {
    const ours = (em: Emulator) => new NeonClient({ baseUrl: em.url, apiKey: em.apiKey, userAgent: 'neon-explorer-bench', maxConcurrent: CAP });
    const peer = (em: Emulator) => createApiClient({ apiKey: em.apiKey, baseURL: em.url });

    // 1. An account's first level.
    const c1 = ours(wide);
    const p1c = peer(wide);
    const [a1, b1] = await pair(
      wide,
      () => loadAccountLevel(c1, { kind: 'personal' }),
      async () => {
        await p1c.getCurrentUserOrganizations();
        await p1c.listProjects({ limit: 400 }).catch(() => undefined); // personal space probe (400 expected)
      },
    );
    emit({
      group: G, what: "An account's first level (personal key, 20 orgs)", unit: 'ms', ours: ms(a1),
      peer: { name: 'api-client, plain loop', values: ms(b1) }, requests: { ours: reqs(a1), peer: reqs(b1) },
      floor: LATENCY, floorNote: `1 round trip × ${LATENCY} ms`,
    });

    // 2. 2,000 projects, completely.
    const orgId = [...deep.state.orgs.values()][0]!.id;
    const c2 = ours(deep);
    let count = 0;
    const p2 = peer(deep);
    let peerCount = 0;
    const [a2, b2] = await pair(deep, async () => {
      const loader = new PagedLoader(orgProjectsSource(async () => c2, orgId, undefined, PROJECT_PAGE_SIZE));
      await loader.all();
      count = loader.items.length;
    }, async () => {
      peerCount = 0;
      let cursor: string | undefined;
      for (;;) {
        const { data } = await p2.listProjects({ org_id: orgId, limit: 400, ...(cursor ? { cursor } : {}) });
        peerCount += data.projects.length;
        cursor = data.pagination?.cursor;
        if (!cursor || data.projects.length === 0) break;
      }
    });
    if (count !== 2000) throw new Error(`ours listed ${count} projects`);
    if (peerCount !== 2000) throw new Error(`peer listed ${peerCount} projects`);
    emit({
      group: G, what: 'An org of 2,000 projects listed completely', unit: 'ms', ours: ms(a2),
      peer: { name: 'api-client, cursor loop', values: ms(b2) }, requests: { ours: reqs(a2), peer: reqs(b2) },
      floor: 5 * LATENCY, floorNote: `5 pages of 400 × ${LATENCY} ms`,
    });

    // 3. 20 orgs expanded at once: first page of projects + members (for the own role), per org.
    const orgs = [...wide.state.orgs.values()].map((o) => o.id);
    const c3 = ours(wide);
    const p3 = peer(wide);
    const [a3, b3] = await pair(
      wide,
      () =>
        Promise.all(
          orgs.map(async (id) => {
            const loader = new PagedLoader(orgProjectsSource(async () => c3, id));
            await Promise.all([loader.first(), c3.listMembers(id)]);
          }),
        ),
      () => Promise.all(orgs.map((id) => Promise.all([p3.listProjects({ org_id: id, limit: 400 }), p3.getOrganizationMembers({ orgId: id })]))),
    );
    const waves = Math.ceil((orgs.length * 2) / CAP);
    emit({
      group: G, what: '20 orgs expanded at once', unit: 'ms', ours: ms(a3),
      peer: { name: 'api-client, Promise.all', values: ms(b3) }, requests: { ours: reqs(a3), peer: reqs(b3) },
      floor: waves * LATENCY, floorNote: `${orgs.length * 2} requests at ${CAP} in flight = ${waves} waves × ${LATENCY} ms`,
    });
    emit({
      group: G, what: '20 orgs expanded at once: peak requests in flight at the emulator', unit: 'in flight',
      ours: a3.map((f) => f.peak), peer: { name: 'api-client, Promise.all', values: b3.map((f) => f.peak) },
      note: `our cap is ${CAP}`,
    });
    if (Math.max(...a3.map((f) => f.peak)) > CAP) {
      console.error(`peak in flight above the cap of ${CAP}`);
      process.exitCode = 1;
    }

    // 4. The neonctl CLI on the same work. Its wall time includes starting Node and its own
    // modules, so its --version time is reported too, to read the ratio fairly.
    if (neonctl) {
      const cli = async (em: Emulator, args: string[]) => {
        await runNeonctl(neonctl, args, { apiHost: em.url, apiKey: em.apiKey }); // warm the disk cache
        const out: Figures[] = [];
        let stdout = '';
        for (let i = 0; i < RUNS; i++) {
          out.push(await measureOnce(em, async () => (stdout = (await runNeonctl(neonctl, args, { apiHost: em.url, apiKey: em.apiKey })).stdout)));
        }
        return { figures: out, stdout };
      };
      const version: number[] = [];
      for (let i = 0; i <= RUNS; i++) {
        const r = await runNeonctl(neonctl, ['--version']);
        if (i > 0) version.push(r.ms);
      }
      emit({ group: G, what: 'neonctl process start (`neonctl --version`, no request), to read the CLI rows', unit: 'ms', ours: [], peer: { name: 'neonctl 5.0.1', values: version } });
      const orgsList = await cli(wide, ['orgs', 'list', '--output', 'json']);
      if ((JSON.parse(orgsList.stdout) as unknown[]).length !== 20) throw new Error('neonctl orgs list did not list 20 orgs');
      emit({
        group: G, what: "An account's first level vs `neonctl orgs list`", unit: 'ms', ours: ms(a1),
        peer: { name: 'neonctl 5.0.1', values: ms(orgsList.figures) }, requests: { ours: reqs(a1), peer: reqs(orgsList.figures) },
        floor: LATENCY, floorNote: `1 round trip × ${LATENCY} ms`, note: 'neonctl lists orgs only (no personal-space probe)',
      });
      const projectsList = await cli(deep, ['projects', 'list', '--org-id', orgId, '--output', 'json']);
      if ((JSON.parse(projectsList.stdout) as unknown[]).length !== 2000) throw new Error('neonctl projects list did not list 2,000 projects');
      emit({
        group: G, what: '2,000 projects vs `neonctl projects list --org-id`', unit: 'ms', ours: ms(a2),
        peer: { name: 'neonctl 5.0.1', values: ms(projectsList.figures) }, requests: { ours: reqs(a2), peer: reqs(projectsList.figures) },
        floor: 5 * LATENCY, floorNote: `5 pages of 400 × ${LATENCY} ms`, note: 'neonctl pages 100 at a time',
      });
    }
  } finally {
    await wide.close();
    await deep.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
