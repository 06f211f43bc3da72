// Where PostgreSQL lives on this machine and the process-wide scratch space for clusters: the
// binaries, the unprivileged OS user they run as (initdb refuses root), one scratch root with a
// watchdog that removes it and stops every postgres under it when this process dies (even by
// SIGKILL), and one template data directory shared by every emulator in the process.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, chownSync, constants, statfsSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface PgInstall {
  /** Directory with initdb, postgres, pg_basebackup. */
  bin: string;
  version: number;
  /** Set when this process is root: the OS user the clusters run as. */
  uid?: number;
  gid?: number;
}

/** The superuser of every cluster; clients are refused it, as on Neon. */
export const ADMIN_ROLE = 'cloud_admin';
/** Every cluster's Unix socket port (each cluster has its own socket directory). */
export const SOCKET_PORT = 5432;

/**
 * Finds the PostgreSQL server binaries: $NEON_EMULATOR_PG_BIN, else the newest
 * /usr/lib/postgresql/<version>/bin (Debian's layout). Returns a sentence when they can't be used.
 */
export function findPostgres(): PgInstall | string {
  let bin = process.env.NEON_EMULATOR_PG_BIN;
  let version = 0;
  if (!bin) {
    const base = '/usr/lib/postgresql';
    const versions = existsSync(base) ? readdirSync(base).map(Number).filter((v) => Number.isInteger(v) && existsSync(path.join(base, String(v), 'bin', 'initdb'))) : [];
    if (!versions.length) return 'PostgreSQL server binaries not found (install Debian\'s postgresql package, or set NEON_EMULATOR_PG_BIN)';
    version = Math.max(...versions);
    bin = path.join(base, String(version), 'bin');
  }
  for (const tool of ['initdb', 'postgres', 'pg_basebackup']) {
    if (!existsSync(path.join(bin, tool))) return `${tool} is missing from ${bin}`;
  }
  if (process.getuid?.() !== 0) return { bin, version };
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('postgres:'));
  if (!line) return 'running as root and there is no postgres OS user to run the clusters as (install Debian\'s postgresql package)';
  const [, , uid, gid] = line.split(':');
  return { bin, version, uid: Number(uid), gid: Number(gid) };
}

