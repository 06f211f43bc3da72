/**
 * Is a .env file going to be committed? Ask git itself (`git check-ignore`), so
 * nested .gitignore files, global excludes and .git/info/exclude all count.
 */
import { execFile } from 'node:child_process';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { detectEol } from './merge';
import * as l10n from '@vscode/l10n';

/**
 * true: ignored; false: not ignored (a tracked file counts as not ignored, since
 * git would commit its changes); undefined: not inside a git work tree, or git is
 * not installed, so we cannot tell.
 */
export async function isIgnoredByGit(filePath: string, opts: { git?: string } = {}): Promise<boolean | undefined> {
  const abs = path.resolve(filePath);
  // git needs an existing cwd; the file (and even its folder) may not exist yet.
  let cwd = path.dirname(abs);
  while (!(await fsp.stat(cwd).then((s) => s.isDirectory(), () => false))) {
    const up = path.dirname(cwd);
    if (up === cwd) return undefined;
    cwd = up;
  }
  return new Promise((resolve) => {
    execFile(opts.git ?? 'git', ['check-ignore', '-q', '--', abs], { cwd, timeout: 10_000, windowsHide: true }, (err) => {
      if (!err) return resolve(true);
      // Exit 1 = not ignored; 128 = not a repository / path outside it; ENOENT = no git.
      resolve((err as { code?: unknown }).code === 1 ? false : undefined);
    });
  });
}

/** Escapes gitignore pattern syntax so the line matches exactly this path. */
export function gitignorePattern(relativePath: string): string {
  const p = relativePath.split(path.sep).join('/');
  const escaped = p.replace(/[\\*?[\]]/g, '\\$&').replace(/^([#!])/, '\\$1').replace(/ $/, '\\ ');
  // A slash anchors the pattern to repoRoot, so `.env` does not also hide e.g. docs/examples/.env.
  return escaped.includes('/') ? escaped : `/${escaped}`;
}

/**
 * Appends a line for `relativePath` to `<repoRoot>/.gitignore` (created if
 * missing) in the file's own line-ending style. Existing lines are never
 * rewritten. Returns false when that exact line is already there.
 */
export async function addToGitignore(repoRoot: string, relativePath: string): Promise<boolean> {
  if (path.isAbsolute(relativePath) || relativePath.split(/[\\/]/).includes('..') || relativePath === '') {
    throw new Error(l10n.t('"{0}" must be a path inside the repository, relative to its root.', relativePath));
  }
  const file = path.join(repoRoot, '.gitignore');
  const current = await fsp.readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return '';
    throw e;
  });
  const line = gitignorePattern(relativePath);
  const existing = current.split(/\r?\n/).map((l) => l.trim());
  if (existing.includes(line) || existing.includes(line.replace(/^\//, ''))) return false;
  const eol = detectEol(current);
  const sep = current === '' || /\n$/.test(current) ? '' : eol;
  // O_APPEND: the existing bytes are never rewritten, even if another writer is appending too.
  await fsp.appendFile(file, `${sep}${line}${eol}`);
  return true;
}
