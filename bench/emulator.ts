/**
 * Requests per second the emulator serves on one core (client and server share the process and
 * its single JS thread, so the figure is a floor). Loopback only, bounded loop.
 *   npx tsx bench/emulator.ts [--runs 5] [--requests 1000] [--concurrency 16] [--orgs 20 --projects-per-org 2000]
 */
import http from 'node:http';
import { startEmulator } from '../emulator/index';
import { emit, runsWanted } from './lib/record';

export interface RouteFigures {
  route: string;
  requests: number;
  seconds: number;
  rps: number;
  p50Ms: number;
  p95Ms: number;
  errors: number;
}

function get(agent: http.Agent, url: string, key: string, method = 'GET', body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { agent, method, headers: { Authorization: `Bearer ${key}`, ...(body ? { 'Content-Type': 'application/json' } : {}) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

export async function benchEmulator(opts: { requests?: number; concurrency?: number; orgs?: number; projectsPerOrg?: number } = {}): Promise<RouteFigures[]> {
  const requests = opts.requests ?? 4000;
  const concurrency = opts.concurrency ?? 16;
  const em = await startEmulator({ orgs: opts.orgs, projectsPerOrg: opts.projectsPerOrg, operationMs: 0 });
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  try {
    const org = [...em.state.orgs.values()][0].id;
    const project = em.state.ownerProjects(org)[0];
    const branch = em.state.defaultBranch(project)!.id;
    const now = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
    const from = new Date(now.getTime() - 30 * 86_400_000).toISOString();
    const routes: [string, string][] = [
      ['GET /auth', '/auth'],
      ['GET /users/me/organizations', '/users/me/organizations'],
      ['GET /projects?limit=100', `/projects?org_id=${org}&limit=100`],
      ['GET /projects/{project_id}', `/projects/${project.id}`],
      ['GET /projects/{project_id}/branches', `/projects/${project.id}/branches`],
      ['GET .../roles', `/projects/${project.id}/branches/${branch}/roles`],
      ['GET /consumption_history/v2/projects (30 days, 10 projects)', `/consumption_history/v2/projects?org_id=${org}&metrics=compute_unit_seconds&from=${from}&to=${now.toISOString()}&granularity=daily`],
    ];
    // Warm the JIT so the first route measured is not penalised.
    for (let i = 0; i < 500; i++) await get(agent, `${em.url}/auth`, em.apiKey);
    const out: RouteFigures[] = [];
    for (const [name, path] of routes) {
      const latencies: number[] = [];
      let errors = 0;
      let next = 0;
      const t0 = process.hrtime.bigint();
      await Promise.all(Array.from({ length: concurrency }, async () => {
        while (next < requests) {
          next++;
          const s = process.hrtime.bigint();
          const status = await get(agent, em.url + path, em.apiKey);
          latencies.push(Number(process.hrtime.bigint() - s) / 1e6);
          if (status >= 400) errors++;
        }
      }));
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      latencies.sort((a, b) => a - b);
      out.push({
        route: name, requests, seconds, rps: requests / seconds, errors,
        p50Ms: latencies[Math.floor(latencies.length * 0.5)], p95Ms: latencies[Math.floor(latencies.length * 0.95)],
      });
    }
    return out;
  } finally {
    agent.destroy();
    await em.close();
  }
}

if (require.main === module) {
  (async () => {
    const runs = runsWanted();
    const arg = (name: string) => {
      const i = process.argv.indexOf(name);
      return i > 0 ? Number(process.argv[i + 1]) : undefined;
    };
    const byRoute = new Map<string, RouteFigures[]>();
    for (let i = 0; i < runs; i++) {
      const rows = await benchEmulator({ requests: arg('--requests') ?? 1000, concurrency: arg('--concurrency'), orgs: arg('--orgs'), projectsPerOrg: arg('--projects-per-org') });
      for (const r of rows) byRoute.set(r.route, [...(byRoute.get(r.route) ?? []), r]);
    }
    for (const [route, rs] of byRoute) {
      const errors = rs.reduce((a, r) => a + r.errors, 0);
      if (errors) throw new Error(`${route}: ${errors} error responses`);
      emit({ group: 'emulator', what: `Throughput, one core shared with the client: ${route}`, unit: 'req/s', higherIsBetter: true, ours: rs.map((r) => r.rps), note: `p50 ${rs[0]!.p50Ms.toFixed(2)} ms at 16 in flight` });
    }
  })().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
