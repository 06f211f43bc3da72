#!/usr/bin/env node
// Runs the integration suite (test/integration) in a real VS Code extension host.
//
//   NEON_TEST_LAUNCHER=auto|code-server|electron   (default auto)
//     auto: electron when a VS Code desktop build is cached (.cache/vscode-test) or the update
//           server answers within 3 s, and (on Linux) there is a display (DISPLAY, or xvfb-run);
//           otherwise code-server + headless chromium (offline).
//   NEON_TEST_GREP=<regexp>        run only the matching tests
//   NEON_TEST_TIMEOUT_MS=<ms>      overall time-out (default 15 min)
//   NEON_TEST_VERBOSE=1            print code-server / browser logs too
//   --faults (or NEON_TEST_FAULTS=1)  the fault run: test/integration/faults/*.test.ts against
//                                  emulators injecting the `chaos` profile (npm run test:faults)
//   --restricted (or NEON_TEST_RESTRICTED=1)  the Restricted Mode run: workspace trust on, the
//                                  folder untrusted, test/integration/restricted/*.test.ts
//                                  (npm run test:restricted)
//   --locale=<lang> (or NEON_TEST_LOCALE)  the localized run: the host in that language (a stand-in
//                                  language pack), test/integration/l10n/*.test.ts (npm run test:l10n)
//
// Needs dist/extension.js (npm run build). Always prints a closing `N passed, N failed` line.
'use strict';

const fs = require('node:fs');
const https = require('node:https');
const path = require('node:path');
const { buildTests } = require('./build-tests');

const ROOT = path.resolve(__dirname, '..');

function log(msg) {
  console.log(`[harness] ${msg}`);
}

function updateServerReachable(ms = 3000) {
  return new Promise((resolve) => {
    const req = https.request(
      { method: 'HEAD', host: 'update.code.visualstudio.com', path: '/api/update/linux-x64/stable/latest', timeout: ms },
      (res) => {
        res.resume();
        resolve(res.statusCode !== undefined && res.statusCode < 500);
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      resolve(false);
    }, ms);
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
    req.on('close', () => clearTimeout(timer));
    req.end();
  });
}

function electronCached() {
  const dir = path.join(ROOT, '.cache', 'vscode-test');
  try {
    return fs.readdirSync(dir).some((d) => d.startsWith('vscode-'));
  } catch {
    return false;
  }
}

async function chooseLauncher() {
  const wanted = (process.env.NEON_TEST_LAUNCHER || 'auto').toLowerCase();
  if (wanted === 'code-server' || wanted === 'electron') return { launcher: wanted, why: 'NEON_TEST_LAUNCHER' };
  if (wanted !== 'auto') throw new Error(`NEON_TEST_LAUNCHER must be auto, code-server or electron (got ${wanted})`);
  // A desktop VS Code needs a display on Linux (run under `xvfb-run -a` to provide one).
  const display = process.platform !== 'linux' || !!(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  if (display && electronCached()) return { launcher: 'electron', why: 'a VS Code desktop build is cached in .cache/vscode-test' };
  if (display && (await updateServerReachable())) return { launcher: 'electron', why: 'the VS Code update server is reachable' };
  if (!display) return { launcher: 'code-server', why: 'no display for a desktop VS Code: code-server + headless chromium' };
  return { launcher: 'code-server', why: 'no VS Code download possible (offline): code-server + headless chromium' };
}

async function main() {
  if (process.argv.includes('--faults')) process.env.NEON_TEST_FAULTS = '1';
  // The fault run's figures (requests, faults, retries, commands, creates) for `npm run docs:figures`.
  if (process.env.NEON_TEST_FAULTS === '1' && !process.env.NEON_TEST_FAULT_FIGURES) {
    fs.mkdirSync(path.join(ROOT, 'test-results'), { recursive: true });
    process.env.NEON_TEST_FAULT_FIGURES = path.join(ROOT, 'test-results', 'faults.json');
  }
  if (process.argv.includes('--restricted')) process.env.NEON_TEST_RESTRICTED = '1';
  const localeArg = process.argv.find((a) => a.startsWith('--locale='));
  if (localeArg) process.env.NEON_TEST_LOCALE = localeArg.slice('--locale='.length);
  if (process.env.NEON_TEST_LOCALE) {
    // The stand-in language pack is written for code-server's user data (test/launcher/common.js).
    process.env.NEON_TEST_LAUNCHER = 'code-server';
    log(`localized run: the host in ${process.env.NEON_TEST_LOCALE}`);
  }
  if (process.env.NEON_TEST_RESTRICTED === '1') log('restricted run: workspace trust on, the folder not trusted (Restricted Mode)');
  if (process.env.NEON_TEST_FAULTS === '1') log('fault run: emulators inject 5xx, drops, malformed bodies, latency spikes and 429 bursts');
  if (!fs.existsSync(path.join(ROOT, 'dist', 'extension.js'))) {
    throw new Error('dist/extension.js is missing: run `npm run build` first');
  }
  const { outDir, tests } = await buildTests();
  if (tests.length === 0) throw new Error('no integration tests found (test/integration/**/*.test.ts)');
  const { launcher, why } = await chooseLauncher();
  log(`launcher: ${launcher} (${why})`);
  const opts = { extensionDevelopmentPath: ROOT, extensionTestsPath: path.join(outDir, 'index.js') };
  const code =
    launcher === 'electron'
      ? await require('../test/launcher/electron').runWithElectron(opts)
      : await require('../test/launcher/code-server').runWithCodeServer(opts);
  // (The launcher's last line is the closing `N passed, N failed`: print nothing after it.)
  return code;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`[harness] ${err && err.stack ? err.stack : err}`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
