// After Rename Database…: the workspace .env variables that named the old database (found as
// Delete Database finds them, ./envUses.ts) are rewritten to name the new one. Only the database
// part of a URL changes (every other byte of the value and of the file stays), and only where the
// value still names the old database when the file is written.
import { promises as fsp } from 'node:fs';
import * as vscode from 'vscode';
import { configuredKeyNames } from './connection';
import { EnvWriteError, writeEnvFile } from '../env/write';
import { parseEnv } from '../env/parse';
import type { Services } from '../services';
import { withFileLock } from './envTarget';
import type { EnvUse } from './envUses';
import { requireTrust } from './trust';

/** `value` naming database `to` instead of `from`; undefined when it does not name `from`. */
export function renamedValue(key: string, value: string, from: string, to: string, pgDatabase = 'PGDATABASE'): string | undefined {
  if (key === pgDatabase) return value === from ? to : undefined;
  const m = /^(\s*postgres(?:ql)?:\/\/[^/?#]*\/)([^?#]*)([\s\S]*)$/i.exec(value);
  if (!m) return undefined;
  let named: string;
  try {
    named = decodeURIComponent(m[2]!);
  } catch {
    return undefined;
  }
  return named === from ? `${m[1]}${encodeURIComponent(to)}${m[3]}` : undefined;
}

function pgDatabaseKey(): string {
  try {
    return configuredKeyNames().pgDatabase ?? 'PGDATABASE';
  } catch {
    return 'PGDATABASE';
  }
}

/** Rewrites `use.keys` of `use.file` to name `to`; says what was written, or why not. */
export async function renameDatabaseInEnv(s: Services, use: EnvUse, from: string, to: string): Promise<boolean> {
  const what = use.keys.join(', ');
  if ((await requireTrust(s, `rewriting ${what} in ${use.display}`)) !== true) return false;
  const pg = pgDatabaseKey();
  try {
    const written = await withFileLock(use.file, async () => {
      const text = await fsp.readFile(use.file, 'utf8');
      const env = parseEnv(text.replace(/^\uFEFF/, ''));
      const updates: Record<string, string> = {};
      for (const key of use.keys) {
        const next = renamedValue(key, env.get(key) ?? '', from, to, pg);
        if (next !== undefined) updates[key] = next;
      }
      if (Object.keys(updates).length) await writeEnvFile(use.file, updates, { workspaceRoot: use.root });
      return Object.keys(updates);
    });
    s.log.info(written.length ? `Rewrote ${written.join(', ')} in ${use.file} to name database ${to}` : `${what} in ${use.file} no longer named database ${from}`);
    if (written.length) void s.prompt.message('info', vscode.l10n.t('{0} in {1} now connect to database {2}.', written.join(', '), use.display, to), {});
    return written.length > 0;
  } catch (e) {
    const detail = e instanceof EnvWriteError || (e as NodeJS.ErrnoException).code ? (e as Error).message : undefined;
    if (detail === undefined) throw e;
    s.log.warn(`Rewriting ${what} in ${use.file} failed: ${detail}`);
    void s.prompt.message('error', vscode.l10n.t('Couldn\'t rewrite {0} in {1}: they still name database {2}. Edit them by hand to name {3}.', what, use.display, from, to), { modal: true, detail });
    return false;
  }
}
