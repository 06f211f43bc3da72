import assert from 'node:assert/strict';
import { HTTPError, type RetryOptions as KyRetryOptions } from 'ky';
import { DEFAULT_RETRY, NeonApiError, NeonClient } from '../../src/api';
import { cancelledError } from '../../src/api/errors';
import { parseRetryAfter, retryPolicy } from '../../src/api/retry';
import { delay, json, makeClient, project, rejection, startServer, type TestServer } from './api-test-server';

describe('api client: retries', () => {
  let server: TestServer;
  afterEach(async () => server?.close());

  it('retries a GET on 500/502/504 and returns the eventual success', async () => {
    const statuses = [500, 502, 504];
    server = await startServer((_req, res, n) => {
      if (n <= statuses.length) return json(res, statuses[n - 1]!, { code: '', message: 'boom' });
      json(res, 200, { project: project('p1') });
    });
    const p = await makeClient(server).getProject('p1');
    assert.equal(p.id, 'p1');
    assert.equal(server.requests.length, 4);
  });

  it('does not retry a POST on 500', async () => {
    server = await startServer((_req, res) => json(res, 500, { code: '', message: 'boom' }));
    const e = await rejection(makeClient(server).createProject({ name: 'x', orgId: 'org-a' }));
    assert.ok(e instanceof NeonApiError);
    assert.equal(e.kind, 'server');
    assert.equal(e.status, 500);
    assert.equal(server.requests.length, 1);
  });

  for (const status of [503, 423]) {
    for (const method of ['POST', 'PATCH', 'DELETE'] as const) {
      it(`retries ${method} on ${status}`, async () => {
        server = await startServer((_req, res, n) => {
          if (n === 1) return json(res, status, { code: '', message: 'busy' });
          if (method === 'POST') return json(res, 201, { branch: { id: 'br-a', project_id: 'p1', name: 'b' }, operations: [] });
          if (method === 'PATCH') return json(res, 200, { project: { id: 'p1', name: 'b2', region_id: 'aws-us-east-2', pg_version: 17, created_at: '2025-01-16T21:01:58Z' }, operations: [] });
          json(res, 200, { branch: { id: 'br-a', project_id: 'p1', name: 'b' }, operations: [] });
        });
        const c = makeClient(server);
        if (method === 'POST') await c.createBranch('p1', { name: 'b' });
        else if (method === 'PATCH') await c.updateProject('p1', { name: 'b2' });
        else await c.deleteBranch('p1', 'br-a');
        assert.equal(server.requests.length, 2);
        assert.deepEqual(server.requests.map((r) => r.method), [method, method]);
      });
    }
  }

  it('gives up after maxAttempts and reports the last status', async () => {
    server = await startServer((_req, res) => json(res, 503, { code: '', message: 'unavailable' }));
    const e = await rejection(makeClient(server, { retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 } }).getAuth());
    assert.equal(e.kind, 'server');
    assert.equal(e.status, 503);
    assert.equal(e.attempts, 3);
    assert.equal(server.requests.length, 3);
  });

  for (const status of [400, 401, 403, 404, 409, 422]) {
    it(`does not retry a GET on ${status}`, async () => {
      server = await startServer((_req, res) => json(res, status, { code: '', message: 'no' }));
      const e = await rejection(makeClient(server).getAuth());
      assert.equal(e.status, status);
      assert.equal(server.requests.length, 1);
    });
  }

  it('honours Retry-After (seconds) on 429, for a POST too', async () => {
    server = await startServer((_req, res, n) => {
      if (n === 1) return json(res, 429, { code: '', message: 'slow down' }, { 'retry-after': '1' });
      json(res, 200, { id: 1, key: 'k', name: 'n' });
    });
    const t0 = Date.now();
    await makeClient(server).createOrgApiKey('org-a', { keyName: 'n' });
    const elapsed = Date.now() - t0;
    assert.equal(server.requests.length, 2);
    // backoff alone is at most 20 ms in these tests: waiting ~1 s proves Retry-After was used
    assert.ok(elapsed >= 950, `waited only ${elapsed} ms`);
  });

  it('honours Retry-After as an HTTP date', async () => {
    server = await startServer((_req, res, n) => {
      if (n === 1) return json(res, 429, { code: '', message: 'slow down' }, { 'retry-after': new Date(Date.now() + 2000).toUTCString() });
      json(res, 200, { account_id: 'a', auth_method: 'api_key_user' });
    });
    const t0 = Date.now();
    await makeClient(server).getAuth();
    assert.ok(Date.now() - t0 >= 900, 'waited for the date');
    assert.equal(server.requests.length, 2);
  });

  it('after a 429 with Retry-After the whole client holds back, not only the request that got it', async () => {
    server = await startServer((req, res, n) => {
      if (n === 1) return json(res, 429, { code: '', message: 'slow down' }, { 'retry-after': '1' });
      if (req.path === '/auth') return json(res, 200, { account_id: 'a', auth_method: 'api_key_user' });
      json(res, 200, { project: project('p1') });
    });
    const c = makeClient(server);
    const first = c.getAuth();
    while (server.requests.length === 0) await delay(5);
    await delay(30);
    await c.getProject('p1');
    await first;
    const other = server.requests.find((r) => r.path === '/projects/p1')!;
    assert.ok(other.at - server.requests[0]!.at >= 900, `other request went out after ${other.at - server.requests[0]!.at} ms`);
  });

  it('tells its listeners when a 429 makes the account wait (until, Retry-After, request id), and not for a wait it will not honour', async () => {
    server = await startServer((req, res, n) => {
      if (n === 1) return json(res, 429, { code: '', message: 'slow down' }, { 'retry-after': '2', 'x-request-id': 'req-429' });
      if (req.path === '/auth' && n === 3) return json(res, 429, { code: '', message: 'slow down' }, { 'retry-after': '120' });
      json(res, 200, { account_id: 'a', auth_method: 'api_key_user' });
    });
    const c = makeClient(server, { retry: { maxRetryAfterMs: 5000 } });
    const waits: { until: number; retryAfterMs: number; route: string; requestId: string; at: number }[] = [];
    const stop = c.onRateLimit((w) => waits.push({ ...w, at: Date.now() }));
    const broken = c.onRateLimit(() => {
      throw new Error('a listener that throws');
    });
    assert.equal(c.rateLimitedUntil, 0);
    const t0 = Date.now();
    await c.getAuth();
    assert.equal(waits.length, 1);
    const w = waits[0]!;
    assert.equal(w.retryAfterMs, 2000);
    assert.equal(w.route, '/auth');
    assert.equal(w.requestId, 'req-429');
    assert.ok(Math.abs(w.until - (w.at + 2000)) < 50, `until is Retry-After from the answer (${w.until - w.at} ms)`);
    assert.equal(c.rateLimitedUntil, w.until);
    assert.ok(Date.now() - t0 >= 1900, 'the request itself waited');
    // A Retry-After beyond maxRetryAfterMs is thrown at once: nothing waits, nobody is told.
    assert.equal((await rejection(c.getAuth())).kind, 'rateLimited');
    assert.equal(waits.length, 1);
    stop();
    broken();
    assert.equal(server.requests.length, 3);
  });

  it('tells its listeners when nothing waits out a 429 any more (every waiting request cancelled), and again when a new request comes to wait', async () => {
    server = await startServer((_req, res, n) => (n === 1 ? json(res, 429, { code: '', message: 'slow down' }, { 'retry-after': '2' }) : json(res, 200, { account_id: 'a', auth_method: 'api_key_user' })));
    const c = makeClient(server, { retry: { maxRetryAfterMs: 5000 } });
    const waits: Array<{ idle?: boolean; until: number; at: number }> = [];
    c.onRateLimit((w) => waits.push({ ...w, at: Date.now() }));
    const stop = new AbortController();
    // One request got the 429 and waits for its retry; another waits for the account's pause.
    const got429 = c.getAuth({ signal: stop.signal });
    while (waits.length === 0) await delay(5);
    const queued = c.getAuth({ signal: stop.signal });
    await delay(50);
    assert.deepEqual(waits.map((w) => !!w.idle), [false]);
    const t0 = Date.now();
    stop.abort();
    assert.equal((await rejection(got429)).kind, 'cancelled');
    assert.equal((await rejection(queued)).kind, 'cancelled');
    await delay(20);
    assert.deepEqual(waits.map((w) => !!w.idle), [false, true], 'told that nothing waits any more');
    assert.ok(waits[1]!.at - t0 < 500, 'at once, not when the pause ends');
    // The pause still holds: a new request waits for it, and that is said again.
    const later = c.getAuth();
    await delay(20);
    assert.deepEqual(waits.map((w) => !!w.idle), [false, true, false]);
    assert.equal(waits[2]!.until, waits[0]!.until);
    assert.equal((await later).account_id, 'a');
    assert.equal(server.requests.length, 2);
  });

  it('does not wait for a Retry-After beyond maxRetryAfterMs and exposes retryAfter', async () => {
    server = await startServer((_req, res) => json(res, 429, { code: '', message: 'slow down' }, { 'retry-after': '120' }));
    const t0 = Date.now();
    const e = await rejection(makeClient(server, { retry: { maxRetryAfterMs: 5000 } }).getAuth());
    assert.ok(Date.now() - t0 < 1000);
    assert.equal(e.kind, 'rateLimited');
    assert.equal(e.retryAfter, 120);
    assert.equal(server.requests.length, 1);
    assert.match(e.userMessage(), /Wait 120 s/);
  });

  it('never re-sends a POST after a timeout', async () => {
    server = await startServer(() => {
      /* never answers */
    });
    const e = await rejection(makeClient(server, { timeoutMs: 150 }).createBranch('p1', { name: 'x' }));
    assert.equal(e.kind, 'timeout');
    await delay(200);
    assert.equal(server.requests.length, 1);
  });

  it('never re-sends PATCH or DELETE after a network error', async () => {
    // drop the connection without answering
    server = await startServer((_req, res) => {
      res.socket?.destroy();
    });
    const c = makeClient(server);
    const e1 = await rejection(c.updateProject('p1', { name: 'x' }));
    const e2 = await rejection(c.deleteProject('p1'));
    assert.equal(e1.kind, 'network');
    assert.equal(e2.kind, 'network');
    assert.equal(server.requests.length, 2);
  });

  it('retries a GET after a timeout and after a network error', async () => {
    server = await startServer((_req, res, n) => {
      if (n === 1) return; // hang -> timeout
      if (n === 2) return void res.socket?.destroy();
      json(res, 200, { account_id: 'a', auth_method: 'api_key_org' });
    });
    const r = await makeClient(server, { timeoutMs: 150 }).getAuth();
    assert.equal(r.auth_method, 'api_key_org');
    assert.equal(server.requests.length, 3);
  });

  it('logs each retry with what failed, the wait and the attempt; the final failure with its request id', async () => {
    server = await startServer((_req, res) => json(res, 503, { code: '', message: 'down' }, { 'x-request-id': 'srv-1' }));
    const lines: string[] = [];
    const c = makeClient(server, { retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 5 }, log: (level, msg) => lines.push(`${level} ${msg}`) });
    const e = await rejection(c.getAuth());
    assert.equal(e.requestId, 'srv-1');
    const relevant = lines.filter((l) => !l.startsWith('debug'));
    assert.equal(relevant.length, 2, relevant.join('\n'));
    assert.match(relevant[0]!, /^warn GET \/auth answered 503; retrying after \d+ ms \(attempt 2\/2\)$/);
    assert.equal(relevant[1], 'warn GET /auth failed: server 503 (request id srv-1, attempt 2)');
  });

  it('sends auth, user agent and a fresh uuid X-Request-ID on every attempt', async () => {
    server = await startServer((_req, res, n) => {
      if (n === 1) return json(res, 503, { code: '', message: 'x' });
      json(res, 200, { account_id: 'a', auth_method: 'api_key_user' });
    });
    await makeClient(server).getAuth();
    const ids = server.requests.map((r) => r.headers['x-request-id']);
    for (const r of server.requests) {
      assert.equal(r.headers.authorization, `Bearer ${'napi_testkey0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefgh'}`);
      assert.equal(r.headers['user-agent'], 'neon-explorer/0.0.0-test');
      assert.match(String(r.headers['x-request-id']), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    assert.notEqual(ids[0], ids[1]);
  });
});

