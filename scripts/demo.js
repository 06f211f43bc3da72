#!/usr/bin/env node
// `npm start`: a working Neon Explorer in the browser, no Neon account needed.
//   1. builds the extension (esbuild.js)
//   2. starts the Neon API emulator (small seed) on a free port with a freshly generated key
//   3. starts code-server from the harness's cache (.cache/code-server, installed on first use by
//      scripts/install-code-server.js) with this folder installed as an extension (a symlink in a
//      temporary --extensions-dir) and NEON_EXPLORER_DEMO_KEY / NEON_EXPLORER_DEMO_BASE_URL set,
//      so the extension adds the demo account on activation (checked lazily, on first expand)
//   4. prints the URL to open; Ctrl-C stops everything
//
//   node scripts/demo.js [--port 8080] [--emulator-port 4010] [--screenshot media/screenshot-tree.png]
// With --screenshot it opens the workbench in headless chromium (playwright-core), expands the
// tree, saves a PNG and exits.
'use strict';

const { spawn, spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const PKG = require(path.join(ROOT, 'package.json'));
const { codeServerArgs, makeRunDirs } = require(path.join(ROOT, 'test', 'launcher', 'common.js'));

function opt(name) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

function log(msg) {
  console.log(`[demo] ${msg}`);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const children = [];
const tempDirs = [];
let stopping = false;
function stopAll(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const c of children) {
    if (c.exitCode === null && c.signalCode === null) {
      try {
        process.kill(-c.pid, 'SIGTERM'); // its own process group (detached)
      } catch {
        c.kill('SIGTERM');
      }
    }
  }
  setTimeout(() => {
    for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true });
    process.exit(code);
  }, 500).unref();
}
process.on('SIGINT', () => {
  log('stopping…');
  stopAll(0);
});
process.on('SIGTERM', () => stopAll(0));

