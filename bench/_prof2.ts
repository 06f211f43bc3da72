import { createApiClient } from '@neondatabase/api-client';
import { startEmulatorProcess, firstOrgId } from './lib/emulator-process';
import { NeonClient } from '../src/api';
import { PagedLoader } from '../src/tree/pagedLoader';
import { orgProjectsSource } from '../src/tree/levelRequests';
async function main() {
  const em = await startEmulatorProcess({ orgs: 1, projectsPerOrg: 10000, branches: 1, latencyMs: 50 });
  const orgId = await firstOrgId(em);
  const h = { authorization: `Bearer ${em.apiKey}` };
  const client = new NeonClient({ baseUrl: em.url, apiKey: em.apiKey, userAgent: 'x' });
  const peer = createApiClient({ apiKey: em.apiKey, baseURL: em.url });
  const fns: Record<string, () => Promise<void>> = {
    raw: async () => { let c: string | undefined; for (;;) { const r = await fetch(`${em.url}/projects?org_id=${orgId}&limit=400${c ? `&cursor=${c}` : ''}`, { headers: h }); const j = await r.json() as any; c = j.pagination?.cursor; if (!c || j.projects.length === 0) break; } },
    peer: async () => { let c: string | undefined; for (;;) { const { data } = await peer.listProjects({ org_id: orgId, limit: 400, ...(c ? { cursor: c } : {}) }); c = data.pagination?.cursor; if (!c || data.projects.length === 0) break; } },
    clientLoop: async () => { let c: string | undefined; for (;;) { const p = await client.listProjectsPage({ orgId, cursor: c, limit: 400 }); c = p.nextCursor; if (!c) break; } },
    loader: async () => { const l = new PagedLoader(orgProjectsSource(async () => client, orgId, undefined, 400)); await l.all(); },
  };
  const res: Record<string, number[]> = {};
  for (let run = 0; run < 4; run++) for (const [k, f] of Object.entries(fns)) { const t = performance.now(); await f(); (res[k] ??= []).push(Math.round(performance.now() - t)); }
  for (const [k, v] of Object.entries(res)) console.log(k.padEnd(12), v.join(' '));
  await em.close();
}
main();
