// An organization's project limit as Neon names it when it refuses (src/commands/projectLimits.ts):
// from a transfer's 406 or a create's 422, in real Neon's words and the emulator's, by account.
import assert from 'node:assert/strict';
import type { NeonClient } from '../../src/api';
import { forgetProjectLimit, knownProjectLimit, learnProjectLimit, learnProjectLimitFrom, roomIn } from '../../src/commands/projectLimits';

const at = (accountId: string, orgId: string) => ({ accountId, orgId });
const listing = (n: number) => ({ listProjects: async () => Array.from({ length: n }, (_, i) => ({ id: `p-${i}` })) }) as unknown as NeonClient;

describe('project limits: what Neon said an organization may hold', () => {
  it('reads the number of a create refusal in Neon\'s words and the emulator\'s; a sentence without one teaches nothing', () => {
    assert.equal(learnProjectLimitFrom(at('a', 'org-1'), 'user projects limit of 1 exceeded, got 1'), 1);
    assert.equal(learnProjectLimitFrom(at('a', 'org-2'), 'projects limit exceeded: the free_v3 plan of Side Project allows 20 projects'), 20);
    assert.equal(learnProjectLimitFrom(at('a', 'org-3'), 'projects limit exceeded'), undefined);
    assert.equal(knownProjectLimit(at('a', 'org-3')), undefined);
    assert.equal(knownProjectLimit(at('b', 'org-1')), undefined, 'another account has not been told');
  });

  it('takes a 406\'s projects_count, not its other limits; forgets on request', () => {
    learnProjectLimit(at('a', 'org-4'), [{ name: 'subscription_type', expected: 'launch', actual: 'free_v3' }, { name: 'projects_count', expected: '5', actual: '7' }]);
    assert.equal(knownProjectLimit(at('a', 'org-4')), 5);
    forgetProjectLimit(at('a', 'org-4'));
    assert.equal(knownProjectLimit(at('a', 'org-4')), undefined);
  });

  it('counts the room left only where the limit is known; a failed count says nothing', async () => {
    learnProjectLimit(at('a', 'org-5'), [{ name: 'projects_count', expected: '3', actual: '4' }]);
    assert.deepEqual(await roomIn(listing(2), at('a', 'org-5')), { limit: 3, count: 2, left: 1 });
    assert.deepEqual(await roomIn(listing(4), at('a', 'org-5')), { limit: 3, count: 4, left: 0 });
    assert.equal(await roomIn(listing(0), at('a', 'org-unknown')), undefined);
    const failing = { listProjects: async () => Promise.reject(new Error('503')) } as unknown as NeonClient;
    assert.equal(await roomIn(failing, at('a', 'org-5')), undefined);
  });
});
