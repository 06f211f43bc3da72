// Shared by the connection suites: connection strings straight from the emulator's API, fresh
// node-postgres clients (pg's own parsing of the string, not the extension's), SQL on a branch.
import * as assert from 'assert';
import { Client } from 'pg';
import type { Emulator } from '../../emulator';
import { ACME_API, refs, setSetting, useSecretScan } from './commands-role.support';
import { useEmulator } from './helpers/emulator';
import { removeAllAccounts, type Testing } from './tree.support';
import { startWithAccount } from './helpers/suite';

/**
 * For a describe: an emulator with its data plane (required: fails without PostgreSQL), the
 * account "you" on it, refs into acme-api, and the password scan of everything shown and logged.
 */
export function useConnectScene() {
  const emulator = useEmulator({ seed: 'small', operationMs: 40, postgres: true });
  let t: Testing | undefined;
  let you = '';
  before(async () => {
    ({ t, accountId: you } = await startWithAccount(emulator(), 'you', [ACME_API]));
  });
  after(async () => {
    await setSetting('envFile', undefined);
    await setSetting('env.verifyAfterWrite', undefined);
    await removeAllAccounts();
  });
  const tt = () => t!;
  useSecretScan(tt, emulator);
  const shown = (kind: string) => tt().prompt.shown.filter((x) => x.kind === kind).map((x) => x.text);
  return { emulator, t: tt, r: refs(emulator, () => you), errors: () => shown('error'), infos: () => shown('info'), warnings: () => shown('warning') };
}

export async function apiUri(em: Emulator, projectId: string, branchId: string, role: string, database = 'neondb', pooled = false): Promise<string> {
  const q = new URLSearchParams({ branch_id: branchId, role_name: role, database_name: database, pooled: String(pooled) });
  const res = await fetch(`${em.url}/projects/${projectId}/connection_uri?${q}`, { headers: { authorization: `Bearer ${em.apiKey}`, accept: 'application/json' } });
  assert.strictEqual(res.status, 200, `connection_uri answered ${res.status}`);
  return ((await res.json()) as { uri: string }).uri;
}

/** Runs `fn` on a fresh client built by pg from `uri` alone; always disconnects. */
export async function withClient<T>(uri: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: uri, connectionTimeoutMillis: 20_000 });
  c.on('error', () => undefined);
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end().catch(() => undefined);
  }
}

/** The SQLSTATE (or errno) connecting with `uri` fails with; throws if it connects. */
export async function refusal(uri: string): Promise<string> {
  try {
    await withClient(uri, async () => undefined);
  } catch (e) {
    return String((e as { code?: string }).code ?? (e as Error).message);
  }
  throw new Error('connected, but a refusal was expected');
}
