// The `.neon` file the neon CLI's `link` writes at a folder's root, read and written without
// `vscode`: pretty-printed JSON (2-space indent) with `orgId`, `projectId`, `branch` (a name, or an
// id), the legacy `branchId`, and neon-cli's `git` block `{follow?, map?: {gitBranch: neonName}}`.
// Unlike the CLI (which rewrites the whole file), fields we do not know are kept, so a newer CLI's
// additions survive our writes. Writes are atomic (temp file, fsync, rename), one at a time under
// the same lock as .env, and a killed writer's temp file is swept by the next write or at start.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import { acquireWriteLock, sweepDeadWriters, tempPathFor } from '../util/writeLock';

export const NEON_FILE = '.neon';

export interface NeonGitBlock {
  follow?: boolean;
  map?: Record<string, string>;
  [k: string]: unknown;
}

export interface NeonContext {
  orgId?: string;
  projectId?: string;
  branch?: string;
  branchId?: string;
  git?: NeonGitBlock;
  [k: string]: unknown;
}

export class NeonFileError extends Error {
  override name = 'NeonFileError';
}

const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);

/** Parses `.neon` text; a file that is not a JSON object is an error that says so. */
export function parseNeonFile(text: string, where = NEON_FILE): NeonContext {
  let raw: unknown;
  try {
    raw = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    throw new NeonFileError(l10n.t('{0} is not valid JSON. Fix or delete it, then link the folder again.', where));
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new NeonFileError(l10n.t('{0} does not hold a JSON object. Fix or delete it, then link the folder again.', where));
  const o = raw as Record<string, unknown>;
  const ctx: NeonContext = { ...o };
  for (const k of ['orgId', 'projectId', 'branch', 'branchId'] as const) {
    if (k in o && str(o[k]) === undefined) delete ctx[k];
  }
  if ('git' in o) {
    const g = o.git;
    if (typeof g !== 'object' || g === null || Array.isArray(g)) delete ctx.git;
    else {
      const git: NeonGitBlock = { ...(g as Record<string, unknown>) };
      const map = (g as Record<string, unknown>).map;
      if (map !== undefined) {
        if (typeof map !== 'object' || map === null || Array.isArray(map)) delete git.map;
        else git.map = Object.fromEntries(Object.entries(map).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));
      }
      ctx.git = git;
    }
  }
  return ctx;
}

/** The text the CLI writes: JSON, 2-space indent, trailing newline. */
export function formatNeonFile(ctx: NeonContext): string {
  const out: Record<string, unknown> = { ...ctx };
  // The CLI drops the legacy field once `branch` is written.
  if (out.branch !== undefined) delete out.branchId;
  return `${JSON.stringify(out, null, 2)}\n`;
}

/**
 * `.neon` without the Neon branches `gone` names (by name or id): their git map entries, and the
 * context `branch`/`branchId` naming one. A map left empty goes, and so does a `git` block left
 * with nothing else in it: the file reads as it did before any checkout was mapped. Every other
 * field keeps its place. Undefined when nothing names a gone branch.
 */
export function forgetBranches(ctx: NeonContext, gone: (nameOrId: string) => boolean): NeonContext | undefined {
  const next: NeonContext = { ...ctx };
  let changed = false;
  if (ctx.git?.map) {
    const map = Object.fromEntries(Object.entries(ctx.git.map).filter(([, n]) => !gone(n)));
    if (Object.keys(map).length !== Object.keys(ctx.git.map).length) {
      changed = true;
      const git: NeonGitBlock = { ...ctx.git, map };
      if (Object.keys(map).length === 0) delete git.map;
      if (Object.keys(git).length === 0) delete next.git;
      else next.git = git;
    }
  }
  if (ctx.branch && gone(ctx.branch)) {
    delete next.branch;
    changed = true;
  }
  if (ctx.branchId && gone(ctx.branchId)) {
    delete next.branchId;
    changed = true;
  }
  return changed ? next : undefined;
}

/** Reads `<folder>/.neon`; undefined when there is none. */
export async function readNeonFile(folder: string): Promise<NeonContext | undefined> {
  const file = path.join(folder, NEON_FILE);
  let text: string;
  try {
    text = await fsp.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new NeonFileError(l10n.t('{0} cannot be read ({1}).', file, (e as NodeJS.ErrnoException).code ?? 'error'));
  }
  return parseNeonFile(text, file);
}

/** Writes `<folder>/.neon` atomically; returns true when the file was created. */
export async function writeNeonFile(folder: string, ctx: NeonContext): Promise<boolean> {
  const file = path.join(folder, NEON_FILE);
  const release = await acquireWriteLock(file);
  try {
    await sweepDeadWriters(file);
    const existed = await fsp.lstat(file).then(() => true, () => false);
    // The pid in the name lets the next writer (or the next start) remove it if this one is killed.
    const tmp = tempPathFor(file);
    const h = await fsp.open(tmp, 'wx', 0o644);
    try {
      await h.writeFile(formatNeonFile(ctx));
      await h.sync();
    } finally {
      await h.close();
    }
    try {
      await fsp.rename(tmp, file);
    } catch (e) {
      await fsp.unlink(tmp).catch(() => undefined);
      throw e;
    }
    return !existed;
  } finally {
    await release();
  }
}
