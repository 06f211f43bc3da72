/** The Back button was pressed. Recognised by its brand: the test seam is bundled apart, so `instanceof` would not do. */
export class StepBack extends Error {
  readonly stepBack = true;
  constructor() {
    super('back');
    this.name = 'StepBack';
  }
}
export const isStepBack = (e: unknown): boolean => typeof e === 'object' && e !== null && (e as { stepBack?: unknown }).stepBack === true;

/** What a step returns when it had nothing to ask this time (Back passes over it). */
export const SKIP = Symbol('skip');

/**
 * Runs the steps of a multi-step dialog (Create Project, Create Branch, Invite…) in order. A step
 * is told whether it may offer Back (when a step before it asked something); when the person
 * presses Back, the last step that asked runs again. Each step keeps its answer in the caller's
 * variables, so a step run again offers the earlier answer (an input's value, a pick's `picked`
 * item). Escape still cancels the whole command, as before.
 */
export async function runSteps(steps: readonly ((back: boolean) => Promise<unknown>)[]): Promise<void> {
  const asked: number[] = [];
  for (let i = 0; i < steps.length; ) {
    try {
      if ((await steps[i]!(asked.length > 0)) !== SKIP) asked.push(i);
      i++;
    } catch (e) {
      const before = asked.pop();
      if (before === undefined || !isStepBack(e)) throw e;
      i = before;
    }
  }
}
