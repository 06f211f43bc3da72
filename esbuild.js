// Bundles the extension (Node, CommonJS) and each webview page (browser, IIFE).
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

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
function problemReporter(label) {
  return {
    name: 'problem-reporter',
    setup(build) {
      build.onStart(() => {
        if (watch) console.log(`[esbuild] watch build started (${label})`);
      });
      build.onEnd((result) => {
        for (const { text, location } of result.errors) {
          console.error(`✘ [ERROR] ${text}`);
          if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
        }
        if (watch) console.log(`[esbuild] watch build finished (${label})${result.errors.length ? ' with errors' : ''}`);
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
    await esbuild.context({
      ...common,
      entryPoints: ['src/extension.ts'],
      outfile: 'dist/extension.js',
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      external: ['vscode'],
      plugins: [problemReporter('extension'), driverChunk],
    }),
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
        plugins: [problemReporter(`webviews: ${Object.keys(pages).join(', ')}`)],
      }),
    );
  }
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  const t0 = Date.now();
  const results = await Promise.all(contexts.map((c) => c.rebuild()));
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
