// Localization: the English bundle is what the sources say, the German one translates it, the
// manifest's %keys% all resolve, and the lint rule that keeps user-visible strings in l10n
// catches a string that bypasses it.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { ESLint, Linter } from 'eslint';
import tseslint from 'typescript-eslint';

const ROOT = path.resolve(__dirname, '..', '..');
const readJson = (p: string) => JSON.parse(fs.readFileSync(path.join(ROOT, p), 'utf8')) as Record<string, unknown>;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Placeholders ({0}, {name}) of a message, sorted. */
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();

describe('l10n bundle and manifest strings', function () {
  this.timeout(180_000);

  it('l10n/bundle.l10n.json is what `npm run l10n` exports from src/ (run it after changing a string)', async () => {
    const { getL10nJson } = (await import('@vscode/l10n-dev')) as typeof import('@vscode/l10n-dev');
    const files = sourceFiles(path.join(ROOT, 'src')).map((f) => ({ contents: fs.readFileSync(f, 'utf8'), extension: '.ts' }));
    const exported = await getL10nJson(files);
    const committed = readJson('l10n/bundle.l10n.json');
    const missing = Object.keys(exported).filter((k) => !(k in committed));
    const stale = Object.keys(committed).filter((k) => !(k in exported));
    assert.deepStrictEqual({ missing, stale }, { missing: [], stale: [] }, 'l10n/bundle.l10n.json is out of date: run `npm run l10n`');
    assert.ok(Object.keys(exported).length > 500, `${Object.keys(exported).length} strings`);
  });

  it('the German bundle translates only strings the English bundle has, keeping every placeholder', () => {
    const en = readJson('l10n/bundle.l10n.json');
    const de = readJson('l10n/bundle.l10n.de.json') as Record<string, string>;
    const unknown = Object.keys(de).filter((k) => !(k in en));
    assert.deepStrictEqual(unknown, [], 'keys the sources no longer have');
    const broken = Object.entries(de).filter(([k, v]) => placeholders(k).join() !== placeholders(v).join() || v.trim() === '');
    assert.deepStrictEqual(broken, [], 'translations that drop or add a placeholder');
    // The tree's own words are the least a German user meets first.
    for (const k of ['Members', 'Invitations', 'API Keys', 'Databases', 'Retry', 'Show Log']) assert.ok(de[k], `German for "${k}"`);
  });

  it('every %key% of package.json is in package.nls.json, and package.nls.de.json translates them all', () => {
    const pkgText = fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8');
    const keys = [...new Set([...pkgText.matchAll(/"%([^%"\s]+)%"/g)].map((m) => m[1]!))];
    const en = readJson('package.nls.json') as Record<string, string>;
    const de = readJson('package.nls.de.json') as Record<string, string>;
    assert.ok(keys.length > 80, `${keys.length} keys`);
    assert.deepStrictEqual(keys.filter((k) => !(k in en)), [], 'keys without an English string');
    assert.deepStrictEqual(Object.keys(en).filter((k) => !keys.includes(k)), [], 'English strings no manifest field uses');
    assert.deepStrictEqual(Object.keys(en).filter((k) => !de[k]), [], 'keys without a German string');
    assert.deepStrictEqual(Object.keys(de).filter((k) => !(k in en)), [], 'German keys English does not have');
    // Command links in the walkthrough and the welcome view must survive translation.
    const links = (s: string) => [...s.matchAll(/\]\((command:[\w.]+|https?:[^)]+)\)/g)].map((m) => m[1]).join();
    assert.deepStrictEqual(Object.keys(en).filter((k) => links(en[k]!) !== links(de[k]!)), [], 'translations that lose a link');
    assert.strictEqual(JSON.parse(pkgText).l10n, './l10n');
  });

  it('strings the user sees in the manifest are %keys% (no English left in command titles, views, settings)', () => {
    const pkg = readJson('package.json') as { contributes: { commands: { title: string; category?: string }[]; configuration: { title: string; properties: Record<string, { description?: string; markdownDescription?: string }> }[] } };
    const raw = [
      ...pkg.contributes.commands.flatMap((c) => [c.title, c.category]),
      ...pkg.contributes.configuration.flatMap((c) => [c.title, ...Object.values(c.properties).flatMap((p) => [p.description, p.markdownDescription])]),
    ].filter((s): s is string => typeof s === 'string');
    assert.deepStrictEqual(raw.filter((s) => !/^%[^%]+%$/.test(s)), []);
  });
});

