import assert from 'node:assert/strict';
import util from 'node:util';
import { NeonApiError, NeonClient, type LogLevel } from '../../src/api';
import { json, rejection, startServer, type TestServer } from './api-test-server';

const CANARY = 'napi_canary7q3x9zk2m4v8b1n5c6p0w2e4r6t8y0u2i4o6a8s0d2f4g6h8j0k2l4m6';
const PASSWORD = 'npg_Sup3rS3cretPw';

function assertNoSecret(err: unknown, logs: string[], secrets: string[]) {
  const e = err as NeonApiError;
  const views = [
    util.inspect(err, { depth: 10, showHidden: true }),
    JSON.stringify(err),
    String(e.stack),
    String(e.message),
    e instanceof NeonApiError ? e.userMessage() : '',
    util.inspect((e as { cause?: unknown }).cause, { depth: 10, showHidden: true }),
    ...logs,
  ];
  for (const s of secrets) {
    for (const v of views) assert.ok(!v.includes(s), `secret leaked in: ${v.slice(0, 400)}`);
    // a short prefix of the key must not leak either
    for (const v of views) assert.ok(!v.includes(s.slice(0, 20)), `secret prefix leaked in: ${v.slice(0, 400)}`);
  }
}

describe('api client: secrets never leak', () => {
  let server: TestServer;
  let logs: string[];
  const client = (opts: { timeoutMs?: number; baseUrl?: string } = {}) =>
    new NeonClient({
      baseUrl: opts.baseUrl ?? server.baseUrl,
      apiKey: CANARY,
      userAgent: 'neon-explorer/test',
      timeoutMs: opts.timeoutMs ?? 2000,
      retry: { baseDelayMs: 1, maxDelayMs: 2, maxAttempts: 2 },
      log: (level: LogLevel, msg: string) => logs.push(`${level} ${msg}`),
    });

  beforeEach(() => {
    logs = [];
  });
  afterEach(async () => server?.close());

  // The server echoes the Authorization header back, as a careless proxy or API might.
  const echo = (status: number) => (req: { headers: Record<string, unknown> }, res: import('node:http').ServerResponse) =>
    json(res, status, { code: `E_${req.headers.authorization}`, message: `denied for ${req.headers.authorization} (key ${CANARY})`, request_id: 'rid-1' });

  for (const status of [401, 403, 404, 406, 409, 422, 423, 429, 500, 503]) {
    it(`HTTP ${status} error and logs carry no key even when the server echoes it`, async () => {
      server = await startServer(echo(status));
      const e = await rejection(client().getProject('p1'));
      assert.ok(e instanceof NeonApiError);
      assert.equal(e.status, status);
      assert.ok(logs.length > 0, 'the log callback was used');
      assertNoSecret(e, logs, [CANARY]);
      assert.ok(server.requests[0]!.headers.authorization === `Bearer ${CANARY}`, 'the key was really sent');
    });
  }

  it('network error (connection dropped) carries no key', async () => {
    server = await startServer((_req, res) => {
      res.socket?.destroy();
    });
    const e = await rejection(client().getAuth());
    assert.equal(e.kind, 'network');
    assertNoSecret(e, logs, [CANARY]);
  });

  it('network error (connection refused) carries no key', async () => {
    server = await startServer(() => undefined);
    const url = server.baseUrl;
    await server.close();
    const e = await rejection(client({ baseUrl: url }).getAuth());
    assert.equal(e.kind, 'network');
    assert.match(e.userMessage(), /You are offline: the Neon API at 127\.0\.0\.1:\d+ could not be reached/);
    assertNoSecret(e, logs, [CANARY]);
  });

  it('timeout carries no key', async () => {
    server = await startServer(() => undefined);
    const e = await rejection(client({ timeoutMs: 100 }).createBranch('p1'));
    assert.equal(e.kind, 'timeout');
    assertNoSecret(e, logs, [CANARY]);
  });

  it('invalid response carries neither the key nor the offending values', async () => {
    server = await startServer((_req, res) => json(res, 200, { project: { id: 5, name: CANARY, region_id: PASSWORD } }));
    const e = await rejection(client().getProject('p1'));
    assert.equal(e.kind, 'invalidResponse');
    assertNoSecret(e, logs, [CANARY, PASSWORD]);
  });

  it('passwords and tokens from responses never reach the log callback', async () => {
    server = await startServer((req, res) => {
      if (req.path.endsWith('/reveal_password')) return json(res, 200, { password: PASSWORD });
      if (req.path.endsWith('/reset_password'))
        return json(res, 200, { role: { branch_id: 'br-a', name: 'r', password: PASSWORD }, operations: [] });
      if (req.path.endsWith('/roles')) return json(res, 201, { role: { branch_id: 'br-a', name: 'r', password: PASSWORD }, operations: [] });
      if (req.path.endsWith('/connection_uri')) return json(res, 200, { uri: `postgresql://r:${PASSWORD}@ep-x.aws.neon.tech/neondb?sslmode=require` });
      if (req.path.endsWith('/api_keys')) return json(res, 200, { id: 1, key: PASSWORD, name: 'k', created_at: 'x', created_by: 'u' });
      json(res, 404, { code: '', message: 'no' });
    });
    const c = client();
    assert.equal(await c.revealRolePassword('p1', 'br-a', 'r'), PASSWORD);
    assert.equal((await c.resetRolePassword('p1', 'br-a', 'r')).role.password, PASSWORD);
    assert.equal((await c.createRole('p1', 'br-a', { name: 'r' })).role.password, PASSWORD);
    assert.match(await c.getConnectionUri({ projectId: 'p1', branchId: 'br-a', databaseName: 'neondb', roleName: 'r', pooled: true }), /npg_/);
    assert.equal((await c.createOrgApiKey('org-a', { keyName: 'k' })).key, PASSWORD);
    assert.ok(logs.length >= 10);
    for (const l of logs) {
      assert.ok(!l.includes(PASSWORD), l);
      assert.ok(!l.includes(CANARY), l);
    }
  });

  it('a pasted key is trimmed, and a key with characters a header cannot carry is refused without quoting it', async () => {
    server = await startServer((_req, res) => json(res, 200, { account_id: 'a', auth_method: 'api_key_user' }));
    const c = new NeonClient({ baseUrl: server.baseUrl, apiKey: `  ${CANARY}\n`, userAgent: 'ua' });
    await c.getAuth();
    assert.equal(server.requests[0]!.headers.authorization, `Bearer ${CANARY}`);
    let err: unknown;
    try {
      new NeonClient({ baseUrl: server.baseUrl, apiKey: `${CANARY}é`, userAgent: 'ua' });
    } catch (e) {
      err = e;
    }
    assert.ok(err instanceof NeonApiError && err.kind === 'invalidArgument');
    assertNoSecret(err, [], [CANARY]);
  });

  it('the client object itself does not expose the key through inspect or JSON', async () => {
    server = await startServer((_req, res) => json(res, 200, {}));
    const c = client();
    assert.ok(!util.inspect(c, { depth: 10 }).includes(CANARY));
    assert.ok(!JSON.stringify(c).includes(CANARY));
  });
});
