// The order of a multi-step dialog's steps when the person presses Back (src/ui/steps.ts).
import assert from 'node:assert/strict';
import { runSteps, SKIP, StepBack } from '../../src/ui/steps';

/** Steps that log their runs and act from a script: 'ok', 'back', 'skip', or an error. */
function scripted(script: Record<string, (string | Error)[]>) {
  const runs: string[] = [];
  const step = (name: string) => async (back: boolean) => {
    runs.push(`${name}${back ? '+back' : ''}`);
    const next = script[name]!.shift() ?? 'ok';
    if (next instanceof Error) throw next;
    if (next === 'back') throw new StepBack();
    if (next === 'skip') return SKIP;
    return undefined;
  };
  return { runs, step };
}

describe('runSteps: Back in a multi-step dialog', () => {
  it('runs the steps in order; only steps after one that asked offer Back', async () => {
    const { runs, step } = scripted({ a: [], b: [], c: [] });
    await runSteps([step('a'), step('b'), step('c')]);
    assert.deepEqual(runs, ['a', 'b+back', 'c+back']);
  });

  it('Back runs the step before again, and again from there', async () => {
    const { runs, step } = scripted({ a: ['ok', 'ok'], b: ['ok', 'back', 'ok'], c: ['back', 'ok'] });
    await runSteps([step('a'), step('b'), step('c')]);
    assert.deepEqual(runs, ['a', 'b+back', 'c+back', 'b+back', 'a', 'b+back', 'c+back']);
  });

  it('Back passes over a step that asked nothing (it is run again on the way forward)', async () => {
    const { runs, step } = scripted({ a: [], b: ['ok', 'ok'], c: ['skip', 'skip'], d: ['back', 'ok'] });
    await runSteps([step('a'), step('b'), step('c'), step('d')]);
    assert.deepEqual(runs, ['a', 'b+back', 'c+back', 'd+back', 'b+back', 'c+back', 'd+back']);
  });

  it('a first step that asked nothing gives the next one no Back', async () => {
    const { runs, step } = scripted({ a: ['skip'], b: [] });
    await runSteps([step('a'), step('b')]);
    assert.deepEqual(runs, ['a', 'b']);
  });

  it('any other error (Escape\'s cancel, a failed request) ends the dialog at once', async () => {
    const boom = new Error('Neon answered 500');
    const { runs, step } = scripted({ a: [], b: [boom], c: [] });
    await assert.rejects(runSteps([step('a'), step('b'), step('c')]), (e) => e === boom);
    assert.deepEqual(runs, ['a', 'b+back']);
  });

  it('a Back with nothing before it is not swallowed', async () => {
    const { step } = scripted({ a: ['back'] });
    await assert.rejects(runSteps([step('a')]), (e: Error) => e.name === 'StepBack');
  });
});
