/** Whether an account still has a personal project space: by status, never by a 400 message's words. */
import assert from 'node:assert/strict';
import { loadPersonalProjects } from '../../src/tree/levelRequests';
import { json, makeClient, project, rejection, startServer, type TestServer } from './api-test-server';

describe('tree loading: personal project space', () => {
  let server: TestServer;
  afterEach(async () => server?.close());

  for (const message of ['org_id is required', 'organization must be specified', '']) {
    it(`a 400 to the unscoped list means no personal space (message ${JSON.stringify(message)})`, async () => {
      server = await startServer((_req, res) => json(res, 400, { code: '', message }));
      assert.equal(await loadPersonalProjects(makeClient(server)), undefined);
      assert.equal(server.requests[0]!.query.get('org_id'), null, 'asked without org_id');
    });
  }

  it('projects outside any org are the personal ones; other failures are not hidden', async () => {
    server = await startServer((_req, res) => json(res, 200, { projects: [project('p-1'), project('p-2', { org_id: 'org-a' })] }));
    assert.deepEqual((await loadPersonalProjects(makeClient(server)))!.items.map((p) => p.id), ['p-1']);
    server.handler = (_req, res) => json(res, 403, { code: '', message: 'org_id is required' });
    assert.equal((await rejection(loadPersonalProjects(makeClient(server)))).status, 403);
  });
});
