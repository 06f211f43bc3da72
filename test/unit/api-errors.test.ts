import assert from 'node:assert/strict';
import { isCancellation, isNeonApiError, NeonApiError, type NeonErrorKind } from '../../src/api';
import { json, makeClient, rejection, startServer, type TestServer } from './api-test-server';

describe('api client: errors', () => {
  let server: TestServer;
  afterEach(async () => server?.close());

  const cases: Array<[number, NeonErrorKind, RegExp]> = [
    [400, 'badRequest', /rejected the request \(400\).*bad input/],
    [401, 'auth', /rejected the API key.*Update the key/],
    [403, 'forbidden', /not allowed.*personal key of an organization admin/],
    [404, 'notFound', /could not find it.*Refresh/],
    [406, 'notAcceptable', /shorter range/],
    [409, 'conflict', /already exists.*Choose another name/],
    [412, 'preconditionFailed', /reset the password/],
    [422, 'unprocessable', /could not process/],
    [423, 'locked', /busy with another operation.*try again/],
    [429, 'rateLimited', /Too many requests.*try again/],
    [500, 'server', /problem on its side \(500\)/],
    [503, 'server', /problem on its side \(503\)/],
  ];

  for (const [status, kind, sentence] of cases) {
    it(`${status} → kind ${kind} with an actionable sentence and the request id`, async () => {
      server = await startServer((_req, res) => json(res, status, { code: 'SOME_CODE', message: 'bad input', request_id: 'req-123' }));
      const e = await rejection(makeClient(server, { retry: { maxAttempts: 1 } }).getBranch('p1', 'br-a', {}));
      assert.ok(isNeonApiError(e));
      assert.equal(e.kind, kind);
      assert.equal(e.status, status);
      assert.equal(e.code, 'SOME_CODE');
      assert.equal(e.message, 'bad input');
      assert.equal(e.requestId, 'req-123');
      assert.equal(e.method, 'GET');
      assert.equal(e.path, '/projects/{project_id}/branches/{branch_id}');
      assert.match(e.userMessage(), sentence);
      assert.match(e.userMessage(), /req-123/);
      assert.ok(!isCancellation(e));
    });
  }

  it('falls back to the response header, then to the X-Request-ID sent', async () => {
    server = await startServer((req, res, n) => {
      if (n === 1) return json(res, 404, { code: '', message: 'x' }, { 'x-neon-ret-request-id': 'hdr-1' });
      json(res, 404, { code: '', message: 'x' });
      void req;
    });
    const c = makeClient(server);
    assert.equal((await rejection(c.getAuth())).requestId, 'hdr-1');
    const e = await rejection(c.getAuth());
    assert.equal(e.requestId, server.requests[1]!.headers['x-request-id']);
  });

  it('406 on transfer exposes the limits and explains them', async () => {
    server = await startServer((_req, res) =>
      json(res, 406, { limits: [{ name: 'projects_count', expected: '100', actual: '101' }, { name: 'subscription_type', expected: 'scale', actual: 'free_v3' }] }),
    );
    const e = await rejection(makeClient(server).transferProjects({ sourceOrgId: 'org-a', destinationOrgId: 'org-b', projectIds: ['p1'] }));
    assert.equal(e.kind, 'notAcceptable');
    assert.deepEqual(e.limits, [
      { name: 'projects_count', expected: '100', actual: '101' },
      { name: 'subscription_type', expected: 'scale', actual: 'free_v3' },
    ]);
    assert.match(e.userMessage(), /projects_count \(allowed 100, would be 101\); subscription_type/);
    assert.equal(e.path, '/organizations/{source_org_id}/projects/transfer');
  });

  it('reads the older transfer error shape ({limits, error}) and sends only the documented body fields', async () => {
    server = await startServer((_req, res) =>
      json(res, 406, { limits: [{ name: 'subscription_type', actual: 'launch', expected: 'scale' }], error: 'Transfer failed: the organization has too many projects' }),
    );
    const e = await rejection(makeClient(server).transferProjectsFromPersonal({ destinationOrgId: 'org-cool-breeze-12345678', projectIds: ['p1', 'p2'] }));
    assert.equal(e.message, 'Transfer failed: the organization has too many projects');
    assert.deepEqual(e.limits, [{ name: 'subscription_type', expected: 'scale', actual: 'launch' }]);
    // No `org_id`: the document's TransferProjectsToOrganizationRequest does not declare it.
    assert.deepEqual(JSON.parse(server.requests[0]!.body), { destination_org_id: 'org-cool-breeze-12345678', project_ids: ['p1', 'p2'] });
  });

  for (const status of [404, 410]) {
    it(`${status} from the retired personal transfer endpoint ends in a sentence saying what changed and what to do`, async () => {
      server = await startServer((_req, res) => json(res, status, { code: '', message: 'Not Found', request_id: 'req-77' }));
      const e = await rejection(makeClient(server).transferProjectsFromPersonal({ destinationOrgId: 'org-b', projectIds: ['p1'] }));
      assert.equal(e.status, status);
      assert.equal(
        e.userMessage(),
        `Neon no longer transfers projects from personal accounts (${status}): personal accounts have been moved into organizations. Refresh the tree, then transfer the project from the organization it now belongs to. (request id req-77)`,
      );
    });
  }

  it('a 404 from the org-to-org transfer keeps the ordinary not-found sentence', async () => {
    server = await startServer((_req, res) => json(res, 404, { code: '', message: 'Not Found' }));
    const e = await rejection(makeClient(server).transferProjects({ sourceOrgId: 'org-a', destinationOrgId: 'org-b', projectIds: ['p1'] }));
    assert.match(e.userMessage(), /^Neon could not find it \(404\)/);
  });

  it('422 on transfer lists the projects with integrations', async () => {
    server = await startServer((_req, res) => json(res, 422, { projects: [{ id: 'p1', integration: 'vercel' }] }));
    const e = await rejection(makeClient(server).transferProjectsFromPersonal({ destinationOrgId: 'org-b', projectIds: ['p1'] }));
    assert.equal(e.kind, 'unprocessable');
    assert.deepEqual(e.projects, [{ id: 'p1', integration: 'vercel' }]);
    assert.match(e.userMessage(), /p1 \(vercel\).*Remove the GitHub\/Vercel integration/);
  });

  it('400 "org_id is required" tells the user to pick an organization', async () => {
    server = await startServer((_req, res) => json(res, 400, { code: '', message: 'org_id is required' }));
    const e = await rejection(makeClient(server).listProjectsPage());
    assert.match(e.userMessage(), /choose an organization/);
  });

  it('the path in errors never contains the query string', async () => {
    server = await startServer((_req, res) => json(res, 403, { code: '', message: 'x' }));
    const e = await rejection(makeClient(server).listProjectsPage({ search: 'private-name', orgId: 'org-a' }));
    assert.equal(e.path, '/projects');
    assert.ok(!JSON.stringify(e).includes('private-name'));
  });

  it('timeout and network errors say what to do', async () => {
    server = await startServer(() => undefined);
    const e = await rejection(makeClient(server, { timeoutMs: 80, retry: { maxAttempts: 1 } }).getAuth());
    assert.equal(e.kind, 'timeout');
    assert.match(e.userMessage(), /did not answer within 0\.1 s\. Try again/);
    assert.equal(e.timeoutMs, 80);
  });

  it('a timed-out or dropped change warns that it may have been applied', async () => {
    server = await startServer(() => undefined);
    const t = await rejection(makeClient(server, { timeoutMs: 80 }).deleteBranch('p1', 'br-a'));
    assert.equal(t.kind, 'timeout');
    assert.match(t.userMessage(), /^Neon did not answer within 0\.1 s, so the change may have been made\. Refresh to see whether it was before you try again\./);
    server.handler = (_req, res) => {
      res.socket?.destroy();
    };
    const n = await rejection(makeClient(server).createBranch('p1', { name: 'x' }));
    assert.equal(n.kind, 'network');
    assert.match(n.userMessage(), /^The connection to the Neon API at 127\.0\.0\.1:\d+ broke before Neon answered, so the change may have been made\. Refresh to see whether it was before you try again; /, 'a dropped connection is not "offline"');
  });

  it('rejects bad arguments before sending', async () => {
    server = await startServer((_req, res) => json(res, 200, {}));
    const c = makeClient(server);
    assert.equal((await rejection(c.createOrgApiKey('org-a', { keyName: 'x'.repeat(65) }))).kind, 'invalidArgument');
    assert.equal((await rejection(c.createRole('p1', 'br-a', { name: 'é'.repeat(32) }))).kind, 'invalidArgument');
    assert.equal((await rejection(c.transferProjects({ sourceOrgId: 'a', destinationOrgId: 'b', projectIds: [] }))).kind, 'invalidArgument');
    assert.equal(server.requests.length, 0);
  });

  it('isCancellation recognises our cancellations and bare AbortErrors only', () => {
    assert.ok(isCancellation(new NeonApiError({ kind: 'cancelled', message: 'x' })));
    assert.ok(isCancellation(new DOMException('aborted', 'AbortError')));
    assert.ok(!isCancellation(new NeonApiError({ kind: 'timeout', message: 'x' })));
    assert.ok(!isCancellation(new Error('x')));
    assert.ok(!isCancellation(undefined));
  });
});
