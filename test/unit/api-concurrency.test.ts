import assert from 'node:assert/strict';
import { isCancellation, NeonApiError } from '../../src/api';
import { delay, json, makeClient, rejection, startServer, type TestServer } from './api-test-server';

const auth = { account_id: 'a', auth_method: 'api_key_user' };

describe('api client: concurrency cap and cancellation', () => {
  let server: TestServer;
  afterEach(async () => server?.close());

  it('keeps at most maxConcurrent requests in flight with 50 parallel calls', async () => {
    server = await startServer(async (_req, res) => {
      await delay(15);
      json(res, 200, auth);
    });
    const c = makeClient(server, { maxConcurrent: 6 });
    const results = await Promise.all(Array.from({ length: 50 }, () => c.getAuth()));
    assert.equal(results.length, 50);
    assert.equal(server.requests.length, 50);
    // The cap is reached (so the limit, not slowness, bounds it) and never passed.
    assert.equal(server.maxConcurrent, 6, `server saw ${server.maxConcurrent} at once`);
  });

  it('the timeout counts time on the wire only, not time waiting for a slot', async () => {
    server = await startServer(async (_req, res) => {
      await delay(120);
      json(res, 200, auth);
    });
    // One slot, four calls of 120 ms each: the last waits ~360 ms for its slot, more than the 250 ms timeout.
    const c = makeClient(server, { maxConcurrent: 1, timeoutMs: 250 });
    const got = await Promise.all(Array.from({ length: 4 }, () => c.getAuth()));
    assert.equal(got.length, 4);
    assert.equal(server.requests.length, 4, 'nothing timed out and was sent again');
  });

  it('50 requests sharing one signal cause no MaxListeners warning', async () => {
    server = await startServer(async (_req, res) => {
      await delay(5);
      json(res, 200, auth);
    });
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      const ac = new AbortController();
      const c = makeClient(server);
      await Promise.all(Array.from({ length: 50 }, () => c.getAuth({ signal: ac.signal })));
      await delay(10);
    } finally {
      process.off('warning', onWarning);
    }
    assert.deepEqual(warnings.filter((w) => w === 'MaxListenersExceededWarning'), []);
  });

  it('default cap is 6', async () => {
    server = await startServer(async (_req, res) => {
      await delay(10);
      json(res, 200, auth);
    });
    const c = makeClient(server);
    await Promise.all(Array.from({ length: 20 }, () => c.getAuth()));
    assert.equal(server.maxConcurrent, 6);
  });

  it('a request waiting in the queue is cancelled by its signal and never sent', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    server = await startServer(async (req, res) => {
      if (req.path === '/auth') await gate;
      json(res, 200, auth);
    });
    const c = makeClient(server, { maxConcurrent: 1 });
    const first = c.getAuth();
    await delay(30);
    const ac = new AbortController();
    const queued = c.getProject('p1', { signal: ac.signal });
    await delay(10);
    assert.deepEqual(server.requests.map((r) => r.path), ['/auth'], 'the second waits for the one slot');
    ac.abort();
    const e = await rejection(queued);
    assert.ok(isCancellation(e));
    assert.ok(e instanceof NeonApiError && e.kind === 'cancelled');
    release();
    await first;
    // The cancelled one left the queue: the slot goes to the next request.
    await c.getAuth();
    assert.deepEqual(server.requests.map((r) => r.path), ['/auth', '/auth']);
  });

  it('abort during backoff stops the retries at once', async () => {
    server = await startServer((_req, res) => json(res, 503, { code: '', message: 'down' }));
    const c = makeClient(server, { retry: { baseDelayMs: 5000, maxDelayMs: 5000, maxAttempts: 5 } });
    const ac = new AbortController();
    const t0 = Date.now();
    const p = c.getAuth({ signal: ac.signal });
    // random() could give 0 ms: poll until the first answer arrived, then abort
    while (server.requests.length === 0) await delay(5);
    await delay(20);
    const sent = server.requests.length;
    ac.abort();
    const e = await rejection(p);
    assert.ok(isCancellation(e));
    assert.ok(Date.now() - t0 < 2000, 'did not wait for the backoff');
    await delay(50);
    assert.equal(server.requests.length, sent);
    assert.ok(sent <= 2);
  });

  it('abort during backoff after 429 Retry-After stops waiting', async () => {
    server = await startServer((_req, res) => json(res, 429, { code: '', message: 'slow' }, { 'retry-after': '30' }));
    const c = makeClient(server);
    const ac = new AbortController();
    const p = c.createOrgApiKey('org-a', { keyName: 'k' }, { signal: ac.signal });
    while (server.requests.length === 0) await delay(5);
    await delay(20);
    ac.abort();
    const e = await rejection(p);
    assert.ok(isCancellation(e));
    assert.equal(server.requests.length, 1);
  });

  it('abort of a request on the wire rejects with a cancellation and frees the slot', async () => {
    server = await startServer((_req, res, n) => {
      if (n > 1) json(res, 200, auth); // the first hangs
    });
    const c = makeClient(server, { timeoutMs: 10_000, maxConcurrent: 1 });
    const ac = new AbortController();
    const p = c.listProjectsPage({ signal: ac.signal });
    while (server.requests.length === 0) await delay(5);
    ac.abort();
    const e = await rejection(p);
    assert.ok(isCancellation(e));
    assert.equal(e.userMessage(), 'The request was cancelled.');
    assert.equal((await c.getAuth()).account_id, 'a', 'the one slot is free again');
  });

  // A change already sent cannot be taken back: a Cancel then must not hide what Neon did (walk 35).
  it('abort of a change on the wire waits for its answer and returns it (Neon made the change)', async () => {
    server = await startServer(async (_req, res) => {
      await delay(150);
      json(res, 200, { role: { branch_id: 'b', name: 'app', password: 'pw' }, operations: [] });
    });
    const c = makeClient(server, { timeoutMs: 5000 });
    const ac = new AbortController();
    const p = c.resetRolePassword('p', 'b', 'app', { signal: ac.signal });
    while (server.requests.length === 0) await delay(5);
    ac.abort();
    const r = await p;
    assert.equal(r.role.password, 'pw');
    assert.equal(server.requests.length, 1);
  });

  it('abort of a change on the wire whose answer never comes ends as a lost answer (timeout), not a cancel', async () => {
    server = await startServer(() => undefined);
    const c = makeClient(server, { timeoutMs: 300 });
    const ac = new AbortController();
    const p = c.resetRolePassword('p', 'b', 'app', { signal: ac.signal });
    while (server.requests.length === 0) await delay(5);
    ac.abort();
    const e = await rejection(p);
    assert.equal(e.kind, 'timeout');
    assert.equal(server.requests.length, 1, 'a change is not sent again');
  });

  it('abort of a change on the wire that Neon refuses (4xx), or that would be retried (503), is a cancel; nothing is sent again', async () => {
    for (const status of [409, 503]) {
      server = await startServer(async (_req, res) => {
        await delay(100);
        json(res, status, { code: '', message: 'no' });
      });
      const c = makeClient(server, { retry: { baseDelayMs: 2000, maxDelayMs: 2000, maxAttempts: 5 } });
      const ac = new AbortController();
      const t0 = Date.now();
      const p = c.resetRolePassword('p', 'b', 'app', { signal: ac.signal });
      while (server.requests.length === 0) await delay(5);
      ac.abort();
      assert.ok(isCancellation(await rejection(p)), `${status}`);
      assert.ok(Date.now() - t0 < 1500, `${status}: no wait for a retry`);
      await delay(50);
      assert.equal(server.requests.length, 1, `${status}`);
      await server.close();
    }
  });

  it('a change cancelled before it goes on the wire (waiting for a slot) is never sent', async () => {
    server = await startServer(async (_req, res) => {
      await delay(100);
      json(res, 200, auth);
    });
    const c = makeClient(server, { maxConcurrent: 1 });
    const first = c.getAuth();
    const ac = new AbortController();
    const p = c.resetRolePassword('p', 'b', 'app', { signal: ac.signal });
    await delay(20);
    ac.abort();
    assert.ok(isCancellation(await rejection(p)));
    await first;
    await delay(50);
    assert.deepEqual(server.requests.map((r) => r.method), ['GET']);
  });

  it('an already aborted signal sends nothing', async () => {
    server = await startServer((_req, res) => json(res, 200, auth));
    const c = makeClient(server);
    const e = await rejection(c.getAuth({ signal: AbortSignal.abort() }));
    assert.ok(isCancellation(e));
    assert.equal(server.requests.length, 0);
  });

  it('abort stops project iteration between pages', async () => {
    const ac = new AbortController();
    server = await startServer((req, res) => {
      const n = Number(req.query.get('cursor') ?? '0');
      const limit = Number(req.query.get('limit'));
      const projects = Array.from({ length: limit }, (_x, i) => ({ id: `p-${n + i}`, name: 'x', region_id: 'r' }));
      json(res, 200, { projects, pagination: { cursor: String(n + limit) } });
    });
    const c = makeClient(server);
    const got: string[] = [];
    const e = await rejection(
      (async () => {
        for await (const p of c.iterateProjects({ pageSize: 2, signal: ac.signal })) {
          got.push(p.id);
          if (got.length === 3) ac.abort();
        }
      })(),
    );
    assert.ok(isCancellation(e));
    assert.equal(server.requests.length, 2);
  });
});