describe('lint rule neon/no-unlocalized-ui-string', function () {
  this.timeout(120_000);

  const BAD = `
import * as vscode from 'vscode';
declare const s: { prompt: { message(kind: string, text: string, o: object, ...b: string[]): Promise<string | undefined> } };
declare function item(label: string, c: number): unknown;
declare const name: string;
export async function f(bar: vscode.StatusBarItem) {
  void vscode.window.showInformationMessage('Saved the connection.');
  void vscode.window.showErrorMessage(\`Couldn't save \${name}\`, 'Retry');
  await s.prompt.message('warning', 'Delete it?', { modal: true, detail: 'This cannot be undone.' }, 'Delete');
  await vscode.window.showQuickPick([{ label: 'Pooled', description: 'for apps' }], { title: 'Connection type', placeHolder: 'Choose one' });
  await vscode.window.showInputBox({ prompt: 'New name', title: name ? 'Rename' : 'Name' });
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: \`Deleting \${name}…\` }, async () => undefined);
  bar.text = '$(database) Neon branch';
  bar.tooltip = name ?? 'Click for actions';
  new vscode.TreeItem('No projects');
  item('Members', 1);
  throw new Error(\`Branch \${name} no longer exists\`);
}
`;

  const GOOD = `
import * as vscode from 'vscode';
import * as l10n from '@vscode/l10n';
declare const name: string;
export async function f(bar: vscode.StatusBarItem) {
  void vscode.window.showInformationMessage(vscode.l10n.t('Saved the connection.'));
  await vscode.window.showQuickPick([{ label: l10n.t('Pooled'), description: name }], { title: vscode.l10n.t('Connection type'), placeHolder: 'my-app' });
  bar.text = \`$(database) \${name}\`;
  bar.tooltip = '';
  new vscode.TreeItem(name);
  await vscode.commands.executeCommand('neonExplorer.refresh');
  throw new Error(vscode.l10n.t('Branch {0} no longer exists', name));
}
`;

  async function lint(code: string) {
    const rule = (await import(path.join(ROOT, 'eslint-rules', 'no-unlocalized-ui-string.mjs'))).default;
    const linter = new Linter({ configType: 'flat' });
    return linter.verify(code, [
      { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser as Linter.Parser }, plugins: { neon: { rules: { 'no-unlocalized-ui-string': rule } } }, rules: { 'neon/no-unlocalized-ui-string': ['error', { errors: true }] } },
    ], 'sample.ts');
  }

  it('reports each user-visible string that bypasses l10n', async () => {
    const messages = await lint(BAD);
    assert.ok(messages.every((m) => m.ruleId === 'neon/no-unlocalized-ui-string'), JSON.stringify(messages));
    const texts = messages.map((m) => /"([^"]*)"/.exec(m.message)![1]);
    assert.deepStrictEqual(texts, [
      'Saved the connection.',
      "Couldn't save  ",
      'Retry',
      'Delete it?',
      'This cannot be undone.',
      'Delete',
      'Pooled',
      'for apps',
      'Connection type',
      'Choose one',
      'New name',
      'Rename',
      'Name',
      'Deleting  …',
      '$(database) Neon branch',
      'Click for actions',
      'No projects',
      'Members',
      'Branch   no longer exists',
    ]);
  });

  it('accepts the same code with its strings wrapped, ids, example placeholders and codicons', async () => {
    assert.deepStrictEqual(await lint(GOOD), []);
  });

  it('is on, as an error, for the shipped sources (and for thrown errors in commands and tree)', async () => {
    const eslint = new ESLint({ cwd: ROOT });
    const sev = (c: { rules?: Record<string, unknown> }) => c.rules?.['neon/no-unlocalized-ui-string'] as unknown[] | undefined;
    const host = await eslint.calculateConfigForFile(path.join(ROOT, 'src', 'extension.ts'));
    assert.strictEqual(sev(host)?.[0], 2);
    const cmd = await eslint.calculateConfigForFile(path.join(ROOT, 'src', 'commands', 'registry.ts'));
    assert.deepStrictEqual(sev(cmd), [2, { errors: true }]);
  });

  it('a regression in a real source file is caught by the project config', async () => {
    const eslint = new ESLint({ cwd: ROOT });
    const file = path.join(ROOT, 'src', 'commands', 'trust.ts');
    const text = `${fs.readFileSync(file, 'utf8')}\nexport function probe(): void {\n  void vscode.window.showWarningMessage('Trust this folder first.');\n}\n`;
    const [result] = await eslint.lintText(text, { filePath: file });
    assert.ok(result!.messages.some((m) => m.ruleId === 'neon/no-unlocalized-ui-string' && /Trust this folder first/.test(m.message)), JSON.stringify(result!.messages));
  });
});
