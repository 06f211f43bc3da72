// `npm run bench [-- <filter>…] [--runs N] [--readme]`: runs every benchmark under bench/ one
// after another (each starts its own emulator on a free loopback port, so they never compete for
// the machine's two cores), collects the records they emit, and prints ONE table. Writes
// bench/results/latest.{md,json}; with --readme also the Performance table in docs/performance.md.
// A filtered run (`npm run bench -- tree --readme`) replaces only the rows of the benches it ran.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describeMachine, machineLine } from './lib/machine';
import { readRecords, runsWanted, type BenchRecord } from './lib/record';
import { mergeRecords, replaceBetweenMarkers } from './lib/readme';
import { flagged, renderTable } from './lib/table';

// Table order; any other bench file runs after these.
const ORDER = ['activation', 'tree', 'large-org', 'transfer', 'consumption-load', 'consumption-render', 'rate-limit', 'client-overhead', 'emulator', 'dataplane', 'connect', 'checkout'];

const argv = process.argv.slice(2);
const runs = runsWanted(argv);
const writeReadme = argv.includes('--readme');
const only = argv.filter((a, i) => !a.startsWith('--') && argv[i - 1] !== '--runs');
const rank = (f: string) => {
  const i = ORDER.indexOf(f.replace(/\.ts$/, ''));
  return i < 0 ? ORDER.length : i;
};
const benches = fs.readdirSync(__dirname).filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.endsWith('.page.ts') && !f.endsWith('.host.ts'));
// Benches named "<group>-<part>" write rows of one group, and a filtered run replaces a group's rows
// whole: running one part alone (`-- consumption-render`) dropped the other part's rows. Its
// siblings run with it.
const family = (f: string) => (benches.filter((b) => b.split('-')[0] === f.split('-')[0]).length > 1 ? f.split('-')[0]! : f);
const chosen = new Set(benches.filter((f) => only.length === 0 || only.some((o) => f.includes(o))).map(family));
const files = benches.filter((f) => chosen.has(family(f))).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));

const machine = describeMachine();
const resultsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'neon-bench-')), 'records.jsonl');
const t0 = Date.now();
const failures: string[] = [];
for (const file of files) {
  console.log(`\n=== bench/${file} (${runs} runs per figure)`);
  const started = Date.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, file), '--runs', String(runs)], {
    stdio: 'inherit',
    timeout: 15 * 60_000,
    env: { ...process.env, NEON_BENCH_RESULTS: resultsFile, NEON_BENCH_RUNS: String(runs) },
  });
  if (r.status !== 0) failures.push(`${file} (exit ${r.status ?? r.signal})`);
  console.log(`=== bench/${file}: ${r.status === 0 ? 'done' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
const fresh: BenchRecord[] = readRecords(resultsFile);
fs.rmSync(path.dirname(resultsFile), { recursive: true, force: true });
const seconds = Math.round((Date.now() - t0) / 1000);

const extra = [...only, ...(runs !== 5 ? ['--runs', String(runs)] : [])];
const command = `npm run bench${extra.length ? ` -- ${extra.join(' ')}` : ''}`;
const out = path.join(__dirname, 'results');
const latestJson = path.join(out, 'latest.json');

interface Rerun {
  date: string;
  command: string;
  runs: number;
  seconds: number;
  groups: string[];
  loadAvg: number[];
  /** The machine of the re-run (named in the line above the table when it is not the full run's). */
  machine?: typeof machine;
}
interface Latest {
  date: string;
  machine: typeof machine;
  runs: number;
  command: string;
  seconds: number;
  failures: string[];
  records: BenchRecord[];
  reruns?: Rerun[];
}
// A filtered run keeps the last full run's other rows (and says which rows it re-ran).
const previous: Latest | undefined = only.length && fs.existsSync(latestJson) ? (JSON.parse(fs.readFileSync(latestJson, 'utf8')) as Latest) : undefined;
const groups = [...new Set(fresh.map((r) => r.group))];
const latest: Latest = previous
  ? {
      ...previous,
      records: mergeRecords(previous.records, fresh),
      reruns: [...(previous.reruns ?? []).filter((r) => !r.groups.every((g) => groups.includes(g))), { date: new Date().toISOString(), command, runs, seconds, groups, loadAvg: machine.loadAvg, machine }],
    }
  : { date: new Date().toISOString(), machine, runs, command, seconds, failures, records: fresh };
const records = latest.records;
const table = renderTable(records);
const m = latest.machine;
const body = [
  `Last run ${latest.date.slice(0, 10)}: ${machineLine(m)}; load average at start ${m.loadAvg.join(' / ')}. ` +
    `${latest.runs} runs per figure, median [min–max]; the emulator on loopback, started by each bench on a free port. ` +
    `Whole run ${latest.seconds} s. Reproduce with \`${latest.command}\` (\`npm run bench -- tree --runs 9\` for one bench; \`-- --readme\` rewrites this table).` +
    (latest.reruns ?? [])
      .map((r) => {
        // Kernel builds differ between machines of one description: a re-run elsewhere says where.
        const elsewhere = r.machine && machineLine(r.machine) !== machineLine(m) ? ` on ${machineLine(r.machine)}` : '';
        return ` Rows of ${r.groups.join(', ')} re-run ${r.date.slice(0, 10)}${elsewhere} with \`${r.command}\` (${r.runs} run${r.runs === 1 ? '' : 's'} per figure, load average at start ${r.loadAvg.join(' / ')}).`;
      })
      .join(''),
  '',
  table,
].join('\n');

console.log(`\n${table}\n`);
const flags = flagged(fresh);
if (flags.length) {
  console.log('Flagged (above 1.5× the floor, or behind the peer) — fixed or explained in docs/performance.md:');
  for (const f of flags) console.log(`  ${f.rec.group}: ${f.rec.what} — ${f.flags.join(', ')}`);
}
console.log(`\n${fresh.length} figures from ${files.length - failures.length} of ${files.length} benchmarks in ${seconds} s on ${machineLine(machine)}`);

fs.mkdirSync(out, { recursive: true });
if (failures.length && previous) {
  console.log('bench/results/latest.* and docs/performance.md left as they were: a bench failed');
} else {
  fs.writeFileSync(path.join(out, 'latest.md'), `# Benchmark results\n\n${body}\n`);
  fs.writeFileSync(latestJson, JSON.stringify(latest, null, 2) + '\n');
}
if (writeReadme) {
  if (failures.length) {
    console.log('docs/performance.md not rewritten: --readme wants a run with no failure');
  } else {
    const doc = path.join(__dirname, '..', 'docs', 'performance.md');
    fs.writeFileSync(doc, replaceBetweenMarkers(fs.readFileSync(doc, 'utf8'), body));
    console.log(`docs/performance.md Performance table rewritten${previous ? ` (rows of ${groups.join(', ')}; the others from the last run)` : ''}`);
  }
}
if (failures.length) console.log(`FAILED: ${failures.join(', ')}`);
process.exit(failures.length ? 1 : 0);
