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
//   node scripts/demo.js [--port 8080] [--emulator-port 4010] [--screenshot out.png]
//                        [--orgs N --projects-per-org N]   (a generated account instead of the small seed:
//                        paging, Load more, Filter Projects… and projects.loadAll on a large organization)
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

// A closed terminal (SIGHUP) makes writes fail with EIO/EPIPE: never let that stop the cleanup.
process.stdout.on('error', () => {});
process.stderr.on('error', () => {});

function log(msg) {
  try {
    console.log(`[demo] ${msg}`);
  } catch {
    /* the terminal is gone */
  }
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

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---- Lifecycle: every way out (Ctrl-C, kill, closed terminal, npm gone, an error) ends the
// ---- children's process groups and removes the temporary folder.
const children = [];
const tempDirs = [];
let stopping = false;
let stoppingSince = 0;
let parentWatch;

function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

function signalGroups(signal) {
  for (const c of children) {
    try {
      process.kill(-c.pid, signal); // the child's own process group (detached): all it started
    } catch {
      /* already gone */
    }
  }
}

function removeTempDirs() {
  for (const d of tempDirs.splice(0)) {
    try {
      fs.rmSync(d, { recursive: true, force: true, maxRetries: 3 });
    } catch (e) {
      log(`could not remove ${d}: ${e.message}`);
    }
  }
}

async function waitGroups(ms) {
  const deadline = Date.now() + ms;
  while (children.some((c) => groupAlive(c.pid)) && Date.now() < deadline) await sleep(100);
  return !children.some((c) => groupAlive(c.pid));
}

/** Stops the children (SIGTERM, then SIGKILL after 5 s), removes the temp folder, exits. */
async function stopAll(code, why) {
  if (stopping) return;
  stopping = true;
  stoppingSince = Date.now();
  clearInterval(parentWatch);
  if (why) log(why);
  signalGroups('SIGTERM');
  if (!(await waitGroups(5000))) {
    signalGroups('SIGKILL');
    await waitGroups(2000);
  }
  removeTempDirs();
  if (why) log('stopped; temporary files removed.');
  process.exit(code);
}

// A second Ctrl-C while stopping does not wait. (npm passes the first one on too: a signal
// within a second of the first is that copy.)
function onSignal(signal) {
  if (stopping && Date.now() - stoppingSince > 1000) {
    signalGroups('SIGKILL');
    removeTempDirs();
    process.exit(130);
  }
  if (stopping) return;
  void stopAll(0, signal === 'SIGHUP' ? 'the terminal closed: stopping…' : 'stopping…');
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, onSignal);
process.on('uncaughtException', (e) => {
  console.error(`[demo] ${e && e.stack ? e.stack : e}`);
  void stopAll(1);
});
// Last resort on any exit (process.exit from elsewhere): synchronous kill and removal.
process.on('exit', () => {
  for (const c of children) if (groupAlive(c.pid)) signalGroups('SIGKILL');
  removeTempDirs();
});

function parentOf(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) || 0;
  } catch {
    return 0; // no /proc (macOS): the direct parent is still watched through process.ppid
  }
}

/**
 * Stops when npm (or whoever started us) goes away without a signal reaching us, e.g. npm killed
 * outright. Under `npm start` the parent is npm's `sh -c`, and npm is one level up.
 */
function watchParent() {
  const ppid = process.ppid;
  const watched = [ppid];
  if (process.env.npm_lifecycle_event) {
    const npm = parentOf(ppid);
    if (npm > 1) watched.push(npm);
  }
  const alive = (pid) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch (e) {
      return e.code === 'EPERM';
    }
  };
  parentWatch = setInterval(() => {
    if (process.ppid !== ppid || !watched.every(alive)) void stopAll(0, 'npm (or the shell that started the demo) is gone: stopping…');
  }, 500);
}

/**
 * Starts `args` with node in its own process group, behind test/launcher/orphan-guard.js: if this
 * process dies without cleaning up (SIGKILL), the guard ends the group.
 */
function spawnChild(args, options) {
  if (stopping) throw new Error('stopping');
  const guard = path.join(ROOT, 'test', 'launcher', 'orphan-guard.js');
  const child = spawn(process.execPath, [guard, String(process.pid), process.execPath, ...args], { ...options, detached: true });
  children.push(child);
  return child;
}

