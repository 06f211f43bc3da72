// How long activation took, and how long until the first account's first level reached the
// tree: logged once each. The test seam hands the figures to bench/activation.ts.

export class ActivationTimings {
  /** Time inside activate(). */
  activateMs?: number;
  /**
   * CPU time the extension host process spent inside activate() (user + system, all its threads):
   * what activate() costs when the process is not kept waiting for a core, which on a busy
   * 2-core machine the wall-clock figure above also counts.
   */
  activateCpuMs?: number;
  private readonly cpuAtStart = process.cpuUsage();
  /** From activate() beginning to an account's first level handed to VS Code (no error). */
  firstLevelMs?: number;
  /**
   * From activate() beginning to the first level read from the API. The same as firstLevelMs
   * unless the first level drawn was the one remembered from the last launch.
   */
  freshLevelMs?: number;
  /** Steps on the way there, from activate() beginning: the bench prints them. */
  steps?: Record<string, number>;

  /** performance.now() when activate() began. */
  constructor(readonly startedAt = performance.now()) {}

  /** Time of the work activate() left for the next turn of the event loop (see afterActivate). */
  deferredMs?: number;

  /** Records the end of the work activate() left for the next turn. */
  markDeferred(start: number, now = performance.now()): void {
    this.deferredMs = now - start;
  }

  /** Records the end of activate(); returns its duration. */
  markActivated(now = performance.now()): number {
    const cpu = process.cpuUsage(this.cpuAtStart);
    this.activateCpuMs = (cpu.user + cpu.system) / 1000;
    return (this.activateMs = now - this.startedAt);
  }

  /** Notes when a step on the way to the first level first happened (bench/activation.ts prints them). */
  step(name: string, now = performance.now()): void {
    if (this.firstLevelMs !== undefined && this.freshLevelMs !== undefined) return;
    this.steps ??= {};
    this.steps[name] ??= now - this.startedAt;
  }

  /** Records the first account level read from the API once. */
  markFreshLevel(now = performance.now()): void {
    this.freshLevelMs ??= now - this.startedAt;
  }

  /** Records the first successful account level once; returns the figure when this call set it. */
  markFirstLevel(now = performance.now()): number | undefined {
    if (this.firstLevelMs !== undefined) return undefined;
    return (this.firstLevelMs = now - this.startedAt);
  }
}
