import assert from 'node:assert/strict';
import { NeonApiError } from '../../src/api';
import { json, makeClient, project, rejection, startServer, type TestServer } from './api-test-server';

describe('api client: response schemas', () => {
  let server: TestServer;
  afterEach(async () => server?.close());

  it('a response missing a required field fails naming the endpoint and the field path', async () => {
    server = await startServer((_req, res) => json(res, 200, { projects: [project('a'), { name: 'no id', region_id: 'r' }], pagination: { cursor: 'a' } }));
    const e = await rejection(makeClient(server).listProjectsPage());
    assert.ok(e instanceof NeonApiError);
    assert.equal(e.kind, 'invalidResponse');
    assert.equal(e.fieldPath, 'projects[1].id');
    assert.match(e.message, /GET \/projects: projects\[1\]\.id/);
    assert.match(e.userMessage(), /GET \/projects.*projects\[1\]\.id/);
    assert.equal(server.requests.length, 1, 'an invalid response is not retried');
  });

  it('a field of the wrong type names the nested path of a templated endpoint', async () => {
    server = await startServer((_req, res) => json(res, 200, { branch: { id: 'br-a', project_id: 'p1', name: 42 } }));
    const e = await rejection(makeClient(server).getBranch('p1', 'br-a'));
    assert.equal(e.kind, 'invalidResponse');
    assert.equal(e.fieldPath, 'branch.name');
    assert.match(e.message, /GET \/projects\/\{project_id\}\/branches\/\{branch_id\}: branch\.name/);
  });

  it('a body that is not JSON is an invalid response', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>proxy login</html>');
    });
    const e = await rejection(makeClient(server).getAuth());
    assert.equal(e.kind, 'invalidResponse');
    assert.match(e.message, /GET \/auth/);
  });

  it('a GET whose 2xx body is not JSON is read again; a POST is not (it may have been applied)', async () => {
    let n = 0;
    server = await startServer((req, res) => {
      n++;
      if (req.method === 'GET' && n > 1) return json(res, 200, { project: project('p1') });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"project": {"id"\u0000{');
    });
    const client = makeClient(server, { retry: { baseDelayMs: 1 } });
    assert.equal((await client.getProject('p1')).id, 'p1');
    assert.equal(server.requests.length, 2, 'the garbled answer was read again');
    const e = await rejection(client.createProject({ name: 'x' }));
    assert.equal(e.kind, 'invalidResponse');
    assert.equal(server.requests.length, 3, 'the POST was sent once');
    assert.match(e.userMessage(), /^Neon's answer to POST \/projects was cut off or garbled, so it is not known whether the change was made\. Refresh to check before trying again\. \(request id /);
  });

  it('unknown fields pass through and nulls are accepted where the API sends them', async () => {
    server = await startServer((req, res) => {
      if (req.path === '/projects/p1') return json(res, 200, { project: project('p1', { brand_new_field: { x: 1 }, org_id: null }) });
      if (req.path === '/organizations/org-a/api_keys')
        return json(res, 200, [{ id: 165434, name: 'ci', created_at: '2025-01-01T00:00:00Z', created_by: { id: 'u', name: 'n', image: '' }, last_used_at: null, last_used_from_addr: '' }]);
      if (req.path === '/organizations/org-a') return json(res, 200, { id: 'org-a', name: 'A', handle: 'a-org-a', plan: 'scale', created_at: 'x', updated_at: 'y', managed_by: 'console' });
      json(res, 404, { code: '', message: 'nope' });
    });
    const c = makeClient(server);
    const p = await c.getProject('p1');
    assert.deepEqual((p as Record<string, unknown>).brand_new_field, { x: 1 });
    const keys = await c.listOrgApiKeys('org-a');
    assert.equal(keys[0]!.id, 165434);
    assert.equal(keys[0]!.last_used_at, null);
    const org = await c.getOrganization('org-a');
    assert.equal(org.plan, 'scale');
  });

  it('204 on deleting a branch or role that is already gone resolves without the object', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(204);
      res.end();
    });
    const c = makeClient(server);
    const b = await c.deleteBranch('p1', 'br-gone');
    assert.deepEqual(b, { operations: [] });
    const r = await c.deleteRole('p1', 'br-a', 'gone');
    assert.deepEqual(r, { operations: [] });
    await c.removeMember('org-a', '6a3c0c1e-0000-4000-8000-000000000000');
  });

  it('an empty 200 where a body is required is an invalid response', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200);
      res.end();
    });
    const e = await rejection(makeClient(server).getProject('p1'));
    assert.equal(e.kind, 'invalidResponse');
  });

  it('encodes path parameters and rejects empty ones before sending', async () => {
    server = await startServer((_req, res) => json(res, 200, { password: 'pw' }));
    const c = makeClient(server);
    assert.equal(await c.revealRolePassword('p1', 'br-a', 'we ird/role'), 'pw');
    assert.equal(server.requests[0]!.url, '/api/v2/projects/p1/branches/br-a/roles/we%20ird%2Frole/reveal_password');
    const e = await rejection(c.getProject(''));
    assert.equal(e.kind, 'invalidArgument');
    assert.equal(server.requests.length, 1);
  });

  it('sends the documented request bodies', async () => {
    server = await startServer((req, res) => {
      if (req.path === '/projects') return json(res, 201, { project: project('p9'), branch: { id: 'br-m', project_id: 'p9', name: 'main' }, connection_uris: [], roles: [], databases: [], operations: [], endpoints: [] });
      if (req.path === '/projects/p9/branches') return json(res, 201, { branch: { id: 'br-x', project_id: 'p9', name: 'dev', parent_id: 'br-m' }, endpoints: [], operations: [] });
      if (req.path === '/organizations/org-a/projects/transfer') return json(res, 200, {});
      if (req.path === '/organizations/org-a/api_keys') return json(res, 200, { id: 7, key: 'tok', name: 'ci', created_at: 'x', created_by: 'u' });
      if (req.path === '/organizations/org-a/invitations') return json(res, 200, { invitations: [{ id: 'i1', email: 'a@b.c', org_id: 'org-a', invited_by: 'u', invited_at: 'x', role: 'member' }] });
      json(res, 404, { code: '', message: 'nope' });
    });
    const c = makeClient(server);
    await c.createProject({ name: 'n', regionId: 'aws-us-east-2', pgVersion: 17, orgId: 'org-a' });
    await c.createBranch('p9', { name: 'dev', parentId: 'br-m', parentTimestamp: '2025-01-01T00:00:00Z', endpoints: [{ type: 'read_write' }] });
    await c.transferProjects({ sourceOrgId: 'org-a', destinationOrgId: 'org-b', projectIds: ['p9'] });
    await c.createOrgApiKey('org-a', { keyName: 'ci', projectId: 'p9' });
    const inv = await c.createInvitations('org-a', [{ email: 'a@b.c', role: 'member' }]);
    assert.equal(inv.length, 1);
    const bodies = server.requests.map((r) => JSON.parse(r.body));
    assert.deepEqual(bodies[0], { project: { name: 'n', region_id: 'aws-us-east-2', pg_version: 17, org_id: 'org-a' } });
    assert.deepEqual(bodies[1], { branch: { name: 'dev', parent_id: 'br-m', parent_timestamp: '2025-01-01T00:00:00Z' }, endpoints: [{ type: 'read_write' }] });
    assert.deepEqual(bodies[2], { destination_org_id: 'org-b', project_ids: ['p9'] });
    assert.deepEqual(bodies[3], { key_name: 'ci', project_id: 'p9' });
    assert.deepEqual(bodies[4], { invitations: [{ email: 'a@b.c', role: 'member' }] });
    assert.equal(server.requests[0]!.headers['content-type'], 'application/json');
  });
});
