'use strict';
// Runs the integration suite in VS Code's real Node extension host on a machine with no internet:
// code-server (installed from npm into .cache/code-server) serves the workbench, headless Debian
// chromium driven by playwright-core plays the window. See shared/notes/offline-vscode-tests.md.
//
// Env: NEON_TEST_TIMEOUT_MS (default 15 min), NEON_TEST_VERBOSE=1 (print server/browser logs),
//      NEON_TEST_KEEP_TMP=1, NEON_CHROMIUM (default /usr/bin/chromium), NEON_TEST_GREP.

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { ensureCodeServer } = require('../../scripts/install-code-server');
const { startBrowserEndpoint } = require('./browser-endpoint');
const { SUMMARY_RE, log, freePort, makeRunDirs, removeDirs, timeoutMs, testEnv, codeServerArgs } = require('./common');
const { newCanary, reportCanaryScan } = require('./secrets-scan');

const VERBOSE = !!process.env.NEON_TEST_VERBOSE;

// Lines that are expected on a machine with no network and say nothing about the suite.
const NOISE = [
  /open-vsx/i,
  /gallery/i,
  /marketplace/i,
  /telemetry/i,
  /vsda/i,
  /Failed to fetch/i,
  /getaddrinfo/i,
  /ENOTFOUND/,
  /ECONNREFUSED/,
  /\[driver\]/,
  /Download the React DevTools/i,
  /Ignoring the error while validating workspace folder/i,
  /An iframe which has both allow-scripts and allow-same-origin/i,
  /Extension host agent (started|listening)/i,
  /Resolv(ing|ed) connection token/,
  /Creating a socket/,
  /Updating additional builtin extensions cache/,
  /\[Service Worker\]/,
  /ChatSessionStore/,
  /^\s+at .*\/static\/out\/vs\//, // workbench-internal stack frames
];

function isNoise(line) {
  return NOISE.some((re) => re.test(line));
}

/** Workbench log messages may carry `%c` styling and CSS arguments: strip them. */
function flattenLogArgs(args) {
  if (!Array.isArray(args)) return String(args ?? '');
  if (typeof args[0] === 'string' && args[0].includes('%c')) {
    const n = (args[0].match(/%c/g) || []).length;
    return [args[0].replace(/%c/g, ''), ...args.slice(1 + n)].map(String).join(' ');
  }
  return args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
}

/** Strips VS Code's `[Extension Host]` prefix so test lines print as mocha wrote them. */
function cleanLine(line) {
  return line.replace(/^\s*\[Extension Host\]\s?/, '').replace(/\s*\(at console\.\w+ .*\)$/, '');
}

function waitForServer(port, child, ms) {
  const deadline = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (child.exitCode !== null || child.signalCode !== null) {
        return reject(new Error(`code-server exited before it was ready (code ${child.exitCode ?? child.signalCode})`));
      }
      const req = http.get({ host: '127.0.0.1', port, path: '/healthz', timeout: 2000 }, (res) => {
        res.resume();
        if (res.statusCode === 200) return resolve();
        retry();
      });
      req.on('error', retry);
      req.on('timeout', () => req.destroy());
    };
    const retry = () => {
      if (Date.now() > deadline) return reject(new Error(`code-server did not answer on port ${port} within ${ms} ms`));
      setTimeout(attempt, 200);
    };
    attempt();
  });
}

function killTree(child, name) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(hard);
      resolve();
    };
    child.once('exit', done);
    try {
      process.kill(-child.pid, 'SIGTERM'); // its own process group (detached): server + ext host + pty host
    } catch {
      try {
        child.kill('SIGTERM');
      } catch {
        /* gone */
      }
    }
    const hard = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
      if (VERBOSE) log(`${name} killed with SIGKILL`);
      setTimeout(resolve, 200);
    }, 4000);
  });
}

