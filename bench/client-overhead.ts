/**
 * Client overhead per call against plain fetch on the same loopback server.
 *   npx tsx bench/client-overhead.ts [--runs 5] [--iterations 400] [--projects 100]
 * Peer: `@neondatabase/api-client` (axios) on the same server; floor: plain fetch + JSON.parse.
 * The server answers GET /projects with a fixed page; both sides parse the JSON, the client also
 * goes through the semaphore, builds headers/request id, validates with zod and paginates.
 */
import { spawn } from 'node:child_process';
import { createApiClient } from '@neondatabase/api-client';
import { NeonClient } from '../src/api';
import { emit, numArg, runsWanted } from './lib/record';

export interface OverheadFigures {
  iterations: number;
  projectsPerPage: number;
  fetchMeanUs: number;
  clientMeanUs: number;
  fetchP50Us: number;
  clientP50Us: number;
  fetchP95Us: number;
  clientP95Us: number;
  /** CPU time of this process per call (the server is another process). */
  fetchCpuUs: number;
  clientCpuUs: number;
  peerP50Us: number;
  /** Median client minus median fetch. */
  overheadMeanUs: number;
  overheadPct: number;
  parallel: { calls: number; cap: number; fetchMs: number; clientMs: number; peakInFlight: number };
}

function page(n: number): string {
  const projects = Array.from({ length: n }, (_x, i) => ({
    id: `bench-project-${String(i).padStart(8, '0')}`,
    name: `project ${i}`,
    region_id: 'aws-us-east-2',
    platform_id: 'aws',
    pg_version: 17,
    org_id: 'org-bench-12345678',
    owner_id: '6a3c0c1e-0000-4000-8000-000000000000',
    proxy_host: 'us-east-2.aws.neon.tech',
    store_passwords: true,
    active_time: 1234,
    cpu_used_sec: 0,
    branch_logical_size_limit: 512,
    branch_logical_size_limit_bytes: 536870912,
    provisioner: 'k8s-neonvm',
    creation_source: 'console',
    created_at: '2025-01-16T21:01:58Z',
    updated_at: '2025-01-16T21:01:58Z',
    settings: { allowed_ips: { ips: [], protected_branches_only: false }, enable_logical_replication: false },
  }));
  return JSON.stringify({ projects, pagination: { cursor: projects.at(-1)?.id }, applications: {}, integrations: {} });
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** The loopback server runs in a child process, so the CPU time measured here is the client side's alone. */
async function startServer(body: string): Promise<{ base: string; stop: () => void }> {
  const code = `
    const http = require('node:http');
    const body = process.env.BENCH_BODY;
    const s = http.createServer((_q, r) => { r.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }); r.end(body); });
    s.keepAliveTimeout = 60000;
    s.listen(0, '127.0.0.1', () => console.log(s.address().port));
  `;
  const child = spawn(process.execPath, ['-e', code], { env: { ...process.env, BENCH_BODY: body }, stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.stdout.once('data', (d: Buffer) => resolve(Number(String(d).trim())));
  });
  return { base: `http://127.0.0.1:${port}/api/v2`, stop: () => child.kill() };
}

export async function runClientOverheadBench(opts: { iterations?: number; projects?: number; parallel?: number } = {}): Promise<OverheadFigures> {
  const iterations = opts.iterations ?? 2000;
  const n = opts.projects ?? 100;
  const parallelCalls = opts.parallel ?? 300;
  const body = page(n);
  const { base, stop } = await startServer(body);
  const url = `${base}/projects?limit=${n}&org_id=org-bench-12345678`;
  const headers = { Accept: 'application/json', Authorization: 'Bearer napi_bench', 'User-Agent': 'bench' };
  const client = new NeonClient({ baseUrl: base, apiKey: 'napi_bench', userAgent: 'neon-explorer/bench' });

  const plain = async () => {
    const r = await fetch(url, { headers });
    return (await r.json()) as { projects: unknown[] };
  };
  const viaClient = () => client.listProjectsPage({ orgId: 'org-bench-12345678', limit: n });
  const api = createApiClient({ apiKey: 'napi_bench', baseURL: base });
  const viaPeer = async () => (await api.listProjects({ org_id: 'org-bench-12345678', limit: n })).data;

  // warm up both paths (JIT, keep-alive sockets)
  for (let i = 0; i < 200; i++) {
    await plain();
    await viaClient();
    await viaPeer();
  }

  const tf: number[] = [];
  const tc: number[] = [];
  const tp: number[] = [];
  let cpuF = 0;
  let cpuC = 0;
  const cpu = () => {
    const u = process.cpuUsage();
    return u.user + u.system;
  };
  // interleave so that drift affects both equally
  for (let i = 0; i < iterations; i++) {
    let c0 = cpu();
    let t = process.hrtime.bigint();
    const a = await plain();
    tf.push(Number(process.hrtime.bigint() - t) / 1000);
    cpuF += cpu() - c0;
    c0 = cpu();
    t = process.hrtime.bigint();
    const b = await viaClient();
    tc.push(Number(process.hrtime.bigint() - t) / 1000);
    cpuC += cpu() - c0;
    t = process.hrtime.bigint();
    const d = await viaPeer();
    tp.push(Number(process.hrtime.bigint() - t) / 1000);
    if (a.projects.length !== n || b.projects.length !== n || d.projects.length !== n) throw new Error('bad page');
  }

  let t0 = Date.now();
  await Promise.all(Array.from({ length: parallelCalls }, () => plain()));
  const fetchMs = Date.now() - t0;
  // Requests on the wire, counted at the fetch the client is given (the client keeps no counters).
  let onWire = 0;
  let peakInFlight = 0;
  const counting: typeof fetch = async (input, init) => {
    peakInFlight = Math.max(peakInFlight, ++onWire);
    try {
      return await fetch(input, init);
    } finally {
      onWire--;
    }
  };
  const counted = new NeonClient({ baseUrl: base, apiKey: 'napi_bench', userAgent: 'neon-explorer/bench', fetch: counting });
  t0 = Date.now();
  await Promise.all(Array.from({ length: parallelCalls }, () => counted.listProjectsPage({ orgId: 'org-bench-12345678', limit: n })));
  const clientMs = Date.now() - t0;
  stop();

  const fetchMeanUs = trimmedMean(tf);
  const clientMeanUs = trimmedMean(tc);
  return {
    iterations,
    projectsPerPage: n,
    fetchMeanUs,
    clientMeanUs,
    fetchP50Us: percentile(tf, 50),
    clientP50Us: percentile(tc, 50),
    fetchP95Us: percentile(tf, 95),
    clientP95Us: percentile(tc, 95),
    fetchCpuUs: cpuF / iterations,
    clientCpuUs: cpuC / iterations,
    peerP50Us: percentile(tp, 50),
    overheadMeanUs: percentile(tc, 50) - percentile(tf, 50),
    overheadPct: ((percentile(tc, 50) - percentile(tf, 50)) / percentile(tf, 50)) * 100,
    parallel: { calls: parallelCalls, cap: 6, fetchMs, clientMs, peakInFlight },
  };
}

/** Mean without the slowest 10 % (scheduler noise on a shared machine). */
function trimmedMean(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return mean(s.slice(0, Math.max(1, Math.floor(s.length * 0.9))));
}

if (require.main === module) {
  (async () => {
    const runs = runsWanted();
    const iterations = numArg('iterations', 400);
    for (const projects of [1, numArg('projects', 100)]) {
      const figures: OverheadFigures[] = [];
      for (let i = 0; i < runs; i++) figures.push(await runClientOverheadBench({ iterations, projects, parallel: 0 }));
      emit({
        group: 'client', what: `One GET /projects call, ${projects} project${projects === 1 ? '' : 's'} a page, loopback (p50 of ${iterations} calls per run)`, unit: 'µs',
        ours: figures.map((f) => f.clientP50Us), peer: { name: 'api-client (axios)', values: figures.map((f) => f.peerP50Us) },
        floor: figures.reduce((a, f) => a + f.fetchP50Us, 0) / figures.length, floorNote: 'plain fetch + JSON.parse, same run',
      });
    }
  })().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