describe('api client: transport options', () => {
  let server: TestServer;
  afterEach(async () => server?.close());

  it('uses the fetch given in the options (e.g. a proxy-aware one)', async () => {
    const seen: string[] = [];
    const fakeFetch = (async (input: RequestInfo | URL) => {
      const req = input as Request;
      seen.push(`${req.method} ${new URL(req.url).pathname} ${req.headers.get('authorization')?.slice(0, 7)}`);
      return new Response(JSON.stringify({ account_id: 'a', auth_method: 'oauth' }), { status: 200, headers: { 'content-type': 'application/json' } });
    }) as typeof fetch;
    const c = new NeonClient({ baseUrl: 'https://console.neon.tech/api/v2/', apiKey: 'k-123456', userAgent: 'ua', fetch: fakeFetch });
    assert.equal((await c.getAuth()).auth_method, 'oauth');
    assert.deepEqual(seen, ['GET /api/v2/auth Bearer ']);
  });

  it('an infinite or huge timeout means no timeout rather than an instant one', async () => {
    server = await startServer(async (_req, res) => {
      await delay(40);
      json(res, 200, { account_id: 'a', auth_method: 'api_key_user' });
    });
    assert.equal((await makeClient(server, { timeoutMs: Infinity }).getAuth()).account_id, 'a');
    assert.equal((await makeClient(server, { timeoutMs: 2 ** 40 }).getAuth()).account_id, 'a');
    assert.equal(server.requests.length, 2);
  });
});

