#!/usr/bin/env node
// `npm start`: a full demo with no Neon account and no internet. Starts the Neon API emulator,
// packages the extension and installs it into a fresh code-server (real VS Code in the browser,
// from .cache/code-server), with a demo account pointing at the emulator.
//
//   npm start                               open the printed URL in a browser; Ctrl-C stops
//   npm start -- --port 8080 --seed small   code-server port (default 8080, 0 = free port), seed
//   npm start -- --screenshot demo.png      headless: open the Neon view, save a screenshot, exit
//   npm start -- --host 0.0.0.0             listen beyond loopback (no auth: trusted networks only)
'use strict';

const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { ensureCodeServer } = require('./install-code-server');

const ROOT = path.resolve(__dirname, '..');
const VSIX = path.join(ROOT, 'neon-explorer.vsix');

function log(msg) {
  console.log(`[demo] ${msg}`);
}

function parseArgs(argv) {
  const o = { port: 8080, host: '127.0.0.1', seed: 'small', screenshot: undefined, emulatorPort: 0 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const val = () => inline ?? argv[++i];
    switch (flag) {
      case '--port': o.port = Number(val()); break;
      case '--host': o.host = val(); break;
      case '--seed': o.seed = val(); break;
      case '--emulator-port': o.emulatorPort = Number(val()); break;
      case '--screenshot': o.screenshot = path.resolve(val()); break;
      case '-h':
      case '--help':
        console.log('usage: npm start -- [--port N] [--host ADDR] [--seed small|empty|FILE] [--emulator-port N] [--screenshot FILE.png]');
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option ${flag}`);
    }
  }
  return o;
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

function waitForServer(port, child, ms = 60000) {
  const deadline = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (child.exitCode !== null) return reject(new Error('code-server exited before it was ready'));
      const req = http.get({ host: '127.0.0.1', port, path: '/healthz', timeout: 2000 }, (res) => {
        res.resume();
        if (res.statusCode === 200) resolve();
        else retry();
      });
      req.on('error', retry);
      req.on('timeout', () => req.destroy());
    };
    const retry = () => (Date.now() > deadline ? reject(new Error('code-server did not start')) : setTimeout(attempt, 200));
    attempt();
  });
}

async function screenshotDemo(url, file) {
  const { chromium } = require('playwright-core');
  const browser = await chromium.launch({
    executablePath: process.env.NEON_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60000 });
    const icon = page.locator('.activitybar [aria-label^="Neon Explorer"]').first();
    await icon.waitFor({ timeout: 60000 });
    await icon.click();
    // The demo account's tree: wait for a few rows to appear under the Accounts view.
    await page
      .waitForFunction(() => document.querySelectorAll('.pane-body .monaco-list-row').length >= 2, undefined, { timeout: 30000 })
      .catch(() => log('the Accounts tree showed fewer than 2 rows within 30 s'));
    // Expand the first collapsed row or two, as a person would.
    for (let i = 0; i < 2; i++) {
      const row = page.locator('.pane-body .monaco-list-row[aria-expanded="false"]').first();
      if (await row.count()) {
        await row.click();
        await page.waitForTimeout(1500);
      }
    }
    await page.waitForTimeout(1000);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await page.screenshot({ path: file });
    log(`screenshot saved to ${file}`);
  } finally {
    await browser.close();
  }
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const entry = ensureCodeServer();

  log('building and packaging the extension…');
  run('npm', ['run', '--silent', 'package']);
  run(process.execPath, ['esbuild.js']); // development build back in dist/ (tests use it)

  const { register } = require('tsx/cjs/api');
  register();
  const { startEmulator } = require('../src/emulator');
  const em = await startEmulator({ port: o.emulatorPort, seed: o.seed, quiet: true });
  log(`Neon API emulator on ${em.url} (control: ${em.controlUrl})`);

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'neon-demo-'));
  const dirs = {
    userData: path.join(tmp, 'user-data'),
    extensions: path.join(tmp, 'extensions'),
    workspace: path.join(tmp, 'workspace'),
    xdg: path.join(tmp, 'xdg'),
  };
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
  fs.mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(dirs.userData, 'User', 'settings.json'),
    JSON.stringify({ 'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'extensions.autoCheckUpdates': false, 'update.mode': 'none' }, null, 2),
  );
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: path.join(dirs.xdg, 'config'),
    XDG_DATA_HOME: path.join(dirs.xdg, 'data'),
    XDG_CACHE_HOME: path.join(dirs.xdg, 'cache'),
    NEON_EXPLORER_DEMO_KEY: em.apiKey,
    NEON_EXPLORER_DEMO_BASE_URL: em.url,
  };
  const common = ['--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
  const inst = spawnSync(process.execPath, [entry, ...common, '--install-extension', VSIX], { env, encoding: 'utf8' });
  if (inst.status !== 0) throw new Error(`installing the .vsix failed:\n${inst.stdout}\n${inst.stderr}`);
  log(`installed ${path.basename(VSIX)} into a fresh code-server profile`);

  let port = o.port;
  if (o.screenshot || port === 0) {
    const net = require('node:net');
    port = await new Promise((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = s.address().port;
        s.close(() => resolve(p));
      });
    });
  }
  const server = spawn(
    process.execPath,
    [entry, '--bind-addr', `${o.host}:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', '--ignore-last-opened', ...common],
    { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let serverLog = '';
  server.stdout.on('data', (c) => (serverLog += c));
  server.stderr.on('data', (c) => (serverLog += c));

  let stopping = false;
  const stop = async (code) => {
    if (stopping) return;
    stopping = true;
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      /* gone */
    }
    await em.close().catch(() => {});
    fs.rmSync(tmp, { recursive: true, force: true });
    process.exit(code);
  };
  process.once('SIGINT', () => stop(0));
  process.once('SIGTERM', () => stop(0));
  server.on('exit', (code) => {
    if (!stopping) {
      console.error(serverLog.split('\n').slice(-20).join('\n'));
      log(`code-server exited (${code})`);
      stop(1);
    }
  });

  await waitForServer(port, server);
  const url = `http://${o.host === '0.0.0.0' ? '127.0.0.1' : o.host}:${port}/?folder=${encodeURIComponent(dirs.workspace)}`;
  if (o.screenshot) {
    try {
      await screenshotDemo(url, o.screenshot);
      await stop(0);
    } catch (e) {
      console.error(`[demo] ${e.message}`);
      await stop(1);
    }
    return;
  }
  log('');
  log(`VS Code with Neon Explorer and a demo account: ${url}`);
  log('the account talks to the local emulator; nothing leaves this machine. Ctrl-C stops.');
}

main().catch((e) => {
  console.error(`[demo] ${e && e.message ? e.message : e}`);
  process.exit(1);
});
