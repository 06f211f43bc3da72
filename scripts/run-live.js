#!/usr/bin/env node
// `npm run test:live`: the opt-in tier against the real Neon API (test/live). Without
// NEON_API_KEY it prints one line and exits 0; in CI it never runs.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

if (process.env.CI) {
  console.log('test:live skipped: the live tier never runs in CI (it needs a real Neon API key).');
  process.exit(0);
}
if (!(process.env.NEON_API_KEY ?? '').trim()) {
  console.log('test:live skipped: set NEON_API_KEY (and NEON_LIVE_WRITE=1 for the write scenario) to run it against the real Neon API.');
  process.exit(0);
}
const mocha = require.resolve('mocha/bin/mocha.js');
const r = spawnSync(process.execPath, [mocha, '--config', '.mocharc.live.json'], { cwd: path.join(__dirname, '..'), stdio: 'inherit' });
process.exit(r.status ?? 1);
