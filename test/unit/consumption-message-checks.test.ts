/**
 * The page checks what the host posts without zod (src/webviews/consumption/messageChecks.ts):
 * for every message of the protocol and the saved state, each mutation of each field gets the
 * verdict messages.ts' zod schema gives it.
 */
import assert from 'node:assert/strict';
import { HostToPageSchema, PersistedStateSchema } from '../../src/webviews/consumption/messages';
import { isPersistedState, parseHostMessage } from '../../src/webviews/consumption/messageChecks';
import { holdsTo } from './shape-mutations';

const scope = { accountId: 'acc-1', orgId: 'org-ocean-art-12345678', projectId: 'quiet-pond-12345678', title: 'Ocean Art' };
const preset = { range: { kind: 'preset', preset: '60d', granularity: 'daily' }, metric: 'compute_unit_seconds', mode: 'projects', sort: { key: 'total', dir: 'desc' } };
const custom = { range: { kind: 'custom', from: '2026-10-01', to: '2026-10-31', granularity: 'monthly' }, mode: 'total', sort: { key: 'name', dir: 'asc' } };
const dataset = {
  api: 'v2',
  range: { granularity: 'daily', from: 1_790_000_000_000, to: 1_790_172_800_000 },
  buckets: [1_790_000_000_000, 1_790_086_400_000],
  metrics: ['compute_unit_seconds', 'root_branch_bytes_month'],
  projects: [
    { id: 'p-1', name: 'One', values: { compute_unit_seconds: [1.5, null] } },
    { id: 'p-2', name: 'Two', values: {} },
  ],
  accountTotals: { compute_unit_seconds: [3, 4] },
  fetchedAt: 1_790_100_000_000,
};

const MESSAGES: Record<string, unknown> = {
  'init with a preset view': { type: 'init', scope, view: preset, now: 1_790_100_000_000, markCharts: true },
  'init with a custom view': { type: 'init', scope: { accountId: 'a', title: '' }, view: custom, now: 0 },
  progress: { type: 'progress', requestId: 3, api: 'legacy', pages: 2, projects: 200 },
  data: { type: 'data', requestId: 1, metric: 'compute_unit_seconds', dataset },
  partial: { type: 'partial', requestId: 0, metric: 'compute_unit_seconds', dataset },
  complete: { type: 'complete', requestId: 2, metric: 'compute_unit_seconds' },
  unsupported: { type: 'unsupported', requestId: 2, message: 'No history on this plan.' },
  error: { type: 'error', requestId: 2, message: 'Neon said no.' },
  cancelled: { type: 'cancelled', requestId: 2 },
  waiting: { type: 'waiting', requestId: 4, retryInMs: 23_000 },
  notice: { type: 'notice', message: 'Exported.' },
};

// Values at the edges of the schema's rules: numbers that are not finite or not counts, strings
// too long (in UTF-16 units or in code points), ids that do not match, other tags.
const EDGES: unknown[] = [NaN, Infinity, -1, 2 ** 53, 'x'.repeat(41), 'x'.repeat(81), 'x'.repeat(201), 'x'.repeat(301), '😀'.repeat(150), '😀'.repeat(151), 'a'.repeat(61), 'Upper-Case', '', 'preset', 'custom', 'data', 'init', 'hourly', 'projects', 'name', 'legacy', false];

describe('consumption page: host messages checked without zod (messageChecks)', () => {
  for (const [name, message] of Object.entries(MESSAGES)) {
    it(`${name}: every mutation gets zod's verdict`, () => {
      const isHostMessage = (v: unknown) => parseHostMessage(v) !== undefined;
      assert.ok(holdsTo(isHostMessage, HostToPageSchema, message, { others: EDGES }) > 50);
    });
  }

  it('the saved state (scope and view): the same', () => {
    assert.ok(holdsTo(isPersistedState, PersistedStateSchema, { scope, view: preset }, { others: EDGES }) > 300);
    assert.ok(holdsTo(isPersistedState, PersistedStateSchema, { scope, view: custom }, { others: EDGES }) > 300);
    assert.equal(isPersistedState(undefined), false, 'a page with nothing saved');
  });

  it('a message is handed over as posted, not copied', () => {
    const m = MESSAGES.data!;
    assert.equal(parseHostMessage(m), m);
  });
});
