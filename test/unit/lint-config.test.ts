// `npm run lint` (in `npm test`) enforces the rules that catch an extension's real bugs: the
// shipped sources and the tests are linted type-aware with them switched on as errors.
import * as assert from 'assert';
import * as path from 'path';
import { ESLint } from 'eslint';

const ROOT = path.resolve(__dirname, '..', '..');
const REQUIRED = [
  '@typescript-eslint/no-floating-promises',
  '@typescript-eslint/no-misused-promises',
  '@typescript-eslint/consistent-type-imports',
  '@typescript-eslint/no-unused-vars',
];

function severity(entry: unknown): number | string | undefined {
  return Array.isArray(entry) ? entry[0] : (entry as number | string | undefined);
}

describe('lint configuration', function () {
  this.timeout(60_000);
  for (const file of ['src/extension.ts', 'src/commands/registry.ts', 'test/integration/marketplace.test.ts', 'emulator/server.ts']) {
    it(`${file}: the four rules are errors, with type information`, async () => {
      const eslint = new ESLint({ cwd: ROOT });
      const config = await eslint.calculateConfigForFile(path.join(ROOT, file));
      for (const rule of REQUIRED) assert.ok([2, 'error'].includes(severity(config.rules?.[rule]) as number), `${rule} is an error for ${file}`);
      assert.strictEqual(config.languageOptions?.parserOptions?.projectService, true, 'type-aware');
    });
  }

  it('a floating promise in the sources is reported', async () => {
    const eslint = new ESLint({ cwd: ROOT });
    // Lint the real file with one more line: an un-awaited, unhandled promise.
    const fs = await import('fs');
    const file = path.join(ROOT, 'src', 'commands', 'trust.ts');
    const text = `${fs.readFileSync(file, 'utf8')}\nexport function probe(): void {\n  Promise.resolve(1);\n}\n`;
    const [result] = await eslint.lintText(text, { filePath: file });
    assert.ok(result!.messages.some((m) => m.ruleId === '@typescript-eslint/no-floating-promises'), JSON.stringify(result!.messages));
  });
});
