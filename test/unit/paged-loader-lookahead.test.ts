/**
 * PagedLoader.all() looks one page ahead: the next page's request leaves once the current page's
 * answer is parsed, before it is validated and applied. Real client and emulator for the overlap;
 * scripted page sources for the cases the API does not produce on request.
 */
import assert from 'node:assert/strict';
import { NeonClient } from '../../src/api';
import { PagedLoader, type LoadedPage, type PageSource } from '../../src/tree/pagedLoader';
import { orgProjectsSource } from '../../src/tree/levelRequests';
import { startEmulator, type Emulator } from '../../emulator';

describe('tree loading: all() looks one page ahead', () => {
  let em: Emulator;
  let org: string;
  before(async () => {
    em = await startEmulator({ orgs: 1, projectsPerOrg: 12, branches: 1, postgres: false, latencyMs: 20 });
    org = [...em.state.orgs.values()][0].id;
  });
  after(async () => em?.close());

  it('each next page is asked for before the loader has the page before it; every project once, no extra request', async () => {
    const client = new NeonClient({ baseUrl: em.url, apiKey: em.apiKey, userAgent: 'neon-explorer/test' });
    const real = orgProjectsSource(async () => client, org, undefined, 3);
    const events: string[] = [];
    const source: PageSource<{ id: string }> = (cursor, signal, onNext) => {
      events.push(`ask ${cursor ?? 'first'}`);
      return real(cursor, signal, onNext).then((page) => (events.push(`got ${cursor ?? 'first'}`), page));
    };
    em.server.log.clear();
    const l = new PagedLoader(source);
    await l.all();
    assert.deepEqual(l.items.map((p) => p.id), em.state.ownerProjects(org).map((p) => p.id));
    // 4 full pages of 3, then the empty page after the last full one.
    assert.equal(em.server.log.entries.length, 5);
    assert.equal(l.pagesFetched, 5);
    assert.equal(l.aheadDropped, 0);
    const asks = events.filter((e) => e.startsWith('ask'));
    assert.equal(asks.length, 5);
    for (let i = 1; i < asks.length; i++) {
      const prev = asks[i - 1].slice(4);
      assert.ok(events.indexOf(asks[i]) < events.indexOf(`got ${prev}`), `${asks[i]} left before page ${prev} was ready: ${events.join(', ')}`);
    }
  });

  it('the client names the next cursor early on a full page only', async () => {
    const client = new NeonClient({ baseUrl: em.url, apiKey: em.apiKey, userAgent: 'neon-explorer/test' });
    const seen: string[] = [];
    const full = await client.listProjectsPage({ orgId: org, limit: 5, onNextCursor: (c) => seen.push(c) });
    assert.deepEqual(seen, [full.nextCursor]);
    seen.length = 0;
    const last = await client.listProjectsPage({ orgId: org, limit: 5, cursor: full.projects[4].id, onNextCursor: (c) => seen.push(c) });
    assert.ok(last.nextCursor);
    const short = await client.listProjectsPage({ orgId: org, limit: 5, cursor: last.nextCursor, onNextCursor: (c) => seen.push(c) });
    assert.equal(short.projects.length, 2);
    assert.equal(short.nextCursor, undefined);
    assert.deepEqual(seen, [last.nextCursor], 'a short page names no next cursor');
  });

  /** Pages of two from a list of ids; `early` decides what the source names before the page is ready. */
  /** `answerMs`: how long until a page's answer is in (it names its next cursor then); 2 ms unless given. */
  function scripted(ids: string[], early: (next: string) => string | undefined, fail?: (cursor: string | undefined) => boolean, answerMs: (cursor: string | undefined) => number = () => 2) {
    const asked: (string | undefined)[] = [];
    const source: PageSource<{ id: string }> = async (cursor, _signal, onNext) => {
      asked.push(cursor);
      const start = cursor === undefined ? 0 : ids.indexOf(cursor) + 1;
      const items = ids.slice(start, start + 2).map((id) => ({ id }));
      const next = items.length === 2 ? items[1].id : undefined;
      await new Promise((r) => setTimeout(r, answerMs(cursor)));
      const e = next && early(next);
      if (e) onNext?.(e);
      await new Promise((r) => setTimeout(r, 2));
      if (fail?.(cursor)) throw new Error(`page after ${cursor ?? 'none'} failed`);
      const page: LoadedPage<{ id: string }> = { items };
      if (next) page.nextCursor = next;
      return page;
    };
    return { source, asked };
  }

  it('a look-ahead whose cursor the finished page does not name is dropped, and the right page is asked for', async () => {
    // The wrong look-ahead ('x') answers late, after the loader has dropped it and moved on.
    const { source, asked } = scripted(['a', 'b', 'c', 'd', 'e'], (next) => (next === 'b' ? 'x' : next), undefined, (cursor) => (cursor === 'x' ? 12 : 2));
    const l = new PagedLoader(source);
    await l.all();
    assert.deepEqual(l.items.map((p) => p.id), ['a', 'b', 'c', 'd', 'e']);
    assert.equal(l.aheadDropped, 1);
    // The dropped page names a cursor of its own once its answer is in: nothing more is asked for it.
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(asked, [undefined, 'x', 'b', 'd']);
  });

  it('a failed page fails all(); its look-ahead failing too raises no unhandled rejection; a reset drops a look-ahead', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      const { source } = scripted(['a', 'b', 'c', 'd', 'e'], (next) => next, (cursor) => cursor !== undefined);
      const l = new PagedLoader(source);
      await assert.rejects(l.all(), /page after b failed/);
      assert.deepEqual(l.items.map((p) => p.id), ['a', 'b']);
      await new Promise((r) => setTimeout(r, 30));
      assert.deepEqual(unhandled, []);

      const slow = scripted(['a', 'b', 'c', 'd'], (next) => next);
      const m = new PagedLoader(slow.source);
      const run = m.all();
      await new Promise((r) => setTimeout(r, 3));
      m.reset();
      await run;
      assert.equal(m.items.length, 0, 'what arrived after the reset landed nowhere');
      await m.all();
      assert.deepEqual(m.items.map((p) => p.id), ['a', 'b', 'c', 'd']);
      assert.equal(m.aheadDropped, 0);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('a look-ahead sent for a cancelled expand is not taken by the next one', async () => {
    // Each page is driven by hand: `answer` is its answer arriving (it names the next cursor and no
    // longer fails on abort, as a page being checked), `finish` its check done. Until answered, an
    // abort fails it.
    const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
    interface Call { cursor: string | undefined; answer(): void; finish(): void; settled: boolean }
    const calls: Call[] = [];
    const source: PageSource<{ id: string }> = (cursor, signal, onNext) =>
      new Promise((resolve, reject) => {
        const start = cursor === undefined ? 0 : ids.indexOf(cursor) + 1;
        const items = ids.slice(start, start + 2).map((id) => ({ id }));
        const next = items.length === 2 ? items[1]!.id : undefined;
        let answered = false;
        const call: Call = {
          cursor,
          settled: false,
          answer: () => {
            answered = true;
            if (next) onNext?.(next);
          },
          finish: () => {
            call.settled = true;
            resolve({ items, ...(next ? { nextCursor: next } : {}) });
          },
        };
        const fail = () => {
          if (answered || call.settled) return;
          call.settled = true;
          reject(Object.assign(new Error('aborted'), { name: 'AbortError' }));
        };
        if (signal?.aborted) fail();
        else signal?.addEventListener('abort', fail, { once: true });
        calls.push(call);
      });
    const turn = () => new Promise((r) => setImmediate(r));
    const l = new PagedLoader(source);
    const first = new AbortController();
    const run = l.all(first.signal);
    await turn();
    assert.deepEqual(calls.map((c) => c.cursor), [undefined]);
    calls[0]!.answer(); // [a, b] names b: the look-ahead for the page after b leaves
    calls[0]!.finish();
    await turn();
    calls[1]!.answer(); // [c, d] is in and being checked; the look-ahead for the page after d leaves
    assert.deepEqual(calls.map((c) => c.cursor), [undefined, 'b', 'd']);
    first.abort(); // the page after d, still on its way, fails; [c, d] completes
    calls[1]!.finish();
    await assert.rejects(run, /aborted/);
    assert.deepEqual(l.items.map((p) => p.id), ['a', 'b', 'c', 'd'], 'the page being checked completed');

    const second = l.all(new AbortController().signal);
    let done = false;
    void second.then(() => (done = true), () => (done = true));
    for (let i = 0; i < 50 && !done; i++) {
      await turn();
      for (const c of calls.slice(3)) if (!c.settled) {
        c.answer();
        c.finish();
      }
    }
    await second;
    assert.equal(calls[3]!.cursor, 'd', 'the second expand asked for the page after d again rather than take the cancelled request');
    assert.deepEqual(l.items.map((p) => p.id), ids);
    assert.equal(l.aheadDropped, 1, 'the cancelled look-ahead was dropped');
  });
});
