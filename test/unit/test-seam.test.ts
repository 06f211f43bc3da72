// One test seam (src/testing): test-only behaviour lives there and nowhere else in src/, and the
// log lines it keeps for the secrets scan are all of them.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type * as vscode from 'vscode';
import { Log } from '../../src/log';
import { recordLogLines } from '../../src/testing/logLines';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { newCanary } = require('../../test/launcher/secrets-scan.js') as { newCanary(): string };

const SRC = path.resolve(__dirname, '..', '..', 'src');
const SEAM = path.join(SRC, 'testing');

/** What marks a test hook in production code. */
const HOOKS: [string, RegExp][] = [
  ['the test environment switch', /NEON_EXPLORER_TEST|process\.env\.NEON_TEST_/],
  ['the extension-test mode', /ExtensionMode\.Test\b/],
  ['a global for tests', /globalThis\s*(\.\s*__|as\s*\{)/],
  ['a data attribute written for tests', /\.dataset\.\w+\s*=[^=]/],
  ['a test double', /\b(ScriptedPrompter|InjectableSecretStorage)\b/],
  ['a bounded log buffer', /\brecent\s*:\s*string\[\]/],
];

/** Who may import the seam: activate() (the one switch) and the consumption page (its chart marks). */
const SEAM_IMPORTERS = ['extension.ts', 'webviews/consumption/page/chart.ts', 'webviews/consumption/page/main.ts'];

function* sources(dir: string): Generator<string> {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* sources(p);
    else if (/\.tsx?$/.test(e.name)) yield p;
  }
}

function hooksIn(name: string, text: string): string[] {
  return text.split('\n').flatMap((line, i) => HOOKS.filter(([, re]) => re.test(line)).map(([what]) => `${name}:${i + 1}: ${what}: ${line.trim()}`));
}

const hooksInFile = (file: string) => hooksIn(path.relative(SRC, file), fs.readFileSync(file, 'utf8'));

describe('the test seam (src/testing)', () => {
  it('no test hook in src/ outside src/testing', () => {
    const outside = [...sources(SRC)].filter((f) => !f.startsWith(SEAM + path.sep));
    assert.ok(outside.length > 100, `scanned ${outside.length} files`);
    assert.deepStrictEqual(outside.flatMap(hooksInFile), []);
  });

  it('the scan sees the hooks where they live (it can fail)', () => {
    const inSeam = [...sources(SEAM)].flatMap(hooksInFile).join('\n');
    for (const what of ['the test environment switch', 'the extension-test mode', 'a test double']) assert.ok(inSeam.includes(what), `${what} found in src/testing`);
    const planted = "const bag = globalThis as { __x?: number };\nel.dataset.unit = 'GB';\nif (process.env.NEON_EXPLORER_TEST === '1') go();\n";
    assert.deepStrictEqual(
      hooksIn('planted.ts', planted).map((h) => h.split(': ')[1]),
      ['a global for tests', 'a data attribute written for tests', 'the test environment switch'],
    );
  });

  it('only activate() and the consumption page import it', () => {
    const importers = [...sources(SRC)]
      .filter((f) => !f.startsWith(SEAM + path.sep))
      .filter((f) => /from '(\.\.?\/)+(\.\.\/)*testing(\/[\w]+)?'/.test(fs.readFileSync(f, 'utf8')))
      .map((f) => path.relative(SRC, f).split(path.sep).join('/'))
      .sort();
    assert.deepStrictEqual(importers, SEAM_IMPORTERS);
  });
});

describe('the log lines the seam keeps for the secrets scan', () => {
  const channel = () => {
    const written: string[] = [];
    const write = (m: string) => void written.push(m);
    return { written, channel: { trace: write, debug: write, info: write, warn: write, error: write, dispose: () => undefined } as unknown as vscode.LogOutputChannel };
  };

  it('keeps every line past 5,000: a canary in the last of 12,001 lines is found', () => {
    const rec = recordLogLines();
    const ch = channel();
    const log = new Log(() => ch.channel, rec.sink);
    const canary = newCanary();
    log.info('first line');
    for (let i = 0; i < 11_999; i++) log.debug(`line ${i}`);
    log.warn(`a line holding ${canary}`);
    assert.strictEqual(rec.lines.length, 12_001);
    assert.strictEqual(rec.lines[0], 'info first line');
    assert.strictEqual(rec.lines.join('\n').indexOf(canary), rec.lines.join('\n').length - canary.length, 'the canary is found, at the end');
    assert.strictEqual(ch.written.length, 12_001, 'every line also went to the channel');
  });

  it('keeps what the channel got: redacted, with the level', () => {
    const rec = recordLogLines();
    const log = new Log(() => channel().channel, rec.sink);
    log.error(new Error('connect to postgresql://app:s3cretpw@host/db failed'));
    assert.strictEqual(rec.lines.length, 1);
    assert.match(rec.lines[0]!, /^error Error: connect to /);
    assert.ok(!rec.lines[0]!.includes('s3cretpw'), rec.lines[0]);
  });

  it('without the seam, the log keeps nothing once its channel is made', () => {
    const log = new Log(() => channel().channel);
    log.info('x');
    log.open();
    log.info('y');
    assert.deepStrictEqual(Object.values(log).filter(Array.isArray), [], 'no buffer on the Log');
  });

  it('the channel is made on first need: lines before it go to it in order; a warning makes it at once', () => {
    const ch = channel();
    let made = 0;
    const log = new Log(() => (made++, ch.channel));
    log.info('one');
    log.debug('two');
    assert.strictEqual(made, 0, 'info and debug wait for the channel');
    log.warn('three');
    assert.strictEqual(made, 1, 'a warning makes it');
    log.info('four');
    log.open();
    assert.strictEqual(made, 1, 'made once');
    assert.deepStrictEqual(ch.written, ['one', 'two', 'three', 'four']);
    log.dispose();
    log.error('after dispose');
    assert.strictEqual(made, 1, 'not made again once disposed');
  });
});
