// One PostgreSQL cluster (one data directory) run as the host's OS user, reachable only
// through its private Unix socket directory (the data directory itself). The emulator talks to it
// as cloud_admin over SCRAM; clients reach it through the router (router.ts).
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { BranchSql, Role } from '../model';
import { ADMIN_ROLE, copyDir, runTool, SOCKET_PORT, type PgHost } from './host';

/** The role every API-created role is a member of, with CREATEDB and CREATEROLE, as on Neon. */
export const NEON_SUPERUSER = 'neon_superuser';

export const ident = (name: string) => pg.escapeIdentifier(name);
export const literal = (s: string) => pg.escapeLiteral(s);

/**
 * The SCRAM-SHA-256 verifier Postgres would store for this password, so the plain password never
 * reaches the server (nor its log). Only for ASCII passwords: others need SASLprep, which the
 * server applies itself, so they are sent as they are.
 */
export function passwordSql(password: string): string {
   
  if (!/^[\x20-\x7e]*$/.test(password)) return literal(password);
  const salt = randomBytes(16);
  const iterations = 4096;
  const salted = pbkdf2Sync(password, salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return literal(`SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`);
}

// NEON_EMULATOR_PDEATHSIG=0 leaves the watchdog alone on guard (its test does that).
const SETPRIV = process.env.NEON_EMULATOR_PDEATHSIG === '0' ? undefined : ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => existsSync(p));

function readPidFile(dir: string): string[] {
  try {
    return readFileSync(`${dir}/postmaster.pid`, 'utf8').split('\n');
  } catch {
    return [];
  }
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-3).join(' ');
  } catch {
    return 'no log';
  }
}

export class Cluster {
  running = false;
  private proc?: ChildProcess;
  /** The API's changes as SQL on this cluster. */
  readonly sql: BranchSql = branchSql(this);

  constructor(readonly host: PgHost, readonly dir: string) {}

  get socketDir(): string {
    return this.dir;
  }

