// Mocha runner loaded by VS Code's extension host (extensionTestsPath). Both launchers
// (code-server + chromium, and @vscode/test-electron) call run().
import * as fs from 'fs';
import { findSourceMap } from 'module';
import * as path from 'path';
import { fileURLToPath } from 'url';
import Mocha = require('mocha');
import { installNetProbe } from './helpers/netprobe';
import { watchTerminals } from './helpers/secrets';

/** One console.log per line (the workbench forwards each call), closing with `N passed, N failed`. */
class LineReporter extends Mocha.reporters.Base {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    const out = (s: string) => console.log(s);
    let depth = 0;
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const failures: { title: string; err: Error & { actual?: unknown; expected?: unknown } }[] = [];
    const pad = () => '  '.repeat(depth);
    runner.on('suite', (suite: Mocha.Suite) => {
      if (suite.title) out(`${pad()}${suite.title}`);
      depth++;
    });
    runner.on('suite end', () => {
      depth--;
    });
    runner.on('pass', (test: Mocha.Test) => {
      passed++;
      out(`${pad()}✓ ${test.title} (${test.duration ?? 0} ms)`);
    });
    runner.on('pending', (test: Mocha.Test) => {
      skipped++;
      out(`${pad()}- ${test.title} (skipped)`);
    });
    runner.on('fail', (test: Mocha.Test | Mocha.Hook, err: Error) => {
      failed++;
      failures.push({ title: test.fullTitle(), err });
      out(`${pad()}✗ ${test.title}: ${err && err.message ? err.message.split('\n')[0] : String(err)}`);
    });
    runner.once('end', () => {
      if (failures.length) {
        out('');
        out('Failures:');
        failures.forEach((f, i) => {
          out(`${i + 1}) ${f.title}`);
          const stack = f.err && f.err.stack ? f.err.stack : String(f.err);
          const lines = stack.split('\n');
          const isFrame = (l: string) => /^\s+at /.test(l);
          // The message (with assert's diff) in full up to 60 lines, then our own frames.
          const message = lines.filter((l) => !isFrame(l));
          const frames = lines.filter((l) => isFrame(l) && !/node_modules[\\/]mocha/.test(l)).slice(0, 8);
          for (const line of message.slice(0, 60)) out(`     ${line}`);
          if (message.length > 60) out(`     … ${message.length - 60} more line(s)`);
          if (!/actual/.test(stack) && f.err && 'expected' in f.err && 'actual' in f.err) {
            out(`     expected: ${safeJson(f.err.expected)}`);
            out(`     actual:   ${safeJson(f.err.actual)}`);
          }
          for (const line of frames) out(`     ${mapFrame(line.trim())}`);
        });
      }
      out('');
      if (skipped) out(`${skipped} skipped`);
      out(`${passed} passed, ${failed} failed`);
    });
  }
}

/**
 * VS Code's extension host installs its own Error.prepareStackTrace, so Node doesn't apply source
 * maps to stacks: map frames in our bundles (out/test/…) back to the TypeScript sources here.
 */
function mapFrame(line: string): string {
  return line.replace(/((?:\/|[A-Za-z]:\\)[^\s()]+\.js):(\d+):(\d+)/g, (all, file: string, l: string, c: string) => {
    if (!/[\\/]out[\\/]test[\\/]/.test(file)) return all;
    try {
      const map = findSourceMap(file);
      const e = map?.findEntry(Number(l) - 1, Number(c) - 1) as { originalSource?: string; originalLine?: number; originalColumn?: number } | undefined;
      if (!e || !e.originalSource || e.originalLine === undefined) return all;
      const src = e.originalSource.startsWith('file:') ? fileURLToPath(e.originalSource) : path.resolve(path.dirname(file), e.originalSource);
      return `${src}:${e.originalLine + 1}:${(e.originalColumn ?? 0) + 1}`;
    } catch {
      return all;
    }
  });
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v)?.slice(0, 500) ?? String(v);
  } catch {
    return String(v);
  }
}

export function run(): Promise<void> {
  // Stack traces point into test/ and src/ through the bundles' source maps.
  (process as { setSourceMapsEnabled?: (on: boolean) => void }).setSourceMapsEnabled?.(true);
  installNetProbe();
  watchTerminals();

  const grep = process.env.NEON_TEST_GREP;
  const mocha = new Mocha({
    ui: 'bdd',
    timeout: 60_000,
    color: false,
    reporter: LineReporter as unknown as typeof Mocha.reporters.Base,
    ...(grep ? { grep } : {}),
  });

  const dir = __dirname;
  // The fault run (npm run test:faults) is its own suite: test/integration/faults/*.test.ts, then
  // the suite-wide secrets check, which both runs end with.
  const faults = process.env.NEON_TEST_FAULTS === '1';
  // So is the Restricted Mode run (npm run test:restricted): test/integration/restricted/*.test.ts.
  const restricted = process.env.NEON_TEST_RESTRICTED === '1';
  // And the localized run (npm run test:l10n, the host in German): test/integration/l10n/*.test.ts.
  const localized = !!process.env.NEON_TEST_LOCALE;
  const suite = faults ? 'faults-' : restricted ? 'restricted-' : localized ? 'l10n-' : undefined;
  const own = (f: string) => (suite ? f.startsWith(suite) : !f.startsWith('faults-') && !f.startsWith('restricted-') && !f.startsWith('l10n-'));
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.test.js') && (own(f) || f === 'zz-secrets.test.js'))
    // activation first: it watches the extension activate, before any other test wakes it.
    .sort((a, b) => Number(b === 'activation.test.js') - Number(a === 'activation.test.js') || a.localeCompare(b));
  for (const f of files) mocha.addFile(path.join(dir, f));
  console.log(
    `[runner] ${files.length} ${faults ? 'fault-run ' : restricted ? 'restricted-run ' : localized ? 'localized-run ' : ''}test file(s) in ${process.env.NEON_TEST_LAUNCHER ?? 'vscode'}; VS Code host Node ${process.version}` +
      (grep ? `; grep /${grep}/` : ''),
  );

  return new Promise<void>((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        const total = runner.stats?.tests ?? 0;
        if (failures > 0) reject(new Error(`${failures} test(s) failed`));
        else if (total === 0 && !grep) reject(new Error('no test ran'));
        else resolve();
      });
    } catch (err) {
      console.error(err);
      console.log('0 passed, 1 failed');
      reject(err);
    }
  });
}
