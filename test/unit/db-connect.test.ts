// src/db/connect.ts against real servers: the emulator's data plane (PostgreSQL behind its router)
// and a TLS server with a self-signed certificate made here with openssl. What each failure is
// classified as comes from the real error node-postgres or Node raised.
import * as assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { promisify } from 'node:util';
import type { Emulator } from '../../emulator/index';
import { parseConnectionSpec, type ConnectionSpec } from '../../src/db/config';
import { probe } from '../../src/db/connect';
import { classifyConnectError, type ConnectFailure } from '../../src/db/errors';
import { connectionEnv } from '../../src/env/connection';
import { connectionUri, needPostgres, newProject, startWithPostgres, withPassword, type NewProject } from './emulator-dataplane-helpers';

async function failure(spec: ConnectionSpec, computeState?: string): Promise<ConnectFailure & { raw: string }> {
  try {
    await probe(spec, { timeoutMs: 5000 });
  } catch (e) {
    return { ...classifyConnectError(e, { role: spec.user, database: spec.database, host: spec.host, port: spec.port, where: 'branch main', computeState, sslmode: spec.sslmode, secrets: [spec.password] }), raw: String((e as Error).message) };
  }
  throw new Error('connected, but a failure was expected');
}

const withQuery = (uri: string, key: string, value: string) => {
  const u = new URL(uri);
  u.searchParams.set(key, value);
  return u.toString();
};

describe('db/connect: a probe against the emulator’s PostgreSQL', function () {
  this.timeout(60_000);
  let em: Emulator;
  let p: NewProject;
  before(async function () {
    needPostgres(this);
    em = await startWithPostgres();
    p = await newProject(em);
  });
  after(async () => {
    await em?.close();
  });

  it('connects with the connection_uri: version, role, database, times', async () => {
    const r = await probe(parseConnectionSpec(p.uri));
    assert.equal(r.user, p.owner);
    assert.equal(r.database, 'neondb');
    assert.match(r.serverVersion, /^PostgreSQL \d+\.\d+$/);
    assert.ok(r.connectMs > 0 && r.queryMs > 0 && r.queryMs < r.connectMs + 1000);
    assert.equal(r.tls, false, 'the emulator speaks plain TCP on loopback (sslmode=disable)');
  });

  it('the PG* variables Save to .env writes connect on their own (psql, no URL), to the pooled and the direct host', async () => {
    const pooled = await connectionUri(em, p.id, { role_name: p.owner, database_name: 'neondb', pooled: true });
    const env = connectionEnv({ pooled, unpooled: p.uri }, { includePgVars: true });
    assert.ok(env.PGPORT && env.PGOPTIONS, `the emulator's computes need a port and an endpoint option: ${Object.keys(env).join(', ')}`);
    const libpq = Object.fromEntries(Object.entries(env).filter(([k]) => k.startsWith('PG') && k !== 'PGHOST_UNPOOLED'));
    for (const host of [env.PGHOST!, env.PGHOST_UNPOOLED!]) {
      // Not execFileSync: the emulator's router answers on this process's event loop.
      const { stdout: out } = await promisify(execFile)('psql', ['-X', '-A', '-t', '-c', 'select current_user, current_database()'], {
        env: { PATH: process.env.PATH ?? '', ...libpq, PGHOST: host, PGCONNECT_TIMEOUT: '5' },
        encoding: 'utf8',
        timeout: 15_000,
      });
      assert.equal(out.trim(), `${p.owner}|neondb`);
    }
  });

  it('a wrong password → 28P01 "password"; an unknown database → 3D000; neither says the password', async () => {
    const wrong = await failure(parseConnectionSpec(withPassword(p.uri, 'not-the-password')));
    assert.equal(wrong.kind, 'password');
    assert.equal(wrong.code, '28P01');
    const u = new URL(p.uri);
    u.pathname = '/nope';
    const nodb = await failure(parseConnectionSpec(u.toString()));
    assert.deepEqual([nodb.kind, nodb.code], ['database', '3D000']);
    assert.ok(!nodb.sentence.includes(p.password));
  });

  it("sslmode=prefer falls back to plain when the server has no TLS (libpq's default); require refuses", async () => {
    const r = await probe(parseConnectionSpec(withQuery(p.uri, 'sslmode', 'prefer')));
    assert.equal(r.tls, false);
    assert.equal(r.user, p.owner);
    const f = await failure(parseConnectionSpec(withQuery(p.uri, 'sslmode', 'require')));
    assert.equal(f.kind, 'tls');
    assert.match(f.sentence, /does not support SSL connections.*sslmode=require/);
  });

  it('an aborted probe rejects and leaves no connection behind', async () => {
    const ac = new AbortController();
    const pending = probe(parseConnectionSpec(p.uri), { signal: ac.signal });
    ac.abort();
    await assert.rejects(pending);
  });
});

describe('db/connect: TLS with a self-signed certificate (a real handshake)', function () {
  this.timeout(30_000);
  let server: net.Server;
  let port = 0;
  let dir = '';
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'neon-tls-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=localhost'], { stdio: 'ignore' });
    const key = fs.readFileSync(path.join(dir, 'key.pem'));
    const cert = fs.readFileSync(path.join(dir, 'cert.pem'));
    // Answers PostgreSQL's SSLRequest with 'S', completes the TLS handshake, then hangs up after
    // the startup message: enough to tell "TLS refused" from "TLS done, then closed".
    server = net.createServer((sock) => {
      sock.once('data', () => {
        sock.write('S');
        const t = new tls.TLSSocket(sock, { isServer: true, key, cert });
        t.on('error', () => undefined);
        t.once('data', () => t.destroy());
      });
      sock.on('error', () => undefined);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as net.AddressInfo).port;
  });
  after(() => {
    server?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const spec = (sslmode: string) => parseConnectionSpec(`postgresql://u:secretpass1@localhost:${port}/d?sslmode=${sslmode}`);

  it('verify-full and verify-ca refuse the self-signed certificate: "tls", with the OpenSSL code', async () => {
    for (const mode of ['verify-full', 'verify-ca']) {
      const f = await failure(spec(mode));
      assert.equal(f.kind, 'tls', `${mode}: ${f.raw}`);
      assert.match(f.sentence, new RegExp(`^The TLS handshake with localhost:${port} failed \\((DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)\\).*sslmode=${mode}`));
    }
  });

  it('require encrypts without checking (libpq): the handshake passes, and the hang-up is what is reported', async () => {
    const f = await failure(spec('require'));
    assert.equal(f.kind, 'closed', f.raw);
    assert.match(f.sentence, /closed the connection .* before it was ready/);
  });
});
