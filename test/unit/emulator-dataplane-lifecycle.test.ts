// The data plane's lifecycle: what the CLI says, computes suspending when idle and waking on the
// next connection, and no postgres or temp directory left behind however the emulator ends.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import pg from 'pg';
import { call, control } from './emulator-helpers';
import { needPostgres, newProject, sql, startWithPostgres } from './emulator-dataplane-helpers';

/** The postmaster serving a live connection, and its data directory (read from /proc). */
async function postmasterOf(c: pg.Client): Promise<{ pid: number; dir: string }> {
  const backend = (await c.query('SELECT pg_backend_pid() AS pid')).rows[0].pid as number;
  const pid = Number(/^PPid:\s*(\d+)/m.exec(readFileSync(`/proc/${backend}/status`, 'utf8'))![1]);
  const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  return { pid, dir: argv[argv.indexOf('-D') + 1] };
}

/** Pids of processes whose command line mentions `dir` (and `also`). */
function processesOf(dir: string, also = ''): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8');
      if (cmdline.includes(dir) && cmdline.includes(also)) out.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) assert.fail(`${what} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Every CLI started by a test; afterEach kills what a failed test left running. */
const started = new Set<ChildProcess>();

/** The parent pid of a process, or undefined once it is gone. */
function parentOf(pid: number): number | undefined {
  try {
    return Number(/^PPid:\s*(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);
  } catch {
    return undefined;
  }
}

/** Starts the CLI in a plain node process (no tsx wrapper: the pid is the emulator's own) and reads its first lines. */
async function cli(args: string[], env: Record<string, string> = {}): Promise<{ child: ChildProcess; lines: string[] }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'emulator/cli.ts', '--port', '0', '--api-key', 'napi_cli', '--operation-ms', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  started.add(child);
  child.on('exit', () => started.delete(child));
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (/^control: /m.test(out)) resolve();
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${out} ${err}`)));
  });
  child.removeAllListeners('exit');
  child.on('exit', () => started.delete(child));
  return { child, lines: out.split('\n') };
}

async function projectUri(url: string): Promise<string> {
  const h = { Authorization: 'Bearer napi_cli', 'Content-Type': 'application/json' };
  const org = (await (await fetch(`${url}/users/me/organizations`, { headers: h })).json()).organizations[0].id;
  const r = await (await fetch(`${url}/projects`, { method: 'POST', headers: h, body: JSON.stringify({ project: { org_id: org } }) })).json();
  return r.connection_uris[0].connection_uri;
}

const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(child.exitCode) : child.on('exit', (c) => resolve(c))));