function cleanEnv(base) {
  const env = { ...base };
  for (const k of Object.keys(env)) {
    if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE' || k.startsWith('npm_')) delete env[k];
  }
  return env;
}

/**
 * `profile` (bench/activation.ts's returning launch): launches that pass the same one share a
 * profile as a desktop keeps it: code-server's user data dir (the key that seals secrets), the
 * Chromium user data dir (globalState and SecretStorage live in the browser) and the port (the
 * page's origin, which that storage belongs to). The caller removes `profile.dir` afterwards.
 * @param {{extensionDevelopmentPath: string, extensionTestsPath: string, profile?: {dir: string, port: number}}} opts
 * @returns {Promise<number>} exit code for the process
 */
async function runWithCodeServer({ extensionDevelopmentPath, extensionTestsPath, profile }) {
  const t0 = Date.now();
  const kept = profile && fs.existsSync(path.join(profile.dir, 'user-data'));
  const dirs = profile ? makeRunDirs({}, undefined, profile.dir) : makeRunDirs();
  if (kept) log(`reusing the profile in ${profile.dir}`);
  dirs.canary = newCanary();
  let leaks = 0;
  const limit = timeoutMs();
  /** @type {import('node:child_process').ChildProcess | undefined} */
  let server;
  let browser;
  let context;
  let page;
  let second; // a second workbench window (tab), opened on a test's request
  let openSecond; // set once the first window's URL is known
  let endpoint;
  const serverTail = [];
  let summary; // {passed, failed, skipped?}
  let hostExit; // {code, signal} of the extension host process, from the server log
  let suiteHostPid; // the first extension host launched: the suite's (the first window's)
  let finish;
  const finished = new Promise((resolve) => (finish = resolve));
  let settled = false;
  const settle = (result) => {
    if (settled) return;
    settled = true;
    finish(result);
  };
  const onSignal = (sig) => settle({ code: 130, reason: `interrupted by ${sig}` });
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const overall = setTimeout(() => settle({ code: 1, reason: `overall time-out after ${limit} ms (NEON_TEST_TIMEOUT_MS)` }), limit);

  const printSuiteLine = (text) => {
    const lines = String(text).split(/\r?\n/);
    // A noisy message is dropped whole, with the stack that follows its first line.
    if (!VERBOSE && isNoise(cleanLine(lines[0]))) return;
    for (const raw of lines) {
      const line = cleanLine(raw);
      const m = SUMMARY_RE.exec(line);
      if (m) {
        summary = { passed: Number(m[1]), failed: Number(m[2]), skipped: m[3] ? Number(m[3]) : 0 };
        continue; // printed once, as the closing line
      }
      if (!VERBOSE && (isNoise(line) || !line.trim())) continue;
      console.log(line);
    }
  };

  let result;
  try {
    const entry = ensureCodeServer();
    const port = profile ? profile.port : await freePort();
    endpoint = await startBrowserEndpoint(() => page, {
      open: async () => {
        if (!openSecond) throw new Error('the workbench is not open yet');
        second = await openSecond();
        return second;
      },
      close: async () => {
        const p = second;
        second = undefined;
        if (p) await p.close().catch(() => {});
      },
    });
    const env = {
      ...cleanEnv(process.env),
      XDG_CONFIG_HOME: dirs.xdgConfig,
      XDG_DATA_HOME: dirs.xdgData,
      XDG_CACHE_HOME: dirs.xdgCache,
      XDG_STATE_HOME: dirs.xdgState,
      ...testEnv(dirs, { NEON_TEST_BROWSER_PORT: String(endpoint.port), NEON_TEST_LAUNCHER: 'code-server' }),
    };
    const args = codeServerArgs(entry, port, dirs);
    // Own process group (detached) behind a guard that ends it if this launcher dies uncleanly.
    const guard = path.join(__dirname, 'orphan-guard.js');
    server = spawn(process.execPath, [guard, String(process.pid), process.execPath, ...args], {
      cwd: dirs.root,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const onServerOutput = (chunk) => {
      for (const line of chunk.toString().split(/\r?\n/)) {
        if (!line) continue;
        serverTail.push(line);
        if (serverTail.length > 200) serverTail.shift();
        if (VERBOSE) console.log(`[code-server] ${line}`);
        const launched = /<(\d+)> Launched Extension Host Process/.exec(line);
        if (launched && !suiteHostPid) suiteHostPid = launched[1];
        const m = /Extension Host Process exited with code: (\S+), signal: (\S+)\./.exec(line);
        const pid = /<(\d+)> Extension Host Process exited/.exec(line);
        // A second window's host (the two-windows test) ends when its tab closes: not the suite's.
        if (m && pid && suiteHostPid && pid[1] !== suiteHostPid) continue;
        if (m) {
          hostExit = { code: m[1], signal: m[2] };
          // After the suite, the host exits and the workbench calls codeAutomationExit. Without
          // that call shortly after, the host died under the suite.
          setTimeout(() => settle({ code: 1, reason: `extension host exited (code ${m[1]}, signal ${m[2]}) before the suite reported` }), 5000);
        }
      }
    };
    server.stdout.on('data', onServerOutput);
    server.stderr.on('data', onServerOutput);
    server.on('exit', (code, signal) => settle({ code: 1, reason: `code-server exited unexpectedly (code ${code}, signal ${signal})` }));

    await waitForServer(port, server, 60000);
    log(`code-server up on 127.0.0.1:${port} in ${((Date.now() - t0) / 1000).toFixed(1)}s`);

    const executablePath = process.env.NEON_CHROMIUM || '/usr/bin/chromium';
    if (!fs.existsSync(executablePath)) throw new Error(`no browser at ${executablePath}: apt-get install chromium (or set NEON_CHROMIUM)`);
    const { chromium } = require('playwright-core');
    const launchOptions = {
      executablePath,
      headless: true,
      timeout: 60000,
      // Our own handlers close everything and still print the closing line.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        '--no-first-run',
      ],
    };
    const viewport = { width: 1400, height: 900 };
    if (profile) {
      // A persistent context: its localStorage and IndexedDB outlive this launch.
      context = await chromium.launchPersistentContext(path.join(dirs.root, 'chromium'), { ...launchOptions, viewport });
      browser = context;
      context.on('close', () => settle({ code: 1, reason: 'chromium closed' }));
      page = context.pages()[0] ?? (await context.newPage());
    } else {
      browser = await chromium.launch(launchOptions);
      browser.on('disconnected', () => settle({ code: 1, reason: 'chromium disconnected' }));
      context = await browser.newContext({ viewport });
      page = await context.newPage();
    }
    page.on('crash', () => settle({ code: 1, reason: 'the workbench page crashed' }));
    page.on('pageerror', (err) => VERBOSE && console.log(`[page error] ${err.message}`));
    page.on('console', (msg) => VERBOSE && console.log(`[console.${msg.type()}] ${msg.text()}`));

    // Both must exist before the workbench loads: it looks them up on window.
    await page.exposeFunction('codeAutomationLog', (level, args) => {
      const text = flattenLogArgs(args);
      if (/Extension host.*terminated unexpectedly/i.test(text)) {
        setTimeout(() => settle({ code: 1, reason: `extension host crashed: ${text.trim()}` }), 3000);
      }
      printSuiteLine(text);
    });
    await page.exposeFunction('codeAutomationExit', (code) => {
      settle({ code: typeof code === 'number' ? code : 1, reason: 'suite finished' });
    });

    const remote = (p) => `vscode-remote://127.0.0.1:${port}${p.split(path.sep).join('/')}`;
    const payload = [
      ['extensionDevelopmentPath', remote(extensionDevelopmentPath)],
      ['extensionTestsPath', remote(extensionTestsPath)],
      ['skipWelcome', 'true'],
    ];
    const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(dirs.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    if (VERBOSE) log(`opening ${url}`);
    // The two-windows test's second window: a second tab of the same browser profile (so the same
    // browser-side storage) and, as every workbench connection gets one, its own extension host,
    // which runs the window agent instead of the suite.
    openSecond = async () => {
      const agentPayload = [
        ['extensionDevelopmentPath', remote(extensionDevelopmentPath)],
        ['extensionTestsPath', remote(path.join(path.dirname(extensionTestsPath), 'window-agent.js'))],
        ['skipWelcome', 'true'],
      ];
      const p = await context.newPage();
      p.on('crash', () => settle({ code: 1, reason: 'the second workbench page crashed' }));
      await p.exposeFunction('codeAutomationLog', (level, args) => {
        const text = flattenLogArgs(args);
        if (VERBOSE || /\[window 2\]/.test(text)) printSuiteLine(text);
      });
      // The agent's run() ending is not the suite's end.
      await p.exposeFunction('codeAutomationExit', () => {});
      const u = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(dirs.workspace)}&payload=${encodeURIComponent(JSON.stringify(agentPayload))}`;
      await p.goto(u, { waitUntil: 'domcontentloaded', timeout: 60000 });
      return p;
    };
    log(`workbench opened in headless chromium; running the suite (workspace ${dirs.workspace})`);
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60000 });

    result = await finished;
  } catch (err) {
    result = { code: 1, reason: err && err.message ? err.message : String(err) };
    settle(result);
  } finally {
    clearTimeout(overall);
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    if (result && result.reason !== 'suite finished' && page && process.env.NEON_TEST_FAILURE_SCREENSHOT !== '0') {
      const shot = path.resolve(__dirname, '..', '..', 'test-results', 'code-server-failure.png');
      try {
        fs.mkdirSync(path.dirname(shot), { recursive: true });
        await page.screenshot({ path: shot, timeout: 10000 });
        log(`screenshot of the workbench at failure: ${shot}`);
      } catch {
        /* page gone */
      }
    }
    if (browser) await Promise.race([browser.close().catch(() => {}), new Promise((r) => setTimeout(r, 10000))]);
    if (server) {
      server.removeAllListeners('exit');
      await killTree(server, 'code-server');
    }
    if (endpoint) await endpoint.close();
    // After the host and server have exited, so every log and state file is flushed.
    leaks = reportCanaryScan(dirs, dirs.canary, log);
    if (!profile) removeDirs(dirs);
  }

  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  if (result.reason !== 'suite finished') {
    if (!VERBOSE && serverTail.length) {
      log('last code-server output:');
      for (const l of serverTail.slice(-30)) console.log(`  ${l}`);
    }
    log(`FAILED: ${result.reason} (after ${secs}s)`);
  } else {
    log(`suite finished with exit code ${result.code} in ${secs}s`);
  }
  let code = result.code;
  if (!summary) {
    summary = { passed: 0, failed: 1, skipped: 0 };
    if (result.reason === 'suite finished') {
      const crashed = hostExit && (hostExit.code !== '0' || hostExit.signal !== 'null');
      log(
        crashed
          ? `FAILED: the extension host died before the suite reported (exit code ${hostExit.code}, signal ${hostExit.signal})`
          : 'FAILED: the suite ended without reporting a summary line (did a test call process.exit?)',
      );
    }
    code = code || 1;
  } else if (summary.failed > 0 && code === 0) {
    code = 1;
  }
  if (leaks > 0) {
    log(`FAILED: ${leaks} file(s) of the run hold a secret (see LEAK lines above)`);
    summary.failed += 1;
    code = code || 1;
  }
  if (summary.skipped) log(`${summary.skipped} test(s) skipped`);
  console.log(`${summary.passed} passed, ${summary.failed} failed`);
  return code;
}

module.exports = { runWithCodeServer };
