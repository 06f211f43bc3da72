// After Revoke API Key: the workspace's .env files (where Save to .env writes a new key) that still
// hold a key Neon now refuses. Neon does not say which key a token is, so each key-like value of
// those files is asked once (GET /auth: 401 means refused); the value never leaves this module.
import { promises as fsp } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { isNeonApiError, NeonClient } from '../api';
import { proxyConfig } from '../accounts/proxySettings';
import { requestTimeoutMs, userAgent } from '../accounts/store';
import { parseEnv } from '../env/parse';
import type { Services } from '../services';
import { envFileOf } from './envTarget';

/** Neon's API keys: `napi_` and at least 20 more characters (the shape the console shows). */
const KEY_SHAPE = /^napi_[A-Za-z0-9]{20,}$/;

export interface RefusedKeyPlace {
  file: string;
  /** As the person reads it: `.env`, or `folder/.env` in a multi-root workspace. */
  display: string;
  variables: string[];
}

/** The workspace's .env files holding a key that `baseUrl` now refuses, with the variables that hold it. */
export async function envFilesWithRefusedKey(s: Services, baseUrl: string): Promise<RefusedKeyPlace[]> {
  // Untrusted folders are not read for this: the question can wait until the workspace is trusted.
  if (!vscode.workspace.isTrusted) return [];
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
  const places = await Promise.all(
    folders.map(async (folder): Promise<RefusedKeyPlace | undefined> => {
      const { file, inside } = envFileOf(folder);
      if (!inside) return undefined;
      const text = await fsp.readFile(file, 'utf8').catch(() => undefined);
      if (text === undefined) return undefined;
      const keys = [...parseEnv(text.replace(/^\uFEFF/, ''))].filter(([, v]) => KEY_SHAPE.test(v));
      const refused = await Promise.all(keys.map(async ([name, value]) => ((await refusedByNeon(s, baseUrl, value)) ? name : undefined)));
      const variables = refused.filter((n): n is string => n !== undefined);
      if (variables.length === 0) return undefined;
      const rel = path.relative(folder.uri.fsPath, file).split(path.sep).join('/');
      return { file, display: folders.length > 1 ? `${folder.name}/${rel}` : rel, variables };
    }),
  );
  return places.filter((p): p is RefusedKeyPlace => p !== undefined);
}

async function refusedByNeon(s: Services, baseUrl: string, apiKey: string): Promise<boolean> {
  const client = new NeonClient({ baseUrl, apiKey, userAgent: userAgent(s.context), timeoutMs: requestTimeoutMs(), maxConcurrent: 1, proxy: proxyConfig(), retry: { maxAttempts: 2 } });
  try {
    await client.getAuth();
    return false;
  } catch (e) {
    // Anything but a refusal of the key (offline, 5xx) says nothing: the file is not named.
    return isNeonApiError(e) && e.status === 401;
  }
}

/** Names each such file once, with a button that opens it; resolves once the files are known, not when the messages close. */
export async function sayEnvHoldsRefusedKey(s: Services, baseUrl: string): Promise<void> {
  for (const place of await envFilesWithRefusedKey(s, baseUrl)) {
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
