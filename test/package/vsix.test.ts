// The packaged .vsix (npm run test:package, the last step of npm test): packaged from a staging
// copy (scripts/package-vsix.js), so the development build in dist/ is left as it was. Checks what
// the .vsix holds and writes its listing and size to test-results/package.json.
import * as assert from 'assert';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { inflateRawSync } from 'zlib';

const ROOT = path.resolve(__dirname, '..', '..');
const RECORD = path.join(ROOT, 'test-results', 'package.json');
/** The .vsix stays well under this (measured 2026-11-30: 437 KB): a sudden jump means something unwanted came in. */
const MAX_VSIX_BYTES = 1024 * 1024;
/** Issue 20, target 5: dist/extension.js minified. */
const MAX_EXTENSION_BYTES = 250 * 1024;

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { packageVsix } = require('../../scripts/package-vsix.js') as { packageVsix(outDir?: string): { vsix: string; seconds: number } };

export interface ZipEntry {
  name: string;
  /** Bytes once unpacked, and as stored. */
  size: number;
  compressed: number;
  method: number;
  /** Offset of the entry's local header. */
  offset: number;
}

/** The entries of a zip file, read from its central directory (no unzip needed). */
export function listZip(buf: Buffer): ZipEntry[] {
  const EOCD = 0x06054b50;
  const CDH = 0x02014b50;
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip (no end of central directory)');
  const count = buf.readUInt16LE(eocd + 10);
  let off = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || off === 0xffffffff) throw new Error('zip64 archives are not supported here');
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(off) !== CDH) throw new Error(`bad central directory entry #${n} at ${off}`);
    const nameLen = buf.readUInt16LE(off + 28);
    const extraLen = buf.readUInt16LE(off + 30);
    const commentLen = buf.readUInt16LE(off + 32);
    entries.push({
      name: buf.toString('utf8', off + 46, off + 46 + nameLen),
      method: buf.readUInt16LE(off + 10),
      compressed: buf.readUInt32LE(off + 20),
      size: buf.readUInt32LE(off + 24),
      offset: buf.readUInt32LE(off + 42),
    });
    off += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** One entry's bytes (stored or deflated). */
export function readZipEntry(buf: Buffer, e: ZipEntry): Buffer {
  const start = e.offset + 30 + buf.readUInt16LE(e.offset + 26) + buf.readUInt16LE(e.offset + 28);
  const data = buf.subarray(start, start + e.compressed);
  if (e.method === 0) return data;
  if (e.method === 8) return inflateRawSync(data);
  throw new Error(`${e.name}: zip method ${e.method} is not supported here`);
}

