// What kind of key a new account's key is, against the emulator at 100 ms a request: a personal
// key is checked in one round trip (GET /auth and GET /users/me at once); an org key still comes
// out an org key though its GET /users/me is refused; a revoked key is "rejected".
import assert from 'node:assert/strict';
import { NeonClient } from '../../src/api';
import { identifyKey, KeyRejectedError } from '../../src/accounts/identify';
import { startEmulator, type Emulator } from '../../emulator';

describe('identifyKey: which kind of key, in as few round trips as the kind allows', function () {
  this.timeout(20_000);
  let em: Emulator;
  const client = (apiKey: string) => new NeonClient({ apiKey, baseUrl: em.url, userAgent: 'neon-explorer-test', retry: { maxAttempts: 1 } });
  const mint = async (body: Record<string, unknown>): Promise<string> => {
    const r = await fetch(`${em.controlUrl}/keys`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    return ((await r.json()) as { token: string }).token;
  };

  before(async () => {
    em = await startEmulator({ seed: 'small', latencyMs: 100, quiet: true });
  });
  after(() => em.close());
  beforeEach(() => em.server.log.clear());

  it('a personal key: GET /users/me leaves before GET /auth has answered (one round trip)', async () => {
    const id = await identifyKey(client(em.apiKey));
    assert.equal(id.kind, 'personal');
    assert.equal(id.email, 'you@example.com');
    const [auth, me] = ['GET /auth', 'GET /users/me'].map((route) => em.server.log.entries.find((e) => e.route === route));
    assert.ok(auth && me, em.server.log.entries.map((e) => e.route).join(', '));
    assert.ok(me.startedAt < auth.endedAt, `/users/me started ${me.startedAt - auth.endedAt} ms after /auth answered`);
  });

  it('an organization key: an org key, though GET /users/me answers 403', async () => {
    const id = await identifyKey(client(await mint({ kind: 'org', orgId: 'org-morning-bread-81040908', name: 'ci' })));
    assert.equal(id.kind, 'organization');
    assert.equal(id.orgName, 'Acme Inc');
    const me = em.server.log.entries.find((e) => e.route === 'GET /users/me');
    assert.equal(me?.status, 403, 'asked beside /auth, and refused');
  });

  it('a revoked key: KeyRejectedError, whichever answer comes first', async () => {
    await assert.rejects(identifyKey(client('napi_thisKeyDoesNotExist1234567890')), KeyRejectedError);
  });
});
