import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/.turbo/**',
      '.data/**',
      'coverage/**',
      // generated from the gateway by the portal's `npm run gen`
      'services/portal/src/api/schema.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    files: ['services/portal/src/**'],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['scripts/**', 'deploy/**', 'test/bench/**'],
    rules: { 'no-console': 'off' },
    languageOptions: { globals: globals.node },
  },
);
