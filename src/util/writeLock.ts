/**
 * Cross-process turn-taking for one file (.env, .neon, the account-key record), and the sweep of
 * what a killed writer left.
 *
 * The lock is a small file next to the target (`.env.neon-lock`) created exclusively and holding
 * "pid host nonce". A writer that was killed leaves it behind, so a lock whose process is gone (same
 * host), that is unreadable for more than a moment, or that is older than STALE_MS is broken at
 * once instead of being waited out. Temp files carry the writer's pid in their name
 * (`.env.<pid>-<hex>.tmp`), so those of a dead writer can be recognised and removed.
 */
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import * as l10n from '@vscode/l10n';

/** No write holds the lock for long (a read, a merge, a write of ≤ 1 MiB, a rename). */
const STALE_MS = 10_000;
/** A lock file with no readable owner yet: its writer is between creating and filling it. */
const UNREADABLE_GRACE_MS = 500;
/** How long a live writer is waited for before the write is refused as busy. */
export const LOCK_WAIT_MS = 5_000;
/** Temp files without a pid (older versions) are swept only when this old. */
const LEGACY_TMP_AGE_MS = 60 * 60_000;

const hex = () => randomBytes(6).toString('hex');
const code = (e: unknown) => (e as NodeJS.ErrnoException | undefined)?.code;
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export const lockPathFor = (target: string) => path.join(path.dirname(target), `.${path.basename(target)}.neon-lock`);
export const tempPathFor = (target: string) => path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}-${hex()}.tmp`);

/** Whether a process with this id runs on this machine (EPERM: it runs, as someone else). */
export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return code(e) === 'EPERM';
  }
}

/** A live writer kept the lock past the wait: a sentence, as it can reach the person as is. */
export class WriteLockBusyError extends Error {
  readonly code = 'ELOCKED';
  constructor(
    readonly holderPid: number | undefined,
    target = '',
  ) {
    const who = holderPid === undefined ? l10n.t('another process') : l10n.t('another process (pid {0})', holderPid);
    super(l10n.t('{0} is being written by {1}; nothing was written. Try again in a moment.', target, who));
  }
}

interface Holder {
  pid?: number;
  host?: string;
  raw: string;
}
const parse = (raw: string): Holder => {
  const m = /^(\d+) (\S+) [0-9a-f]+$/.exec(raw.trim());
  return m ? { pid: Number(m[1]), host: m[2], raw } : { raw };
};

function isStale(h: Holder, ageMs: number): boolean {
  if (ageMs > STALE_MS) return true;
  if (h.pid === undefined) return ageMs > UNREADABLE_GRACE_MS;
  return h.host === os.hostname() && h.pid !== process.pid && !pidAlive(h.pid);
}

/**
 * Move a stale lock aside atomically and delete it, unless what was moved is not the lock judged
 * stale (another writer broke it and took a fresh one meanwhile): then that one is put back.
 */
async function breakLock(lock: string, judged: string): Promise<void> {
  const aside = `${lock}.${process.pid}-${hex()}.stale`;
  try {
    await fsp.rename(lock, aside);
  } catch {
    return; // gone already
  }
  const moved = await fsp.readFile(aside, 'utf8').catch(() => judged);
  if (moved !== judged) await fsp.link(aside, lock).catch(() => undefined);
  await fsp.unlink(aside).catch(() => undefined);
}

/**
 * Take the lock for `target`; resolves to its release. When the lock file cannot be created at
 * all (a read-only folder, a missing one) the write goes ahead unlocked, so it fails with the
 * precise reason rather than a locking one. Throws WriteLockBusyError after `waitMs` of a live holder.
 */
export async function acquireWriteLock(target: string, waitMs = LOCK_WAIT_MS): Promise<() => Promise<void>> {
  const lock = lockPathFor(target);
  const mine = `${process.pid} ${os.hostname()} ${hex()}`;
  const deadline = Date.now() + waitMs;
  for (let delay = 5; ; delay = Math.min(delay * 2, 50)) {
    try {
      await fsp.writeFile(lock, mine, { flag: 'wx', mode: 0o600 });
      return async () => {
        const now = await fsp.readFile(lock, 'utf8').catch(() => undefined);
        if (now === mine) await fsp.unlink(lock).catch(() => undefined);
      };
    } catch (e) {
      if (code(e) !== 'EEXIST') return async () => undefined;
    }
    let holder: Holder;
    let ageMs: number;
    try {
      const [raw, st] = await Promise.all([fsp.readFile(lock, 'utf8'), fsp.stat(lock)]);
      holder = parse(raw);
      ageMs = Date.now() - st.mtimeMs;
    } catch (e) {
      if (code(e) === 'ENOENT') continue; // released meanwhile: try again at once
      return async () => undefined;
    }
    if (isStale(holder, ageMs)) {
      await breakLock(lock, holder.raw);
      continue;
    }
    if (Date.now() >= deadline) throw new WriteLockBusyError(holder.pid, target);
    await new Promise((r) => setTimeout(r, delay));
  }
}

/** Names of what our writers leave next to `target`: pid-named temp files, locks moved aside, older temp files. */
function leftoverPattern(target: string): RegExp {
  const base = escapeRe(path.basename(target));
  return new RegExp(`^\\.${base}\\.(?:(\\d+)-[0-9a-f]{12}\\.tmp|neon-lock\\.(\\d+)-[0-9a-f]{12}\\.stale|([0-9a-f]{12})\\.tmp)$`);
}

/**
 * Remove what killed writers left next to `target`: their temp files (pid in the name, no longer
 * running), locks they had moved aside, and pid-less temp files of older versions after an hour.
 * Call it holding the lock, so no live writer of ours is using any of these files. Returns the
 * names removed.
 */
export async function sweepDeadWriters(target: string): Promise<string[]> {
  const dir = path.dirname(target);
  const ours = leftoverPattern(target);
  let names: string[];
  try {
    names = await fsp.readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = ours.exec(name);
    if (!m) continue;
    const pid = m[1] ?? m[2];
    const p = path.join(dir, name);
    if (pid !== undefined) {
      if (Number(pid) === process.pid || pidAlive(Number(pid))) continue;
    } else {
      const st = await fsp.lstat(p).catch(() => undefined);
      if (!st || Date.now() - st.mtimeMs < LEGACY_TMP_AGE_MS) continue;
    }
    await fsp.unlink(p).then(() => removed.push(name), () => undefined);
  }
  return removed;
}

/**
 * At start: sweep `target`'s leftovers if no live writer holds it (never waits for one). Also
 * removes a lock left by a dead writer, since taking the lock breaks it.
 */
export async function sweepWriterLeftovers(target: string): Promise<string[]> {
  // Nothing left behind (the usual start): no lock is taken, so nothing is created in the folder.
  const lock = path.basename(lockPathFor(target));
  const names = await fsp.readdir(path.dirname(target)).catch((): string[] => []);
  if (!names.some((n) => n === lock || leftoverPattern(target).test(n))) return [];
  let release: () => Promise<void>;
  try {
    release = await acquireWriteLock(target, 0);
  } catch {
    return [];
  }
  try {
    return await sweepDeadWriters(target);
  } finally {
    await release();
  }
}
