'use strict';
// Shared bits of the two launchers (code-server + headless chromium, and @vscode/test-electron).

const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const SUMMARY_RE = /^\s*(?:[A-Za-z]+:\s*)?(\d+) passed, (\d+) failed(?:, (\d+) skipped)?\s*$/;

function log(msg) {
  console.log(`[harness] ${msg}`);
}

/** A free TCP port on the loopback interface. */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * A temporary root for one run: a real workspace folder (tests write .env files there), a user
 * data dir with quiet settings, an extensions dir, XDG folders.
 */
/**
 * The restricted run (npm run test:restricted, NEON_TEST_RESTRICTED=1): workspace trust on and the
 * folder never trusted, so the window is in Restricted Mode; no startup question to answer.
 */
function restricted() {
  return process.env.NEON_TEST_RESTRICTED === '1';
}

/** The display language of a localized run (npm run test:l10n), e.g. `de`; undefined: English. */
function locale() {
  return process.env.NEON_TEST_LOCALE || undefined;
}

/**
 * VS Code runs in a language only when a language pack for it is installed; none can be
 * downloaded here. A stand-in pack (no core translations: the workbench stays English) registered
 * in languagepacks.json is enough for the host to run in that language, so the extension's own
 * package.nls.<lang>.json and l10n/bundle.l10n.<lang>.json are what is tested.
 */
function writeLanguagePack(dirs, lang) {
  const translations = path.join(dirs.root, 'language-pack', 'main.i18n.json');
  fs.mkdirSync(path.dirname(translations), { recursive: true });
  fs.writeFileSync(translations, JSON.stringify({ contents: {} }));
  const packs = { [lang]: { hash: `neon-test-${lang}`, extensions: [{ extensionIdentifier: { id: `neon-test.language-pack-${lang}` }, version: '0.0.0' }], translations: { vscode: translations }, label: lang } };
  fs.writeFileSync(path.join(dirs.userData, 'languagepacks.json'), JSON.stringify(packs));
}

function trustSettings() {
  return restricted()
    ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.emptyWindow': false }
    : { 'security.workspace.trust.enabled': false };
}

function makeRunDirs(extraSettings = {}, prefix = 'neon-vscode-test-', at = undefined) {
  // `at`: a folder kept between launches (a profile reused, as on a desktop); made fresh otherwise.
  const root = at ?? fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const dirs = {
    root,
    workspace: path.join(root, 'workspace'),
    userData: path.join(root, 'user-data'),
    extensions: path.join(root, 'extensions'),
    xdgConfig: path.join(root, 'xdg', 'config'),
    xdgData: path.join(root, 'xdg', 'data'),
    xdgCache: path.join(root, 'xdg', 'cache'),
    xdgState: path.join(root, 'xdg', 'state'),
  };
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
  fs.mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(dirs.userData, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'workbench.enableExperiments': false,
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'extensions.ignoreRecommendations': true,
        ...trustSettings(),
        'git.enabled': false,
        'git.autoRepositoryDetection': false,
        'npm.autoDetect': 'off',
        'typescript.disableAutomaticTypeAcquisition': true,
        ...extraSettings,
      },
      null,
      2,
    ),
  );
  if (locale()) writeLanguagePack(dirs, locale());
  return dirs;
}

function removeDirs(dirs) {
  if (process.env.NEON_TEST_KEEP_TMP) {
    log(`kept temporary folder ${dirs.root}`);
    return;
  }
  try {
    fs.rmSync(dirs.root, { recursive: true, force: true });
  } catch {
    /* best effort */
  }
}

function timeoutMs() {
  const v = Number(process.env.NEON_TEST_TIMEOUT_MS);
  return Number.isFinite(v) && v > 0 ? v : 15 * 60 * 1000;
}

/** Environment every extension host of a test run gets. */
function testEnv(dirs, extra = {}) {
  return {
    NEON_EXPLORER_TEST: '1',
    NEON_TEST_WORKSPACE: dirs.workspace,
    // Inside every secret the test emulators issue; searched for on disk after the run.
    ...(dirs.canary ? { NEON_TEST_CANARY: dirs.canary } : {}),
    ...(process.env.NEON_TEST_GREP ? { NEON_TEST_GREP: process.env.NEON_TEST_GREP } : {}),
    ...(restricted() ? { NEON_TEST_RESTRICTED: '1' } : {}),
    ...(locale() ? { NEON_TEST_LOCALE: locale() } : {}),
    ...extra,
  };
}

/** code-server's flags for a private, quiet, offline instance on loopback (tests and the demo). */
function codeServerArgs(entry, port, dirs) {
  return [
    entry,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    ...(restricted() ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--user-data-dir', dirs.userData,
    '--extensions-dir', dirs.extensions,
    ...(locale() ? ['--locale', locale()] : []),
  ];
}

module.exports = { SUMMARY_RE, log, freePort, makeRunDirs, removeDirs, timeoutMs, testEnv, codeServerArgs, restricted, locale };
