import type { LogSink } from '../log';

/**
 * Every line the extension logs, kept in order with none dropped: the suite-wide secrets scan
 * (test/integration/zz-secrets.test.ts) searches them all for its canary, however long the run.
 */
export function recordLogLines(): { readonly lines: readonly string[]; readonly sink: LogSink } {
  const lines: string[] = [];
  return { lines, sink: (line) => void lines.push(line) };
}
