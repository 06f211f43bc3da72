import { strict as assert } from 'node:assert';
import { countdown } from '../../src/util/countdown';

describe('countdown (429 waits in the status bar and progress notifications)', () => {
  it('says each whole second once, in order, then 0 when the deadline has passed', async () => {
    const said: Array<{ seconds: number; at: number }> = [];
    const start = Date.now();
    const deadline = start + 1_500;
    const c = countdown(() => deadline, (seconds) => said.push({ seconds, at: Date.now() }));
    await new Promise((r) => setTimeout(r, 1_700));
    c.dispose();
    assert.deepEqual(said.map((s) => s.seconds), [2, 1, 0]);
    // "1" is said once 1 s or less is left, and 0 only once the deadline has passed.
    assert.ok(said[1]!.at >= deadline - 1_000, `1 s said ${deadline - said[1]!.at} ms before the deadline`);
    assert.ok(said[2]!.at >= deadline, 'the end is said after the deadline');
  });

  it('a later deadline is said at once on restart, and dispose stops it', async () => {
    let deadline = Date.now() + 800;
    const said: number[] = [];
    const c = countdown(() => deadline, (s) => said.push(s));
    deadline = Date.now() + 3_200;
    c.restart();
    assert.deepEqual(said, [1, 4]);
    c.dispose();
    await new Promise((r) => setTimeout(r, 1_100));
    assert.deepEqual(said, [1, 4], 'nothing is said after dispose');
  });

  it('a deadline already past says 0 once and sets no timer', async () => {
    const said: number[] = [];
    countdown(() => Date.now() - 10, (s) => said.push(s));
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(said, [0]);
  });
});
