// ESLint: correctness rules, and the layers' import boundaries (README, Architecture). `npm run lint` runs it.
import js from '@eslint/js'
import vue from 'eslint-plugin-vue'
import tseslint from 'typescript-eslint'

/** Imports of a library's internal paths: allowed only in the adapters (db/driver, server/driver). */
const libraryInternals = {
  group: ['@libsql/core/*', 'drizzle-orm/*/query-builders/*', '*/dist/*', '@*/*/dist/*', '*/src/*', '@*/*/src/*'],
  message: "A library's internal path: reach it only from an adapter in db/driver/ or server/driver/.",
}

/** server/errors.ts holds HTTP errors: data and domain code answer refusals as values (server/domain/refusal.ts). */
const httpErrors = {
  regex: '(^|/)errors$',
  message:
    'An HTTP error: answer a typed refusal (server/domain/refusal.ts); the routes map it to HTTP (routes/refusals.ts).',
}

const boundaries = (...patterns) => ({
  '@typescript-eslint/no-restricted-imports': ['error', { patterns: [libraryInternals, ...patterns] }],
})

export default tseslint.config(
  {
    ignores: ['dist/**', 'node_modules/**', '.wrangler/**', 'data/**', 'backups/**', 'coverage/**', 'db/migrations/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/essential'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    rules: {
      // TypeScript checks these (and knows the globals of each runtime).
      'no-undef': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      ...boundaries(),
    },
  },
  {
    files: ['server/domain/**'],
    rules: boundaries(
      {
        group: ['hono', 'hono/*', '@hono/*', 'drizzle-orm', 'drizzle-orm/*', '**/db/**', '**/data/**', '**/routes/**'],
        message: 'server/domain/ holds pure rules: no HTTP framework, no database, no data or route module.',
      },
      httpErrors,
    ),
  },
  {
    files: ['server/data/**'],
    rules: boundaries(
      { group: ['**/routes/**'], message: 'server/data/ is below the routes: it never imports them.' },
      httpErrors,
    ),
  },
  {
    files: ['server/routes/**'],
    rules: boundaries(
      {
        group: ['drizzle-orm', 'drizzle-orm/*', '**/db/client'],
        allowTypeImports: true,
        message: 'Routes hold no SQL: put the query in server/data/ (or the write in a use case in server/usecases/).',
      },
      {
        group: ['**/db/schema'],
        allowTypeImports: true,
        allowImportNamePattern: '(Kinds|Statuses)$',
        message:
          'Routes hold no SQL: only types and value lists (…Kinds, …Statuses) come from db/schema; queries go in server/data/.',
      },
    ),
  },
  {
    files: ['server/usecases/**'],
    rules: boundaries({
      group: ['hono', 'hono/*', '@hono/*', '**/routes/**'],
      message: 'server/usecases/ is below the routes: no HTTP framework, no route module (refusals are values).',
    }),
  },
  {
    files: ['liff-app/**'],
    rules: boundaries({
      regex: '(^|/)server/(?!domain/)',
      allowTypeImports: true,
      message: 'The LIFF app imports server code only as types (import type …), or pure rules from server/domain/.',
    }),
  },
  {
    files: ['db/**'],
    ignores: ['db/seed.ts', 'db/driver/**'],
    rules: boundaries({
      regex: '(^|/)server/(?!domain/)',
      message: 'db/ is below the server: it may use its pure rules (server/domain/) only.',
    }),
  },
  {
    files: ['db/driver/**', 'server/driver/**'],
    rules: { '@typescript-eslint/no-restricted-imports': 'off' },
  },
)
