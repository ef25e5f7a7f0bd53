import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const vscodeOnlyInThinLayer = {
  paths: [{
    name: 'vscode',
    message: 'Only the thin layer (src/*.ts) may use the VS Code API: this code is tested in plain Node and Chromium.',
  }],
};

export default tseslint.config(
  { ignores: ['out/', 'dist/', 'server/', 'test-results/', 'node_modules/', 'scripts/*.java'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.mjs', 'scripts/*.mjs'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      eqeqeq: ['error', 'always'],
      'no-console': 'error',
      '@typescript-eslint/no-floating-promises': ['error', {
        // node:test collects these itself; awaiting them would be wrong
        allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite'] }],
      }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['src/sidecar/**/*.ts', 'src/chat/**/*.ts', 'src/lm/**/*.ts', 'src/webview/**/*.ts', 'tests/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', vscodeOnlyInThinLayer] },
  },
  {
    files: ['src/webview/**/*.ts'],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['scripts/**/*.mjs'],
    rules: { 'no-console': 'off' },
  },
);
