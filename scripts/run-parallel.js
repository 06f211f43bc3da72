#!/usr/bin/env node
// Runs npm scripts at once and fails if any fails: `node scripts/run-parallel.js typecheck lint`.
// tsc and eslint are each single-threaded, so on CI's 2 cores the pair takes about the longer
// one's time instead of both (each slows the other: on the 2-core machine typecheck + lint + build
// took 38 s one after another, 33 s at once). Each script's output is held and printed whole when
// it ends, so two logs never interleave line by line. Written by hand: npm has no such mode, and a
// dependency (npm-run-all, concurrently) for 40 lines is not worth its weight.
'use strict';
const { spawn } = require('node:child_process');

const names = process.argv.slice(2);
if (names.length === 0) {
  console.error('usage: node scripts/run-parallel.js <npm script>...');
  process.exit(2);
}
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const started = Date.now();
const runs = names.map(
  (name) =>
    new Promise((resolve) => {
      const chunks = [];
      const child = spawn(npm, ['run', name], { stdio: ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32' });
      child.stdout.on('data', (d) => chunks.push(d));
      child.stderr.on('data', (d) => chunks.push(d));
      child.on('error', (e) => chunks.push(Buffer.from(`${e.message}\n`)));
      child.on('close', (code, signal) => {
        const secs = ((Date.now() - started) / 1000).toFixed(1);
        process.stdout.write(`\n> ${name} (${code === 0 ? 'ok' : `failed: ${signal ?? `exit ${code}`}`}, ${secs} s)\n`);
        process.stdout.write(Buffer.concat(chunks));
        resolve(code === 0);
      });
    }),
);
Promise.all(runs).then((ok) => {
  const failed = names.filter((_, i) => !ok[i]);
  if (failed.length) {
    console.error(`\n${failed.join(', ')} failed (the output above says why).`);
    process.exit(1);
  }
});
