// How long activation took, and how long until the first account's first level reached the
// tree: read by bench/activation.ts through the test-mode export, and logged once.

export interface ActivationTimings {
  /** performance.now() when activate() began. */
  startedAt?: number;
  /** Time inside activate(). */
  activateMs?: number;
  /** From activate() beginning to an account's first level handed to VS Code (no error). */
  firstLevelMs?: number;
  /** Steps on the way there, from activate() beginning: the bench prints them. */
  steps?: Record<string, number>;
}

export const activationTimings: ActivationTimings = {};

/** Records the first successful account level once; returns the figure when this call set it. */
export function markFirstLevel(now = performance.now()): number | undefined {
  const t = activationTimings;
  if (t.startedAt === undefined || t.firstLevelMs !== undefined) return undefined;
  t.firstLevelMs = now - t.startedAt;
  return t.firstLevelMs;
}

/** Notes when a step on the way to the first level first happened (bench/activation.ts prints them). */
export function markStep(name: string, now = performance.now()): void {
  const t = activationTimings;
  if (t.startedAt === undefined || t.firstLevelMs !== undefined) return;
  t.steps ??= {};
  t.steps[name] ??= now - t.startedAt;
}