/** Runs a PostgreSQL tool as the clusters' OS user; rejects with its stderr. */
export function runTool(pg: PgInstall, tool: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(path.join(pg.bin, tool), args, { uid: pg.uid, gid: pg.gid, env: { ...process.env, ...env, LC_ALL: 'C' }, cwd: '/', timeout: 60_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${tool} failed: ${(stderr || err.message).trim().split('\n').slice(-3).join(' ')}`));
      else resolve(stdout);
    });
  });
}

export function copyDir(from: string, to: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('cp', ['-a', from, to], (err, _o, stderr) => (err ? reject(new Error(`copying a data directory failed: ${stderr.trim()}`)) : resolve()));
  });
}

// The watchdog: a detached shell that waits for EOF on its stdin (this process's end of the pipe
// closes when this process exits, however it exits), then stops what still runs under ROOT (a
// postmaster gets SIGQUIT, an immediate shutdown; a tool in flight such as initdb, cp or
// pg_basebackup gets SIGKILL, else it would write into ROOT after its removal), checking
// /proc/PID/cmdline so a recycled pid is never hit, and removes ROOT. Scanned for a while, in case
// a start was in flight. The clusters' own parent-death signal (cluster.ts) usually got there first.
const WATCHDOG = `
trap '' INT TERM HUP
cat >/dev/null
candidates() {
  if command -v pgrep >/dev/null 2>&1; then pgrep -f -- "$1"
  else for f in "$1"/*/*/postmaster.pid "$1"/*/postmaster.pid; do [ -f "$f" ] && head -n 1 "$f"; done
  fi
}
i=0
while [ $i -lt 30 ]; do
  found=""
  for pid in $(candidates "$1"); do
    [ "$pid" = "$$" ] && continue
    grep -qa -- "$1" "/proc/$pid/cmdline" 2>/dev/null || continue
    grep -qa -- neon-emu-watchdog "/proc/$pid/cmdline" 2>/dev/null && continue
    found=1
    if [ $i -lt 20 ] && grep -qa -- bin/postgres "/proc/$pid/cmdline"; then kill -QUIT "$pid" 2>/dev/null; else kill -KILL "$pid" 2>/dev/null; fi
  done
  [ -z "$found" ] && [ $i -ge 5 ] && break
  sleep 0.1; i=$((i+1))
done
rm -rf "$1"
`;

/**
 * Where the clusters live: $NEON_EMULATOR_PG_DIR, else /dev/shm (memory: copying a data directory
 * there takes a fraction of the time it takes on a busy disk, and a throwaway cluster needs no
 * durability) when it has room for a few dozen clusters (a container's default 64 MB has not),
 * else the OS temp directory.
 */
function scratchBase(): string {
  const chosen = process.env.NEON_EMULATOR_PG_DIR;
  if (chosen) return chosen;
  try {
    accessSync('/dev/shm', constants.W_OK | constants.X_OK);
    const fs = statfsSync('/dev/shm');
    if (fs.bavail * fs.bsize >= 2 ** 30) return '/dev/shm';
  } catch {
    // no /dev/shm here
  }
  return tmpdir();
}

export class PgHost {
  readonly root: string;
  readonly adminPassword = randomBytes(18).toString('base64url');
  private watchdog: ChildProcess;
  private template?: Promise<string>;
  private seq = 0;

  constructor(readonly pg: PgInstall) {
    this.root = mkdtempSync(path.join(scratchBase(), 'neon-emu-pg-'));
    this.own(this.root);
    this.watchdog = spawn('sh', ['-c', WATCHDOG, 'neon-emu-watchdog', this.root], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
    this.watchdog.unref();
    (this.watchdog.stdin as unknown as { unref?: () => void }).unref?.();
    process.once('exit', () => this.killAllSync());
  }

  /** A new directory under the root, owned by the clusters' user. Short names: socket paths are limited to 107 bytes. */
  mkdir(prefix: string, parent = this.root): string {
    const dir = path.join(parent, `${prefix}${++this.seq}`);
    mkdirSync(dir, { mode: 0o700 });
    this.own(dir);
    return dir;
  }

  own(p: string): void {
    if (this.pg.uid !== undefined) chownSync(p, this.pg.uid, this.pg.gid!);
  }

  /** Memoises the template build (see cluster.ts): once per process, retried after a failure. */
  once(build: () => Promise<string>): Promise<string> {
    this.template ??= build().catch((e) => {
      this.template = undefined;
      throw e;
    });
    return this.template;
  }

  /** initdb plus the settings every cluster shares; the caller adds roles and grants. */
  async initTemplate(): Promise<string> {
    const dir = path.join(this.root, 'template');
    const pwfile = path.join(this.root, 'pw');
    writeFileSync(pwfile, this.adminPassword, { mode: 0o600 });
    this.own(pwfile);
    try {
      await runTool(this.pg, 'initdb', ['-D', dir, '-U', ADMIN_ROLE, '--auth=scram-sha-256', `--pwfile=${pwfile}`, '-E', 'UTF8', '--locale=C', '--wal-segsize=1', '--no-sync', '--no-instructions']);
    } finally {
      rmSync(pwfile, { force: true });
    }
    // Sockets only (the emulator's router is the one TCP listener), SCRAM for everyone, small and unsafe-but-fast.
    writeFileSync(path.join(dir, 'pg_hba.conf'), `local all all scram-sha-256\nlocal replication ${ADMIN_ROLE} scram-sha-256\n`);
    appendFileSync(path.join(dir, 'postgresql.conf'), [
      '', "listen_addresses = ''", `port = ${SOCKET_PORT}`, "password_encryption = 'scram-sha-256'",
      'shared_buffers = 8MB', 'max_connections = 30', 'fsync = off', 'synchronous_commit = off', 'autovacuum = off',
      'max_wal_senders = 4', 'min_wal_size = 2MB', 'max_wal_size = 32MB', 'dynamic_shared_memory_type = mmap', 'jit = off',
      // A failed statement is never echoed into the log: it may hold a password.
      "log_min_messages = warning", 'log_min_error_statement = panic', 'log_connections = off', '',
    ].join('\n'));
    return dir;
  }

  /** Last resort on a normal exit: the watchdog does the same when the process is killed. */
  private killAllSync(): void {
    for (const f of findPidFiles(this.root)) {
      try {
        const pid = Number(readFileSync(f, 'utf8').split('\n')[0]);
        if (pid > 0) process.kill(pid, 'SIGQUIT');
      } catch {
        // already gone
      }
    }
    try {
      rmSync(this.root, { recursive: true, force: true });
    } catch {
      // the watchdog finishes the job
    }
  }
}

function findPidFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string, depth: number) => {
    let names: string[] = [];
    try {
      names = readdirSync(d);
    } catch {
      return;
    }
    if (names.includes('postmaster.pid')) out.push(path.join(d, 'postmaster.pid'));
    if (depth < 2) for (const n of names) if (/^[a-z]+\d+$|^template$/.test(n)) walk(path.join(d, n), depth + 1);
  };
  walk(root, 0);
  return out;
}

let host: PgHost | undefined;
let probe: PgInstall | string | undefined;

/** The process-wide host, or the sentence saying why there is none. */
export function pgHost(): PgHost | string {
  if (host) return host;
  probe ??= findPostgres();
  if (typeof probe === 'string') return probe;
  host = new PgHost(probe);
  return host;
}
