// An esbuild plugin for the consumption page's bundle (esbuild.js and the Chromium tests' build).
const fs = require('fs');

/**
 * uPlot's module creates an Intl.NumberFormat and an Intl.DateTimeFormat when it is evaluated,
 * before the page has drawn anything: the first Intl object in a webview's renderer costs 35–65 ms
 * on a 2-core machine (ICU's locale data). The page formats every number itself (the axes and
 * the legend have their own `values`) and draws in UTC, for which uPlot's tzDate never asks the
 * local time zone, so both are made on first use instead. A uPlot whose text differs fails the
 * build rather than silently keeping them (test/webview/consumption.test.ts checks no Intl object
 * is made while a chart is drawn).
 */
module.exports = {
  name: 'uplot-lazy-intl',
  setup(build) {
    build.onLoad({ filter: /[\\/]uplot[\\/]dist[\\/]uPlot\.esm\.js$/ }, async (args) => {
      let text = await fs.promises.readFile(args.path, 'utf8');
      const edits = [
        [
          "const numFormatter = new Intl.NumberFormat(domEnv ? nav.language : 'en-US');",
          "let numFormatter_;\nconst numFormatter = { format: (v) => (numFormatter_ ??= new Intl.NumberFormat(domEnv ? nav.language : 'en-US')).format(v) };",
        ],
        ['const localTz = new Intl.DateTimeFormat().resolvedOptions().timeZone;', 'let localTz_;\nconst localTz = () => (localTz_ ??= new Intl.DateTimeFormat().resolvedOptions().timeZone);'],
        ['else if (tz == localTz)', 'else if (tz == localTz())'],
      ];
      for (const [from, to] of edits) {
        const n = text.split(from).length - 1;
        if (n !== 1) throw new Error(`uplot-lazy-intl: expected "${from}" once in ${args.path}, found it ${n} times (uPlot changed: update the edit)`);
        text = text.replace(from, () => to);
      }
      if (/\blocalTz\b(?!\(\)| =|_)/.test(text.replace(/^\/\/.*$/gm, ''))) throw new Error('uplot-lazy-intl: localTz is used somewhere the edit does not cover');
      return { contents: text, loader: 'js' };
    });
  },
};
