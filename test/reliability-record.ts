/**
 * The reliability figures a test run measured (kills tried, files torn, requests seen by a proxy,
 * …), merged section by section into test-results/reliability.json, so the README's figures come
 * from a run rather than from hand. `scripts/reliability-readme.js` renders them.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/** The repository root, from test/ in Node and from out/test/integration/ when bundled for the host. */
function repoRoot(): string {
  for (let d = __dirname; ; d = path.dirname(d)) {
    if (existsSync(path.join(d, 'package.json')) && existsSync(path.join(d, 'src', 'extension.ts'))) return d;
    if (path.dirname(d) === d) return process.cwd();
  }
}

export const RELIABILITY_RECORD = path.join(repoRoot(), 'test-results', 'reliability.json');

export function recordReliability(section: string, figures: Record<string, unknown>, file = RELIABILITY_RECORD): void {
  let all: Record<string, unknown> = {};
  try {
    all = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    // first section of the run, or an unreadable record: start again
  }
  all[section] = { ...figures, recordedAt: new Date().toISOString() };
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(all, null, 2)}\n`);
  renameSync(tmp, file);
}
