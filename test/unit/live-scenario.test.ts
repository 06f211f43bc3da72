/**
 * The live tier's scenarios (test/live/scenario.ts), run here against the emulator on every
 * `npm run test:unit` so the code `npm run test:live` runs against the real API cannot rot; and
 * the tier's skip path (no key, CI).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startEmulator, type Emulator } from '../../emulator';
import { compareShapes, shapeOf } from '../live/answers';
import { cleanup, liveContext, readOnlyScenario, writableOrg, writeScenario } from '../live/scenario';
import { writeShapes } from '../live/shapes-file';

const ROOT = path.join(__dirname, '../..');

describe('live tier, against the emulator (same code as npm run test:live)', function () {
  this.timeout(60_000);
  let em: Emulator;
  beforeEach(async () => (em = await startEmulator({ seed: 'small', operationMs: 5, secretMarker: 'LIVECANARY' })));
  afterEach(async () => em?.close());

  it('read-only and write scenarios: every answer matches the document; shapes recorded, never values', async () => {
    const ctx = liveContext({ baseUrl: em.url, apiKey: em.apiKey });
    await readOnlyScenario(ctx);
    const org = await writableOrg(ctx);
    const before = em.state.projects.size;
    await writeScenario(ctx, org);
    assert.equal(em.state.projects.size, before, 'the throwaway project is gone');
    assert.equal(ctx.createdProjectId, undefined);
    assert.deepEqual(ctx.answers.violations, []);
    for (const kind of ['key:personal', 'organizations', 'projects', 'branches', 'roles', 'connection uri', 'consumption:v2', 'consumption:branches', 'write scenario']) {
      assert.ok(ctx.visited[kind], `visited ${kind}: ${JSON.stringify(ctx.visited)}`);
    }
    const file = writeShapes('emulator', ctx.answers.shapes, { answers: ctx.answers.count });
    const text = fs.readFileSync(file, 'utf8');
    assert.ok(!text.includes('LIVECANARY'), 'no password, key or connection string in the shapes file');
    assert.ok(!/postgres(ql)?:\/\//.test(text) && !text.includes(em.apiKey));
    const ops = Object.keys(JSON.parse(text).shapes);
    for (const op of ['GET /auth 200', 'GET /projects/{project_id}/connection_uri 200', 'POST /projects/{project_id}/branches/{branch_id}/roles/{role_name}/reset_password 200', 'GET /regions 200']) {
      assert.ok(ops.includes(op), `${op} recorded among ${ops.length}`);
    }
  });

  it('a scenario that fails half-way leaves no project behind once cleanup runs', async () => {
    em.config.operationFailRate = 1;
    const ctx = liveContext({ baseUrl: em.url, apiKey: em.apiKey });
    const before = em.state.projects.size;
    await assert.rejects(writeScenario(ctx, await writableOrg(ctx)), (e: { kind?: string }) => e.kind === 'operationFailed');
    assert.ok(ctx.createdProjectId, 'the project was created before the failure');
    await cleanup(ctx);
    assert.equal(em.state.projects.size, before);
    await cleanup(ctx); // twice is harmless
  });
});

describe('live tier: shapes', () => {
  it('keeps keys and JSON types, merges list items, and tells what one side lacks', () => {
    const real = shapeOf({ id: 'x', n: 1, tags: ['a'], nested: [{ a: 1 }, { b: null }], secret: 'hunter2' });
    assert.deepEqual(real, { id: 'string', n: 'number', nested: [{ a: 'number', b: 'null' }], secret: 'string', tags: ['string'] });
    assert.ok(!JSON.stringify(real).includes('hunter2'));
    const emu = shapeOf({ id: 'y', n: 'one', tags: [], nested: [{ a: 2 }], extra: true });
    assert.deepEqual(compareShapes(real, emu), { missing: ['nested[].b', 'secret'], extra: ['extra'], types: ['n: number vs string'] });
  });
});

describe('live tier: skip path', () => {
  const run = (env: Record<string, string | undefined>) => {
    const merged: NodeJS.ProcessEnv = { ...process.env };
    for (const [k, v] of Object.entries(env)) {
      if (v === undefined) delete merged[k];
      else merged[k] = v;
    }
    return spawnSync(process.execPath, ['scripts/run-live.js'], { cwd: ROOT, env: merged, encoding: 'utf8', timeout: 20_000 });
  };

  it('without NEON_API_KEY: one line, exit 0', () => {
    const r = run({ NEON_API_KEY: undefined, CI: undefined });
    assert.equal(r.status, 0);
    assert.deepEqual(r.stdout.trimEnd().split('\n'), ['test:live skipped: set NEON_API_KEY (and NEON_LIVE_WRITE=1 for the write scenario) to run it against the real Neon API.']);
    assert.equal(r.stderr, '');
  });

  it('in CI: one line, exit 0, even with a key (never runs there)', () => {
    const r = run({ NEON_API_KEY: 'napi_not_a_real_key', CI: 'true' });
    assert.equal(r.status, 0);
    assert.deepEqual(r.stdout.trimEnd().split('\n'), ['test:live skipped: the live tier never runs in CI (it needs a real Neon API key).']);
  });
});
