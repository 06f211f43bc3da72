/**
 * Proxy: the real client against the emulator through a forward proxy on loopback
 * (test/proxy-server.ts). Every request the emulator saw came through the proxy (matched by
 * request id, and the proxy's Via header); NO_PROXY sends them direct; a proxy that refuses or
 * asks for credentials ends in a sentence naming it by host:port, without credentials.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { NeonClient, isNeonApiError, type NeonApiError, type ProxyConfig } from '../../src/api';
import { bypassesProxy, resolveProxy } from '../../src/api/proxy';
import { startEmulator, type Emulator } from '../../emulator';
import { startTestProxy, type TestProxy } from '../proxy-server';
import { recordReliability } from '../reliability-record';
import { ACME, range } from './emulator-helpers';
import { getConsumptionProjectsPage } from '../../src/api/consumption';

describe('api client through a proxy', function () {
  this.timeout(30_000);
  let em: Emulator;
  let proxy: TestProxy;
  const figures: Record<string, unknown> = {};

  const client = (p: ProxyConfig) =>
    new NeonClient({ baseUrl: em.url, apiKey: em.apiKey, userAgent: 'neon-explorer/test', timeoutMs: 5000, retry: { baseDelayMs: 10, maxDelayMs: 50, maxAttempts: 2 }, proxy: p });
  const emulatorIds = () => em.server.log.entries.map((e) => e.requestId);
  const failure = async (p: Promise<unknown>): Promise<NeonApiError> => {
    const e = await p.then(() => undefined, (err: unknown) => err);
    assert.ok(isNeonApiError(e), `expected a NeonApiError, got ${String(e)}`);
    return e;
  };

  beforeEach(async () => {
    em = await startEmulator({ seed: 'small' });
    proxy = await startTestProxy();
  });
  afterEach(async () => {
    await proxy?.close();
    await em?.close();
  });
  after(() => recordReliability('proxyUnit', figures));

  it('every request (reads, a write, consumption) goes through http.proxy; none goes direct', async () => {
    const c = client({ url: proxy.url, env: {} });
    assert.equal(c.proxy, `127.0.0.1:${proxy.port}`);
    await c.getCurrentUser();
    const orgs = await c.listMyOrganizations();
    const page = await c.listProjectsPage({ orgId: ACME, limit: 10 });
    await getConsumptionProjectsPage(c, { orgId: ACME, ...range(3), granularity: 'daily', metrics: ['compute_unit_seconds'] });
    await c.updateProject(page.projects[0]!.id, { name: 'via-proxy' });
    const seen = emulatorIds();
    const forwarded = proxy.log.filter((l) => l.kind === 'forward' && l.status < 400).map((l) => l.requestId);
    assert.ok(orgs.length > 0);
    assert.ok(seen.length >= 5, `emulator saw ${seen.length} requests`);
    assert.deepEqual(seen.filter((id) => !forwarded.includes(id)), [], 'requests that reached the emulator without the proxy');
    assert.equal(forwarded.length, seen.length);
    Object.assign(figures, { requestsSeenByEmulator: seen.length, requestsThroughProxy: forwarded.length, requestsDirect: seen.filter((id) => !forwarded.includes(id)).length });
  });

  it('HTTP_PROXY from the environment is used when http.proxy is empty; NO_PROXY (and http.noProxy) go direct', async () => {
    await client({ env: { HTTP_PROXY: proxy.url } }).getCurrentUser();
    assert.equal(proxy.log.length, 1);
    assert.equal(client({ env: { HTTP_PROXY: proxy.url, NO_PROXY: 'example.com,127.0.0.1' } }).proxy, undefined);
    await client({ env: { http_proxy: proxy.url, no_proxy: '127.0.0.1' } }).getCurrentUser();
    await client({ url: proxy.url, noProxy: ['127.0.0.1'], env: {} }).getCurrentUser();
    assert.equal(proxy.log.length, 1, 'NO_PROXY requests did not touch the proxy');
    assert.equal(em.server.log.entries.length, 3);
  });

  it('proxy credentials (user:pass in the URL, or http.proxyAuthorization) go to the proxy only', async () => {
    await proxy.close();
    const auth = `Basic ${Buffer.from('alice:s3cr3t-pw').toString('base64')}`;
    proxy = await startTestProxy({ requireAuth: auth });
    const url = proxy.url.replace('http://', 'http://alice:s3cr3t-pw@');
    await client({ url, env: {} }).getCurrentUser();
    await client({ url: proxy.url, authorization: auth, env: {} }).getCurrentUser();
    assert.deepEqual(proxy.log.map((l) => l.status), [200, 200]);
    assert.equal(client({ url, env: {} }).proxy, `127.0.0.1:${proxy.port}`, 'the label carries no credentials');
  });

  it('a proxy asking for credentials (407) ends in a sentence naming it by host:port, never the credentials', async () => {
    await proxy.close();
    proxy = await startTestProxy({ requireAuth: 'Basic nobody-has-this' });
    const e = await failure(client({ url: proxy.url.replace('http://', 'http://bob:wrong-pw@'), env: {} }).getCurrentUser());
    const text = e.userMessage();
    assert.match(text, new RegExp(`through the proxy 127\\.0\\.0\\.1:${proxy.port}: it asks for credentials \\(407 Proxy Authentication Required\\)`));
    assert.match(text, /http\.proxyAuthorization/);
    for (const s of [text, e.message, String(e.cause)]) assert.doesNotMatch(s, /bob|wrong-pw/);
    assert.equal(em.server.log.entries.length, 0, 'nothing reached the API');
    figures.sentence407 = text;
  });

  it('a proxy that refuses the connection ends in a sentence naming it', async () => {
    const port = proxy.port;
    await proxy.close();
    const e = await failure(client({ url: `http://127.0.0.1:${port}`, env: {} }).getCurrentUser());
    assert.match(e.userMessage(), new RegExp(`Could not reach the Neon API at 127\\.0\\.0\\.1:${em.port} through the proxy 127\\.0\\.0\\.1:${port}: it refused the connection`));
    assert.equal(em.server.log.entries.length, 0);
    figures.sentenceRefused = e.userMessage();
  });

  describe('https through a CONNECT tunnel (a TLS-intercepting proxy: its own certificate)', () => {
    let tls: https.Server;
    let tlsUrl: string;
    let dir: string;
    before(function () {
      dir = mkdtempSync(path.join(os.tmpdir(), 'neon-proxy-tls-'));
      try {
        execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', path.join(dir, 'k.pem'), '-out', path.join(dir, 'c.pem'), '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
      } catch {
        assert.fail('openssl is needed to make the test certificate (Debian: apt-get install openssl)');
      }
    });
    after(() => rmSync(dir, { recursive: true, force: true }));
    beforeEach(async () => {
      // TLS in front of the emulator, with a certificate no one trusts: what an intercepting proxy shows.
      tls = https.createServer({ key: readFileSync(path.join(dir, 'k.pem')), cert: readFileSync(path.join(dir, 'c.pem')) }, (req, res) => {
        const up = http.request({ host: '127.0.0.1', port: em.port, method: req.method, path: req.url, headers: req.headers }, (r) => {
          res.writeHead(r.statusCode ?? 502, r.headers);
          r.pipe(res);
        });
        req.pipe(up);
      });
      await new Promise<void>((r) => tls.listen(0, '127.0.0.1', r));
      tlsUrl = `https://127.0.0.1:${(tls.address() as AddressInfo).port}/api/v2`;
    });
    afterEach(() => new Promise<void>((r) => tls.close(() => r())));
    const httpsClient = (p: ProxyConfig) =>
      new NeonClient({ baseUrl: tlsUrl, apiKey: em.apiKey, userAgent: 'neon-explorer/test', timeoutMs: 5000, retry: { baseDelayMs: 10, maxDelayMs: 50, maxAttempts: 2 }, proxy: p });

    it('with http.proxyStrictSSL off, https requests tunnel through the proxy (CONNECT) and succeed', async () => {
      const c = httpsClient({ url: proxy.url, strictSSL: false, env: {} });
      await c.getCurrentUser();
      await c.listMyOrganizations();
      const tunnels = proxy.log.filter((l) => l.kind === 'connect' && l.status === 200);
      assert.ok(tunnels.length >= 1);
      assert.ok(tunnels.every((l) => l.line === `CONNECT ${new URL(tlsUrl).host}`));
      assert.equal(proxy.log.filter((l) => l.kind === 'forward').length, 0, 'https is never sent to the proxy in clear');
      assert.equal(em.server.log.entries.length, 2);
      figures.httpsTunnels = tunnels.length;
    });

    it('with strict SSL (the default), the untrusted certificate ends in a sentence naming the proxy and what to set', async () => {
      const e = await failure(httpsClient({ url: proxy.url, env: {} }).getCurrentUser());
      assert.match(e.userMessage(), new RegExp(`through the proxy 127\\.0\\.0\\.1:${proxy.port}: its TLS certificate is not trusted \\(see http\\.proxyStrictSSL and NODE_EXTRA_CA_CERTS\\)`));
      assert.equal(em.server.log.entries.length, 0);
    });
  });

  it('resolves like curl: HTTPS_PROXY for https, NO_PROXY domains, ports and *', () => {
    const env = { HTTPS_PROXY: 'http://s:1', HTTP_PROXY: 'http://p:2' };
    assert.equal(resolveProxy('https://console.neon.tech/api/v2', { env })?.label, 's:1');
    assert.equal(resolveProxy('http://localhost:4010/api/v2', { env })?.label, 'p:2');
    assert.equal(resolveProxy('https://console.neon.tech', { env: { HTTP_PROXY: 'proxy.corp:3128' } })?.label, 'proxy.corp:3128');
    assert.equal(resolveProxy('https://console.neon.tech', { env: {} }), undefined);
    const u = (s: string) => new URL(s);
    assert.ok(bypassesProxy(u('https://console.neon.tech'), ['.neon.tech']));
    assert.ok(bypassesProxy(u('https://console.neon.tech'), ['neon.tech']));
    assert.ok(!bypassesProxy(u('https://notneon.tech'), ['neon.tech']));
    assert.ok(bypassesProxy(u('http://127.0.0.1:4010'), ['127.0.0.1:4010']));
    assert.ok(!bypassesProxy(u('http://127.0.0.1:4010'), ['127.0.0.1:9999']));
    assert.ok(bypassesProxy(u('https://x.y'), ['*']));
    assert.throws(() => resolveProxy('https://a.b', { url: 'http://[bad', env: {} }), /not a URL/);
  });
});
