/**
 * The emulator's data plane: start-up with and without it (each run in a fresh process, so the
 * temp root, the watchdog and the template initdb are counted), branch create → first query on
 * the child (parent running: pg_basebackup; parent suspended: a file copy) against the API round
 * trips alone, and the memory of one idle cluster.
 *   npx tsx bench/dataplane.ts [--runs 5]
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import pg from 'pg';
import { postgresAvailable, startEmulator, type Emulator } from '../emulator/index';
import { emit, runsWanted } from './lib/record';

const H = (em: Emulator) => ({ Authorization: `Bearer ${em.apiKey}`, 'Content-Type': 'application/json' });
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

async function api(em: Emulator, method: string, path: string, body?: unknown): Promise<any> {
  const r = await fetch(em.url + path, { method, headers: H(em), body: body === undefined ? undefined : JSON.stringify(body) });
  const j = await r.json();
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(j)}`);
  return j;
}

async function query(uri: string, text: string): Promise<void> {
  const c = new pg.Client({ connectionString: uri });
  await c.connect();
  await c.query(text);
  await c.end();
}

async function newProject(em: Emulator): Promise<{ id: string; branchId: string; uri: string }> {
  const org = (await api(em, 'GET', '/users/me/organizations')).organizations[0].id;
  const r = await api(em, 'POST', '/projects', { project: { org_id: org } });
  return { id: r.project.id, branchId: r.branch.id, uri: r.connection_uris[0].connection_uri };
}

/** One fresh process: control plane start, data plane start, then project create → first query. */
async function childStartup(): Promise<void> {
  let t = process.hrtime.bigint();
  const cp = await startEmulator({ seed: 'empty', operationMs: 0 });
  const control = ms(t);
  await cp.close();
  t = process.hrtime.bigint();
  const em = await startEmulator({ seed: 'empty', operationMs: 0, postgres: true });
  const data = ms(t);
  const p = await newProject(em);
  await query(p.uri, 'SELECT 1');
  const firstQuery = ms(t);
  await em.close();
  console.log(JSON.stringify({ control, data, firstQuery }));
}

/** Sum of RSS and of PSS (shared pages divided among the processes that map them) over a postmaster and its children. */
function memoryOf(postmaster: number): { rss: number; pss: number } {
  const pids = [postmaster];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (Number(/^PPid:\s*(\d+)/m.exec(readFileSync(`/proc/${name}/status`, 'utf8'))![1]) === postmaster) pids.push(Number(name));
    } catch {
      // gone
    }
  }
  let rss = 0;
  let pss = 0;
  for (const pid of pids) {
    const roll = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    rss += Number(/^Rss:\s+(\d+) kB/m.exec(roll)![1]) * 1024;
    pss += Number(/^Pss:\s+(\d+) kB/m.exec(roll)![1]) * 1024;
  }
  return { rss, pss };
}

async function main(): Promise<void> {
  const ok = postgresAvailable();
  if (ok !== true) throw new Error(`the data plane bench needs PostgreSQL: ${ok}`);
  const runs = runsWanted();

  const startup = { control: [] as number[], data: [] as number[], firstQuery: [] as number[] };
  for (let i = 0; i < runs; i++) {
    const out = execFileSync(process.execPath, ['--import', 'tsx', __filename, '--child-startup'], { encoding: 'utf8' });
    const r = JSON.parse(out.trim().split('\n').pop()!) as { control: number; data: number; firstQuery: number };
    startup.control.push(r.control);
    startup.data.push(r.data);
    startup.firstQuery.push(r.firstQuery);
  }
  emit({ group: 'dataplane', what: 'Emulator start-up, control plane only (startEmulator → listening)', unit: 'ms', ours: startup.control });
  emit({ group: 'dataplane', what: 'Emulator start-up with the data plane (router listening; initdb of the template goes on in the background)', unit: 'ms', ours: startup.data });
  emit({ group: 'dataplane', what: 'Start-up with the data plane → project created → first query answered (fresh process: template initdb, copy, start)', unit: 'ms', ours: startup.firstQuery });

  // Branch create → connectable. The floor: the same POST on a control-plane-only emulator.
  const floorEm = await startEmulator({ seed: 'empty', operationMs: 0 });
  const floorP = await newProject(floorEm);
  const floor: number[] = [];
  for (let i = 0; i < runs * 3; i++) {
    const t = process.hrtime.bigint();
    await api(floorEm, 'POST', `/projects/${floorP.id}/branches`, { endpoints: [{ type: 'read_write' }] });
    floor.push(ms(t));
  }
  await floorEm.close();
  floor.sort((a, b) => a - b);
  const floorMs = floor[Math.floor(floor.length / 2)];

  const em = await startEmulator({ seed: 'empty', operationMs: 0, postgres: true, postgresSuspendMs: 600_000 });
  try {
    const p = await newProject(em);
    await query(p.uri, 'CREATE TABLE t AS SELECT g AS id, md5(g::text) AS v FROM generate_series(1, 10000) g');
    const createToQuery = async () => {
      const t = process.hrtime.bigint();
      const r = await api(em, 'POST', `/projects/${p.id}/branches`, { endpoints: [{ type: 'read_write' }] });
      await query(r.connection_uris[0].connection_uri, 'SELECT count(*) FROM t');
      const took = ms(t);
      await api(em, 'DELETE', `/projects/${p.id}/branches/${r.branch.id}`);
      return took;
    };
    // Parent running: hold a connection open so it never suspends.
    const hold = new pg.Client({ connectionString: p.uri });
    await hold.connect();
    const running: number[] = [];
    for (let i = 0; i < runs; i++) running.push(await createToQuery());
    const pm = em.postgres!.dataPlane.clusterOf(p.branchId)!.pid()!;
    const mem = memoryOf(pm);
    await hold.end();
    // Parent suspended: stop its cluster, as the idle timer would.
    const suspended: number[] = [];
    for (let i = 0; i < runs; i++) {
      await em.postgres!.dataPlane.clusterOf(p.branchId)!.stop();
      suspended.push(await createToQuery());
    }
    emit({ group: 'dataplane', what: 'Branch create → first query on the child, parent running (pg_basebackup of a 10 000-row database, then start)', unit: 'ms', ours: running, floor: floorMs, floorNote: 'POST /branches on the control plane alone' });
    emit({ group: 'dataplane', what: 'Branch create → first query on the child, parent suspended (file copy of its data directory, then start)', unit: 'ms', ours: suspended, floor: floorMs, floorNote: 'POST /branches on the control plane alone' });
    emit({ group: 'dataplane', what: 'Memory of one running cluster with one idle connection: RSS summed over its processes', unit: 'bytes', ours: [mem.rss], note: 'shared_buffers 8MB; shared memory counted once per process' });
    emit({ group: 'dataplane', what: 'Memory of one running cluster with one idle connection: PSS (shared pages split between processes)', unit: 'bytes', ours: [mem.pss] });
  } finally {
    await em.close();
  }
}

if (require.main === module) {
  (process.argv.includes('--child-startup') ? childStartup() : main()).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
