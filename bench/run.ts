// `npm run bench`: runs every benchmark under bench/ one after another (each starts its own
// emulator on a free loopback port) and prints their figures. One at a time, so they do not
// compete for the machine's two cores.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const only = process.argv.slice(2);
const files = fs
  .readdirSync(__dirname)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.endsWith('.page.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

let failed = 0;
for (const file of files) {
  console.log(`\n=== bench/${file}`);
  const started = Date.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, file)], { stdio: 'inherit', timeout: 15 * 60_000 });
  if (r.status !== 0) failed++;
  console.log(`=== bench/${file}: ${r.status === 0 ? 'done' : `failed (exit ${r.status ?? r.signal})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
console.log(`\n${files.length - failed} benchmarks ran, ${failed} failed`);
process.exit(failed ? 1 : 0);
