/**
 * loadConsumption looks one page ahead (src/consumption/load.ts): the next page of consumption is
 * asked for once a page's answer is parsed, while that page is checked and shaped. Real client
 * and emulator for the overlap and the request count; a scripted client for a look-ahead that
 * the checked page does not confirm.
 */
import assert from 'node:assert/strict';
import { NeonClient } from '../../src/api';
import { type ConsumptionClient, consumptionClientFrom, loadConsumption } from '../../src/consumption/load';
import type { V2ProjectsResponse } from '../../src/consumption/shape';
import { presetRange } from '../../src/consumption/time';
import { startEmulator, type Emulator } from '../../emulator';

describe('consumption: one page ahead', () => {
  let em: Emulator;
  let org: string;
  before(async () => {
    // Scale plan orgs have v2 history; 12 projects = 3 full pages of 4, then the empty page.
    em = await startEmulator({ orgs: 1, projectsPerOrg: 12, branches: 1, postgres: false, latencyMs: 20 });
    org = [...em.state.orgs.values()][0].id;
  });
  after(async () => em?.close());

  it('each page after the first is asked for before the one before it is returned; every project once; no extra request', async () => {
    const neon = new NeonClient({ baseUrl: em.url, apiKey: em.apiKey, userAgent: 'neon-explorer/test' });
    const real = consumptionClientFrom(neon);
    const events: string[] = [];
    const client: ConsumptionClient = {
      consumptionV2Page: (q) => {
        events.push(`ask ${q.cursor ?? 'first'}`);
        return real.consumptionV2Page(q).then((p) => (events.push(`got ${q.cursor ?? 'first'}`), p));
      },
      consumptionLegacyPage: (q) => real.consumptionLegacyPage(q),
    };
    em.server.log.clear();
    const r = await loadConsumption(client, { orgId: org, range: presetRange('30d', Date.now()), metrics: ['compute_unit_seconds'], api: 'v2', pageSize: 4 });
    assert.equal(r.kind, 'data');
    assert.deepEqual(r.kind === 'data' && r.dataset.projects.map((p) => p.id).sort(), em.state.ownerProjects(org).map((p) => p.id).sort());
    const asks = events.filter((e) => e.startsWith('ask'));
    assert.equal(asks.length, 4, events.join(', '));
    assert.equal(em.server.log.entries.filter((e) => e.route.includes('consumption')).length, 4);
    for (let i = 1; i < asks.length; i++) {
      const prev = asks[i - 1]!.slice(4);
      assert.ok(events.indexOf(asks[i]!) < events.indexOf(`got ${prev}`), `${asks[i]} left before page ${prev} was returned: ${events.join(', ')}`);
    }
  });

  it('a look-ahead the checked page does not confirm is not used: the page it names is asked for', async () => {
    const ids = ['a', 'b', 'c', 'd', 'e'];
    const asked: (string | undefined)[] = [];
    const client: ConsumptionClient = {
      async consumptionV2Page(q): Promise<V2ProjectsResponse> {
        asked.push(q.cursor);
        const start = q.cursor === undefined ? 0 : ids.indexOf(q.cursor) + 1;
        const list = ids.slice(start, start + q.limit);
        // The wrong look-ahead ('x') answers late, after the load has dropped it and moved on.
        await new Promise((r) => setTimeout(r, q.cursor === 'x' ? 12 : 2));
        // Names a wrong cursor early after the first page.
        if (list.length === q.limit) q.onNextCursor?.(q.cursor === undefined ? 'x' : list[list.length - 1]!);
        await new Promise((r) => setTimeout(r, 2));
        return { projects: list.map((id) => ({ project_id: id, periods: [] })), ...(list.length ? { pagination: { cursor: list[list.length - 1]! } } : {}) };
      },
      consumptionLegacyPage: () => Promise.reject(new Error('not used')),
    };
    const r = await loadConsumption(client, { orgId: 'org-x', range: presetRange('30d', Date.now()), metrics: ['compute_unit_seconds'], api: 'v2', pageSize: 2 });
    assert.equal(r.kind, 'data');
    // The dropped page names a cursor of its own once its answer is in: nothing more is asked for it.
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(asked, [undefined, 'x', 'b', 'd']);
  });
});