describe('api client: retry policy units', () => {
  const read = retryPolicy(true, DEFAULT_RETRY);
  const write = retryPolicy(false, DEFAULT_RETRY);
  const retries = (p: KyRetryOptions, error: Error) => p.shouldRetry!({ error, retryCount: 1 });
  const network = (method: string) => new NeonApiError({ kind: 'network', message: 'x', method });

  it('classifies retryable failures as ky retry options', () => {
    assert.deepEqual(read.methods, ['get', 'head', 'options']);
    assert.deepEqual(write.methods, ['post', 'put', 'patch', 'delete']);
    assert.equal(read.retryOnTimeout, true);
    assert.equal(write.retryOnTimeout, false);
    assert.deepEqual([...write.statusCodes!].sort(), [423, 429, 503]);
    for (const s of [423, 429, 500, 502, 503, 504, 599]) assert.ok(read.statusCodes!.includes(s), `GET retries ${s}`);
    for (const s of [400, 404, 409, 501, 505]) assert.ok(!read.statusCodes!.includes(s), `GET does not retry ${s}`);
    assert.deepEqual(read.afterStatusCodes, read.statusCodes, 'Retry-After is honoured on every status that is retried');
    assert.equal(read.limit, 4);
    assert.equal(read.maxRetryAfter, 60_000);
  });

  it('decides what ky cannot tell from a status: network errors, garbled bodies, cancellation, long Retry-After', () => {
    assert.equal(retries(read, network('GET')), true);
    assert.equal(retries(write, network('DELETE')), false, 'a change is never re-sent after a network error');
    const garbled = new NeonApiError({ kind: 'invalidResponse', message: 'x', bodyNotJson: true });
    assert.equal(retries(read, garbled), true);
    assert.equal(retries(write, garbled), false);
    assert.equal(retries(read, new NeonApiError({ kind: 'invalidResponse', message: 'x' })), false, 'a wrong shape would fail again');
    assert.equal(retries(read, new DOMException('aborted', 'AbortError')), false);
    assert.equal(retries(read, cancelledError('GET', '/auth')), false);
    const limited = (after: string) => new HTTPError(new Response('{}', { status: 429, headers: { 'retry-after': after } }), new Request('http://x/'), {} as never);
    assert.equal(retries(write, limited('120')), false, 'ky would wait 60 s and send again; the caller is told to wait 120 s');
    assert.equal(retries(write, limited('2')), undefined, "ky's own rules: statusCodes and Retry-After");
  });

  it('backoff is full jitter, exponential and capped', () => {
    // ky's delay before retry n: min(backoffLimit, jitter(delay(n)))
    const wait = (n: number, r: number) => {
      const p = retryPolicy(true, { ...DEFAULT_RETRY, baseDelayMs: 250, maxDelayMs: 8000 }, () => r);
      return Math.min(p.backoffLimit!, (p.jitter as (ms: number) => number)(p.delay!(n)));
    };
    assert.equal(wait(1, 0), 0);
    assert.equal(wait(1, 0.999999), 249);
    assert.equal(wait(3, 0.5), 500);
    assert.equal(wait(10, 0.999999), 7999);
  });

  it('parses Retry-After seconds and dates', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(parseRetryAfter('3', now), 3);
    assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now), 5);
    assert.equal(parseRetryAfter('Wed, 31 Dec 2025 00:00:05 GMT', now), 0);
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(parseRetryAfter(null, now), undefined);
  });
});
