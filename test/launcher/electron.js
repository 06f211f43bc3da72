'use strict';
// Runs the integration suite in a downloaded VS Code desktop build (@vscode/test-electron), for
// machines that can reach Microsoft's update server (a laptop, a hosted CI). On Linux without a
// display, run under `xvfb-run -a`.

const path = require('node:path');
const { SUMMARY_RE, log, makeRunDirs, removeDirs, timeoutMs, testEnv, restricted } = require('./common');
const { newCanary, reportCanaryScan } = require('./secrets-scan');

const ROOT = path.resolve(__dirname, '..', '..');
const CACHE = path.join(ROOT, '.cache', 'vscode-test');

async function runWithElectron({ extensionDevelopmentPath, extensionTestsPath }) {
  const { runTests } = require('@vscode/test-electron');
  const dirs = makeRunDirs();
  dirs.canary = newCanary();
  let leaks = 0;
  const t0 = Date.now();
  let timer;
  let code;
  let reason = 'suite finished';
  // Watch stdout for the runner's closing line so a run that never reports still closes properly.
  let summary;
  const origWrite = process.stdout.write.bind(process.stdout);
  process.stdout.write = (chunk, ...rest) => {
    for (const l of String(chunk).split(/\r?\n/)) {
      const m = SUMMARY_RE.exec(l);
      if (m) summary = `${m[1]} passed, ${m[2]} failed`;
    }
    return origWrite(chunk, ...rest);
  };
  try {
    const timeout = new Promise((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs());
    });
    const run = runTests({
      version: process.env.NEON_VSCODE_VERSION || 'stable',
      cachePath: CACHE,
      extensionDevelopmentPath,
      extensionTestsPath,
      extensionTestsEnv: testEnv(dirs, { NEON_TEST_LAUNCHER: 'electron' }),
      launchArgs: [
        dirs.workspace,
        '--disable-extensions',
        ...(restricted() ? [] : ['--disable-workspace-trust']),
        '--skip-welcome',
        '--skip-release-notes',
        `--user-data-dir=${dirs.userData}`,
        `--extensions-dir=${dirs.extensions}`,
      ],
    }).then(
      (c) => c,
      (err) => {
        reason = err && err.message ? err.message : String(err);
        return 1;
      },
    );
    const r = await Promise.race([run, timeout]);
    if (r === 'timeout') {
      code = 1;
      reason = `overall time-out after ${timeoutMs()} ms (NEON_TEST_TIMEOUT_MS)`;
    } else {
      code = r;
    }
  } finally {
    clearTimeout(timer);
    process.stdout.write = origWrite;
    leaks = reportCanaryScan(dirs, dirs.canary, log);
    removeDirs(dirs);
  }
  log(`electron run ended (${reason}) with exit code ${code} in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  if (!summary) {
    console.log('0 passed, 1 failed');
    return code || 1;
  }
  if (leaks > 0) {
    log(`FAILED: ${leaks} file(s) of the run hold a secret (see LEAK lines above)`);
    const m = SUMMARY_RE.exec(summary);
    console.log(`${m[1]} passed, ${Number(m[2]) + 1} failed`);
    return code || 1;
  }
  console.log(summary); // again, as the closing line
  return code;
}

module.exports = { runWithElectron, ELECTRON_CACHE: CACHE };
