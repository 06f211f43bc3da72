#!/usr/bin/env node
// Installs code-server (a real VS Code server + web workbench) from the npm registry into a
// git-ignored cache folder, once. Works with no internet other than the npm registry:
// see shared/notes/offline-vscode-tests.md for the recipe this follows.
//
//   node scripts/install-code-server.js          install if missing (idempotent)
//   node scripts/install-code-server.js --force  wipe and reinstall
//   node scripts/install-code-server.js --check  exit 0 if installed, 1 otherwise
//
// Needs Debian's ripgrep (/usr/bin/rg), libkrb5-dev, pkg-config, build-essential, python3.
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const VERSION = '4.100.3';
const ROOT = path.resolve(__dirname, '..');
const CACHE_DIR = process.env.NEON_CODE_SERVER_DIR
  ? path.resolve(process.env.NEON_CODE_SERVER_DIR)
  : path.join(ROOT, '.cache', 'code-server');
const MARKER = path.join(CACHE_DIR, `.installed-${VERSION}`);
const PKG_DIR = path.join(CACHE_DIR, 'node_modules', 'code-server');
const VSCODE_DIR = path.join(PKG_DIR, 'lib', 'vscode');
const ENTRY = path.join(PKG_DIR, 'out', 'node', 'entry.js');
const STEPS = 6;
const INSTALL_LOG = path.join(CACHE_DIR, 'install.log');

function log(msg) {
  console.log(`[harness] ${msg}`);
}

/** A path inside the repository relative to it, any other absolute. */
function shown(p) {
  const rel = path.relative(ROOT, p);
  return rel && !rel.startsWith('..') ? rel : p;
}

function isInstalled() {
  return fs.existsSync(MARKER) && fs.existsSync(ENTRY);
}

function run(cmd, args, cwd, extraEnv = {}) {
  // No `unsafe-perm`: npm 7+ dropped it (and warns on every call); code-server's own postinstall,
  // which wanted it as root, is not run (step 1 installs with scripts off).
  const env = {
    ...process.env,
    npm_config_yes: 'true', // node-pty's build runs `npx node-gyp`
    JOBS: process.env.JOBS || 'max', // node-gyp: compile native modules on every core
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    npm_config_update_notifier: 'false',
    npm_config_progress: 'false',
    npm_config_loglevel: process.env.npm_config_loglevel || 'warn',
    ...extraEnv,
  };
  // Don't inherit the outer project's npm context (npm run sets these).
  for (const k of ['npm_config_prefix', 'npm_package_json', 'npm_config_global', 'npm_lifecycle_event', 'npm_lifecycle_script', 'INIT_CWD', 'npm_config_unsafe_perm']) {
    delete env[k];
  }
  const t0 = Date.now();
  // npm's chatter (advisories about third-party install scripts, files a postinstall removed) goes
  // to the install log; a newcomer reads it as failures. A failing step prints its tail.
  const out = fs.openSync(INSTALL_LOG, 'a');
  fs.writeSync(out, `\n$ ${cmd} ${args.join(' ')}   (in ${path.relative(CACHE_DIR, cwd) || '.'})\n`);
  let r;
  try {
    r = spawnSync(cmd, args, { cwd, env, stdio: ['ignore', out, out] });
  } finally {
    fs.closeSync(out);
  }
  if (r.error) throw r.error;
  if (r.status !== 0) {
    const tail = fs.readFileSync(INSTALL_LOG, 'utf8').split('\n').slice(-40).join('\n');
    console.error(tail);
    throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) exited with ${r.status ?? r.signal}; the whole output is in ${INSTALL_LOG}`);
  }
  return Date.now() - t0;
}

function step(n, title, fn) {
  log(`installing code-server ${VERSION} … (step ${n}/${STEPS}) ${title}`);
  const t0 = Date.now();
  fn();
  log(`  step ${n}/${STEPS} done in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
}

function findRipgrep() {
  for (const p of [process.env.NEON_RG_PATH, '/usr/bin/rg', '/usr/local/bin/rg'].filter(Boolean)) {
    if (fs.existsSync(p)) return p;
  }
  throw new Error('ripgrep not found (apt-get install ripgrep): code-server needs a local rg binary');
}

