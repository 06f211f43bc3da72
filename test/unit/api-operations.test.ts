import assert from 'node:assert/strict';
import { isCancellation, type Operation } from '../../src/api';
import { delay, json, makeClient, rejection, startServer, type TestServer } from './api-test-server';

const op = (id: string, status: string, extra: Partial<Operation> = {}): Operation => ({
  id,
  project_id: 'p1',
  branch_id: 'br-a',
  action: 'create_branch',
  status,
  failures_count: 0,
  created_at: '2025-01-01T00:00:00Z',
  updated_at: '2025-01-01T00:00:00Z',
  total_duration_ms: 0,
  ...extra,
});

describe('api client: waiting for operations', () => {
  let server: TestServer;
  afterEach(async () => server?.close());

  /** Operation `id` reports `statuses[k]` on its k-th poll, then the last one forever. */
  function opsServer(script: Record<string, string[]>) {
    const polls: Record<string, number> = {};
    return startServer((req, res) => {
      const m = /^\/projects\/p1\/operations\/([^/]+)$/.exec(req.path);
      if (!m) return json(res, 404, { code: '', message: 'no' });
      const id = decodeURIComponent(m[1]!);
      const k = (polls[id] = (polls[id] ?? 0) + 1);
      const seq = script[id]!;
      json(res, 200, { operation: op(id, seq[Math.min(k, seq.length) - 1]!) });
    });
  }

  it('polls until every operation is finished or skipped', async () => {
    server = await opsServer({ a: ['running', 'running', 'finished'], b: ['scheduling', 'skipped'] });
    const c = makeClient(server);
    const seen: string[] = [];
    const done = await c.waitForOperations('p1', [op('a', 'running'), 'b', op('c', 'finished')], {
      initialIntervalMs: 5,
      maxIntervalMs: 10,
      onProgress: (o) => seen.push(`${o.id}:${o.status}`),
    });
    assert.deepEqual(done.map((o) => `${o.id}:${o.status}`), ['a:finished', 'b:skipped', 'c:finished']);
    assert.ok(!server.requests.some((r) => r.path.endsWith('/c')), 'a finished operation is not polled');
    assert.equal(server.requests.filter((r) => r.path.endsWith('/a')).length, 3);
    assert.equal(server.requests.filter((r) => r.path.endsWith('/b')).length, 2);
    assert.ok(seen.includes('a:running'));
  });

  for (const status of ['failed', 'error', 'cancelled']) {
    it(`throws operationFailed when an operation ends ${status}`, async () => {
      server = await opsServer({ a: ['running', status] });
      const e = await rejection(makeClient(server).waitForOperations('p1', ['a'], { initialIntervalMs: 5 }));
      assert.equal(e.kind, 'operationFailed');
      assert.equal(e.operationId, 'a');
      assert.match(e.message, new RegExp(`"${status}"`));
    });
  }

  it('cancelling is not final', async () => {
    server = await opsServer({ a: ['cancelling', 'cancelling', 'finished'] });
    const [a] = await makeClient(server).waitForOperations('p1', ['a'], { initialIntervalMs: 5 });
    assert.equal(a!.status, 'finished');
  });

  it('stops polling when the signal fires', async () => {
    server = await opsServer({ a: ['running'] });
    const ac = new AbortController();
    const p = makeClient(server).waitForOperations('p1', ['a'], { initialIntervalMs: 20, maxIntervalMs: 20, signal: ac.signal });
    await delay(70);
    ac.abort();
    const e = await rejection(p);
    assert.ok(isCancellation(e));
    await delay(20); // a poll aborted on the wire may still reach the server
    const count = server.requests.length;
    await delay(100); // would be ~5 more polls at 20 ms if polling went on
    assert.equal(server.requests.length, count);
  });

  it('times out with the pending operations named', async () => {
    server = await opsServer({ a: ['running'] });
    const e = await rejection(makeClient(server).waitForOperations('p1', ['a'], { initialIntervalMs: 5, timeoutMs: 60 }));
    assert.equal(e.kind, 'timeout');
    assert.match(e.message, /\ba\b/);
  });
});
