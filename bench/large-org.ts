/**
 * A very large organization (issue 20, target 3): 10,000 projects listed completely, as the tree
 * does with `neonExplorer.projects.loadAll`, against the emulator at 50 ms latency.
 *
 *   npx tsx bench/large-org.ts [--runs 5] [--latency 50] [--projects 10000]
 *
 * Ours: the code path OrgNode.loadChildren takes with loadAll on — PagedLoader.all() over
 * orgProjectsSource (pages of PROJECT_PAGE_SIZE = 400), then uniqueById as OrgNode.render does —
 * in Node, since the nodes themselves import `vscode`. Peer: `@neondatabase/api-client` with a
 * cursor loop. Floor: 25 sequential pages of 400 × latency.
 *
 * Heap: what the extension host would keep for the list, measured in this Node process with the
 * same code path (not in the VS Code host): heap used (after a full GC) with the loaded list
 * referenced, less the same once it is let go; and the peak heap used while loading (sampled every 5 ms).
 * The emulator runs in a process of its own (bench/lib/emulator-process.ts), so neither its
 * projects nor its answers count here.
 *
 * Filtering: once the org's list is loaded completely, Filter Projects… filters it in the host
 * (src/tree/projectFilter.ts, as OrgNode.render does: de-duplicated, then matched), no request;
 * timed here for one change of the filter text (building the rows' nodes and VS Code drawing them
 * are not in it). While the list is partly loaded it asks Neon to search (`search=`), one request
 * per change; timed too.
 *
 * Floor of the complete list: the API documents cursor paging only (`pagination.cursor`, no
 * total), and it returns a cursor after a full page, so a list that fills its last page exactly
 * (10,000 = 25 × 400) ends only with one more, empty page: ⌊N / 400⌋ + 1 sequential requests. The
 * client stops at a short page, so a count that is not a multiple of 400 needs ⌈N / 400⌉.
 */
import { createApiClient } from '@neondatabase/api-client';
import * as v8 from 'v8';
import * as vm from 'vm';
import { NeonClient } from '../src/api';
import { PagedLoader } from '../src/tree/pagedLoader';
import { PROJECT_PAGE_SIZE, orgProjectsSource, uniqueById } from '../src/tree/levelRequests';
import { shownProjects } from '../src/tree/projectFilter';
import { firstOrgId, startEmulatorProcess } from './lib/emulator-process';
import { emit, numArg, runsWanted } from './lib/record';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const RUNS = runsWanted();
const LATENCY = numArg('latency', 50);
const PROJECTS = numArg('projects', 10_000);
const G = 'large org';

