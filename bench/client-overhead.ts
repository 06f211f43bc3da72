/**
 * Client overhead per call against plain fetch on the same loopback server.
 *   npx tsx bench/client-overhead.ts [--iterations 2000] [--projects 100]
 * The server answers GET /projects with a fixed page; both sides parse the JSON, the client also
 * goes through the semaphore, builds headers/request id, validates with zod and paginates.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { NeonClient } from '../src/api';

export interface OverheadFigures {
  iterations: number;
  projectsPerPage: number;
  fetchMeanUs: number;
  clientMeanUs: number;
  fetchP50Us: number;
  clientP50Us: number;
  fetchP95Us: number;
  clientP95Us: number;
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

export async function runClientOverheadBench(opts: { iterations?: number; projects?: number; parallel?: number } = {}): Promise<OverheadFigures> {
  const iterations = opts.iterations ?? 2000;
  const n = opts.projects ?? 100;
  const parallelCalls = opts.parallel ?? 300;
  const body = page(n);
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end(body);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v2`;
  const url = `${base}/projects?limit=${n}&org_id=org-bench-12345678`;
  const headers = { Accept: 'application/json', Authorization: 'Bearer napi_bench', 'User-Agent': 'bench' };
  const client = new NeonClient({ baseUrl: base, apiKey: 'napi_bench', userAgent: 'neon-explorer/bench' });

  const plain = async () => {
    const r = await fetch(url, { headers });
    return (await r.json()) as { projects: unknown[] };
  };
  const viaClient = () => client.listProjectsPage({ orgId: 'org-bench-12345678', limit: n });

  // warm up both paths (JIT, keep-alive sockets)
  for (let i = 0; i < 200; i++) {
    await plain();
    await viaClient();
  }

  const tf: number[] = [];
  const tc: number[] = [];
  // interleave so that drift affects both equally
  for (let i = 0; i < iterations; i++) {
    let t = process.hrtime.bigint();
    const a = await plain();
    tf.push(Number(process.hrtime.bigint() - t) / 1000);
    t = process.hrtime.bigint();
    const b = await viaClient();
    tc.push(Number(process.hrtime.bigint() - t) / 1000);
    if (a.projects.length !== n || b.projects.length !== n) throw new Error('bad page');
  }

  let t0 = Date.now();
  await Promise.all(Array.from({ length: parallelCalls }, () => plain()));
  const fetchMs = Date.now() - t0;
  client.resetPeak();
  t0 = Date.now();
  await Promise.all(Array.from({ length: parallelCalls }, () => viaClient()));
  const clientMs = Date.now() - t0;

  await new Promise<void>((r) => server.close(() => r()));
  server.closeAllConnections?.();

  const fetchMeanUs = mean(tf);
  const clientMeanUs = mean(tc);
  return {
    iterations,
    projectsPerPage: n,
    fetchMeanUs,
    clientMeanUs,
    fetchP50Us: percentile(tf, 50),
    clientP50Us: percentile(tc, 50),
    fetchP95Us: percentile(tf, 95),
    clientP95Us: percentile(tc, 95),
    overheadMeanUs: clientMeanUs - fetchMeanUs,
    overheadPct: ((clientMeanUs - fetchMeanUs) / fetchMeanUs) * 100,
    parallel: { calls: parallelCalls, cap: 6, fetchMs, clientMs, peakInFlight: client.peakInFlight },
  };
}

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
}

if (require.main === module) {
  (async () => {
    for (const projects of [1, arg('projects', 100)]) {
      const f = await runClientOverheadBench({ iterations: arg('iterations', 2000), projects });
      const us = (x: number) => `${x.toFixed(0).padStart(6)} µs`;
      console.log(`GET /projects, ${f.projectsPerPage} project(s) a page, ${f.iterations} sequential calls each`);
      console.log(`  plain fetch + JSON.parse : mean ${us(f.fetchMeanUs)}  p50 ${us(f.fetchP50Us)}  p95 ${us(f.fetchP95Us)}`);
      console.log(`  NeonClient               : mean ${us(f.clientMeanUs)}  p50 ${us(f.clientP50Us)}  p95 ${us(f.clientP95Us)}`);
      console.log(`  overhead per call        : ${f.overheadMeanUs.toFixed(0)} µs mean (${f.overheadPct.toFixed(1)} %)`);
      console.log(
        `  ${f.parallel.calls} parallel calls      : fetch unbounded ${f.parallel.fetchMs} ms, client (cap ${f.parallel.cap}, peak ${f.parallel.peakInFlight}) ${f.parallel.clientMs} ms`,
      );
    }
  })().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
