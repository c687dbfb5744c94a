import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/dist-bench/**',
      '**/node_modules/**',
      '**/data/**',
      '**/generated/**',
      'schema/**',
      '**/coverage/**',
      '**/public/graphiql/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-unsafe-function-type': 'off',
      'no-console': ['error', { allow: ['error', 'warn'] }],
    },
  },
  {
    // Browser code: the bundled GraphiQL and the admin panel.
    files: ['playground/src/**/*.{ts,tsx}', 'admin-client/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Clients know the server only through schema/schema.graphql and their own .graphql operations.
    files: ['bot-client/**/*.ts', 'admin-client/**/*.{ts,tsx}', 'playground/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/server/**', '@itsupport/server', '@itsupport/server/**'],
              message: 'Clients use the GraphQL API, never server code.',
            },
          ],
        },
      ],
    },
  },
  {
    // The bot's end-to-end tests start the real server in-process through its test harness: one file is that
    // seam (it also reads XLSX with the server's exceljs); every other test imports from it.
    files: ['bot-client/test/support/server.ts', 'bot-client/test/support/xlsx.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: [
      '**/*.test.ts',
      '**/test/**/*.ts',
      '**/scripts/**',
      '**/bench/**',
      '**/emit-schema.ts',
      '**/cli.ts',
      'codegen.ts',
    ],
    rules: { 'no-console': 'off' },
  },
);