/** Resolves with the first stdout line that matches `re`, or rejects when the child exits. */
/** A repository with one commit on main, so the git-branch features have something to follow. */
function initDemoRepo(dir) {
  const git = (...args) => spawnSync('git', args, { cwd: dir, stdio: 'ignore' });
  if (git('init', '-q', '-b', 'main').status !== 0) return log('git is not installed: the demo workspace is not a repository');
  git('config', 'user.email', 'demo@example.com');
  git('config', 'user.name', 'Neon Explorer demo');
  git('add', '-A');
  git('commit', '-q', '-m', 'Demo workspace');
}

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
  // One temporary folder holds everything the demo writes: the profile (user data, logs), the
  // workspace (its .env), XDG folders and the children's own temp files. Ctrl-C removes it.
  // Git on (the test launcher turns it off): the demo workspace is a repository, so linking it to a
  // project and checking out branches shows the Neon branch per git branch.
  const dirs = makeRunDirs({ 'workbench.colorTheme': 'Default Dark Modern', 'git.enabled': true, 'git.autoRepositoryDetection': true }, 'neon-demo-');
  const tmp = dirs.root;
  tempDirs.push(tmp);
  const childEnv = { ...process.env, ...demoTempEnv(dirs) };
  const scale = ['orgs', 'projects-per-org'].flatMap((k) => (opt(k) ? [`--${k}`, String(Number(opt(k)))] : []));
  const seedName = scale.length ? `generated: ${scale.join(' ')}` : 'small seed';
  const seedArgs = scale.length ? scale : ['--seed', 'small'];
  const emulator = spawnChild([tsx, path.join(ROOT, 'emulator', 'cli.ts'), '--port', String(emulatorPort), '--api-key', apiKey, ...seedArgs, '--latency-ms', '80'], {
    cwd: ROOT,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const [, baseUrl, dataPlane, consoleUrl] = await waitForLine(emulator, /listening on (\S+)\n(data plane: .*)\n[\s\S]*console pages: (\S+)/, 30_000, 'the emulator');
  // The second line says where its PostgreSQL is (or why there is none).
  log(`emulator (${seedName}) on ${baseUrl}; ${dataPlane}`);
  emulator.on('exit', (code, signal) => {
    if (!stopping) void stopAll(1, `the emulator exited (${code ?? signal}): stopping…`);
  });

  const entry = ensureCodeServer();
  if (stopping) return;
  fs.writeFileSync(
    path.join(dirs.workspace, 'README.md'),
    '# Neon Explorer demo workspace\n\nOpen the Neon Explorer view in the activity bar. This folder is a git repository:\n' +
      'link it to a project (Neon: Link Folder to Neon Project…), then `git checkout -b feature/x` in the terminal.\n',
  );
  initDemoRepo(dirs.workspace);
  // The built folder is the extension: link it into the extensions dir.
  fs.symlinkSync(ROOT, path.join(dirs.extensions, `${PKG.publisher}.${PKG.name}-${PKG.version}`), 'dir');

  const port = Number(opt('port')) || (await freePort());
  // "Open in Neon Console" on emulator ids: the emulator's own pages, not the real Console. Through
  // code-server's /proxy/PORT/: code-server turns any other 127.0.0.1 address a page opens into
  // that proxy's root and drops the path.
  const consolePages = new URL(consoleUrl);
  const consoleViaProxy = `http://127.0.0.1:${port}/proxy/${consolePages.port}${consolePages.pathname}`;
  addSettings(dirs, { 'neonExplorer.apiBaseUrl': baseUrl, 'neonExplorer.consoleUrl': consoleViaProxy });
  const env = { ...childEnv, NEON_EXPLORER_DEMO_KEY: apiKey, NEON_EXPLORER_DEMO_BASE_URL: baseUrl };
  for (const k of Object.keys(env)) if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE' || k.startsWith('npm_')) delete env[k];
  const server = spawnChild(codeServerArgs(entry, port, dirs), { cwd: tmp, env, stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout.on('data', (c) => process.env.NEON_DEMO_VERBOSE && process.stdout.write(c));
  server.stderr.on('data', (c) => process.env.NEON_DEMO_VERBOSE && process.stderr.write(c));
  server.on('exit', (code, signal) => {
    if (!stopping) void stopAll(1, `code-server exited (${code ?? signal}): stopping…`);
  });
  await waitForHttp(`http://127.0.0.1:${port}/healthz`, 60_000);
  if (stopping) return;
  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(dirs.workspace)}`;

  const shot = opt('screenshot');
  if (shot) {
    await screenshot(url, path.resolve(ROOT, shot));
    await stopAll(0);
    return;
  }
  console.log('');
  log(`Neon Explorer is running with a demo account (emulated Neon API, ${seedName}).`);
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
    // A row's aria-label says what it is first ("Account Demo account, …", "Members folder, 3").
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
    await expand('Account Demo account');
    await expand('Organization Acme Inc');
    await expand('Project acme-web');
    await expand('Branch main');
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

/** Environment that keeps the children's files inside the demo's temporary folder. */
function demoTempEnv(dirs) {
  const env = {
    XDG_CONFIG_HOME: dirs.xdgConfig,
    XDG_DATA_HOME: dirs.xdgData,
    XDG_CACHE_HOME: dirs.xdgCache,
    XDG_STATE_HOME: dirs.xdgState,
  };
  // VS Code puts its IPC sockets in the temp dir; a socket path must stay under ~100 bytes.
  const tmp = path.join(dirs.root, 't');
  if (tmp.length <= 40) {
    fs.mkdirSync(tmp, { recursive: true });
    Object.assign(env, { TMPDIR: tmp, TMP: tmp, TEMP: tmp });
  }
  return env;
}

function addSettings(dirs, settings) {
  const file = path.join(dirs.userData, 'User', 'settings.json');
  fs.writeFileSync(file, JSON.stringify({ ...JSON.parse(fs.readFileSync(file, 'utf8')), ...settings }, null, 2));
}

watchParent();
main().catch((e) => {
  if (stopping) return; // a child's failure while stopping says nothing new
  console.error(`[demo] ${e && e.stack ? e.stack : e}`);
  void stopAll(1);
});
