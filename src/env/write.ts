/**
 * Write keys into a .env file safely: merge (./merge), write a temp file next to
 * the target, fsync, rename over it — holding a lock other processes respect, and
 * sweeping what a killed writer left (./writeLock). Errors say what happened and what
 * to do, and never include values (they are secrets) — only key names and paths.
 */
import { promises as fsp, constants as fsConstants, type Stats } from 'node:fs';
import * as path from 'node:path';
import { keysToChange, mergeEnv, removeEnvKeys, validateEnvKey, EnvMergeError } from './merge';
import { acquireWriteLock, sweepDeadWriters, tempPathFor, WriteLockBusyError } from '../util/writeLock';
import * as l10n from '@vscode/l10n';
import { envWritten, type WrittenBranch } from './written';

export const MAX_ENV_FILE_BYTES = 1024 * 1024;
const MAX_ATTEMPTS = 5;
const MAX_LINK_HOPS = 40;

export type EnvWriteErrorKind =
  | 'read-only'
  | 'unreadable'
  | 'no-space'
  | 'is-directory'
  | 'not-a-file'
  | 'binary'
  | 'too-large'
  | 'not-utf8'
  | 'symlink-outside'
  | 'symlink-loop'
  | 'missing-folder'
  | 'conflict'
  | 'locked'
  | 'invalid'
  | 'io';

