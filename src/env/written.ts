// Who is told of a .env write, in a module of its own: the walkthrough (in the main bundle) listens
// without pulling the writer (in the rarely used bundle) into the main bundle.

/** A write that succeeded (also one that found the file already saying it): the file and what it holds now. */
export interface EnvWritten {
  readonly file: string;
  readonly updates: Readonly<Record<string, string>>;
  /** The Neon branch the write connects the file to, when the writer knows it: `key` names the variable that does. */
  readonly branch?: WrittenBranch;
}
export interface WrittenBranch {
  readonly projectId: string;
  /** Names the earlier target in a later Save to .env's replace question (walk 41: it showed a host). */
  readonly projectName?: string;
  readonly branchId: string;
  readonly key: string;
}
const writtenListeners = new Set<(e: EnvWritten) => void>();
/**
 * Told after every .env write that succeeded, whichever command made it (Save Connection, Link
 * Folder, a git checkout): the walkthrough ticks its .env step by it (walk 36: Link Folder wrote
 * DATABASE_URL and the step stayed open).
 */
export function onEnvWritten(listener: (e: EnvWritten) => void): { dispose(): void } {
  writtenListeners.add(listener);
  return { dispose: () => void writtenListeners.delete(listener) };
}

/** Tells every listener; a listener's failure is not the write's. */
export function envWritten(e: EnvWritten): void {
  for (const listener of writtenListeners) {
    try {
      listener(e);
    } catch {
      /* ignored: see above */
    }
  }
}