function fingerprint(dir: string): string {
  const h = createHash('sha256');
  const walk = (d: string): void => {
    for (const name of fs.readdirSync(d).sort()) {
      const p = path.join(d, name);
      const st = fs.statSync(p);
      if (st.isDirectory()) walk(p);
      else h.update(`${path.relative(dir, p)}\0${st.size}\0${st.mtimeMs}\0`);
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return h.digest('hex');
}

describe('packaged .vsix', function () {
  this.timeout(10 * 60 * 1000);
  let buf: Buffer;
  let entries: ZipEntry[] = [];
  let seconds = 0;
  let vsix = '';
  let devBuildBefore = '';

  before(function () {
    devBuildBefore = fingerprint(path.join(ROOT, 'dist'));
    ({ vsix, seconds } = packageVsix());
    buf = fs.readFileSync(vsix);
    entries = listZip(buf);
    console.log(`      (packaged ${path.relative(ROOT, vsix)} in ${seconds.toFixed(1)} s: ${buf.length} bytes, ${entries.length} entries)`);
  });

  after(() => {
    if (!entries.length) return;
    fs.mkdirSync(path.dirname(RECORD), { recursive: true });
    const record = {
      vsix: path.relative(ROOT, vsix),
      bytes: buf.length,
      unpackedBytes: entries.reduce((n, e) => n + e.size, 0),
      packagedSeconds: Math.round(seconds * 10) / 10,
      files: entries.map((e) => ({ name: e.name, bytes: e.size, compressedBytes: e.compressed })),
      recordedAt: new Date().toISOString(),
    };
    fs.writeFileSync(RECORD, `${JSON.stringify(record, null, 2)}\n`);
  });

  const has = (re: RegExp) => entries.some((e) => re.test(e.name));
  const entry = (name: string) => entries.find((e) => e.name === name);

  it('is a VS Code extension package (manifest + content types)', () => {
    assert.ok(entry('extension.vsixmanifest'), 'extension.vsixmanifest');
    assert.ok(entry('[Content_Types].xml'), '[Content_Types].xml');
  });

  it('holds the bundle, the manifest, the media and the docs', () => {
    const missing: string[] = [];
    const want: [string, RegExp][] = [
      ['extension/dist/extension.js', /^extension\/dist\/extension\.js$/],
      ['extension/dist/driver.js (node-postgres, loaded on the first connection)', /^extension\/dist\/driver\.js$/],
      ['extension/dist/rarelyUsed.js (rarely used commands, the consumption panel, loaded on first use)', /^extension\/dist\/rarelyUsed\.js$/],
      ['extension/dist/proxyAgent.js (undici, loaded for a proxy only)', /^extension\/dist\/proxyAgent\.js$/],
      ['extension/dist/testing.js (the test host\'s hooks, loaded there only)', /^extension\/dist\/testing\.js$/],
      ['extension/dist/webviews/consumption.js', /^extension\/dist\/webviews\/consumption\.js$/],
      ['extension/package.json', /^extension\/package\.json$/],
      ['extension/package.nls.json (English manifest strings)', /^extension\/package\.nls\.json$/],
      ['extension/package.nls.de.json (German manifest strings)', /^extension\/package\.nls\.de\.json$/],
      ['extension/l10n/bundle.l10n.de.json (German runtime strings)', /^extension\/l10n\/bundle\.l10n\.de\.json$/],
      ['extension/media/…', /^extension\/media\/.+/],
      ['extension/README.md', /^extension\/readme\.md$/i],
      ['extension/CHANGELOG.md', /^extension\/changelog\.md$/i],
      ['extension/LICENSE', /^extension\/license(\.txt|\.md)?$/i],
    ];
    for (const [name, re] of want) if (!has(re)) missing.push(name);
    assert.deepStrictEqual(missing, [], `missing from the .vsix; it holds:\n${entries.map((e) => e.name).join('\n')}`);
  });

  // The Marketplace and VS Code's extension page show the packaged README, not the repository's: a
  // relative docs/images/… link there shows as a broken image (walk 38). vsce rewrites them against
  // package.json "repository"; this checks it did, for every link and image.
  it('its README links and images are absolute (the repository on GitHub) or anchors of the page', () => {
    const name = entries.find((e) => /^extension\/readme\.md$/i.test(e.name))!;
    const md = readZipEntry(buf, name).toString('utf8');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const repo = (require('../../package.json') as { repository: { url: string } }).repository.url.replace(/\.git$/, '');
    const targets = [...md.matchAll(/\]\(([^)\s]+)/g)].map((m) => m[1]!);
    assert.ok(targets.length > 10, `${targets.length} links`);
    assert.deepStrictEqual(targets.filter((t) => !/^(https:\/\/|#)/.test(t)), [], 'relative links left in the packaged README');
    const images = [...md.matchAll(/!\[[^\]]*\]\(([^)\s]+)/g)].map((m) => m[1]!);
    assert.ok(images.length > 0);
    assert.deepStrictEqual(images.filter((t) => !t.startsWith(`${repo}/raw/HEAD/docs/images/`)), [], 'images from the repository\'s docs/images/');
  });

  it('holds no sources, tests, emulator, dependencies, source maps or caches', () => {
    const forbidden: RegExp[] = [
      /^extension\/(src|test|out|emulator|bench|scripts|test-results|\.ci)\//,
      /(^|\/)node_modules\//,
      /\.map$/,
      /(^|\/)\.cache(\/|$)/,
      /^extension\/.*(?<!\.d)\.ts$/,
      /(^|\/)\.env(\.|$)/,
      /(^|\/)\.vsix$/,
    ];
    const bad = entries.map((e) => e.name).filter((n) => forbidden.some((re) => re.test(n)));
    assert.deepStrictEqual(bad, [], 'should not be packaged');
  });

  it('its bundle is the production build (minified, no source map link)', () => {
    const js = readZipEntry(buf, entry('extension/dist/extension.js')!).toString('utf8');
    assert.ok(!/sourceMappingURL/.test(js), 'no source map link');
    const lines = js.split('\n').length;
    assert.ok(js.length / lines > 500, `minified: ${js.length} characters on ${lines} lines`);
  });

  it(`stays under ${MAX_VSIX_BYTES / 1024} KiB`, () => {
    assert.ok(buf.length < MAX_VSIX_BYTES, `${buf.length} bytes`);
  });

  // Issue 20's target for what every activation parses: the bench measures it too, but the bench is
  // not run by CI, and the bundle once passed the target unnoticed between two bench runs.
  it(`its extension bundle (parsed at every activation) stays within ${MAX_EXTENSION_BYTES / 1024} KiB; what is not needed to show the tree loads on first use`, () => {
    const bytes = entry('extension/dist/extension.js')!.size;
    assert.ok(bytes <= MAX_EXTENSION_BYTES, `dist/extension.js is ${bytes} bytes (${(bytes / 1024).toFixed(1)} KiB): move what activation does not need to dist/rarelyUsed.js (src/rarelyUsed.ts)`);
  });

  it('left the development build in dist/ as it was', () => {
    assert.strictEqual(fingerprint(path.join(ROOT, 'dist')), devBuildBefore);
  });
});