function install() {
  const t0 = Date.now();
  // The Debian packages the native builds and the workbench need (a no-op when present).
  const deps = spawnSync('bash', [path.join(__dirname, 'install-debian-packages.sh')], { stdio: 'inherit' });
  if (deps.status !== 0) throw new Error('the Debian packages above are missing');
  const rg = findRipgrep();
  fs.rmSync(CACHE_DIR, { recursive: true, force: true });
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  fs.writeFileSync(
    path.join(CACHE_DIR, 'package.json'),
    JSON.stringify({ name: 'neon-code-server-cache', private: true }, null, 2) + '\n',
  );

  step(1, 'npm package (scripts off)', () => {
    run('npm', ['install', '--no-save', '--no-package-lock', '--ignore-scripts', `code-server@${VERSION}`], CACHE_DIR);
  });
  step(2, 'argon2 native module', () => {
    run('npm', ['rebuild', 'argon2'], CACHE_DIR);
  });
  step(3, 'VS Code server dependencies (scripts off)', () => {
    run('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-package-lock'], VSCODE_DIR);
  });
  step(4, 'ripgrep from Debian + native rebuild (node-pty, kerberos, spdlog, watcher…)', () => {
    const binDir = path.join(VSCODE_DIR, 'node_modules', '@vscode', 'ripgrep', 'bin');
    fs.mkdirSync(binDir, { recursive: true });
    fs.copyFileSync(rg, path.join(binDir, 'rg'));
    fs.chmodSync(path.join(binDir, 'rg'), 0o755);
    run('npm', ['rebuild'], VSCODE_DIR);
  });
  step(5, 'links + built-in extensions dependencies', () => {
    run('ln', ['-sfn', 'node_modules', 'node_modules.asar'], VSCODE_DIR);
    // The same script links postinstall.sh makes (remote CLI and browser helper).
    const links = [
      [path.join(VSCODE_DIR, 'bin', 'remote-cli'), 'code-linux.sh', 'code-server'],
      [path.join(VSCODE_DIR, 'bin', 'helpers'), 'browser-linux.sh', 'browser.sh'],
    ];
    for (const [dir, src, dest] of links) {
      if (fs.existsSync(path.join(dir, src))) run('ln', ['-sfn', src, dest], dir);
    }
    run('npm', ['install', '--omit=dev', '--no-package-lock'], path.join(VSCODE_DIR, 'extensions'));
  });
  step(6, 'verify', () => {
    // Point its config at the cache, not at ~/.config/code-server.
    const xdg = path.join(CACHE_DIR, '.xdg-verify');
    const r = spawnSync(process.execPath, [ENTRY, '--version'], {
      encoding: 'utf8',
      env: { ...process.env, XDG_CONFIG_HOME: xdg, XDG_DATA_HOME: xdg },
    });
    if (r.status !== 0) throw new Error(`code-server --version failed: ${r.stderr || r.stdout}`);
    log(`  code-server --version: ${r.stdout.trim().split('\n').filter((l) => !/Wrote default config/.test(l))[0]}`);
    if (!fs.existsSync(path.join(VSCODE_DIR, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg'))) {
      throw new Error('ripgrep binary missing after rebuild');
    }
  });

  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  fs.writeFileSync(MARKER, JSON.stringify({ version: VERSION, seconds: Number(secs), at: new Date().toISOString(), node: process.version }) + '\n');
  log(`code-server ${VERSION} installed in ${secs}s at ${shown(CACHE_DIR)} (npm's output: ${shown(INSTALL_LOG)})`);
}

const LOCK_DIR = `${CACHE_DIR}.lock`;

function sleepSync(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/** One installer at a time per cache folder (two test runs starting together on a fresh clone). */
function withInstallLock(fn) {
  const deadline = Date.now() + 20 * 60 * 1000;
  let lastNote = 0;
  fs.mkdirSync(path.dirname(LOCK_DIR), { recursive: true });
  for (;;) {
    try {
      fs.mkdirSync(LOCK_DIR);
      fs.writeFileSync(path.join(LOCK_DIR, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      let owner = NaN;
      try {
        owner = Number(fs.readFileSync(path.join(LOCK_DIR, 'pid'), 'utf8'));
      } catch {
        /* being written */
      }
      if (Number.isInteger(owner) && owner > 0 && !pidAlive(owner)) {
        fs.rmSync(LOCK_DIR, { recursive: true, force: true }); // left by a dead installer
        continue;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for another code-server install (lock ${LOCK_DIR})`);
      if (Date.now() - lastNote > 15000) {
        log(`another process (${owner}) is installing code-server; waiting…`);
        lastNote = Date.now();
      }
      sleepSync(1000);
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(LOCK_DIR, { recursive: true, force: true });
  }
}

function ensureCodeServer({ force = false } = {}) {
  if (!force && isInstalled()) {
    log(`code-server ${VERSION} already installed (${shown(CACHE_DIR)})`);
    return ENTRY;
  }
  withInstallLock(() => {
    if (!force && isInstalled()) return; // finished by the process we waited for
    install();
  });
  return ENTRY;
}

module.exports = { ensureCodeServer, isInstalled, CODE_SERVER_VERSION: VERSION, CODE_SERVER_ENTRY: ENTRY, CODE_SERVER_DIR: CACHE_DIR };

if (require.main === module) {
  const args = process.argv.slice(2);
  if (args.includes('--check')) process.exit(isInstalled() ? 0 : 1);
  try {
    ensureCodeServer({ force: args.includes('--force') });
  } catch (err) {
    console.error(`[harness] code-server install failed: ${err && err.message ? err.message : err}`);
    process.exit(1);
  }
}
