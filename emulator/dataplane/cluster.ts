// One PostgreSQL cluster (one data directory) run by pg_ctl as the host's OS user, reachable only
// through its private Unix socket directory (the data directory itself). The emulator talks to it
// as cloud_admin over SCRAM; clients reach it through the router (router.ts).
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import pg from 'pg';
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
  // eslint-disable-next-line no-control-regex
  if (!/^[\x20-\x7e]*$/.test(password)) return literal(password);
  const salt = randomBytes(16);
  const iterations = 4096;
  const salted = pbkdf2Sync(password, salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return literal(`SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`);
}

export class Cluster {
  running = false;

  constructor(readonly host: PgHost, readonly dir: string) {}

  get socketDir(): string {
    return this.dir;
  }

  async start(): Promise<void> {
    if (this.running) return;
    await runTool(this.host.pg, 'pg_ctl', ['start', '-w', '-s', '-t', '60', '-D', this.dir, '-l', `${this.dir}.log`, '-o', `-k ${this.dir}`]);
    this.running = true;
  }

  async stop(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    if (!this.running) return;
    this.running = false;
    await runTool(this.host.pg, 'pg_ctl', ['stop', '-w', '-s', '-t', '60', '-m', mode, '-D', this.dir]);
  }

  async destroy(): Promise<void> {
    await this.stop('immediate').catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
    rmSync(`${this.dir}.log`, { force: true });
  }

  /** The postmaster's pid while it runs. */
  pid(): number | undefined {
    try {
      return Number(readFileSync(`${this.dir}/postmaster.pid`, 'utf8').split('\n')[0]) || undefined;
    } catch {
      return undefined;
    }
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
