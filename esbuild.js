// Bundles the extension (Node, CommonJS) and each webview page (browser, IIFE).
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

// The page's uPlot without its Intl objects at load time (see the file).
const uplotLazyIntl = require('./scripts/uplot-lazy-intl');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

function webviewEntries() {
  const root = path.join(__dirname, 'src', 'webviews');
  if (!fs.existsSync(root)) return {};
  const entries = {};
  for (const name of fs.readdirSync(root)) {
    const main = path.join(root, name, 'page', 'main.ts');
    if (fs.existsSync(main)) entries[name] = main;
  }
  return entries;
}

/**
 * Prints esbuild's problems the way VS Code's problem matcher expects. Each bundle (the extension,
 * the webview pages) is its own context: watch mode labels its lines; a one-off build prints one
 * summary line at the end instead of a started/finished pair per bundle.
 */
function problemReporter(label, { quiet = false } = {}) {
  return {
    name: 'problem-reporter',
    setup(build) {
      build.onStart(() => {
        if (watch && !quiet) console.log(`[esbuild] watch build started (${label})`);
      });
      build.onEnd((result) => {
        for (const { text, location } of result.errors) {
          console.error(`✘ [ERROR] ${text}`);
          if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
        }
        if (watch && !quiet) console.log(`[esbuild] watch build finished (${label})${result.errors.length ? ' with errors' : ''}`);
      });
    },
  };
}

/**
 * src/db/driver.ts (node-postgres, dotenv) becomes its own file, dist/driver.js: src/db/connect.ts
 * requires it on the first connection, so activation never parses it (~90 KB minified).
 */
const driverChunk = {
  name: 'driver-chunk',
  setup(build) {
    build.onResolve({ filter: /^\.\/driver$/ }, (args) =>
      path.resolve(args.resolveDir) === path.join(__dirname, 'src', 'db') ? { path: './driver.js', external: true } : undefined,
    );
  },
};

/**
 * src/rarelyUsed.ts (commands and panels few sessions use) becomes dist/rarelyUsed.js, loaded on
 * first use through src/rarelyUsedLoader.ts, so activation parses less. It holds only what the
 * extension's own bundle does not: every module of src/ both use (the account store, the API
 * client, the redaction list, …) stays one instance in dist/extension.js, which hands it over
 * through its `__shared` export. Three passes: the extension alone (what it holds), the rarely used bundle
 * (its imports of those modules become look-ups in `__shared`), the extension with `__shared`.
 */
const RARE_ENTRY = path.join(__dirname, 'src', 'rarelyUsed.ts');
const rareChunk = {
  name: 'rarely-used-chunk',
  setup(build) {
    build.onResolve({ filter: /^\.\/rarelyUsed$/ }, (args) =>
      path.resolve(args.resolveDir) === path.join(__dirname, 'src') ? { path: './rarelyUsed.js', external: true } : undefined,
    );
  },
};

/**
 * src/testing/hooks.ts (the test host's prompter, secret storage, log and progress recorders)
 * becomes dist/testing.js, required by src/testing/index.ts in the test host only: a person's
 * editor never parses it. Built like the rarely used bundle (state from dist/extension.js).
 */
const TESTING_ENTRY = path.join(__dirname, 'src', 'testing', 'hooks.ts');
const testingChunk = {
  name: 'testing-chunk',
  setup(build) {
    build.onResolve({ filter: /^\.\/hooks$/ }, (args) =>
      path.resolve(args.resolveDir) === path.join(__dirname, 'src', 'testing') ? { path: './testing.js', external: true } : undefined,
    );
  },
};

// Modules holding state both bundles must see once: ours, and @vscode/l10n (src/l10n.ts gives it
// the translations at activation; a second copy would stay English).
// A key is a path relative to this folder: node_modules may be a link elsewhere (a worktree's,
// pnpm's), which made it "../../main/node_modules/…" and gave the rarely used bundle its own,
// untranslated copy (walk 16 ran from such a worktree).
const isStateful = (key) => key.startsWith('src/') || /(^|\/)node_modules\/@vscode\/l10n\//.test(key);

