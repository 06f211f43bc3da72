// ESLint (flat config) with typescript-eslint, type-aware: the rules that catch real bugs in an
// extension (a promise nobody awaits or handles, a promise where a callback's result is ignored),
// plus type-only imports and unused names. Formatting is not linted.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import noUnlocalizedUiString from './eslint-rules/no-unlocalized-ui-string.mjs';

// The project's own rules (eslint-rules/): user-visible strings go through l10n.
const neon = { rules: { 'no-unlocalized-ui-string': noUnlocalizedUiString } };

export default tseslint.config(
  {
    ignores: ['dist/**', 'out/**', 'node_modules/**', '.cache/**', 'test-results/**', 'bench/results/**', '**/*.js', '**/*.mjs', '**/*.cjs'],
  },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // `any` is rare and deliberate here (test doubles, untyped JSON); tsc's strict mode does the rest.
      '@typescript-eslint/no-explicit-any': 'off',
      // `import X = require('x')` is TypeScript's typed form for CommonJS modules (mocha, module).
      '@typescript-eslint/no-require-imports': ['error', { allowAsImport: true }],
      // A variable a callback reads before its one assignment (a chart the callback refers to) stays `let`.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // tsc (strict) already checks these, with better messages.
      'no-undef': 'off',
      'no-redeclare': 'off',
    },
  },
  {
    // What ships: every user-visible string goes through l10n (see eslint-rules/). Errors thrown by
    // the commands and the tree reach the person as "Couldn't …: <message>", so they count too.
    files: ['src/**/*.ts'],
    plugins: { neon },
    rules: { 'neon/no-unlocalized-ui-string': 'error' },
  },
  {
    files: ['src/commands/**/*.ts', 'src/tree/**/*.ts'],
    rules: { 'neon/no-unlocalized-ui-string': ['error', { errors: true }] },
  },
);