export class EnvWriteError extends Error {
  constructor(
    readonly kind: EnvWriteErrorKind,
    message: string,
    readonly path: string,
    readonly keys: string[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'EnvWriteError';
  }
}

/** The file operations used, replaceable in tests to simulate failures root cannot provoke. */
export interface EnvFs {
  lstat(p: string): Promise<Stats>;
  readlink(p: string): Promise<string>;
  realpath(p: string): Promise<string>;
  readFile(p: string): Promise<Buffer>;
  /** Resolves when the file may be written (fails for read-only files, even when a rename would succeed). */
  access(p: string): Promise<void>;
  /** Create `p` exclusively with `mode` (and owner, best effort), write, fsync, close. */
  writeNew(p: string, data: Buffer, o: { mode: number; uid?: number; gid?: number }): Promise<void>;
  /** Atomically replace `to`, then fsync the folder so the rename itself is durable. */
  rename(from: string, to: string): Promise<void>;
  unlink(p: string): Promise<void>;
}

export const nodeEnvFs: EnvFs = {
  lstat: (p) => fsp.lstat(p),
  readlink: (p) => fsp.readlink(p),
  realpath: (p) => fsp.realpath(p),
  readFile: (p) => fsp.readFile(p),
  access: (p) => fsp.access(p, fsConstants.W_OK),
  async writeNew(p, data, { mode, uid, gid }) {
    const h = await fsp.open(p, 'wx', mode);
    try {
      await h.chmod(mode); // open's mode is filtered by the umask; we want the exact mode
      if (uid !== undefined && gid !== undefined) await h.chown(uid, gid).catch(() => undefined);
      await h.writeFile(data);
      await h.sync();
    } finally {
      await h.close();
    }
  },
  async rename(from, to) {
    await fsp.rename(from, to);
    const dir = await fsp.open(path.dirname(to), 'r').catch(() => undefined);
    await dir?.sync().catch(() => undefined); // not every filesystem can fsync a folder
    await dir?.close();
  },
  unlink: (p) => fsp.unlink(p),
};

export interface WriteEnvOptions {
  /**
   * A path inside this folder that leads, through symbolic links, outside it is
   * refused. Links that stay inside are followed (the link itself is kept). A path
   * that is outside the folder to begin with is the caller's explicit choice.
   */
  workspaceRoot?: string;
  fs?: Partial<EnvFs>;
  /** The Neon branch the write connects the file to, told to the listeners (the tree's "in .env" marks). */
  branch?: WrittenBranch;
}

const code = (e: unknown) => (e as NodeJS.ErrnoException | undefined)?.code;
const isInside = (root: string, p: string) => {
  const rel = path.relative(root, p);
  return rel === '' || (rel !== '..' && !rel.startsWith('..' + path.sep) && !path.isAbsolute(rel));
};

// In-process writers to the same file take turns, so two concurrent calls both land.
const queues = new Map<string, Promise<unknown>>();
function serialize<T>(key: string, job: () => Promise<T>): Promise<T> {
  const run = (queues.get(key) ?? Promise.resolve()).then(job, job);
  const tail = run.catch(() => undefined);
  queues.set(key, tail);
  void tail.then(() => queues.get(key) === tail && queues.delete(key));
  return run;
}

export { onEnvWritten, type EnvWritten } from './written';

export async function writeEnvFile(
  file: string,
  updates: Record<string, string>,
  opts: WriteEnvOptions = {},
): Promise<{ created: boolean; keys: string[]; changed: boolean; changedKeys: string[] }> {
  const keys = Object.keys(updates);
  // Read from the text the write was merged into (the last attempt's, under the lock), so that
  // "Wrote" names only what really changed.
  let changedKeys: string[] = [];
  const result = await changeEnvFile(
    file,
    keys,
    (text) => {
      changedKeys = keysToChange(text, updates);
      return mergeEnv(text, updates);
    },
    true,
    opts,
  );
  envWritten({ file, updates, ...(opts.branch ? { branch: opts.branch } : {}) });
  return { ...result, changedKeys };
}

/**
 * Removes the lines that set `keys` (every other byte stays), as writeEnvFile writes: under the
 * lock, through a temp file renamed over the old one, so an interrupted removal leaves the old file.
 * A missing file is left missing.
 */
export async function removeFromEnvFile(file: string, keys: readonly string[], opts: WriteEnvOptions = {}): Promise<{ keys: string[]; changed: boolean }> {
  const r = await changeEnvFile(file, [...keys], (text) => removeEnvKeys(text, keys), false, opts);
  return { keys: r.keys, changed: r.changed };
}

async function changeEnvFile(
  file: string,
  keys: string[],
  change: (text: string) => string,
  create: boolean,
  opts: WriteEnvOptions,
): Promise<{ created: boolean; keys: string[]; changed: boolean }> {
  const fs: EnvFs = { ...nodeEnvFs, ...opts.fs };
  const fail = (kind: EnvWriteErrorKind, msg: string, p: string, cause?: unknown): never => {
    throw new EnvWriteError(kind, msg, p, keys, { cause });
  };
  const what = `${keys.join(', ') || 'nothing'}`;
  try {
    // Only names being written must be shell names; a line being removed may hold any name dotenv reads.
    if (create) keys.forEach(validateEnvKey);
  } catch (e) {
    fail('invalid', (e as Error).message, file, e);
  }

  const target = await resolveTarget(fs, path.resolve(file), opts.workspaceRoot, fail);
  return serialize(target, async () => {
    let release: () => Promise<void>;
    try {
      release = await acquireWriteLock(target);
    } catch (e) {
      if (!(e instanceof WriteLockBusyError)) throw e;
      return fail('locked', e.message, target, e);
    }
    try {
      await sweepDeadWriters(target);
      return await writeLocked(fs, target, change, create, keys, what, fail);
    } finally {
      await release();
    }
  });
}

async function writeLocked(
  fs: EnvFs,
  target: string,
  change: (text: string) => string,
  create: boolean,
  keys: string[],
  what: string,
  fail: Fail,
): Promise<{ created: boolean; keys: string[]; changed: boolean }> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const cur = await readCurrent(fs, target, fail);
    let merged: string;
    try {
      merged = change(cur.text);
    } catch (e) {
      if (!(e instanceof EnvMergeError)) throw e;
      return fail('invalid', l10n.t('{0} {1} was not changed.', e.message, target), target, e);
    }
    if (merged === cur.text && (cur.stat || keys.length === 0 || !create)) return { created: false, keys, changed: false };
    // A rename would happily replace a read-only file; respect the owner's intent instead.
    if (cur.stat) await fs.access(target).catch((e) => fail(...describe(e, target, what)));

    const tmp = tempPathFor(target);
    let renamed = false;
    try {
      const owner = cur.stat ? { uid: cur.stat.uid, gid: cur.stat.gid } : {};
      await fs.writeNew(tmp, Buffer.from(merged, 'utf8'), { mode: cur.stat ? cur.stat.mode & 0o7777 : 0o600, ...owner });
      // Someone (an editor, another process) changed the file since we read it: merge again.
      const now = await fs.readFile(target).catch((e) => (code(e) === 'ENOENT' ? undefined : Promise.reject(e)));
      if (!(now === undefined ? cur.bytes === undefined : cur.bytes !== undefined && now.equals(cur.bytes))) continue;
      await fs.rename(tmp, target);
      renamed = true;
      return { created: !cur.stat, keys, changed: merged !== cur.text };
    } catch (e) {
      return fail(...describe(e, target, what));
    } finally {
      if (!renamed) await fs.unlink(tmp).catch(() => undefined);
    }
  }
  return fail('conflict', `${target} kept changing while ${what} was being written; nothing was written. Try again.`, target);
}

type Fail = (kind: EnvWriteErrorKind, msg: string, p: string, cause?: unknown) => never;

