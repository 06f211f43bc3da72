// Benches that run inside the real VS Code host (code-server + headless Chromium, the integration
// suite's launcher): bundle a `*.host.ts` file as the extensionTestsPath, then run it.
import { spawnSync } from 'child_process';
import * as esbuild from 'esbuild';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');

/**
 * `node esbuild.js --production`: what the .vsix ships (minified). A bench that loads dist/ runs
 * it first; `npm run build` leaves development bundles there (unminified: the consumption page
 * is about 2.4 times as large).
 */
export function productionBuild(): void {
  const r = spawnSync(process.execPath, ['esbuild.js', '--production'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`production build failed: ${r.stderr || r.stdout}`);
}

/** A profile kept between launches (see test/launcher/code-server.js). */
export interface KeptProfile {
  dir: string;
  port: number;
}

/**
 * Bundles bench/<name>.host.ts; returns a function that runs it once in a host (exit code): a fresh
 * profile each time, or the one given (a returning launch); with `extension`, that folder is the
 * extension under development instead of ours (a peer, e.g. bench/peers/minimal-tree).
 */
export async function hostBench(name: string): Promise<(profile?: KeptProfile, extension?: string) => Promise<number>> {
  const outfile = path.join(ROOT, 'out', 'bench', `${name}.host.js`);
  await esbuild.build({
    entryPoints: [path.join(ROOT, 'bench', `${name}.host.ts`)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    logLevel: 'warning',
  });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { runWithCodeServer } = require('../../test/launcher/code-server') as {
    runWithCodeServer: (o: { extensionDevelopmentPath: string; extensionTestsPath: string; profile?: KeptProfile }) => Promise<number>;
  };
  return (profile, extension) => runWithCodeServer({ extensionDevelopmentPath: extension ?? ROOT, extensionTestsPath: outfile, ...(profile ? { profile } : {}) });
}

/**
 * The consumption page's production bundle as commit `ref` built it (its own esbuild.js, today's
 * node_modules), for benches that alternate runs between it and today's page: on a shared 2-core
 * machine two runs of the same page a minute apart differ by a fifth, so a before/after is only
 * read from runs interleaved on one machine. Returns the bundle's path (a temporary folder).
 */
export function pageBundleAt(ref: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'neon-page-at-'));
  const archive = spawnSync('git', ['archive', '--format=tar', ref], { cwd: ROOT, maxBuffer: 256 * 1024 * 1024 });
  if (archive.status !== 0) throw new Error(`git archive ${ref}: ${String(archive.stderr)}`);
  const tar = spawnSync('tar', ['-x', '-C', dir], { input: archive.stdout });
  if (tar.status !== 0) throw new Error(`tar: ${String(tar.stderr)}`);
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const build = spawnSync(process.execPath, ['esbuild.js', '--production'], { cwd: dir, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`the page at ${ref} did not build: ${build.stderr || build.stdout}`);
  return path.join(dir, 'dist', 'webviews', 'consumption.js');
}
