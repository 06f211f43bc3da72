// The page checks every message from the host (src/webviews/consumption/messages.ts): a series
// holds finite numbers or null, nothing else, however it is checked.
import assert from 'node:assert/strict';
import { parseHostMessage } from '../../src/webviews/consumption/messageChecks';

const data = (values: unknown[], buckets: unknown[] = [1, 2, 3]) => ({
  type: 'data',
  requestId: 1,
  metric: 'compute_unit_seconds',
  dataset: {
    api: 'v2',
    range: { granularity: 'daily', from: 0, to: 3 },
    buckets,
    metrics: ['compute_unit_seconds'],
    projects: [{ id: 'p-1', name: 'one', values: { compute_unit_seconds: values } }],
    accountTotals: { compute_unit_seconds: values },
    fetchedAt: 3,
  },
});

describe('consumption page: messages from the host', () => {
  it('takes series of numbers and nulls', () => {
    const m = parseHostMessage(data([1, null, 2.5]));
    assert.equal(m?.type, 'data');
    assert.deepEqual(m?.type === 'data' && m.dataset.projects[0]!.values.compute_unit_seconds, [1, null, 2.5]);
    assert.ok(parseHostMessage(data([])));
  });

  for (const [what, values, buckets] of [
    ['a string in a series', [1, '2', 3], undefined],
    ['NaN in a series', [1, NaN, 3], undefined],
    ['Infinity in a series', [1, Infinity, 3], undefined],
    ['undefined in a series', [1, undefined, 3], undefined],
    ['a series that is not an array', { 0: 1 }, undefined],
    ['a null bucket', [1, 2, 3], [1, null, 3]],
    ['a string bucket', [1, 2, 3], [1, '2', 3]],
  ] as const) {
    it(`refuses ${what}`, () => {
      assert.equal(parseHostMessage(data(values as unknown as unknown[], buckets as unknown as unknown[] | undefined)), undefined);
    });
  }
});
