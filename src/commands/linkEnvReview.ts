// Linking hands the .env's DATABASE_URL and DATABASE_URL_UNPOOLED to Neon Explorer: the link
// points them at a Neon branch now and on every git checkout. A value there that leads to no
// compute of the project (a local database, another project's branch) would be overwritten
// without a word, so the person is asked first. The first (safe) choice keeps a copy under
// <NAME>_BEFORE_NEON in the same file; the values are never shown (host, role and database only).
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { NeonClient } from '../api';
import { resolveKeyNames } from '../env/connection';
import { parseEnv } from '../env/parse';
import { connectionPlaceOf, placeLabel } from '../env/target';
import { writeEnvFile } from '../env/write';
import { endpointIdOfUri } from '../git/mapping';
import type { Services } from '../services';
import { registerSecret } from '../util/redact';
import { configuredKeyNames } from './connection';

export const KEEP_COPY = vscode.l10n.t('Link, Keeping a Copy');
export const LINK_AND_REPLACE = vscode.l10n.t('Link and Replace');

/** `<key>_BEFORE_NEON` (then _2, _3…) unless the file uses it for another value. */
function copyName(key: string, existing: ReadonlyMap<string, string>, value: string): string {
  for (let i = 1; ; i++) {
    const name = i === 1 ? `${key}_BEFORE_NEON` : `${key}_BEFORE_NEON_${i}`;
    const there = existing.get(name);
    if (!there || there === value) return name;
  }
}

/**
 * Asks before a link takes over connection variables that lead elsewhere. True: go on (nothing
 * foreign, replaced, or a copy kept); false: the person cancelled, nothing was written.
 */
export async function reviewEnvBeforeLink(s: Services, client: NeonClient, o: { folder: string; envFile: string; projectId: string; projectName: string }): Promise<boolean> {
  const text = await fsp.readFile(o.envFile, 'utf8').catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return undefined;
    throw new Error(vscode.l10n.t('{0} could not be read ({1}); the folder was not linked', o.envFile, e.code ?? 'error'));
  });
  if (text === undefined) return true;
  const current = parseEnv(text);
  const keys = resolveKeyNames(configuredKeyNames());
  const set = [keys.databaseUrl, keys.databaseUrlUnpooled].filter((k) => (current.get(k) ?? '').trim() !== '');
  if (set.length === 0) return true;
  const ours = new Set((await client.listProjectEndpoints(o.projectId)).map((e) => e.id));
  const foreign = set.filter((k) => {
    const id = endpointIdOfUri(current.get(k));
    return !id || !ours.has(id);
  });
  if (foreign.length === 0) return true;
  foreign.forEach((k) => registerSecret(current.get(k)!));
  const place = connectionPlaceOf(current.get(foreign[0]!));
  const where = place ? placeLabel(place, undefined, true) : vscode.l10n.t('a value that is not a postgres:// connection string');
  const copies = foreign.map((k) => ({ key: k, name: copyName(k, current, current.get(k)!) }));
  const file = path.relative(o.folder, o.envFile) || o.envFile;
  const choice = await s.prompt.message(
    'warning',
    foreign.length === 1
      ? vscode.l10n.t('{0} in {1} leads to {2}, not to project {3}. Linking points it at a Neon branch of {3}, now and on every git checkout.', foreign[0]!, file, where, o.projectName)
      : vscode.l10n.t('{0} and {1} in {2} lead to {3}, not to project {4}. Linking points them at a Neon branch of {4}, now and on every git checkout.', foreign[0]!, foreign[1]!, file, where, o.projectName),
    {
      modal: true,
      detail: foreign.length === 1
        ? vscode.l10n.t('"{0}" keeps the current value as {1} in the same file. "{2}" overwrites it.', KEEP_COPY, copies[0]!.name, LINK_AND_REPLACE)
        : vscode.l10n.t('"{0}" keeps the current values as {1} and {2} in the same file. "{3}" overwrites them.', KEEP_COPY, copies[0]!.name, copies[1]!.name, LINK_AND_REPLACE),
    },
    KEEP_COPY,
    LINK_AND_REPLACE,
  );
  if (choice === LINK_AND_REPLACE) return true;
  if (choice !== KEEP_COPY) return false;
  await writeEnvFile(o.envFile, Object.fromEntries(copies.map((c) => [c.name, current.get(c.key)!])), { workspaceRoot: o.folder });
  s.log.info(`link: kept ${copies.map((c) => `${c.key} as ${c.name}`).join(', ')} in ${o.envFile}`);
  return true;
}
