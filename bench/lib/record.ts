// What every benchmark reports: one record per figure, appended as a JSON line to the file the
// runner names in NEON_BENCH_RESULTS (bench/run.ts collects them into one table).
import * as fs from 'fs';
import { summarize } from './stats';
import { formatValue } from './table';

export type Unit = 'ms' | 's' | 'µs' | 'bytes' | 'MiB' | 'requests' | 'req/s' | 'in flight' | '%' | 'x';

export interface BenchRecord {
  /** The bench file that measured it (tree, transfer, …). */
  group: string;
  what: string;
  unit: Unit;
  /** One value per run. Empty when only the peer is measured (a baseline row). */
  ours: number[];
  peer?: { name: string; values: number[] };
  /** The least this work can take (e.g. round trips × latency), in `unit`. */
  floor?: number;
  /** How the floor was counted. */
  floorNote?: string;
  /** req/s and success rates: bigger is better. */
  higherIsBetter?: boolean;
  /** HTTP requests one run sent, where that is part of the story. */
  requests?: { ours?: number; peer?: number };
  note?: string;
  /** A target an issue set (e.g. ≤ 1.15× the floor, ≤ 40 MiB): a median that misses it is flagged. */
  target?: { floorRatio?: number; max?: number };
}

/** Runs per figure: `--runs N` on the command line, else NEON_BENCH_RUNS, else 5. */
export function runsWanted(argv: readonly string[] = process.argv, env: NodeJS.ProcessEnv = process.env, dflt = 5): number {
  const i = argv.indexOf('--runs');
  const raw = i >= 0 ? argv[i + 1] : env.NEON_BENCH_RUNS;
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 ? n : dflt;
}

/** A numeric `--name N` flag. */
export function numArg(name: string, dflt: number, argv: readonly string[] = process.argv): number {
  const i = argv.indexOf(`--${name}`);
  const n = i >= 0 ? Number(argv[i + 1]) : NaN;
  return Number.isFinite(n) ? n : dflt;
}

/** Appends the record for the runner (if any) and prints a one-line summary. */
export function emit(rec: BenchRecord): void {
  const file = process.env.NEON_BENCH_RESULTS;
  if (file) fs.appendFileSync(file, JSON.stringify(rec) + '\n');
  const one = (values: number[]) => {
    if (values.length === 0) return '—';
    const s = summarize(values);
    return `${formatValue(s.median, rec.unit)}${s.n > 1 ? ` [${formatValue(s.min, rec.unit)}–${formatValue(s.max, rec.unit)}]` : ''}`;
  };
  const peer = rec.peer ? ` | ${rec.peer.name}: ${one(rec.peer.values)}` : '';
  const req = rec.requests ? ` | requests ${rec.requests.ours ?? '—'}${rec.requests.peer !== undefined ? ` / ${rec.requests.peer}` : ''}` : '';
  const floor = rec.floor !== undefined ? ` | floor ${formatValue(rec.floor, rec.unit)}` : '';
  console.log(`  ${rec.what}: ours ${one(rec.ours)}${peer}${floor}${req}`);
}

export function readRecords(file: string): BenchRecord[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as BenchRecord);
}