// Modules with state that the rarely used bundle and dist/testing.js both use but activation does
// not: held by the extension's bundle anyway, so each stays one instance (the progress watcher:
// the rarely used commands report to it, the test host's hooks read it).
const ONE_INSTANCE = ['src/commands/progress.ts'];

/** In the rarely used bundle: a module the extension's bundle holds is taken from its `__shared`. */
function sharedFromExtension(held, used) {
  return {
    name: 'shared-from-extension',
    setup(build) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.namespace === 'shared' || args.pluginData === 'inner' || args.kind === 'entry-point') return undefined;
        // VS Code hands each extension its own API object, found by the path of the file that
        // requires 'vscode' within the extension's folder. Installed through a symbolic link (an
        // extensions folder linking to a checkout, as `npm start` does), the extension's folder is
        // the link, while Node loads this bundle from its real path: its own require('vscode') got
        // the API of no extension, without our translations (walk 15: Create Branch in English in
        // a German editor). The extension's own API object is handed over instead.
        if (args.path === 'vscode') {
          used.add('vscode');
          return { path: 'vscode', namespace: 'shared' };
        }
        const r = await build.resolve(args.path, { resolveDir: args.resolveDir, kind: args.kind, importer: args.importer, pluginData: 'inner' });
        if (r.errors.length > 0 || r.external) return r.errors.length ? { errors: r.errors } : { path: r.path, external: true };
        const key = path.relative(__dirname, r.path).split(path.sep).join('/');
        // Our modules hold the state (accounts, clients, the redaction list, open panels); a library
        // (zod/mini for the page's messages) gets its own copy here rather than its whole namespace
        // kept in the extension's bundle.
        if (!held.has(key) || !isStateful(key)) return { path: r.path };
        used.add(key);
        return { path: key, namespace: 'shared' };
      });
      build.onResolve({ filter: /^\.\/extension\.js$/, namespace: 'shared' }, () => ({ path: './extension.js', external: true }));
      build.onLoad({ filter: /.*/, namespace: 'shared' }, (args) => ({
        contents: `module.exports = require('./extension.js').__shared[${JSON.stringify(args.path)}];`,
        loader: 'js',
      }));
    },
  };
}

/** The extension's entry with `__shared`: the namespaces of the modules the rarely used bundle takes from it. */
function extensionEntry(shared) {
  const rel = (key) => `./${key}`;
  const lines = [`export { activate, deactivate } from './src/extension';`];
  const names = [...shared].sort();
  names.forEach((key, i) => lines.push(`import * as m${i} from ${JSON.stringify(key === 'vscode' ? 'vscode' : rel(key))};`));
  lines.push(`export const __shared = { ${names.map((key, i) => `${JSON.stringify(key)}: m${i}`).join(', ')} };`);
  return { contents: lines.join('\n'), resolveDir: __dirname, sourcefile: 'extension-entry.js', loader: 'js' };
}

