// The packaged .vsix holds what the extension needs and nothing of the sources.
// Uses neon-explorer.vsix when it is newer than everything it is built from, else runs
// `npm run package` (a production build + vsce), then restores the development build.
// NEON_PACKAGE_REBUILD=1 forces a fresh package.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');
const VSIX = path.join(ROOT, 'neon-explorer.vsix');
const INPUTS = ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', '.vscodeignore', 'esbuild.js', 'src', 'media'];

function newestMtime(p: string): number {
  let st: fs.Stats;
  try {
    st = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const e of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, e)));
  return newest;
}

function vsixIsFresh(): boolean {
  if (process.env.NEON_PACKAGE_REBUILD === '1' || !fs.existsSync(VSIX)) return false;
  const built = fs.statSync(VSIX).mtimeMs;
  return INPUTS.every((p) => newestMtime(path.join(ROOT, p)) <= built);
}

/** Names of the entries of a zip file, read from its central directory (no unzip needed). */
export function listZip(file: string): string[] {
  const buf = fs.readFileSync(file);
  const EOCD = 0x06054b50;
  const CDH = 0x02014b50;
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${file} is not a zip (no end of central directory)`);
  const count = buf.readUInt16LE(eocd + 10);
  let off = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || off === 0xffffffff) throw new Error('zip64 archives are not supported here');
  const names: string[] = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(off) !== CDH) throw new Error(`bad central directory entry #${n} at ${off}`);
    const nameLen = buf.readUInt16LE(off + 28);
    const extraLen = buf.readUInt16LE(off + 30);
    const commentLen = buf.readUInt16LE(off + 32);
    names.push(buf.toString('utf8', off + 46, off + 46 + nameLen));
    off += 46 + nameLen + extraLen + commentLen;
  }
  return names;
}

describe('packaged .vsix', function () {
  this.timeout(10 * 60 * 1000);
  let entries: string[] = [];

  before(function () {
    if (!vsixIsFresh()) {
      const t0 = Date.now();
      try {
        execFileSync('npm', ['run', 'package'], { cwd: ROOT, stdio: 'pipe', timeout: 9 * 60 * 1000, encoding: 'utf8' });
      } catch (err) {
        const e = err as { stdout?: string; stderr?: string; message: string };
        throw new Error(`npm run package failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
      } finally {
        // `package` makes a production bundle in dist/: put the development build back for the
        // integration tests that run next (source maps, readable stacks).
        if (fs.existsSync(path.join(ROOT, 'esbuild.js'))) {
          execFileSync(process.execPath, ['esbuild.js'], { cwd: ROOT, stdio: 'pipe', timeout: 5 * 60 * 1000 });
        }
      }
      console.log(`      (packaged ${path.basename(VSIX)} in ${((Date.now() - t0) / 1000).toFixed(1)}s)`);
    }
    entries = listZip(VSIX);
  });

  const has = (re: RegExp) => entries.some((e) => re.test(e));

  it('is a VS Code extension package (manifest + content types)', () => {
    assert.ok(entries.includes('extension.vsixmanifest'), 'extension.vsixmanifest');
    assert.ok(entries.includes('[Content_Types].xml'), '[Content_Types].xml');
  });

  it('holds the bundle, the manifest, the media and the docs', () => {
    const missing: string[] = [];
    const want: [string, RegExp][] = [
      ['extension/dist/extension.js', /^extension\/dist\/extension\.js$/],
      ['extension/dist/driver.js (node-postgres, loaded on the first connection)', /^extension\/dist\/driver\.js$/],
      ['extension/dist/rarelyUsed.js (rarely used commands, the consumption panel, loaded on first use)', /^extension\/dist\/rarelyUsed\.js$/],
      ['extension/package.json', /^extension\/package\.json$/],
      ['extension/media/…', /^extension\/media\/.+/],
      ['extension/README.md', /^extension\/readme\.md$/i],
      ['extension/CHANGELOG.md', /^extension\/changelog\.md$/i],
      ['extension/LICENSE', /^extension\/license(\.txt|\.md)?$/i],
    ];
    for (const [name, re] of want) if (!has(re)) missing.push(name);
    assert.deepStrictEqual(missing, [], `missing from the .vsix; it holds:\n${entries.join('\n')}`);
  });

  it('holds no sources, tests, dependencies, source maps or caches', () => {
    const forbidden: [string, RegExp][] = [
      ['src/', /^extension\/src\//],
      ['test/', /^extension\/test\//],
      ['out/', /^extension\/out\//],
      ['node_modules/', /(^|\/)node_modules\//],
      ['.map', /\.map$/],
      ['.cache', /(^|\/)\.cache(\/|$)/],
      ['.ts sources', /^extension\/.*(?<!\.d)\.ts$/],
      ['.env files', /(^|\/)\.env(\.|$)/],
    ];
    const bad = entries.filter((e) => forbidden.some(([, re]) => re.test(e)));
    assert.deepStrictEqual(bad, [], 'should not be packaged');
  });
});
