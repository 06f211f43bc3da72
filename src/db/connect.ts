// One short connection with node-postgres: connect, `select version(), current_user,
// current_database()`, disconnect, with the times taken. The driver (./driver: pg and dotenv) is
// loaded on first use, not at activation; esbuild bundles it into dist/driver.js beside
// dist/extension.js. Pure of vscode.
import type { ClientConfig } from 'pg';
import { clientConfig, mayFallBackToPlain, type ConnectionSpec } from './config';

export interface ProbeResult {
  /** `select version()`: "PostgreSQL 16.4 on x86_64-pc-linux-gnu, …". */
  version: string;
  /** "PostgreSQL 16.4": the first two words of `version`. */
  serverVersion: string;
  user: string;
  database: string;
  /** TCP + TLS + authentication. */
  connectMs: number;
  /** The select's round trip on the open connection. */
  queryMs: number;
  /** Whether TLS was used (libpq's prefer may fall back to plain). */
  tls: boolean;
}

export type Driver = typeof import('./driver');
let driver: Promise<Driver> | undefined;

/** node-postgres and dotenv, loaded once, on the first use. */
export function loadDriver(): Promise<Driver> {
  // require, not import(): the host and the unit tests load CommonJS; esbuild leaves it pointing at dist/driver.js.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  driver ??= Promise.resolve().then(() => require('./driver') as Driver);
  return driver;
}

export const PROBE_SQL = 'select version() as version, current_user as "user", current_database() as database';

function elapsed(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e6;
}

async function probeOnce(config: ClientConfig, signal?: AbortSignal): Promise<ProbeResult> {
  const { Client } = await loadDriver();
  const client = new Client(config);
  // A connection error after connect() settles (e.g. the server going away) must not crash the host.
  client.on('error', () => undefined);
  const onAbort = () => void client.end().catch(() => undefined);
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    signal?.throwIfAborted();
    const t0 = process.hrtime.bigint();
    await client.connect();
    const connectMs = elapsed(t0);
    signal?.throwIfAborted();
    const t1 = process.hrtime.bigint();
    const r = await client.query<{ version: string; user: string; database: string }>(PROBE_SQL);
    const queryMs = elapsed(t1);
    const row = r.rows[0]!;
    return {
      version: row.version,
      serverVersion: row.version.split(/\s+/).slice(0, 2).join(' ').replace(/,$/, ''),
      user: row.user,
      database: row.database,
      connectMs,
      queryMs,
      tls: config.ssl !== false && config.ssl !== undefined,
    };
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await client.end().catch(() => undefined);
  }
}

/** Connects as the spec says and runs the probe; throws pg's or Node's own error on failure. */
export async function probe(spec: ConnectionSpec, opts: { applicationName?: string; timeoutMs?: number; signal?: AbortSignal } = {}): Promise<ProbeResult> {
  const config = clientConfig(spec, opts) as ClientConfig;
  try {
    return await probeOnce(config, opts.signal);
  } catch (e) {
    // libpq's prefer/allow: a server without TLS is then spoken to in plain text.
    if (config.ssl && mayFallBackToPlain(spec) && /does not support SSL/i.test(String((e as Error)?.message))) {
      return probeOnce({ ...config, ssl: false, enableChannelBinding: false } as ClientConfig, opts.signal);
    }
    throw e;
  }
}