/** Follow symbolic links to the file that really gets replaced (the link itself is kept). */
async function resolveTarget(fs: EnvFs, file: string, root: string | undefined, fail: Fail): Promise<string> {
  let p = file;
  for (let hops = 0; ; hops++) {
    let st: Stats;
    try {
      st = await fs.lstat(p);
    } catch (e) {
      if (code(e) === 'ENOENT') break; // a new file (or a dangling link's target)
      return fail(...describe(e, p, READING));
    }
    if (!st.isSymbolicLink()) break;
    if (hops >= MAX_LINK_HOPS) fail('symlink-loop', l10n.t('{0} is a loop of symbolic links. Fix or remove the link.', file), file);
    const dir = await fs.realpath(path.dirname(p)).catch(() => path.dirname(p));
    p = path.resolve(dir, await fs.readlink(p));
  }
  if (root !== undefined && isInside(path.resolve(root), file)) {
    const realRoot = await fs.realpath(path.resolve(root)).catch(() => path.resolve(root));
    const realDir = await fs.realpath(path.dirname(p)).catch(() => path.dirname(p));
    const real = path.join(realDir, path.basename(p));
    if (!isInside(realRoot, real)) {
      fail(
        'symlink-outside',
        `${file} leads through a symbolic link to ${real}, outside the workspace. Nothing was written; replace the link with a regular file or point it inside the workspace.`,
        file,
      );
    }
  }
  return p;
}

async function readCurrent(fs: EnvFs, p: string, fail: Fail): Promise<{ text: string; bytes?: Buffer; stat?: Stats }> {
  let stat: Stats;
  try {
    stat = await fs.lstat(p);
  } catch (e) {
    if (code(e) === 'ENOENT') return { text: '' };
    return fail(...describe(e, p, READING));
  }
  if (stat.isDirectory()) fail(...describe(Object.assign(new Error(), { code: 'EISDIR' }), p, ''));
  if (!stat.isFile()) fail('not-a-file', `${p} is not a regular file (a pipe, socket or device?); it was not changed.`, p);
  if (stat.size > MAX_ENV_FILE_BYTES) fail('too-large', `${p} is larger than 1 MiB, too big for a .env file; it was not changed. Check that this is the right file.`, p);
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(p);
  } catch (e) {
    return fail(...describe(e, p, READING));
  }
  if (bytes.length > MAX_ENV_FILE_BYTES) fail('too-large', `${p} is larger than 1 MiB, too big for a .env file; it was not changed.`, p);
  if (bytes.includes(0)) fail('binary', l10n.t('{0} looks binary (it contains NUL bytes), so it was not changed. Choose a text .env file.', p), p);
  const text = bytes.toString('utf8');
  // Decoding would silently replace invalid bytes; writing them back would corrupt the file.
  if (!Buffer.from(text, 'utf8').equals(bytes)) fail('not-utf8', l10n.t('{0} is not UTF-8 text, so it was not changed. Convert it to UTF-8 and try again.', p), p);
  return { text, bytes, stat };
}

const READING = Symbol('reading');

/** Error kind and a message that says what happened and what to do. `what` names the keys being written. */
function describe(e: unknown, p: string, what: string | typeof READING): [EnvWriteErrorKind, string, string, unknown] {
  const c = code(e) ?? l10n.t('unknown error');
  const writing = what && what !== READING ? l10n.t(' while writing {0}', what) : '';
  const intact = l10n.t('The existing file was not changed.');
  if (what === READING && (c === 'EACCES' || c === 'EPERM')) {
    return ['unreadable', `${p} cannot be read (${c}). Nothing was written; check its permissions and try again.`, p, e];
  }
  switch (c) {
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return ['read-only', l10n.t('{0} cannot be written{1} ({2}): the file or its folder is read-only or protected. {3} Make it writable (permissions, read-only disk or immutable attribute) and try again.', p, writing, c, intact), p, e];
    case 'ENOSPC':
    case 'EDQUOT':
      return ['no-space', l10n.t('No space left on the disk for {0}{1} ({2}). {3} Free some space and try again.', p, writing, c, intact), p, e];
    case 'EISDIR':
      return ['is-directory', `${p} is a folder, not a file. Nothing was written; choose a file name such as ${path.join(p, '.env')} or remove the folder.`, p, e];
    case 'ENOENT':
    case 'ENOTDIR':
      return ['missing-folder', l10n.t('The folder for {0} does not exist ({1}). Nothing was written; create the folder first.', p, c), p, e];
    case 'ELOOP':
      return ['symlink-loop', `${p} is a loop of symbolic links (ELOOP). Nothing was written; fix or remove the link.`, p, e];
    default:
      return ['io', l10n.t('{0} could not be written{1} ({2}). {3}', p, writing, c, intact), p, e];
  }
}