async function main(): Promise<void> {
  const em = await startEmulatorProcess({ orgs: 1, projectsPerOrg: PROJECTS, branches: 1, latencyMs: LATENCY });
  const orgId = await firstOrgId(em);
  const pages = Math.floor(PROJECTS / PROJECT_PAGE_SIZE) + 1;
  const fullPages = Math.floor(PROJECTS / PROJECT_PAGE_SIZE);
  console.log(`bench/large-org: ${PROJECTS} projects, emulator latency ${LATENCY} ms, pages of ${PROJECT_PAGE_SIZE}, ${RUNS} runs per figure after one warm-up`);
  try {
    const client = new NeonClient({ baseUrl: em.url, apiKey: em.apiKey, userAgent: 'neon-explorer-bench' });
    const peer = createApiClient({ apiKey: em.apiKey, baseURL: em.url });
    const requests = () => em.requests();
    const clearLog = () => em.clearLog();

    const ours = async () => {
      const loader = new PagedLoader(orgProjectsSource(async () => client, orgId, undefined, PROJECT_PAGE_SIZE));
      await loader.all();
      const list = uniqueById(loader.items);
      if (list.length !== PROJECTS) throw new Error(`ours listed ${list.length} projects`);
      return { loader, list };
    };
    const theirs = async () => {
      let n = 0;
      let cursor: string | undefined;
      for (;;) {
        const { data } = await peer.listProjects({ org_id: orgId, limit: PROJECT_PAGE_SIZE, ...(cursor ? { cursor } : {}) });
        n += data.projects.length;
        cursor = data.pagination?.cursor;
        if (!cursor || data.projects.length === 0) break;
      }
      if (n !== PROJECTS) throw new Error(`peer listed ${n} projects`);
    };
    // The least a client can do per page: fetch, JSON.parse, follow the cursor (no checks, no retries).
    const plain = async () => {
      let n = 0;
      let cursor: string | undefined;
      for (;;) {
        const r = await fetch(`${em.url}/projects?org_id=${orgId}&limit=${PROJECT_PAGE_SIZE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { headers: { authorization: `Bearer ${em.apiKey}` } });
        const data = (await r.json()) as { projects: unknown[]; pagination?: { cursor?: string } };
        n += data.projects.length;
        cursor = data.pagination?.cursor;
        if (!cursor || data.projects.length === 0) break;
      }
      if (n !== PROJECTS) throw new Error(`the plain loop listed ${n} projects`);
    };

    await ours();
    await theirs();
    await plain();
    const a: number[] = [];
    const b: number[] = [];
    const c: number[] = [];
    let reqOurs = 0;
    let reqPeer = 0;
    const order = ['ours', 'peer', 'plain'] as const;
    for (let i = 0; i < RUNS; i++) {
      // Rotating which goes first, so drift on a shared machine hits each alike.
      for (let j = 0; j < order.length; j++) {
        const which = order[(i + j) % order.length];
        await clearLog();
        const t0 = performance.now();
        await (which === 'ours' ? ours() : which === 'peer' ? theirs() : plain());
        const ms = performance.now() - t0;
        if (which === 'ours') {
          a.push(ms);
          reqOurs = await requests();
        } else if (which === 'peer') {
          b.push(ms);
          reqPeer = await requests();
        } else c.push(ms);
      }
    }
    emit({
      group: G, what: `An org of ${PROJECTS.toLocaleString('en-US')} projects listed completely (projects.loadAll)`, unit: 'ms', ours: a,
      peer: { name: 'api-client, cursor loop', values: b }, requests: { ours: reqOurs, peer: reqPeer },
      floor: pages * LATENCY,
      floorNote: `${pages} sequential requests × ${LATENCY} ms: ${fullPages} pages of ${PROJECT_PAGE_SIZE}${pages > fullPages && PROJECTS % PROJECT_PAGE_SIZE === 0 ? ', then the empty page that ends a list whose last page is full (the API sends a cursor after it)' : ''}`,
      target: { floorRatio: 1.15 },
      note: 'each page of 400 (about 330 KiB) costs a few ms more than its round trip: the emulator builds its JSON, the client reads and parses it; ours asks for the next page once a page is parsed and checks it meanwhile',
    });
    emit({
      group: G, what: `The same ${PROJECTS.toLocaleString('en-US')} projects against a plain loop (fetch, JSON.parse, follow the cursor; no checks, no retries)`, unit: 'ms', ours: a,
      peer: { name: 'plain fetch loop', values: c },
      floor: pages * LATENCY,
      floorNote: `${pages} sequential requests × ${LATENCY} ms`,
      note: 'what the emulator and the transfer cost above the round trips, for any client: the plain loop\'s own ratio to the floor',
    });

    // Heap growth: retained (after a full GC, list still referenced) and peak while loading.
    const retained: number[] = [];
    const peak: number[] = [];
    // A suspended async function keeps the value of its last `await` in a register until the next
    // one: awaiting a tick before each GC lets go of it.
    const collect = async () => {
      await new Promise((r) => setImmediate(r));
      gc();
      return process.memoryUsage().heapUsed;
    };
    for (let i = 0; i < RUNS; i++) {
      const before = await collect();
      let max = before;
      const timer = setInterval(() => (max = Math.max(max, process.memoryUsage().heapUsed)), 5);
      let kept: Awaited<ReturnType<typeof ours>> | undefined = await ours();
      clearInterval(timer);
      max = Math.max(max, process.memoryUsage().heapUsed);
      const withList = await collect();
      if (kept.list.length !== PROJECTS) throw new Error('lost the list');
      kept = undefined;
      // What letting go of the list gives back: robust to anything an earlier run left behind.
      retained.push((withList - (await collect())) / 2 ** 20);
      peak.push((max - before) / 2 ** 20);
    }
    emit({ group: G, what: `Heap kept for the ${PROJECTS.toLocaleString('en-US')} loaded projects (after GC; Node, the tree's loader code path, not the VS Code host)`, unit: 'MiB', ours: retained, target: { max: 40 } });
    emit({
      group: G, what: 'Peak heap growth while loading them (sampled every 5 ms; same process)', unit: 'MiB', ours: peak,
      note: 'includes garbage not yet collected (each page arrives as JSON text, then parsed and validated objects)',
    });

    // Filter, the whole list loaded: in the host, no request.
    const { list } = await ours();
    const local: number[] = [];
    let localMatched = 0;
    // Typed and erased, a letter a change: each text differs from the last (shownProjects keeps
    // the rows of the last text only, so every change here is matched and ordered afresh).
    const typed = ['brea', 'bread'];
    for (let i = 0; i <= RUNS * 10; i++) {
      const t0 = performance.now();
      const shown = shownProjects(list, typed[i % 2]);
      if (i > 0) local.push(performance.now() - t0);
      if (typed[i % 2] === 'bread') localMatched = shown.length;
    }
    await clearLog();
    shownProjects(list, 'brea');
    if ((await requests()) !== 0) throw new Error('the local filter sent a request');
    emit({
      group: G, what: `Filter the ${PROJECTS.toLocaleString('en-US')} loaded projects by a text, in the host (Filter Projects… once the list is complete: ${localMatched} match; no request)`, unit: 'ms', ours: local,
      target: { max: 50 }, requests: { ours: 0 },
      note: `matching, de-duplicating and ordering by name as OrgNode does (shownProjects), ${RUNS * 10} changes; building the shown rows and VS Code drawing them not included`,
    });

    // Filter, the list partly loaded: one change of the filter text = one search request over the org.
    const f: number[] = [];
    let matched = 0;
    for (let i = 0; i <= RUNS; i++) {
      const t0 = performance.now();
      const loader = new PagedLoader(orgProjectsSource(async () => client, orgId, 'bread', PROJECT_PAGE_SIZE));
      await loader.all();
      if (i > 0) f.push(performance.now() - t0);
      matched = loader.items.length;
    }
    if (matched !== localMatched) throw new Error(`the host matched ${localMatched} projects, Neon's search ${matched}`);
    emit({
      group: G, what: `Filter ${PROJECTS.toLocaleString('en-US')} projects by a text while the list is partly loaded (server-side search, ${matched} match; one request per filter change)`, unit: 'ms', ours: f,
      floor: LATENCY, floorNote: `1 round trip × ${LATENCY} ms`,
      note: 'one request per change: Neon knows the projects not loaded yet',
    });
  } finally {
    await em.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
