/**
 * Bad input the client refuses before anything reaches the wire, with real HTTP against the
 * emulator: its request log proves no request went out.
 */
import assert from 'node:assert/strict';
import { NeonApiError, NeonClient } from '../../src/api';
import { startEmulator, type Emulator } from '../../emulator';

describe('api client: bad input never reaches the API', function () {
  this.timeout(30_000);
  let em: Emulator;
  const client = (apiKey = em.apiKey, baseUrl = em.url) => new NeonClient({ baseUrl, apiKey, userAgent: 'neon-explorer/test' });

  before(async () => {
    em = await startEmulator({ orgs: 3, projectsPerOrg: 450, branches: 1, quiet: true });
  });
  after(() => em?.close());

  const rejection = async (p: Promise<unknown>): Promise<NeonApiError> => {
    try {
      await p;
    } catch (e) {
      assert.ok(e instanceof NeonApiError, String(e));
      return e;
    }
    throw new Error('expected a rejection');
  };

  it('more than 400 projects in one transfer call: refused with a sentence, no request; 400 go through', async () => {
    // The scaled seed: "Acme Inc" (business) and "Org 3" (launch) take any number of projects.
    const orgs = [...em.state.orgs.values()];
    const a = orgs.find((o) => o.name === 'Acme Inc')!;
    const b = orgs.find((o) => o.name === 'Org 3')!;
    const ids = em.state.ownerProjects(a.id).map((p) => p.id);
    assert.ok(ids.length >= 401);
    const before = em.server.log.total;
    for (const call of [
      client().transferProjects({ sourceOrgId: a.id, destinationOrgId: b.id, projectIds: ids.slice(0, 401) }),
      client().transferProjectsFromPersonal({ destinationOrgId: b.id, projectIds: ids.slice(0, 401) }),
      client().transferProjects({ sourceOrgId: a.id, destinationOrgId: b.id, projectIds: [] }),
    ]) {
      const e = await rejection(call);
      assert.equal(e.kind, 'invalidArgument');
      assert.equal(e.userMessage(), 'Transfer between 1 and 400 projects at a time.');
    }
    assert.equal(em.server.log.total, before, 'no request reached the emulator');
    assert.equal(em.state.ownerProjects(a.id).length, ids.length, 'nothing moved');

    await client().transferProjects({ sourceOrgId: a.id, destinationOrgId: b.id, projectIds: ids.slice(0, 400) });
    assert.equal(em.server.log.byRoute['POST /organizations/{source_org_id}/projects/transfer'], 1);
    assert.equal(em.state.ownerProjects(a.id).length, ids.length - 400);
  });

  it('an empty or malformed key, or a base URL that is not a URL: refused when the client is made', async () => {
    const before = em.server.log.total;
    const cases: [() => unknown, RegExp][] = [
      [() => client('   \n'), /^An API key is required\.$/],
      [() => client('napi_clé-avec-accents'), /^The API key contains characters that are not allowed; paste it again\.$/],
      [() => client('napi_two words'), /not allowed; paste it again/],
      [() => client(em.apiKey, 'console.neon.tech/api/v2'), /^The Neon API URL is not a valid URL\.$/],
    ];
    for (const [make, sentence] of cases) {
      assert.throws(make, (e: unknown) => e instanceof NeonApiError && e.kind === 'invalidArgument' && sentence.test(e.userMessage()) && !e.userMessage().includes('clé'));
    }
    assert.equal(em.server.log.total, before);
  });
});
