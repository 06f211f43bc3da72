/** Pages cut short by the API's time limit: the ids in `unavailable_project_ids` reach the tree's loader, and paging goes on. */
import assert from 'node:assert/strict';
import { NeonClient } from '../../src/api';
import { PagedLoader } from '../../src/tree/pagedLoader';
import { orgProjectsSource } from '../../src/tree/levelRequests';
import { startEmulator, type Emulator } from '../../emulator';
import { ACME } from './emulator-helpers';

describe('tree loading: unavailable_project_ids', () => {
  let em: Emulator;
  beforeEach(async () => (em = await startEmulator({ seed: 'small' })));
  afterEach(async () => em?.close());

  const loader = (pageSize: number) => {
    const c = new NeonClient({ baseUrl: em.url, apiKey: em.apiKey, userAgent: 'neon-explorer/test' });
    return new PagedLoader(orgProjectsSource(async () => c, ACME, undefined, pageSize));
  };

  it('a cut-short page is not taken for the last one; every project is either loaded or named', async () => {
    em.config.unavailableProjects = 1;
    const l = loader(2);
    await l.all();
    assert.equal(l.items.length, 2, 'one of each page of two came back in full');
    assert.equal(l.unavailable.length, 2);
    assert.deepEqual([...l.items.map((p) => p.id), ...l.unavailable].sort(), [...em.state.ownerProjects(ACME)].map((p) => p.id).sort());
  });

  it('nothing unavailable without the knob; a reset forgets what was missing', async () => {
    em.config.unavailableProjects = 4;
    const l = loader(400);
    await l.first();
    assert.equal(l.items.length, 0);
    assert.equal(l.unavailable.length, 4);
    em.config.unavailableProjects = 0;
    l.reset();
    await l.first();
    assert.equal(l.items.length, 4);
    assert.deepEqual(l.unavailable, []);
  });
});
