import assert from 'node:assert/strict';
import { NeonClient } from '../../src/api';
import { Semaphore } from '../../src/api/semaphore';
import { startEmulator, type Emulator } from '../../emulator';

describe('api client: a 429 storm', () => {
  let em: Emulator | undefined;
  afterEach(async () => em?.close());

  it('a semaphore limit below capacity holds waiters back until it is raised', async () => {
    const s = new Semaphore(3);
    const never = () => new Error('aborted');
    s.setLimit(1);
    const r1 = await s.acquire(undefined, never);
    let second = false;
    const p2 = s.acquire(undefined, never).then((r) => ((second = true), r));
    await new Promise((r) => setTimeout(r, 5));
    assert.equal(second, false, 'limit 1: the second waits');
    s.setLimit(5);
    assert.equal(s.limit, 3, 'clamped to the capacity');
    const r2 = await p2;
    const r3 = await s.acquire(undefined, never);
    let fourth = false;
    const p4 = s.acquire(undefined, never).then((r) => ((fourth = true), r));
    await new Promise((r) => setTimeout(r, 5));
    assert.equal(fourth, false, 'three slots taken: the fourth waits');
    r1();
    (await p4)();
    r2();
    r3();
  });

  it('50 requests at once against 10 a second: all succeed, with few requests spent on 429s', async function () {
    this.timeout(20_000);
    em = await startEmulator({ orgs: 1, projectsPerOrg: 50, branches: 1, latencyMs: 5, quiet: true });
    em.config.rateLimit = { perSecond: 10 };
    const ids = em.state.ownerProjects([...em.state.orgs.values()][0]!.id).map((p) => p.id);
    const c = new NeonClient({ baseUrl: em.url, apiKey: em.apiKey, userAgent: 'test' });
    const got = await Promise.all(ids.map((id) => c.getProject(id)));
    assert.deepEqual(got.map((p) => p.id), ids);
    const sent = em.server.log.total;
    const limited = em.server.log.entries.filter((e) => e.status === 429).length;
    assert.equal(sent, 50 + limited);
    // Without holding the whole client back (queued requests included) and dropping to one in
    // flight after a 429, this storm costs about 2.7 requests per call.
    assert.ok(sent <= 65, `${sent} requests (${limited} answered 429) for 50 calls`);
  });
});