describe('emulator data plane: lifecycle', function () {
  this.timeout(60000);
  before(function () {
    needPostgres(this);
  });
  afterEach(async () => {
    for (const child of started) {
      child.kill('SIGKILL');
      await exited(child);
    }
  });

  it('CLI: the listening line comes first, the next names the data plane; SIGTERM stops its postgres and removes its files', async () => {
    const { child, lines } = await cli([]);
    try {
      assert.match(lines[0], /^listening on http:\/\/127\.0\.0\.1:\d+\/api\/v2$/);
      const dp = /^data plane: postgresql:\/\/(127\.0\.0\.1:\d+) /.exec(lines[1]);
      assert.ok(dp, lines.join('\n'));
      const uri = await projectUri(lines[0].slice('listening on '.length));
      assert.equal(new URL(uri).host, dp[1]);
      const c = new pg.Client({ connectionString: uri });
      await c.connect();
      const pm = await postmasterOf(c);
      await c.end().catch(() => undefined);
      child.kill('SIGTERM');
      assert.equal(await exited(child), 0);
      await until('no postgres of the data directory left', () => processesOf(pm.dir).length === 0);
      await until('the data directory removed', () => !existsSync(pm.dir));
    } finally {
      child.kill('SIGKILL');
    }
  });

  for (const [how, env] of [['the parent-death signal', {}], ['the watchdog alone', { NEON_EMULATOR_PDEATHSIG: '0' }]] as const) {
    it(`SIGKILL of the emulator leaves no postgres and no data directory behind (${how})`, async () => {
      const { child, lines } = await cli([], env);
      const uri = await projectUri(lines[0].slice('listening on '.length));
      const c = new pg.Client({ connectionString: uri });
      await c.connect();
      const pm = await postmasterOf(c);
      c.on('error', () => undefined);
      assert.ok(processesOf(pm.dir).includes(pm.pid));
      child.kill('SIGKILL');
      await exited(child);
      await until('no postgres of the data directory left', () => processesOf(pm.dir).length === 0);
      await until('the data directory removed', () => !existsSync(pm.dir));
      await c.end().catch(() => undefined);
    });
  }

  it('SIGKILL right after start, with the template\'s initdb in flight: nothing runs under the scratch root and it is removed', async () => {
    const { child } = await cli([]);
    // The watchdog is the emulator's child: `sh -c SCRIPT neon-emu-watchdog ROOT`.
    const watchdog = readdirSync('/proc').filter((n) => /^\d+$/.test(n)).map((n) => {
      try {
        const ppid = Number(/^PPid:\s*(\d+)/m.exec(readFileSync(`/proc/${n}/status`, 'utf8'))![1]);
        return ppid === child.pid ? readFileSync(`/proc/${n}/cmdline`, 'utf8').split('\0').filter(Boolean) : undefined;
      } catch {
        return undefined;
      }
    }).find((argv) => argv?.includes('neon-emu-watchdog'));
    assert.ok(watchdog, 'the emulator has a watchdog');
    const root = watchdog.at(-1)!;
    assert.ok(existsSync(root));
    // initdb forks before it runs postgres; until the exec the fork shows initdb's command line
    // too, so only an initdb whose parent is not itself an initdb counts.
    const initdb = processesOf(root, 'bin/initdb');
    const first = initdb.filter((pid) => !initdb.includes(parentOf(pid) ?? -1));
    assert.equal(first.length, 1, `one initdb of the template is running (found ${initdb.length} processes)`);
    child.kill('SIGKILL');
    await exited(child);
    await until('nothing left running under the scratch root', () => processesOf(root).length === 0);
    await until('the scratch root removed', () => !existsSync(root));
  });

  it('--no-postgres, or no binaries: control plane only, said in one line; connection strings keep Neon\'s shape', async () => {
    for (const [args, env, reason] of [[['--no-postgres'], {}, /--no-postgres/], [[], { NEON_EMULATOR_PG_BIN: '/nonexistent/bin' }, /initdb is missing from \/nonexistent\/bin/]] as const) {
      const { child, lines } = await cli([...args], env);
      try {
        assert.match(lines[0], /^listening on /);
        assert.match(lines[1], /^data plane: off, control plane only \(/);
        assert.match(lines[1], reason);
        const uri = await projectUri(lines[0].slice('listening on '.length));
        assert.match(uri, /@ep-[a-z0-9-]+\.us-east-2\.aws\.neon\.tech\/neondb\?sslmode=require$/);
      } finally {
        child.kill('SIGTERM');
        await exited(child);
      }
    }
  });

  it('startEmulator({ postgres: true }) without the binaries rejects with a sentence; \'auto\' says why it runs without', async () => {
    const script = `
      const { startEmulator } = require('./emulator/index');
      (async () => {
        const auto = await startEmulator({ seed: 'empty', postgres: 'auto' });
        console.log('auto:', auto.postgres === undefined, auto.postgresOff);
        await auto.close();
        await startEmulator({ seed: 'empty', postgres: true }).then(() => console.log('started'), (e) => console.log('rejected:', e.message));
      })();`;
    const out = await new Promise<string>((resolve) => {
      const child = spawn(process.execPath, ['--require', 'tsx/cjs', '-e', script], { env: { ...process.env, NEON_EMULATOR_PG_BIN: '/nonexistent/bin' } });
      let text = '';
      child.stdout.on('data', (d: Buffer) => (text += d.toString()));
      child.on('exit', () => resolve(text));
    });
    assert.match(out, /^auto: true initdb is missing from \/nonexistent\/bin$/m);
    assert.match(out, /^rejected: the emulator's data plane cannot run: initdb is missing from \/nonexistent\/bin$/m);
  });

  it('an idle compute suspends (its endpoint goes idle, its postgres stops) and wakes on the next connection', async () => {
    const em = await startWithPostgres({ postgresSuspendMs: 300 });
    try {
      const p = await newProject(em);
      const state = async () => (await call(em, 'GET', `/projects/${p.id}/endpoints`)).body.endpoints[0].current_state;
      assert.equal(await state(), 'idle');
      const c = new pg.Client({ connectionString: p.uri });
      await c.connect();
      const pm = await postmasterOf(c);
      assert.equal(await state(), 'active');
      await new Promise((r) => setTimeout(r, 600));
      assert.equal(await state(), 'active', 'an open connection keeps it running');
      await c.end();
      await until('the endpoint goes idle', async () => (await state()) === 'idle');
      await until('its postgres stops', () => processesOf(pm.dir).length === 0);
      assert.deepEqual(await sql(p.uri, 'SELECT 1 AS one'), [{ one: 1 }]);
    } finally {
      await em.close();
    }
  });

  it('deleting a project, or re-seeding through /__control/reset, drops its clusters', async () => {
    const em = await startWithPostgres();
    try {
      for (const end of ['delete', 'reset'] as const) {
        const p = await newProject(em);
        await sql(p.uri, 'SELECT 1');
        const dir = em.postgres!.dataPlane.clusterOf(p.branchId)!.dir;
        if (end === 'delete') assert.equal((await call(em, 'DELETE', `/projects/${p.id}`)).status, 200);
        else await control(em, 'POST', '/reset');
        await until('the cluster directory removed', () => !existsSync(dir));
        await until('no postgres of it left', () => processesOf(dir).length === 0);
        assert.equal(em.postgres!.dataPlane.clusterOf(p.branchId), undefined);
      }
    } finally {
      await em.close();
    }
  });

  it('close() stops every cluster of the emulator and removes their directories', async () => {
    const em = await startWithPostgres();
    const p = await newProject(em);
    const c = new pg.Client({ connectionString: p.uri });
    await c.connect();
    c.on('error', () => undefined);
    const pm = await postmasterOf(c);
    await em.close();
    assert.equal(existsSync(pm.dir), false);
    await until('no postgres of the data directory left', () => processesOf(pm.dir).length === 0);
    await c.end().catch(() => undefined);
  });
});
