/** Whether an account still has a personal project space: by status, never by a 400 message's words. */
import assert from 'node:assert/strict';
import { NeonClient } from '../../src/api';
import { loadAccountLevel, loadPersonalProjects } from '../../src/tree/levelRequests';
import { startEmulator, type Emulator } from '../../emulator';
import { ACME, control } from './emulator-helpers';
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

describe('tree loading: an account without a personal space (emulator)', () => {
  let em: Emulator;
  beforeEach(async () => (em = await startEmulator({ seed: 'small', quiet: true })));
  afterEach(async () => em?.close());

  const client = (key = em.apiKey) => new NeonClient({ baseUrl: em.url, apiKey: key, userAgent: 'neon-explorer/test' });
  /** The unscoped project lists the emulator received (GET /projects without org_id). */
  const unscoped = () => em.server.log.entries.filter((e) => e.route === 'GET /projects' && !/[?&]org_id=/.test(e.path)).map((e) => e.status);

  it('the 400 is learnt once: a level read knowing it asks for organizations only, and shows the same ones', async () => {
    const first = await loadAccountLevel(client(), { kind: 'personal' });
    assert.equal(first.personalSpace, false);
    assert.equal(first.personal, undefined);
    assert.deepEqual(unscoped(), [400], 'the first read asks once and is answered 400');
    const again = await loadAccountLevel(client(), { kind: 'personal', personalSpace: false });
    assert.deepEqual(unscoped(), [400], 'no second unscoped list');
    assert.deepEqual(again.orgs.map((o) => o.id), first.orgs.map((o) => o.id));
    assert.equal(again.personalSpace, false);
  });

  it('a legacy account is told apart: its personal space is read and said to exist; organization keys never ask', async () => {
    const legacy = (await control(em, 'POST', '/keys', { kind: 'personal', email: 'legacy@example.com' })).token as string;
    const level = await loadAccountLevel(client(legacy), { kind: 'personal' });
    assert.equal(level.personalSpace, true);
    assert.deepEqual(level.personal!.items.map((p) => p.name).sort(), ['legacy-blog', 'legacy-shop']);
    const orgKey = (await control(em, 'POST', '/keys', { kind: 'org', orgId: ACME })).token as string;
    await loadAccountLevel(client(orgKey), { kind: 'organization', orgId: ACME });
    assert.deepEqual(unscoped(), [200], 'only the legacy account asked');
  });
});
