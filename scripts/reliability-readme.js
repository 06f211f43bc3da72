#!/usr/bin/env node
// Rewrites the "Real desks" figures of docs/reliability.md (between <!-- desk:start --> and <!-- desk:end -->)
// from test-results/reliability.json, which the tests write as they run (test/reliability-record.ts).
// Run after `npm run test:unit` and the integration suite: `npm run reliability:readme`.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const record = JSON.parse(fs.readFileSync(path.join(ROOT, 'test-results', 'reliability.json'), 'utf8'));
const n = (v) => (typeof v === 'number' ? v.toLocaleString('en-US') : '—');
const rows = [];
const k = record.killedMidWrite;
if (k) {
  rows.push([
    'Killed mid-write (`.env`)',
    `${n(k.killsTried)} SIGKILLs of ${k.writer}: **${n(k.filesTorn)} files torn**; ${n(k.versionsCompleted)} writes completed between kills; ${n(k.killsThatLeftATempFile)} kills left a temp file and ${n(k.killsThatLeftALock)} a lock, ${n(k.deadWritersFilesLeftAfterTheNextWrite)} of them outlived the next write; first write after a dead writer's lock: ${n(k.longestFirstWriteAfterADeadWritersLockMs)} ms at most (${n(k.firstWritesAfterADeadWritersLock)} such writes); ${n(k.seconds)} s (load average ${(k.loadAverageAtStart ?? []).join(' / ')}). Control, a naive in-place writer: ${n(k.control?.filesTorn)} torn of ${n(k.control?.killsTried)}`,
    '`test/unit/env-write-kill.test.ts`',
  ]);
}
const kn = record.killedMidWriteNeon;
if (kn) {
  rows.push([
    'Killed mid-write (`.neon`)',
    `${n(kn.killsTried)} SIGKILLs of ${kn.writer}: **${n(kn.filesTorn)} files torn**; ${n(kn.versionsCompleted)} writes completed between kills; ${n(kn.killsThatLeftATempFile)} kills left a temp file and ${n(kn.killsThatLeftALock)} a lock, ${n(kn.deadWritersFilesLeftAfterTheNextWrite)} of them outlived the next write; first write after a dead writer's lock: ${n(kn.longestFirstWriteAfterADeadWritersLockMs)} ms at most; files left after the start sweep: ${n(kn.filesLeftAfterTheStartSweep)}; ${n(kn.seconds)} s`,
    '`test/unit/env-write-kill.test.ts`',
  ]);
}
const pu = record.proxyUnit;
const ph = record.proxyHost;
if (pu || ph) {
  const parts = [];
  if (ph) parts.push(`real host with \`http.proxy\` set: ${n(ph.requestsThroughProxy)} of ${n(ph.requestsSeenByEmulator)} requests the emulator saw came through the proxy (${n(ph.routes)} routes: key check, tree, consumption), **${n(ph.requestsDirect)} direct**`);
  if (pu) parts.push(`client: ${n(pu.requestsThroughProxy)} of ${n(pu.requestsSeenByEmulator)} through the proxy, ${n(pu.requestsDirect)} direct; https through CONNECT: ${n(pu.httpsTunnels)} tunnel(s)`);
  if (ph?.refusedSentence) parts.push(`refused: "${ph.refusedSentence.replace(/ \(request id [^)]*\)$/, '').replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:…')}"`);
  rows.push(['Proxy', parts.join('; '), '`test/unit/api-proxy.test.ts`, `test/integration/proxy.test.ts`']);
}
const ss = record.secretStorage;
if (ss) {
  rows.push([
    'Secret storage fails (locked keyring, injected in the host)',
    `row: "${ss.rowDescription}"; command: "${ss.commandSentence}"; add / re-key / remove each refused in a sentence, nothing saved or deleted; recovered by itself ${n(Math.round(ss.recoveredWithoutActionMs / 100) / 10)} s after the keyring came back; ${n(ss.unhandledRejections)} unhandled rejections`,
    '`test/integration/secret-storage.test.ts`',
  ]);
}
const off = record.offline;
if (off) {
  rows.push([
    'Offline (API port closed, then open again, in the host)',
    `account row marked offline ${n(off.markOfflineMs)} ms after the port closed (one row, no error rows; every node kept what it showed); command: "${off.commandSentence}"; ${n(off.probesInFirst3sOffline)} probes in the first 3 s offline (${n(off.probesTotal)} in ${n(off.offlineSeconds)} s, GET /auth, one try each, backoff 1–15 s); tree reloaded by itself ${n(Math.round(off.recoverMs / 100) / 10)} s after the port opened; **${n(off.changesSentAfterRecovery)} changes sent after recovery** (${n(off.requestsAfterRecovery)} reads)`,
    '`test/integration/offline.test.ts`',
  ]);
}
const tw = record.twoWindows;
if (tw) {
  rows.push([
    'Two windows (two code-server tabs, two extension hosts)',
    `seen in the other window without a reload: added ${n(tw.addedSeenMs)} ms, renamed ${n(tw.renamedSeenMs)} ms, re-keyed ${n(tw.rekeyedSeenMs)} ms, removed ${n(tw.removedSeenMs)} ms (${n(tw.changesPropagated)} of ${n(tw.changesTried)} changes); both windows adding at once, ${n(tw.concurrentAddRounds)} rounds: ${n(tw.concurrentAddsSaved)} keys saved, ${n(tw.concurrentAddsRefused)} refused with "Reload this window" (the window whose secret map is out of date would have erased the other's key); keys read in the other tab without a reload: ${n(tw.keysReadInTheOtherWindow)}, needing a reload: ${n(tw.keysNeedingAReloadInTheOtherWindow)} (a browser's SecretStorage is read once per tab); after a reload **${n(tw.keysLostAfterAReload)} of ${n(tw.keysStored)} saved keys lost**; a later write from the out-of-date window refused: ${n(tw.sequentialWriteRefused)} of 1`,
    '`test/integration/two-windows.test.ts`',
  ]);
}
const dp = record.dataPlaneFaults;
if (dp) {
  rows.push([
    'Compute stalled or restarting while connecting (real PostgreSQL)',
    `connect timeout ${n(dp.connectTimeoutSeconds)} s: stalled compute → probe (Test Connection, .env check) ended after ${n(dp.stalledProbeSettledMs)} ms with "${dp.stalledSentence}", psql ended after ${n(dp.stalledPsqlEndedMs)} ms; restarting compute → ${n(dp.restartProbeSettledMs)} ms, "${dp.restartSentence}", psql ${n(dp.restartPsqlEndedMs)} ms`,
    '`test/unit/db-compute-fault.test.ts`',
  ]);
}
const when = Object.values(record).map((s) => s.recordedAt).filter(Boolean).sort().at(-1);
const block = [
  `Written by \`npm run reliability:readme\` from \`test-results/reliability.json\` (the run of ${when ? when.slice(0, 16).replace('T', ' ') : '—'} UTC; kept as [\`records/reliability.json\`](records/reliability.json)).`,
  '',
  '| Check | Figure | Test |',
  '|---|---|---|',
  ...rows.map((r) => `| ${r.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`),
].join('\n');
const readmePath = path.join(ROOT, 'docs', 'reliability.md');
const readme = fs.readFileSync(readmePath, 'utf8');
const re = /(<!-- desk:start -->)[\s\S]*?(<!-- desk:end -->)/;
if (!re.test(readme)) throw new Error('docs/reliability.md has no <!-- desk:start --> … <!-- desk:end --> block');
fs.writeFileSync(readmePath, readme.replace(re, (_m, a, b) => `${a}\n${block}\n${b}`));
// test-results/ is not committed: the record the page was written from is kept beside it.
fs.mkdirSync(path.join(ROOT, 'docs', 'records'), { recursive: true });
fs.copyFileSync(path.join(ROOT, 'test-results', 'reliability.json'), path.join(ROOT, 'docs', 'records', 'reliability.json'));
console.log(`docs/reliability.md: ${rows.length} reliability row(s) from test-results/reliability.json`);
