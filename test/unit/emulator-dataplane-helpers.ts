// Shared by the data-plane suites: start an emulator with real PostgreSQL (or fail in CI / skip
// elsewhere when the binaries are missing), talk SQL through node-postgres and through psql.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import pg from 'pg';
import { postgresAvailable, startEmulator, type Emulator, type StartOptions } from '../../emulator/index';
import { call } from './emulator-helpers';

/** Skips the suite where PostgreSQL is not installed, except in CI, where that is a failure. */
export function needPostgres(ctx: Mocha.Context): void {
  const ok = postgresAvailable();
  if (ok === true) return;
  if (process.env.CI === 'true') throw new Error(`the emulator's data plane is required in CI: ${ok}`);
  ctx.skip();
}

/** Every response is also checked against the OpenAPI document (see noViolations). */
export async function startWithPostgres(opts: StartOptions = {}): Promise<Emulator> {
  return startEmulator({ seed: 'empty', apiKey: 'napi_dataplane', operationMs: 0, postgres: true, validateResponses: true, ...opts });
}

/** Asserts that no response the emulator sent broke the OpenAPI document. */
export function noViolations(em: Emulator): void {
  const bad = em.server.log.entries.filter((e) => e.violations?.length).map((e) => `${e.route} ${e.status}: ${e.violations!.join('; ')}`);
  assert.deepEqual(bad, []);
}

export interface NewProject {
  id: string;
  branchId: string;
  endpointId: string;
  uri: string;
  owner: string;
  password: string;
}

export async function newProject(em: Emulator, branch: Record<string, unknown> = {}): Promise<NewProject> {
  const org = (await call(em, 'GET', '/users/me/organizations')).body.organizations[0].id;
  const r = await call(em, 'POST', '/projects', { body: { project: { org_id: org, branch } } });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const cu = r.body.connection_uris[0];
  return { id: r.body.project.id, branchId: r.body.branch.id, endpointId: r.body.endpoints[0].id, uri: cu.connection_uri, owner: cu.connection_parameters.role, password: cu.connection_parameters.password };
}

export async function newBranch(em: Emulator, projectId: string, branch: Record<string, unknown> = {}): Promise<{ id: string; endpointId: string }> {
  const r = await call(em, 'POST', `/projects/${projectId}/branches`, { body: { branch, endpoints: [{ type: 'read_write' }] } });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return { id: r.body.branch.id, endpointId: r.body.endpoints[0].id };
}

export async function connectionUri(em: Emulator, projectId: string, q: { branch_id?: string; role_name: string; database_name: string; pooled?: boolean }): Promise<string> {
  const qs = new URLSearchParams(Object.entries(q).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]));
  const r = await call(em, 'GET', `/projects/${projectId}/connection_uri?${qs}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.uri;
}

/**
 * node-postgres's own URI parser decodes the database name with decodeURI, which leaves %3B, %2F,
 * %3F... encoded: for names with such characters, a config built with decodeURIComponent.
 */
export function pgConfig(uri: string): pg.ClientConfig {
  const u = new URL(uri);
  return {
    host: u.hostname, port: Number(u.port), user: decodeURIComponent(u.username), password: decodeURIComponent(u.password),
    database: decodeURIComponent(u.pathname.slice(1)), options: u.searchParams.get('options') ?? undefined,
  };
}

/** Runs one statement with a fresh node-postgres client built from the URI (or a config); rows back. */
export async function sql<T = any>(uri: string | pg.ClientConfig, text: string, values?: unknown[]): Promise<T[]> {
  const c = new pg.Client(typeof uri === 'string' ? { connectionString: uri } : uri);
  await c.connect();
  try {
    return (await c.query(text, values)).rows as T[];
  } finally {
    await c.end();
  }
}

/** The SQLSTATE a connection attempt fails with (assert.fail when it connects). */
export async function refused(uri: string): Promise<string> {
  const c = new pg.Client({ connectionString: uri });
  try {
    await c.connect();
  } catch (e) {
    return (e as { code?: string }).code ?? (e as Error).message;
  }
  await c.end();
  return assert.fail('connected, but should have been refused');
}

export function withPassword(uri: string, password: string): string {
  const u = new URL(uri);
  u.password = encodeURIComponent(password);
  return u.toString();
}

/**
 * psql -At -c QUERY with the URI minus its password, the password in PGPASSWORD (as the
 * extension's Open psql does): stdout, or the error text.
 */
export function psql(uri: string, query: string): Promise<{ ok: boolean; out: string }> {
  const u = new URL(uri);
  const password = decodeURIComponent(u.password);
  u.password = '';
  return new Promise((resolve) => {
    execFile('psql', ['-X', '-At', '-v', 'ON_ERROR_STOP=1', '-c', query, u.toString()], { env: { ...process.env, PGPASSWORD: password, PGCONNECT_TIMEOUT: '20' } }, (err, stdout, stderr) => {
      resolve(err ? { ok: false, out: stderr.trim() } : { ok: true, out: stdout.trim() });
    });
  });
}
