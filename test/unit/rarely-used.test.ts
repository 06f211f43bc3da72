// The split between dist/extension.js and dist/rarelyUsed.js (esbuild.js): the ids the extension
// registers at activation for the rarely used commands are exactly those whose specs the lazy
// bundle holds, and a production build keeps every module of src/ in one bundle only.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import Module from 'module';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');

/** A stand-in `vscode`: whatever the modules touch while loading is a harmless function. */
function fakeVscode(): unknown {
  const fn: (...a: unknown[]) => unknown = () => proxy;
  // `l10n.t` gives back the English message, so the commands' actions are sentences.
  const t = (m: string | { message: string }) => (typeof m === 'string' ? m : m.message);
  // getPrototypeOf: the namespace object tsx builds for `import * as vscode` copies own keys only
  // (there are none) and inherits from this, so `vscode.l10n` reaches the proxy too.
  const proxy: object = new Proxy(fn, {
    get: (_t, p) => (p === Symbol.toPrimitive ? () => '' : p === 't' ? t : proxy),
    construct: () => proxy,
    getPrototypeOf: () => proxy,
  });
  return proxy;
}

function loadWithFakeVscode<T>(file: string): T {
  const M = Module as unknown as { _load: (req: string, ...rest: unknown[]) => unknown };
  const realLoad = M._load;
  const fake = fakeVscode();
  M._load = function (req: string, ...rest: unknown[]) {
    return req === 'vscode' ? fake : realLoad.call(this, req, ...rest);
  };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(file) as T;
  } finally {
    M._load = realLoad;
  }
}

describe('rarely used commands, loaded on first use', () => {
  it('registers at activation exactly the ids whose specs dist/rarelyUsed.js holds', () => {
    const lazy = loadWithFakeVscode<typeof import('../../src/commands/rarelyUsed')>(path.join(ROOT, 'src', 'commands', 'rarelyUsed'));
    const bundle = loadWithFakeVscode<typeof import('../../src/rarelyUsed')>(path.join(ROOT, 'src', 'rarelyUsed'));
    const specs = bundle.commands();
    assert.deepStrictEqual([...lazy.RARELY_USED_COMMANDS].sort(), specs.map((c) => c.id).sort());
    for (const spec of specs) assert.ok(spec.action.length > 0, `${spec.id} has an action`);
    // What the registry gets: the action and the handler come from the lazy bundle's spec.
    const first = lazy.rarelyUsedCommands()[0]!;
    assert.strictEqual(first.action, specs.find((c) => c.id === first.id)!.action);
  });

  it('the build puts each module of src/ in one bundle: the rarely used ones in dist/rarelyUsed.js only, the rest in dist/extension.js only', function () {
    this.timeout(120_000);
    const meta = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'neon-split-')), 'meta.json');
    const r = spawnSync(process.execPath, ['esbuild.js'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NEON_BUILD_METAFILE: meta } });
    assert.strictEqual(r.status, 0, r.stderr || r.stdout);
    const m = JSON.parse(fs.readFileSync(meta, 'utf8')) as Record<'extension' | 'rarelyUsed' | 'testing', { inputs: Record<string, unknown> }>;
    fs.rmSync(path.dirname(meta), { recursive: true, force: true });
    const ours = (k: 'extension' | 'rarelyUsed' | 'testing') => Object.keys(m[k].inputs).filter((f) => f.startsWith('src/'));
    const inExtension = new Set(ours('extension'));
    assert.deepStrictEqual(ours('rarelyUsed').filter((f) => inExtension.has(f)), [], 'no module of src/ in both');
    for (const f of ['src/commands/transfer.ts', 'src/webviews/consumption/panel.ts', 'src/lm/tools.ts', 'src/consumption/shape.ts', 'src/commands/link.ts', 'src/commands/connect.ts', 'src/db/psql.ts', 'src/git/switchEnv.ts']) {
      assert.ok(!inExtension.has(f), `${f} is not in dist/extension.js`);
      assert.ok(ours('rarelyUsed').includes(f), `${f} is in dist/rarelyUsed.js`);
    }
    // Taken from the extension's bundle at run time (one instance): the account store's module, the redaction list.
    assert.ok(Object.keys(m.rarelyUsed.inputs).some((f) => f === 'shared:src/util/redact.ts'), 'the redaction list is shared, not copied');
    // The test host's hooks: in dist/testing.js only; the progress watcher they hook into stays one instance.
    for (const f of ['src/testing/hooks.ts', 'src/testing/scriptedPrompter.ts', 'src/testing/secretStorage.ts', 'src/testing/logLines.ts']) {
      assert.ok(!inExtension.has(f), `${f} is not in dist/extension.js`);
      assert.ok(ours('testing').includes(f), `${f} is in dist/testing.js`);
    }
    assert.ok(Object.keys(m.testing.inputs).includes('shared:src/commands/progress.ts'), 'the progress watcher is shared, not copied');
  });
});
