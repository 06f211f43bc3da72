'use strict';
// The suite-wide secrets check, on disk. Every API key and password the test emulators issue
// carries this run's canary (NEON_TEST_CANARY → the emulator's secretMarker). After the host has
// exited, every file of the run — the user data dir (settings, globalState's state.vscdb, the
// extension host's and the output channel's logs), the extensions dir, XDG folders and the
// workspace — is searched for it. Only the files a test chose as a .env target may hold it; the
// tests list those in chosen-files.txt (see test/integration/helpers/secrets.ts).

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const CHOSEN_LIST = 'chosen-files.txt';

/** A fresh canary per run: lowercase letters and digits, so it fits inside any token or password. */
function newCanary() {
  const abc = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = crypto.randomBytes(10);
  return `cnry${Array.from(bytes, (b) => abc[b % abc.length]).join('')}`;
}

function chosenFiles(root) {
  try {
    return new Set(
      fs
        .readFileSync(path.join(root, CHOSEN_LIST), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((f) => path.resolve(f)),
    );
  } catch {
    return new Set();
  }
}

/** Every regular file below `dir` (links not followed). */
function* walk(dir) {
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else if (e.isFile()) yield p;
  }
}

/**
 * Searches every file under `dirs.root` for `canary` (as UTF-8 and as UTF-16LE, which SQLite and
 * some logs use). Returns {files, bytes, hits: [{file, count}], allowed: [{file, count}]}.
 */
function scanForCanary(dirs, canary) {
  const chosen = chosenFiles(dirs.root);
  const needles = [Buffer.from(canary, 'utf8'), Buffer.from(canary, 'utf16le')];
  const result = { files: 0, bytes: 0, hits: [], allowed: [] };
  for (const file of walk(dirs.root)) {
    if (path.basename(file) === CHOSEN_LIST && path.dirname(file) === dirs.root) continue;
    let buf;
    try {
      buf = fs.readFileSync(file);
    } catch {
      continue;
    }
    result.files++;
    result.bytes += buf.length;
    let count = 0;
    for (const n of needles) for (let i = buf.indexOf(n); i !== -1; i = buf.indexOf(n, i + 1)) count++;
    if (!count) continue;
    (chosen.has(path.resolve(file)) ? result.allowed : result.hits).push({ file: path.relative(dirs.root, file), count });
  }
  return result;
}

/** Runs the scan, prints one line (and each leaking file), returns the number of leaking files. */
function reportCanaryScan(dirs, canary, log) {
  if (!canary) return 0;
  const r = scanForCanary(dirs, canary);
  const chosenHits = r.allowed.reduce((n, h) => n + h.count, 0);
  log(
    `secrets scan: ${r.files} files (${(r.bytes / 1024).toFixed(0)} KiB) of the run searched for the canary; ` +
      `${r.hits.length} file(s) leak it; ${chosenHits} occurrence(s) in ${r.allowed.length} .env file(s) the tests chose`,
  );
  for (const h of r.hits) log(`  LEAK: ${h.file} holds the canary ${h.count} time(s)`);
  return r.hits.length;
}

module.exports = { CHOSEN_LIST, newCanary, scanForCanary, reportCanaryScan, walk };
