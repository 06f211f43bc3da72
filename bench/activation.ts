/**
 * Activation in the real VS Code host (code-server 4.100.3 = VS Code 1.100.3, headless Chromium):
 * a fresh profile each run, an emulator at 50 ms latency, and the demo account from
 * NEON_EXPLORER_DEMO_KEY / NEON_EXPLORER_DEMO_BASE_URL so an account exists at activation.
 * bench/activation.host.ts opens the Neon view and reports the extension's own timings: time
 * inside activate(), and from activate() beginning to the account's first level in the tree.
 * Also: the whole launch per run (code-server + workbench + host, for context), and the sizes of
 * the production bundles (`node esbuild.js --production`), plain and gzipped (dist/driver.js too,
 * which activation does not load).
 *
 *   npx tsx bench/activation.ts [--runs 5] [--latency 50]
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { startEmulator } from '../emulator';
import { hostBench } from './lib/host';
import { emit, numArg, runsWanted } from './lib/record';

const ROOT = path.join(__dirname, '..');
const RUNS = runsWanted();
const LATENCY = numArg('latency', 50);
const G = 'activation';

function productionBuild(): void {
  const r = spawnSync(process.execPath, ['esbuild.js', '--production'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`production build failed: ${r.stderr || r.stdout}`);
}

function sizes(): void {
  // dist/driver.js (node-postgres, dotenv) is not parsed at activation: loaded on the first connection.
  const driver = path.join(ROOT, 'dist', 'driver.js');
  const files = [path.join(ROOT, 'dist', 'extension.js'), ...(fs.existsSync(driver) ? [driver] : []), ...fs.readdirSync(path.join(ROOT, 'dist', 'webviews')).filter((f) => f.endsWith('.js')).map((f) => path.join(ROOT, 'dist', 'webviews', f))];
  for (const f of files) {
    const buf = fs.readFileSync(f);
    const rel = path.relative(ROOT, f);
    emit({ group: G, what: `${rel}, production bundle`, unit: 'bytes', ours: [buf.length] });
    emit({ group: G, what: `${rel}, gzipped`, unit: 'bytes', ours: [zlib.gzipSync(buf, { level: 9 }).length] });
  }
}

async function main(): Promise<void> {
  productionBuild();
  sizes();
  const runHost = await hostBench('activation');
  const em = await startEmulator({ latencyMs: LATENCY, quiet: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'neon-bench-activation-'));
  const activate: number[] = [];
  const firstLevel: number[] = [];
  const launch: number[] = [];
  let requests = 0;
  try {
    Object.assign(process.env, { NEON_EXPLORER_DEMO_KEY: em.apiKey, NEON_EXPLORER_DEMO_BASE_URL: em.url });
    // One warm-up launch (disk cache, code-server's first start), then RUNS measured ones.
    for (let i = 0; i <= RUNS; i++) {
      const out = path.join(tmp, `run-${i}.json`);
      process.env.NEON_BENCH_ACTIVATION_OUT = out;
      await fetch(`${em.controlUrl}/reset`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
      em.server.log.clear();
      const t0 = performance.now();
      const code = await runHost();
      const wall = performance.now() - t0;
      if (code !== 0 || !fs.existsSync(out)) throw new Error(`launch ${i} failed (exit ${code})`);
      const r = JSON.parse(fs.readFileSync(out, 'utf8')) as { activateMs: number; firstLevelMs: number; wasActive: boolean; activateEpochMs: number };
      const timeline = em.server.log.entries.map((e) => `${e.method} ${e.route.replace(/^\S+ /, '')} +${Math.round(e.startedAt - r.activateEpochMs)}–${Math.round(e.endedAt! - r.activateEpochMs)}`);
      console.log(`  run ${i}: activate ${r.activateMs.toFixed(1)} ms, first level at +${Math.round(r.firstLevelMs)} ms; requests (ms after activate() began): ${timeline.join(', ')}`);
      if (i === 0) continue;
      activate.push(r.activateMs);
      firstLevel.push(r.firstLevelMs);
      launch.push(wall);
      requests = Math.max(requests, em.server.log.total);
    }
  } finally {
    await em.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  emit({ group: G, what: 'Time inside activate() (production bundle, VS Code 1.100.3 host)', unit: 'ms', ours: activate });
  emit({
    group: G, what: 'activate() start → first account level in the tree (demo account, first use)', unit: 'ms', ours: firstLevel,
    floor: 3 * LATENCY, floorNote: `3 round trips × ${LATENCY} ms: key check (/auth, /users/me), then the level`, requests: { ours: requests },
  });
  emit({ group: G, what: 'Whole launch per run, for context (code-server, workbench in Chromium, host, extension)', unit: 's', ours: launch.map((ms) => ms / 1000) });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