/** Resolves with the first stdout line that matches `re`, or rejects when the child exits. */
function waitForLine(child, re, ms, what) {
  return new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`${what} did not start within ${ms / 1000} s`)), ms);
    const onData = (chunk) => {
      buf += chunk.toString();
      const m = re.exec(buf);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (c) => process.env.NEON_DEMO_VERBOSE && process.stderr.write(c));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${code}) before it was ready:\n${buf.slice(-2000)}`));
    });
  });
}

function waitForHttp(url, ms) {
  const deadline = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const attempt = () =>
      fetch(url)
        .then((r) => (r.ok ? resolve() : retry()))
        .catch(retry);
    const retry = () => (Date.now() > deadline ? reject(new Error(`${url} did not answer within ${ms / 1000} s`)) : setTimeout(attempt, 250));
    attempt();
  });
}

function ensureCodeServer() {
  const installer = path.join(ROOT, 'scripts', 'install-code-server.js');
  try {
    const mod = require(installer);
    if (typeof mod.ensureCodeServer === 'function') return mod.ensureCodeServer();
  } catch (e) {
    if (e && e.code !== 'MODULE_NOT_FOUND') throw e;
  }
  // Older harness: run its script, then use the entry it installs.
  const r = spawnSync(process.execPath, [installer], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('installing code-server failed');
  return path.join(ROOT, '.cache', 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

async function main() {
  log('building the extension…');
  const build = spawnSync(process.execPath, [path.join(ROOT, 'esbuild.js')], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('build failed');

  const apiKey = `napi_demo${crypto.randomBytes(24).toString('hex')}`;
  const emulatorPort = Number(opt('emulator-port')) || (await freePort());
  const tsx = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const emulator = spawn(process.execPath, [tsx, path.join(ROOT, 'emulator', 'cli.ts'), '--port', String(emulatorPort), '--api-key', apiKey, '--seed', 'small', '--latency-ms', '80'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(emulator);
  // The first line says where the API listens; the second, where its PostgreSQL is (or why there is none).
  const [, baseUrl, dataPlane] = await waitForLine(emulator, /listening on (\S+)\n(data plane: .*)\n/, 30_000, 'the emulator');
  log(`emulator (small seed) on ${baseUrl}; ${dataPlane}`);

  const entry = ensureCodeServer();
  // Quiet workbench settings (shared with the test launcher) plus the demo's theme and API.
  const dirs = makeRunDirs({ 'workbench.colorTheme': 'Default Dark Modern', 'neonExplorer.apiBaseUrl': baseUrl }, 'neon-explorer-demo-');
  const tmp = dirs.root;
  tempDirs.push(tmp);
  fs.writeFileSync(path.join(dirs.workspace, 'README.md'), '# Neon Explorer demo workspace\n\nOpen the Neon Explorer view in the activity bar.\n');
  // The built folder is the extension: link it into the extensions dir.
  fs.symlinkSync(ROOT, path.join(dirs.extensions, `${PKG.publisher}.${PKG.name}-${PKG.version}`), 'dir');

  const port = Number(opt('port')) || (await freePort());
  const env = { ...process.env, NEON_EXPLORER_DEMO_KEY: apiKey, NEON_EXPLORER_DEMO_BASE_URL: baseUrl };
  for (const k of Object.keys(env)) if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE' || k.startsWith('npm_')) delete env[k];
  const server = spawn(
    process.execPath,
    codeServerArgs(entry, port, dirs),
    { cwd: tmp, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.push(server);
  server.stdout.on('data', (c) => process.env.NEON_DEMO_VERBOSE && process.stdout.write(c));
  server.stderr.on('data', (c) => process.env.NEON_DEMO_VERBOSE && process.stderr.write(c));
  server.on('exit', (code) => {
    if (!stopping) {
      log(`code-server exited (${code})`);
      stopAll(1);
    }
  });
  await waitForHttp(`http://127.0.0.1:${port}/healthz`, 60_000);
  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(dirs.workspace)}`;

  const shot = opt('screenshot');
  if (shot) {
    await screenshot(url, path.resolve(ROOT, shot));
    stopAll(0);
    return;
  }
  console.log('');
  log(`Neon Explorer is running with a demo account (emulated Neon API, small seed).`);
  log(`Open: ${url}`);
  log('Click the Neon Explorer icon in the activity bar. Ctrl-C stops everything.');
}

/** Opens the workbench in headless chromium, expands the tree and saves a PNG. */
async function screenshot(url, file) {
  const { chromium } = require('playwright-core');
  const browser = await chromium.launch({ executablePath: process.env.NEON_CHROMIUM || '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
    await page.goto(url);
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    const icon = page.locator('.activitybar a[aria-label^="Neon Explorer"], .activitybar .action-label[aria-label^="Neon Explorer"]').first();
    await icon.waitFor({ timeout: 60_000 });
    await icon.click();
    const tree = page.locator('.pane-body .monaco-list').first();
    const rowByLabel = (label) => page.locator(`.monaco-list-row[aria-label^="${label}"]`).first();
    const expand = async (label) => {
      const row = rowByLabel(label);
      await row.waitFor({ timeout: 30_000 });
      if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
      await page.waitForTimeout(600);
    };
    await tree.waitFor({ timeout: 30_000 });
    // A wider side bar, so descriptions are not cut.
    const sidebar = await page.locator('.part.sidebar').boundingBox();
    if (sidebar) {
      const x = sidebar.x + sidebar.width + 1;
      await page.mouse.move(x, 400);
      await page.mouse.down();
      await page.mouse.move(x + 260, 400, { steps: 8 });
      await page.mouse.up();
    }
    await expand('Demo account');
    await expand('Acme Inc');
    await expand('acme-web');
    await expand('main');
    await expand('Members');
    await page.mouse.click(1100, 300); // focus leaves the tree: its selection turns quiet
    await page.mouse.move(1200, 780);
    await page.waitForTimeout(800);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await page.screenshot({ path: file, clip: { x: 0, y: 0, width: 900, height: 640 } });
    log(`screenshot saved to ${path.relative(ROOT, file)}`);
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(`[demo] ${e && e.stack ? e.stack : e}`);
  stopAll(1);
});
