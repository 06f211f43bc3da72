#!/usr/bin/env node
// Bundles the integration suite for VS Code's extension host:
//   test/integration/**/*.test.ts -> out/test/integration/<name>.test.js
//   test/integration/index.ts     -> out/test/integration/index.js   (the mocha runner)
//   test/integration/window-agent.ts -> out/test/integration/window-agent.js (second window's host)
// CommonJS, Node 20; `vscode`, `mocha`, `playwright-core` (and `@neondatabase/api-client`) stay
// external (resolved at run time from the extension host and the repo's node_modules).
'use strict';

const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const SRC = path.join(ROOT, 'test', 'integration');
const OUT = path.join(ROOT, 'out', 'test', 'integration');

function findTests(dir) {
  const found = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === 'helpers' || entry.name === 'fixtures' || entry.name === 'node_modules') continue;
      found.push(...findTests(p));
    } else if (entry.isFile() && entry.name.endsWith('.test.ts')) {
      found.push(p);
    }
  }
  return found.sort();
}

async function buildTests({ quiet = false } = {}) {
  const t0 = Date.now();
  const tests = findTests(SRC);
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(OUT, { recursive: true });

  const outNames = new Map();
  // window-agent: what the second workbench window's host runs in the two-windows test.
  const entryPoints = [
    { in: path.join(SRC, 'index.ts'), out: 'index' },
    { in: path.join(SRC, 'window-agent.ts'), out: 'window-agent' },
  ];
  for (const file of tests) {
    // Flat output: test/integration/a/b.test.ts -> out/test/integration/a-b.test.js
    const rel = path.relative(SRC, file).replace(/\.ts$/, '');
    const out = rel.split(path.sep).join('-');
    if (outNames.has(out)) throw new Error(`two tests bundle to ${out}.js: ${outNames.get(out)} and ${file}`);
    outNames.set(out, file);
    entryPoints.push({ in: file, out });
  }

  await esbuild.build({
    entryPoints,
    outdir: OUT,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: true,
    sourcesContent: true,
    // @neondatabase/api-client: the emulator finds its OpenAPI document with require.resolve,
    // which must stay a run-time lookup in node_modules.
    external: ['vscode', 'mocha', 'playwright-core', '@neondatabase/api-client'],
    logLevel: 'warning',
    // Tests import JSON (package.json) and plain TS from src/.
    loader: { '.json': 'json' },
  });

  if (!quiet) {
    console.log(`[harness] bundled ${tests.length} integration test file(s) + runner into ${path.relative(ROOT, OUT)} in ${Date.now() - t0} ms`);
  }
  return { outDir: OUT, tests: [...outNames.keys()].map((n) => path.join(OUT, `${n}.js`)) };
}

module.exports = { buildTests, OUT_DIR: OUT };

if (require.main === module) {
  buildTests().catch((err) => {
    console.error(`[harness] building the integration tests failed: ${err && err.message ? err.message : err}`);
    process.exit(1);
  });
}
