import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const figures = require('../../scripts/docs-figures.js') as {
  commandsBlock(): string;
  settingsBlock(): string;
  readBlock(file: string, name: string): string | undefined;
};

describe('docs: the README follows package.json, and every link leads somewhere', () => {
  const readme = path.join(ROOT, 'README.md');

  it('the commands and settings tables are what npm run docs:figures writes from package.json', () => {
    const hint = 'the README is out of date: run npm run docs:figures';
    assert.equal(figures.readBlock(readme, 'commands'), figures.commandsBlock().trim(), hint);
    assert.equal(figures.readBlock(readme, 'settings'), figures.settingsBlock().trim(), hint);
  });

  // Walk 38: env.variableNames' default, one 200-character JSON string, made the table 2,230 px wide on VS Code's extension page.
  it('no cell of the settings table holds a run of more than 45 characters that cannot wrap', () => {
    const rows = figures.settingsBlock().split('\n').filter((l) => l.startsWith('| `'));
    assert.ok(rows.length > 10, `${rows.length} rows`);
    const long = rows.flatMap((r) => r.split(' | ')).flatMap((c) => c.split(/\s+/)).filter((w) => w.length > 45);
    assert.deepStrictEqual(long, []);
  });

  it('every setting and every command of package.json is in the README', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pkg = require('../../package.json') as { contributes: { configuration: { properties: Record<string, unknown> }[]; commands: { command: string }[] } };
    const settings = figures.settingsBlock();
    for (const key of pkg.contributes.configuration.flatMap((c) => Object.keys(c.properties))) assert.ok(settings.includes(`\`${key}\``), key);
    // neonExplorer.view.X is X run from the view's "…" menu: one row, X's, says "view title".
    const own = pkg.contributes.commands.filter((c) => !c.command.startsWith('neonExplorer.view.'));
    assert.equal((figures.commandsBlock().match(/^\| Neon: /gm) ?? []).length, own.length);
    for (const c of pkg.contributes.commands.filter((x) => x.command.startsWith('neonExplorer.view.'))) assert.ok(own.some((o) => o.command === c.command.replace('.view.', '.')), c.command);
  });

  it('every relative link and image of the README, the CHANGELOG and docs/ leads to a file', () => {
    const out = execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'check-docs-links.js')], { encoding: 'utf8' });
    assert.match(out, /, 0 broken$/m);
  });
});
