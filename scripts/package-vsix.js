#!/usr/bin/env node
// Packages the extension the way `npm run package` does (production bundle + vsce), but in a
// staging copy of the repository, so the development build in dist/ (source maps, readable
// stacks, used by the integration suites) is left as it was. The .vsix lands in out/package/.
//
//   node scripts/package-vsix.js [--out <dir>]     prints the .vsix path
//
// Used by `npm run test:package` (test/package/vsix.test.ts), which checks what the .vsix holds.
'use strict';

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
/** What `vsce package` reads: the manifest, the docs, the build script and what it bundles. */
const NLS = fs.readdirSync(ROOT).filter((f) => /^package\.nls(\.[\w-]+)?\.json$/.test(f)); // the manifest's strings, every language
const INPUTS = ['package.json', 'package-lock.json', ...NLS, 'l10n', 'README.md', 'CHANGELOG.md', 'LICENSE', '.vscodeignore', 'esbuild.js', 'scripts/uplot-lazy-intl.js', 'tsconfig.json', 'src', 'media'];

/** @returns {{ vsix: string, seconds: number }} */
function packageVsix(outDir = path.join(ROOT, 'out', 'package')) {
  const t0 = Date.now();
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'neon-package-'));
  try {
    for (const p of INPUTS) {
      if (fs.existsSync(path.join(ROOT, p))) fs.cpSync(path.join(ROOT, p), path.join(stage, p), { recursive: true });
    }
    // esbuild resolves the bundled dependencies from here; vsce takes none (--no-dependencies).
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(stage, 'node_modules'), 'dir');
    fs.mkdirSync(outDir, { recursive: true });
    const vsix = path.join(outDir, 'neon-explorer.vsix');
    fs.rmSync(vsix, { force: true });
    const vsce = require.resolve('@vscode/vsce/vsce', { paths: [ROOT] });
    // vsce runs `vscode:prepublish` (the production build) in the staging copy.
    execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--out', vsix], {
      cwd: stage,
      stdio: 'pipe',
      encoding: 'utf8',
      timeout: 9 * 60 * 1000,
    });
    return { vsix, seconds: (Date.now() - t0) / 1000 };
  } catch (err) {
    const e = /** @type {{ stdout?: string, stderr?: string, message: string }} */ (err);
    throw new Error(`packaging failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

module.exports = { packageVsix, INPUTS };

if (require.main === module) {
  const i = process.argv.indexOf('--out');
  const { vsix, seconds } = packageVsix(i > 0 ? path.resolve(process.argv[i + 1]) : undefined);
  console.log(`${path.relative(process.cwd(), vsix)} (${seconds.toFixed(1)} s)`);
}
