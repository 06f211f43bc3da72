import { strict as assert } from 'assert';
import { NeonApiError } from '../../src/api';
import { retryWhileLocked } from '../../src/commands/retryLocked';

const locked = () => new NeonApiError({ kind: 'locked', status: 423, message: 'branch is locked' });

describe('commands: retry while locked (423)', () => {
  it('retries a 423 until the change is accepted', async () => {
    let calls = 0;
    const waits: number[] = [];
    const r = await retryWhileLocked(
      async () => {
        if (++calls < 3) throw locked();
        return 'ok';
      },
      { firstPauseMs: 5, onWait: (n) => waits.push(n) },
    );
    assert.equal(r, 'ok');
    assert.equal(calls, 3);
    assert.deepEqual(waits, [1, 2]);
  });

  it('does not retry other failures', async () => {
    let calls = 0;
    await assert.rejects(
      retryWhileLocked(async () => {
        calls++;
        throw new NeonApiError({ kind: 'conflict', status: 409, message: 'exists' });
      }, { firstPauseMs: 1 }),
      (e: NeonApiError) => e.status === 409,
    );
    assert.equal(calls, 1);
  });

  it('gives up with the 423 once the time is spent', async () => {
    // Pauses of 20, 40, 80, 160, 320 ms fit in 1 s; the next (640) would not. Wide enough that a
    // loaded machine (a late timer) still retries; 35 ms was not (CI gave up after one call).
    let calls = 0;
    await assert.rejects(
      retryWhileLocked(async () => {
        calls++;
        throw locked();
      }, { firstPauseMs: 20, lockedForMs: 1000 }),
      (e: NeonApiError) => e.status === 423,
    );
    // At most 6: no pause is begun that would end after the deadline (a seventh call would need the 640 ms one).
    assert.ok(calls >= 2 && calls <= 6, `${calls} calls`);
  });

  it('a cancel during the pause stops at once, as a cancellation', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 10);
    const t0 = Date.now();
    await assert.rejects(
      retryWhileLocked(async () => {
        throw locked();
      }, { firstPauseMs: 5000, signal: ac.signal }),
      (e: Error) => e.name === 'CancellationError',
    );
    assert.ok(Date.now() - t0 < 1000);
  });
});
