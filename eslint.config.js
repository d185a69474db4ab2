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
    // one shape for every command (docs/ARCHITECTURE.md): a statement lives in the service's store/, never in
    // the handler that routes the message nor the domain rule that decides
    files: ['services/*/src/handlers/**', 'services/*/src/domain/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'kysely',
              importNames: ['sql'],
              message: 'Statements live in the service’s store/: call a store function.',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'CallExpression[callee.property.name=/^(selectFrom|insertInto|updateTable|deleteFrom|replaceInto)$/]',
          message: 'Statements live in the service’s store/: call a store function.',
        },
      ],
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
