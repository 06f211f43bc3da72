/**
 * The live tier: the same scenarios as test/unit/live-scenario.test.ts, against the real Neon API.
 * Run by `npm run test:live` (scripts/run-live.js), only with NEON_API_KEY set and never in CI;
 * NEON_LIVE_WRITE=1 adds the write scenario in a throwaway project, deleted in `after` whatever
 * happens. Answers are checked against the OpenAPI document and our zod schemas; their shapes go
 * to test-results/live-shapes-real.json, compared with the emulator's in live-shapes-diff.json.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startEmulator } from '../../emulator';
import { compareShapes } from './answers';
import { cleanup, liveContext, readOnlyScenario, writableOrg, writeScenario, type LiveContext } from './scenario';
import { RESULTS_DIR, writeShapes } from './shapes-file';

const apiKey = process.env.NEON_API_KEY?.trim() ?? '';
const baseUrl = process.env.NEON_API_BASE_URL?.trim() || 'https://console.neon.tech/api/v2';
const write = process.env.NEON_LIVE_WRITE === '1';

describe(`live: ${baseUrl}`, function () {
  this.timeout(15 * 60_000);
  let ctx: LiveContext;

  before(() => {
    assert.ok(apiKey, 'NEON_API_KEY is not set: run this tier with `npm run test:live`, which says so and exits 0');
    ctx = liveContext({ baseUrl, apiKey });
  });

  it('read-only: account, organizations, projects, branches, roles, a connection URI, consumption', async () => {
    await readOnlyScenario(ctx);
    console.log(`      visited ${JSON.stringify(ctx.visited)}`);
    assert.deepEqual(ctx.answers.violations, [], 'every answer matches the OpenAPI document');
  });

  if (write) {
    describe('write (NEON_LIVE_WRITE=1): a throwaway project', () => {
      after(async () => cleanup(ctx));
      it('create → branch → role → reset password → reveal → delete', async () => {
        await writeScenario(ctx, await writableOrg(ctx));
        assert.deepEqual(ctx.answers.violations, []);
      });
    });
  } else {
    before(() => console.log('      (write scenario off: NEON_LIVE_WRITE=1 creates and deletes a throwaway project)'));
  }

  after(async () => {
    if (!ctx) return;
    const real = writeShapes('real', ctx.answers.shapes, { baseUrl, answers: ctx.answers.count });
    // The same scenarios against the emulator, for the comparison.
    const em = await startEmulator({ seed: 'small' });
    try {
      const emu = liveContext({ baseUrl: em.url, apiKey: em.apiKey });
      await readOnlyScenario(emu);
      if (write) await writeScenario(emu, await writableOrg(emu)).finally(() => cleanup(emu));
      const emulated = emu.answers.shapes;
      const diff: Record<string, unknown> = {};
      for (const [op, shape] of Object.entries(ctx.answers.shapes)) {
        diff[op] = op in emulated ? compareShapes(shape, emulated[op]!) : 'not seen on the emulator';
      }
      fs.writeFileSync(path.join(RESULTS_DIR, 'live-shapes-diff.json'), `${JSON.stringify(diff, null, 2)}\n`);
      const missing = Object.values(diff).reduce<number>((n, d) => n + (typeof d === 'string' ? 1 : (d as { missing: string[] }).missing.length), 0);
      console.log(`      shapes: ${real}; ${missing} field(s) or operation(s) of the real API the emulator lacks (test-results/live-shapes-diff.json)`);
    } finally {
      await em.close();
    }
  });
});
