// Lint rules that keep the architecture honest (DESIGN.md section 3).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const coreForbiddenImports = {
  patterns: [
    { group: ['node:*', 'fs', 'path', 'crypto', 'os', 'child_process'], message: 'src/core is pure: no I/O.' },
    { group: ['express', 'express/*', 'drizzle-orm', 'drizzle-orm/*', 'postgres', '@electric-sql/*', 'pino', 'cli-progress', 'helmet'], message: 'src/core is pure: adapters live outside it.' },
    { group: ['**/application/**', '**/persistence/**', '**/http/**', '**/web/**', '**/cli/**', '**/config', '**/config.ts', '**/main', '**/main.ts'], message: 'src/core imports nothing of ours outside src/core.' },
  ],
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'drizzle/**', 'test-results/**', 'dist/**', 'src/web/assets/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/config.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Only src/config.ts reads the environment.' },
      ],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', coreForbiddenImports],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'src/core is deterministic: pass randomness in.' },
        { object: 'Date', property: 'now', message: 'src/core reads no clock: pass the time in.' },
        { object: 'process', property: 'env', message: 'Only src/config.ts reads the environment.' },
      ],
      'no-restricted-globals': ['error', { name: 'process', message: 'src/core has no process.' }],
      // A strict Content-Security-Policy in the browser forbids creating code.
      'no-eval': 'error',
      'no-new-func': 'error',
      'no-implied-eval': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'src/core reads no clock: pass the time in.' },
      ],
    },
  },
);