async function buildExtensionAndRare(common) {
  const node = { ...common, format: 'cjs', platform: 'node', target: 'node20' };
  // Their errors are printed; the started/finished lines (the watch task's matcher) come from the caller.
  const extensionOptions = { ...node, outfile: 'dist/extension.js', external: ['vscode'], plugins: [problemReporter('extension', { quiet: true }), driverChunk, rareChunk, testingChunk] };
  // 1. What the extension's bundle holds.
  const first = await esbuild.build({ ...extensionOptions, stdin: extensionEntry(ONE_INSTANCE), write: false, metafile: true });
  const held = new Set(Object.keys(first.metafile.inputs));
  // 2. The rarely used bundle, taking those from the extension.
  const used = new Set();
  const rare = await esbuild.build({ ...node, entryPoints: [RARE_ENTRY], outfile: 'dist/rarelyUsed.js', external: ['vscode'], metafile: true, plugins: [problemReporter('rarely used', { quiet: true }), driverChunk, sharedFromExtension(held, used)] });
  const testing = await esbuild.build({ ...node, entryPoints: [TESTING_ENTRY], outfile: 'dist/testing.js', external: ['vscode'], metafile: true, plugins: [problemReporter('testing', { quiet: true }), sharedFromExtension(held, used)] });
  // 3. The extension, handing those modules over.
  const last = await esbuild.build({ ...extensionOptions, stdin: extensionEntry(used), metafile: true });
  for (const [name, b] of [['dist/rarelyUsed.js', rare], ['dist/testing.js', testing]]) {
    const twice = Object.keys(b.metafile.inputs).filter((f) => isStateful(f) && Object.prototype.hasOwnProperty.call(last.metafile.inputs, f));
    if (twice.length) throw new Error(`in both dist/extension.js and ${name} (a second instance at run time): ${twice.join(', ')}`);
    // Its own require('vscode') would get the API of no extension when installed through a link (see sharedFromExtension).
    if (/require\(["']vscode["']\)/.test(fs.readFileSync(path.join(__dirname, name), 'utf8'))) throw new Error(`${name} requires 'vscode' itself: it must take the extension's API object from dist/extension.js`);
  }
  if (process.env.NEON_BUILD_METAFILE) fs.writeFileSync(process.env.NEON_BUILD_METAFILE, JSON.stringify({ extension: last.metafile, rarelyUsed: rare.metafile, testing: testing.metafile }));
  return [first, rare, testing, last];
}

async function main() {
  // A production bundle starts from an empty dist/ so no stale source map reaches the .vsix.
  if (production) fs.rmSync(path.join(__dirname, 'dist'), { recursive: true, force: true });
  const common = {
    bundle: true,
    minify: production,
    sourcemap: production ? false : 'linked',
    sourcesContent: false,
    logLevel: 'silent',
  };
  const contexts = [
    // undici, for requests through a proxy only: loaded by src/api/proxy.ts on first use.
    await esbuild.context({
      ...common,
      entryPoints: ['src/api/proxyAgent.ts'],
      outfile: 'dist/proxyAgent.js',
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      plugins: [problemReporter('proxy agent')],
    }),
    await esbuild.context({
      ...common,
      entryPoints: ['src/db/driver.ts'],
      outfile: 'dist/driver.js',
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      // pg's optional native binding, reached only through `pg.native`, which we never use.
      external: ['pg-native'],
      plugins: [problemReporter('driver')],
    }),
  ];
  const pages = webviewEntries();
  if (Object.keys(pages).length > 0) {
    contexts.push(
      await esbuild.context({
        ...common,
        entryPoints: pages,
        outdir: 'dist/webviews',
        format: 'iife',
        platform: 'browser',
        target: 'es2022',
        plugins: [problemReporter(`webviews: ${Object.keys(pages).join(', ')}`), uplotLazyIntl],
      }),
    );
  }
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    // The extension and its rarely used bundle are built together (three passes): again on a change under src/.
    let timer;
    const again = () => {
      console.log('[esbuild] watch build started (extension)');
      return buildExtensionAndRare(common).then(
        () => console.log('[esbuild] watch build finished (extension)'),
        (e) => {
          if (!e.errors) console.error(`✘ [ERROR] ${e.message}`);
          console.log('[esbuild] watch build finished (extension) with errors');
        },
      );
    };
    await again();
    fs.watch(path.join(__dirname, 'src'), { recursive: true }, () => {
      clearTimeout(timer);
      timer = setTimeout(again, 100);
    });
    return;
  }
  const t0 = Date.now();
  const results = [...(await buildExtensionAndRare(common).catch((e) => {
      if (!e.errors) console.error(`✘ [ERROR] ${e.message}`);
      return [{ errors: [e] }];
    })), ...(await Promise.all(contexts.map((c) => c.rebuild())))];
  await Promise.all(contexts.map((c) => c.dispose()));
  const failed = results.some((r) => r.errors.length > 0);
  const what = ['extension', ...Object.keys(pages).map((p) => `${p} page`)].join(', ');
  console.log(`[esbuild] ${failed ? 'build failed' : 'built'}: ${what}${production ? ' (production)' : ''} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  if (failed) process.exit(1);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
