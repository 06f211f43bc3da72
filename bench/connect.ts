/**
 * Test Connection against `psql -c 'select 1'` on the same local cluster (the emulator's data plane,
 * a warm compute): ours is src/db's probe (connect, select version/user/database, disconnect) in
 * this process; the peer is a psql process, measured raw and net of its process start (`psql
 * --version`). Also the whole command's work: the API reads it makes first, at 0 ms latency.
 *   npx tsx bench/connect.ts [--runs 5] [--iterations 10]
 */
import { spawn } from 'node:child_process';
import { NeonClient } from '../src/api';
import { parseConnectionSpec } from '../src/db/config';
import { probe } from '../src/db/connect';
import { psqlLaunch, findPsql } from '../src/db/psql';
import { startEmulator } from '../emulator/index';
import { median } from './lib/stats';
import { emit, numArg, runsWanted } from './lib/record';

const GROUP = 'connect';
const PROJECT = 'shiny-wind-02883413'; // acme-api in the small seed

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(performance.now() - t0) : reject(new Error(`${cmd} exited ${code}: ${err.trim().slice(0, 300)}`))));
  });
}

async function main(): Promise<void> {
  const runs = runsWanted();
  const iterations = numArg('iterations', 10);
  const psql = findPsql();
  if (!psql) throw new Error('psql is not installed: the peer cannot run');
  const em = await startEmulator({ seed: 'small', operationMs: 0, postgres: true });
  try {
    if (!em.postgres) throw new Error(`no data plane: ${em.postgresOff}`);
    const client = new NeonClient({ baseUrl: em.url, apiKey: em.apiKey, userAgent: 'neon-explorer-bench' });
    const branch = em.state.defaultBranch(em.state.projects.get(PROJECT)!)!;
    const target = { projectId: PROJECT, branchId: branch.id, databaseName: 'neondb', roleName: 'app_user' };
    const uri = await client.getConnectionUri({ ...target, pooled: false });
    const spec = parseConnectionSpec(uri);
    const launch = psqlLaunch(spec);
    const env = { ...process.env, ...launch.env };
    // Warm-up: the compute starts, the driver and psql's binary are loaded, the JIT settles.
    for (let i = 0; i < 3; i++) {
      await probe(spec);
      await run(psql, ['--no-password', '-c', 'select 1'], env);
    }

    const timed = async (fn: () => Promise<unknown>) => {
      const t0 = performance.now();
      await fn();
      return performance.now() - t0;
    };
    // Interleaved, so that the machine's load falls on ours and the peer alike; one median per run.
    const ours: number[] = [];
    const psqlRaw: number[] = [];
    const psqlStart: number[] = [];
    const whole: number[] = [];
    for (let r = 0; r < runs; r++) {
      const x: number[][] = [[], [], [], []];
      for (let i = 0; i < iterations; i++) {
        x[0]!.push(await timed(() => probe(spec)));
        x[1]!.push(await run(psql, ['--no-password', '-c', 'select 1'], env));
        x[2]!.push(await run(psql, ['--version'], env));
        x[3]!.push(
          await timed(async () => {
            // What Test Connection asks the API before connecting, then the probe.
            await Promise.all([client.listDatabases(PROJECT, branch.id), client.listBranchEndpoints(PROJECT, branch.id)]);
            const u = await client.getConnectionUri({ ...target, pooled: false });
            await probe(parseConnectionSpec(u));
          }),
        );
      }
      ours.push(median(x[0]!));
      psqlRaw.push(median(x[1]!));
      psqlStart.push(median(x[2]!));
      whole.push(median(x[3]!));
    }
    const net = psqlRaw.map((v, i) => v - psqlStart[i]!);

    const note = `median of ${iterations} per run, interleaved; loopback, warm compute, plain TCP (sslmode=disable), SCRAM-SHA-256`;
    emit({ group: GROUP, what: '`psql --version`: psql process start, no connection (for the net row)', unit: 'ms', ours: [], peer: { name: `psql ${psql}`, values: psqlStart }, note });
    emit({ group: GROUP, what: "Test Connection's probe (connect, select version/user/database, disconnect) vs `psql -c 'select 1'`", unit: 'ms', ours, peer: { name: 'psql -c', values: psqlRaw }, note });
    emit({ group: GROUP, what: 'The same, psql net of its process start', unit: 'ms', ours, peer: { name: 'psql -c − start', values: net }, note });
    emit({ group: GROUP, what: 'Test Connection as the command does it: 3 API reads (0 ms latency) + the probe', unit: 'ms', ours: whole, requests: { ours: 3 }, note });
  } finally {
    await em.close();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
