/**
 * git checkout → .env switched, in the real VS Code host (code-server 4.100.3, headless Chromium):
 * bench/checkout.host.ts links a git repository to the emulator's project (the demo account) with
 * `neonExplorer.git.autoBranch` = always, then checks out a new git branch (a Neon branch is
 * created from the default branch, its operations waited for, the .env rewritten) and mapped ones
 * (main → the default branch; the new branch again → the Neon branch .neon maps it to).
 * Each figure is timed from the end of the `git checkout` command (HEAD rewritten) to the
 * autopilot's outcome: the autopilot reads .git/HEAD as git rewrites it. VS Code's git extension's
 * own report of the new HEAD (what the autopilot waited for before) is a row of its own. The
 * floors count round trips that depend on each other × the emulator latency.
 *
 *   npx tsx bench/checkout.ts [--runs 5] [--latency 50]
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { startEmulator } from '../emulator';
import { hostBench } from './lib/host';
import { emit, numArg, runsWanted } from './lib/record';
import { median } from './lib/stats';
import type { CheckoutSample } from './checkout.host';

const RUNS = runsWanted();
const LATENCY = numArg('latency', 50);
const OPERATION_MS = 30; // the emulator's default: how long create_branch's operations run
const G = 'checkout';
const PROJECT = 'shiny-wind-02883413'; // acme-api in the small seed

async function main(): Promise<void> {
  const runHost = await hostBench('checkout');
  const em = await startEmulator({ seed: 'small', latencyMs: LATENCY, operationMs: OPERATION_MS, quiet: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'neon-bench-checkout-'));
  const out = path.join(tmp, 'samples.json');
  let samples: CheckoutSample[];
  try {
    Object.assign(process.env, {
      NEON_EXPLORER_DEMO_KEY: em.apiKey, NEON_EXPLORER_DEMO_BASE_URL: em.url,
      NEON_BENCH_CHECKOUT_OUT: out, NEON_BENCH_CHECKOUT_RUNS: String(RUNS), NEON_BENCH_PROJECT: PROJECT,
    });
    const code = await runHost();
    if (code !== 0 || !fs.existsSync(out)) throw new Error(`the host run failed (exit ${code})`);
    samples = (JSON.parse(fs.readFileSync(out, 'utf8')) as { samples: CheckoutSample[] }).samples;
  } finally {
    await em.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  // The requests of each switch, from the emulator's log: how many, and in how many sequential waves.
  const entries = em.server.log.entries;
  const requestsOf = (s: CheckoutSample) => entries.filter((e) => e.startedAt >= s.gitAt - 1 && e.startedAt <= s.doneAt);
  const describe = (s: CheckoutSample) =>
    requestsOf(s).map((e) => `${e.method} ${e.route.replace(/^\S+ /, '')} +${Math.round(e.startedAt - s.gitDoneAt)}–${Math.round(e.endedAt! - s.gitDoneAt)}`).join(', ');
  // The first round of each kind is the warm-up (the first new branch, first mapped switches).
  const measured = (kind: CheckoutSample['kind']) => samples.filter((s) => s.kind === kind).slice(kind === 'new' ? 1 : 3);
  for (const s of samples) console.log(`  ${s.kind} ${s.gitBranch}: git ran ${s.gitDoneAt - s.gitAt} ms, then .env switched +${s.doneAt - s.gitDoneAt} ms, the git extension's report +${s.headAt - s.gitDoneAt} ms; ${describe(s)}`);
  // Where the time outside the round trips goes: before the first request, after the last answer.
  const phases = (xs: CheckoutSample[]) => {
    const pre = xs.map((s) => requestsOf(s)[0]!.startedAt - s.gitDoneAt);
    const post = xs.map((s) => s.doneAt - Math.max(...requestsOf(s).map((e) => e.endedAt!)));
    return `git's end → first request ${Math.round(median(pre))} ms, last answer → outcome ${Math.round(median(post))} ms (medians)`;
  };
  console.log(`  mapped: ${phases(measured('mapped'))}; new: ${phases(measured('new'))}`);
  const created = measured('new');
  const mapped = measured('mapped');
  if (created.some((s) => !s.created) || mapped.some((s) => s.created)) throw new Error('a new git branch did not create a Neon branch, or a mapped one did');
  const reqs = (xs: CheckoutSample[]) => Math.round(median(xs.map((s) => requestsOf(s).length)));

  // Mapped: list branches → (roles, databases, computes, both connection strings) at once.
  const mappedTrips = 2;
  // New: list → create → operation polls (the operation's OPERATION_MS runs inside that round trip,
  // with roles, databases and computes read alongside) → connection strings of the ready branch.
  const newTrips = 4;
  // Above the floor: the time before the first request and after the last answer (printed above)
  // is the extension host's, shared with VS Code's git extension, which refreshes the repository
  // at that very moment; then the atomic .env write (fsync, rename) and the .neon record.
  // What overlaps now (src/git/switchEnv.ts): a mapped switch lists the branches alongside the reads
  // for the branch the previous list decided (kept only if the fresh list decides the same); a new
  // branch's connection strings are asked while its operations run, and its roles, databases and
  // compute come from the create answer. The floors stay the dependent round trips of a cold switch.
  const note = `emulator ${LATENCY} ms latency per request, operations ${OPERATION_MS} ms; VS Code 1.100.3 host. Above the floor: the end of \`git checkout\` → HEAD read from .git/HEAD (a file watch) → first request, and last answer → done (fsync'd .env write). Overlapped: a mapped switch's listing with the reads for the branch the last list decided (kept only if the fresh list agrees); a new branch's connection strings with its operations`;
  emit({
    group: G, what: 'Checkout of a mapped git branch: `git checkout` done → .env switched', unit: 'ms', ours: mapped.map((s) => s.doneAt - s.gitDoneAt),
    floor: mappedTrips * LATENCY, floorNote: `${mappedTrips} round trips × ${LATENCY} ms: list branches, then roles, databases, computes and connection strings at once`,
    requests: { ours: reqs(mapped) }, note, target: { floorRatio: 1.2 },
  });
  emit({
    group: G, what: 'Checkout of a new git branch: `git checkout` done → Neon branch created → .env switched', unit: 'ms', ours: created.map((s) => s.doneAt - s.gitDoneAt),
    floor: newTrips * LATENCY, floorNote: `${newTrips} round trips × ${LATENCY} ms: list branches, create, its operations (with roles, databases, computes), connection strings`,
    requests: { ours: reqs(created) }, note, target: { floorRatio: 1.2 },
  });
  emit({
    group: G, what: "`git checkout` done → VS Code's git extension reports the new HEAD (not ours, for context)", unit: 'ms', ours: [...mapped, ...created].map((s) => s.headAt - s.gitDoneAt),
    note: "VS Code 1.100.3 host (code-server); the git extension's own debounce, wait for a focused window and status run. The autopilot waited for this report until 2026-12-05; it now reads .git/HEAD itself (rows above), and the report only makes it read HEAD again",
  });
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
