/**
 * Tree loading against the emulator with 50 ms latency: requests and wall time, ours vs a peer.
 *   npx tsx bench/tree.ts [--latency 50] [--cap 6]
 *
 * What is measured: the tree nodes import `vscode`, so this drives the vscode-free loading code
 * they call — src/tree/loading.ts (account level, project page sources) and src/tree/loader.ts
 * (PagedLoader: cursor paging with one in-flight promise) — through a NeonClient with the
 * extension's default concurrency cap. The peer is Neon's `@neondatabase/api-client` with a plain
 * cursor loop (and plain Promise.all for the fan-out) on the same emulator.
 *
 * Scenarios
 *  1. an account's first level (personal key, 20 orgs): orgs + the personal-space probe
 *  2. an org of 2,000 projects listed completely (400 a page; floor: 5 round trips)
 *  3. 20 orgs expanded at once (first page of projects + members for the own role, per org):
 *     peak requests in flight at the emulator must stay ≤ the cap
 */
import { createApiClient } from '@neondatabase/api-client';
import { NeonClient } from '../src/api';
import { startEmulator, type Emulator } from '../src/emulator/index';
import { PagedLoader } from '../src/tree/loader';
import { PROJECT_PAGE_SIZE, loadAccountLevel, orgProjectsSource } from '../src/tree/loading';

interface Figures {
  requests: number;
  ms: number;
  peak: number;
}

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
}

/** Runs `fn` once to warm up (JIT, zod, sockets), then measures a second run. */
async function measure(em: Emulator, fn: () => Promise<unknown>): Promise<Figures> {
  await fn();
  return measureOnce(em, fn);
}

async function measureOnce(em: Emulator, fn: () => Promise<unknown>): Promise<Figures> {
  await fetch(`${em.controlUrl}/requests`, { method: 'DELETE' });
  const t0 = performance.now();
  await fn();
  const ms = performance.now() - t0;
  const log = (await (await fetch(`${em.controlUrl}/requests`)).json()) as { total: number; maxInFlight: number };
  return { requests: log.total, ms, peak: log.maxInFlight };
}

function line(name: string, ours: Figures, peer: Figures): void {
  const r = (a: number, b: number) => (b === 0 ? '—' : (a / b).toFixed(2));
  console.log(
    `${name.padEnd(34)} ours ${String(ours.requests).padStart(3)} req ${ours.ms.toFixed(0).padStart(5)} ms peak ${String(ours.peak).padStart(2)}` +
      ` | peer ${String(peer.requests).padStart(3)} req ${peer.ms.toFixed(0).padStart(5)} ms peak ${String(peer.peak).padStart(2)}` +
      ` | ratio req ${r(ours.requests, peer.requests)} time ${r(ours.ms, peer.ms)}`,
  );
}

async function main(): Promise<void> {
  const latencyMs = arg('latency', 50);
  const cap = arg('cap', 6);
  console.log(`bench/tree: emulator latency ${latencyMs} ms, our cap ${cap} requests in flight per account`);
  console.log('(measures src/tree/loading.ts + src/tree/loader.ts, the vscode-free code the tree nodes call; each figure is a warm second run)\n');

  // 1 + 3: 20 orgs of 100 projects. 2: one org of 2,000.
  const wide = await startEmulator({ orgs: 20, projectsPerOrg: 100, branches: 1, latencyMs });
  const deep = await startEmulator({ orgs: 1, projectsPerOrg: 2000, branches: 1, latencyMs });
  try {
    const ours = (em: Emulator) => new NeonClient({ baseUrl: em.url, apiKey: em.apiKey, userAgent: 'neon-explorer-bench', maxConcurrent: cap });
    const peer = (em: Emulator) => createApiClient({ apiKey: em.apiKey, baseURL: em.url });

    // 1. Account first level.
    {
      const c = ours(wide);
      const a = await measure(wide, () => loadAccountLevel(c, { kind: 'personal' }));
      const p = peer(wide);
      const b = await measure(wide, async () => {
        await p.getCurrentUserOrganizations();
        await p.listProjects({ limit: 400 }).catch(() => undefined); // personal space probe (400 expected)
      });
      line('account first level (20 orgs)', a, b);
    }

    // 2. 2,000 projects, completely.
    {
      const orgId = [...deep.state.orgs.values()][0].id;
      const c = ours(deep);
      let count = 0;
      const a = await measure(deep, async () => {
        count = 0;
        const loader = new PagedLoader(orgProjectsSource(async () => c, orgId, undefined, PROJECT_PAGE_SIZE));
        await loader.all();
        count = loader.items.length;
      });
      if (count !== 2000) throw new Error(`ours listed ${count} projects`);
      const p = peer(deep);
      let peerCount = 0;
      const b = await measure(deep, async () => {
        peerCount = 0;
        let cursor: string | undefined;
        for (;;) {
          const { data } = await p.listProjects({ org_id: orgId, limit: 400, ...(cursor ? { cursor } : {}) });
          peerCount += data.projects.length;
          cursor = data.pagination?.cursor;
          if (!cursor || data.projects.length === 0) break;
        }
      });
      if (peerCount !== 2000) throw new Error(`peer listed ${peerCount} projects`);
      line('org of 2,000 projects, all', a, b);
      console.log(`${''.padEnd(34)} floor 5 round trips × ${latencyMs} ms = ${5 * latencyMs} ms; ours ${a.requests} requests (the API sends a cursor after the last full page, so one empty page ends the list)`);
    }

    // 3. 20 orgs expanded at once.
    {
      const orgs = [...wide.state.orgs.values()].map((o) => o.id);
      const c = ours(wide);
      const a = await measure(wide, () =>
        Promise.all(
          orgs.map(async (orgId) => {
            const loader = new PagedLoader(orgProjectsSource(async () => c, orgId));
            await Promise.all([loader.first(), c.listMembers(orgId)]);
          }),
        ),
      );
      const p = peer(wide);
      const b = await measure(wide, () => Promise.all(orgs.map((orgId) => Promise.all([p.listProjects({ org_id: orgId, limit: 400 }), p.getOrganizationMembers({ orgId })]))));
      line('20 orgs expanded at once', a, b);
      console.log(`${''.padEnd(34)} peak in flight ours ${a.peak} ≤ cap ${cap}: ${a.peak <= cap ? 'yes' : 'NO'}; client peak ${c.peakInFlight}`);
      if (a.peak > cap) process.exitCode = 1;
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
