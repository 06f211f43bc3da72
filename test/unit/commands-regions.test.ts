/** Region choices for Create Project: Neon's list for the org (emulator), the static list only when the call fails. */
import assert from 'node:assert/strict';
import { NeonClient, NeonApiError } from '../../src/api';
import { FALLBACK_REGIONS, regionChoices } from '../../src/commands/regions';
import { startEmulator, type Emulator } from '../../emulator';
import { ACME, SIDE } from './emulator-helpers';

describe('commands: region choices', () => {
  let em: Emulator;
  before(async () => (em = await startEmulator({ seed: 'small' })));
  after(async () => em?.close());
  const client = () => new NeonClient({ baseUrl: em.url, apiKey: em.apiKey, userAgent: 'neon-explorer/test' });

  it('lists what GET /regions answers for the organization, Neon\'s default first', async () => {
    const acme = await regionChoices(client(), ACME);
    assert.equal(acme.source, 'api');
    assert.equal(acme.regions[0]!.id, 'aws-us-east-2');
    assert.ok(acme.regions[0]!.isDefault);
    assert.ok(acme.regions.some((r) => r.id === 'azure-eastus2'));
    const side = await regionChoices(client(), SIDE);
    assert.ok(!side.regions.some((r) => r.id.startsWith('azure-')), 'the org_id is sent: a free org gets its own list');
  });

  it('falls back to the static list, with the reason, when the call fails; cancelling is not a fallback', async () => {
    const failing = { listRegions: () => Promise.reject(new NeonApiError({ kind: 'server', status: 503, message: 'unavailable', method: 'GET', path: '/regions' })) };
    const r = await regionChoices(failing, ACME);
    assert.equal(r.source, 'fallback');
    assert.deepEqual(r.regions, [...FALLBACK_REGIONS]);
    assert.match(r.reason!, /\(503\)/);
    const empty = await regionChoices({ listRegions: async () => [] }, ACME);
    assert.equal(empty.source, 'fallback');
    const cancelled = { listRegions: () => Promise.reject(new NeonApiError({ kind: 'cancelled', message: 'Request cancelled' })) };
    await assert.rejects(regionChoices(cancelled, ACME), (e: NeonApiError) => e.kind === 'cancelled');
  });
});
