/**
 * Requests per second the emulator serves on one core (client and server share the process and
 * its single JS thread, so the figure is a floor). Loopback only, bounded loop.
 *   npx tsx bench/emulator.ts [--requests 4000] [--concurrency 16] [--orgs 20 --projects-per-org 2000]
 * Prints one line per route: route, requests, seconds, requests/second, p50 ms, p95 ms.
 */
import http from 'node:http';
import { startEmulator } from '../src/emulator/index';

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
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? Number(process.argv[i + 1]) : undefined;
  };
  benchEmulator({ requests: arg('--requests'), concurrency: arg('--concurrency'), orgs: arg('--orgs'), projectsPerOrg: arg('--projects-per-org') }).then((rows) => {
    for (const r of rows) console.log(`${r.route}\t${r.requests}\t${r.seconds.toFixed(2)} s\t${Math.round(r.rps)} req/s\tp50 ${r.p50Ms.toFixed(2)} ms\tp95 ${r.p95Ms.toFixed(2)} ms${r.errors ? `\terrors ${r.errors}` : ''}`);
  });
}
