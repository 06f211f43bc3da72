// After Revoke API Key: the workspace's .env files (where Save to .env writes a new key) holding a
// key Neon accepted before the revoke and refuses after it. Neon does not say which key a token is,
// so each key-like value of those files is asked before and after (GET /auth: 401 means refused);
// the values never leave this module.
import { promises as fsp } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { isNeonApiError, NeonClient } from '../api';
import { proxyConfig } from '../accounts/proxySettings';
import { requestTimeoutMs, userAgent } from '../accounts/store';
import { parseEnv } from '../env/parse';
import type { Services } from '../services';
import { envFileOf } from './envFileOf';

/** Neon's API keys: `napi_` and at least 20 more characters (the shape the console shows). */
const KEY_SHAPE = /^napi_[A-Za-z0-9]{20,}$/;

export interface RefusedKeyPlace {
  file: string;
  /** As the person reads it: `.env`, or `folder/.env` in a multi-root workspace. */
  display: string;
  variables: string[];
}

/** Key-like values of the workspace's .env files that Neon accepts now (held in memory only, never shown or logged). */
export interface AcceptedEnvKeys {
  places: { file: string; display: string; keys: [variable: string, value: string][] }[];
}

/**
 * Before a revoke: the keys of the workspace's .env files that Neon accepts. Only these can be the
 * one revoked: a key refused already was not (walk 26: every revoke named a .env whose key had been
 * revoked long before).
 */
export async function envKeysNeonAccepts(s: Services, baseUrl: string): Promise<AcceptedEnvKeys> {
  // Untrusted folders are not read for this: the question can wait until the workspace is trusted.
  if (!vscode.workspace.isTrusted) return { places: [] };
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
  const places = await Promise.all(
    folders.map(async (folder) => {
      const { file, inside } = envFileOf(folder);
      if (!inside) return undefined;
      const text = await fsp.readFile(file, 'utf8').catch(() => undefined);
      if (text === undefined) return undefined;
      const candidates = [...parseEnv(text.replace(/^\uFEFF/, ''))].filter(([, v]) => KEY_SHAPE.test(v));
      const verdicts = await Promise.all(candidates.map(async ([, value]) => refusedByNeon(s, baseUrl, value)));
      const keys = candidates.filter((_, i) => verdicts[i] === false);
      if (keys.length === 0) return undefined;
      const rel = path.relative(folder.uri.fsPath, file).split(path.sep).join('/');
      return { file, display: folders.length > 1 ? `${folder.name}/${rel}` : rel, keys };
    }),
  );
  return { places: places.filter((p): p is NonNullable<typeof p> => p !== undefined) };
}

/** After the revoke: the files whose keys Neon accepted before and refuses now, with the variables. */
export async function envFilesWithRefusedKey(s: Services, baseUrl: string, before: AcceptedEnvKeys): Promise<RefusedKeyPlace[]> {
  const places = await Promise.all(
    before.places.map(async (p): Promise<RefusedKeyPlace | undefined> => {
      const verdicts = await Promise.all(p.keys.map(([, value]) => refusedByNeon(s, baseUrl, value)));
      const variables = p.keys.filter((_, i) => verdicts[i] === true).map(([name]) => name);
      return variables.length ? { file: p.file, display: p.display, variables } : undefined;
    }),
  );
  return places.filter((p): p is RefusedKeyPlace => p !== undefined);
}

/** true: Neon refuses the key (401); false: it accepts it; undefined: no answer that says (offline, 5xx). */
async function refusedByNeon(s: Services, baseUrl: string, apiKey: string): Promise<boolean | undefined> {
  const client = new NeonClient({ baseUrl, apiKey, userAgent: userAgent(s.context), timeoutMs: requestTimeoutMs(), maxConcurrent: 1, proxy: proxyConfig(), retry: { maxAttempts: 2 } });
  try {
    await client.getAuth();
    return false;
  } catch (e) {
    // Anything but a refusal of the key (offline, 5xx) says nothing: the file is not named.
    return isNeonApiError(e) && e.status === 401 ? true : undefined;
  }
}

/** Names each such file once, with a button that opens it; resolves once the files are known, not when the messages close. */
export async function sayEnvHoldsRefusedKey(s: Services, baseUrl: string, before: AcceptedEnvKeys): Promise<void> {
  for (const place of await envFilesWithRefusedKey(s, baseUrl, before)) {
    const open = vscode.l10n.t('Open {0}', path.basename(place.file));
    void s.prompt
      .message(
        'warning',
        vscode.l10n.t('{0} holds an API key Neon now refuses ({1}): whatever reads it from there has lost access. Replace it with a working key, or remove it.', place.display, place.variables.join(', ')),
        {},
        open,
      )
      .then(async (choice) => {
        if (choice === open) await vscode.window.showTextDocument(vscode.Uri.file(place.file), { preview: false });
      })
      .then(undefined, () => undefined);
  }
}