  /**
   * Runs postgres as a child of this process (no pg_ctl: a daemon would outlive us). Through
   * `setpriv --pdeathsig QUIT` where util-linux has it, so the kernel stops the postmaster
   * (immediate shutdown) the moment this process dies, however it dies.
   */
  async start(): Promise<void> {
    if (this.running) return;
    const { pg: inst } = this.host;
    const postgres = path.join(inst.bin, 'postgres');
    const args = ['-D', this.dir, '-k', this.dir];
    const log = openSync(`${this.dir}.log`, 'a');
    const proc = SETPRIV
      ? spawn(SETPRIV, ['--pdeathsig', 'QUIT', '--', postgres, ...args], { uid: inst.uid, gid: inst.gid, stdio: ['ignore', log, log], env: { ...process.env, LC_ALL: 'C' } })
      : spawn(postgres, args, { uid: inst.uid, gid: inst.gid, stdio: ['ignore', log, log], env: { ...process.env, LC_ALL: 'C' } });
    closeSync(log);
    proc.unref();
    let exited = false;
    proc.on('exit', () => {
      exited = true;
      if (this.proc === proc) {
        this.proc = undefined;
        this.running = false;
      }
    });
    this.proc = proc;
    const deadline = Date.now() + 60_000;
    // postmaster.pid's 8th line says "ready" once connections are accepted (after any recovery).
    while (!exited && readPidFile(this.dir)[7]?.trim() !== 'ready') {
      if (Date.now() > deadline) {
        proc.kill('SIGQUIT');
        throw new Error('postgres did not become ready within 60 s');
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    if (exited) throw new Error(`postgres exited at start: ${tail(`${this.dir}.log`)}`);
    this.running = true;
  }

  /** fast: sessions are ended; immediate: no shutdown checkpoint (the data is thrown away). */
  async stop(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    const proc = this.proc;
    this.running = false;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill(mode === 'fast' ? 'SIGINT' : 'SIGQUIT');
    const timer = setTimeout(() => proc.kill('SIGKILL'), 30_000);
    await gone;
    clearTimeout(timer);
  }

  async destroy(): Promise<void> {
    await this.stop('immediate').catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
    rmSync(`${this.dir}.log`, { force: true });
  }

  /** The postmaster's pid while it runs. */
  pid(): number | undefined {
    return this.running ? this.proc?.pid : undefined;
  }

  /** Runs fn with a cloud_admin connection to `database` (started if needed). */
  async admin<T>(database: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
    await this.start();
    const c = new pg.Client({ host: this.socketDir, port: SOCKET_PORT, user: ADMIN_ROLE, password: this.host.adminPassword, database });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end().catch(() => undefined);
    }
  }

  /** A consistent copy of this cluster's data into `dir` (which must not exist): a file copy when stopped, pg_basebackup while running. */
  async copyTo(dir: string): Promise<void> {
    if (!this.running) return copyDir(this.dir, dir);
    await runTool(this.host.pg, 'pg_basebackup', ['-D', dir, '-h', this.socketDir, '-p', String(SOCKET_PORT), '-U', ADMIN_ROLE, '-w', '-X', 'stream', '-c', 'fast', '--no-sync', '--no-manifest'],
      { PGPASSWORD: this.host.adminPassword });
    // The socket lives in the data directory: its lock file came along and would stop the copy from starting.
    rmSync(`${dir}/.s.PGSQL.${SOCKET_PORT}.lock`, { force: true });
  }
}

const SYSTEM_DBS = new Set(['postgres', 'template0', 'template1']);
const roleOptions = (r: Role) =>
  r.noLogin ? 'NOLOGIN INHERIT CREATEDB CREATEROLE BYPASSRLS REPLICATION' : `LOGIN INHERIT CREATEDB CREATEROLE BYPASSRLS REPLICATION PASSWORD ${passwordSql(r.password)}`;

/** The API's role and database changes as SQL, run as cloud_admin; names are always quoted identifiers. */
function branchSql(c: Cluster): BranchSql {
  const q = (database: string, text: string, values?: unknown[]) => c.admin(database, (a) => a.query(text, values));
  return {
    createRole: async (r) => {
      await q('postgres', `CREATE ROLE ${ident(r.name)} ${roleOptions(r)} IN ROLE ${NEON_SUPERUSER}`);
    },
    setPassword: async (r) => {
      await q('postgres', `ALTER ROLE ${ident(r.name)} PASSWORD ${passwordSql(r.password)}`);
    },
    dropRole: async (name) => {
      if (!(await q('postgres', 'SELECT 1 FROM pg_roles WHERE rolname = $1', [name])).rowCount) return;
      await q('postgres', 'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1', [name]);
      // What the role owns inside each database goes to that database's owner, as on Neon.
      const dbs = (await q('postgres', "SELECT datname, pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datallowconn AND datname <> 'template1'")).rows as { datname: string; owner: string }[];
      for (const { datname, owner } of dbs) {
        await c.admin(datname, async (a) => {
          await a.query(`REASSIGN OWNED BY ${ident(name)} TO ${ident(owner === name ? ADMIN_ROLE : owner)}`);
          await a.query(`DROP OWNED BY ${ident(name)}`);
        });
      }
      await q('postgres', `DROP ROLE ${ident(name)}`);
    },
    createDatabase: async (name, owner) => {
      await q('postgres', `CREATE DATABASE ${ident(name)} OWNER ${ident(owner)}`);
    },
    dropDatabase: async (name) => {
      if (!SYSTEM_DBS.has(name)) await q('postgres', `DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`);
    },
    renameDatabase: async (from, to) => {
      // Postgres renames no database in use: its sessions end first, as Neon ends them.
      await q('postgres', 'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [from]);
      await q('postgres', `ALTER DATABASE ${ident(from)} RENAME TO ${ident(to)}`);
    },
    setDatabaseOwner: async (name, owner) => {
      await q('postgres', `ALTER DATABASE ${ident(name)} OWNER TO ${ident(owner)}`);
    },
  };
}

/** The template data directory: initdb'd once per process, with neon_superuser and its grant on `public`. */
export function templateDir(host: PgHost): Promise<string> {
  return host.once(async () => {
    const dir = await host.initTemplate();
    const c = new Cluster(host, dir);
    try {
      await c.admin('postgres', (a) => a.query(`CREATE ROLE ${NEON_SUPERUSER} NOLOGIN CREATEDB CREATEROLE BYPASSRLS REPLICATION IN ROLE pg_read_all_data, pg_write_all_data, pg_signal_backend`));
      // Every database is created from template1; roles of neon_superuser may create in its public schema (PostgreSQL 15 took that right from PUBLIC).
      for (const db of ['template1', 'postgres']) await c.admin(db, (a) => a.query(`GRANT ALL ON SCHEMA public TO ${NEON_SUPERUSER} WITH GRANT OPTION`));
    } finally {
      await c.stop();
    }
    return dir;
  });
}
