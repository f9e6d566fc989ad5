// ESLint: correctness rules, and the layers' import boundaries (README, Architecture). `npm run lint` runs it.
import js from '@eslint/js'
import vue from 'eslint-plugin-vue'
import tseslint from 'typescript-eslint'

/** Imports of a library's internal paths: allowed only in the adapters (db/driver, server/driver). */
const libraryInternals = {
  group: ['@libsql/core/*', 'drizzle-orm/*/query-builders/*', '*/dist/*', '@*/*/dist/*', '*/src/*', '@*/*/src/*'],
  message: "A library's internal path: reach it only from an adapter in db/driver/ or server/driver/.",
}

/** Product code (server, db, the LIFF app) never depends on test code; tests and benches import the product. */
const testCode = {
  regex: '(^|/)test/',
  message: 'Product code never imports test code: move what it needs into the product and let the tests import it.',
}

/** The LIFF app and the server: types only, or the pure rules of server/domain/. */
const liffServer = {
  regex: '(^|/)server/(?!domain/)',
  allowTypeImports: true,
  message: 'The LIFF app imports server code only as types (import type …), or pure rules from server/domain/.',
}

/** server/errors.ts holds HTTP errors: data and domain code answer refusals as values (server/domain/refusal.ts). */
const httpErrors = {
  regex: '(^|/)errors$',
  message:
    'An HTTP error: answer a typed refusal (server/domain/refusal.ts); the routes map it to HTTP (routes/refusals.ts).',
}

const boundaries = (...patterns) => ({
  '@typescript-eslint/no-restricted-imports': ['error', { patterns: [libraryInternals, testCode, ...patterns] }],
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
    // `.openapi()` exists only once @hono/zod-openapi has extended zod: in the LIFF app, which bundles domain/, it throws.
    files: ['server/domain/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='openapi']",
          message: 'server/domain/ is also bundled into the LIFF app: name OpenAPI schemas in server/routes/.',
        },
      ],
    },
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
    rules: boundaries(liffServer),
  },
  {
    // The card is the first paint: it never pulls in another feature's code.
    files: ['liff-app/src/card/**'],
    rules: boundaries(liffServer, {
      regex: '^(\\.\\./)+(membership|settings|staff|admin|coupons)(/|$)',
      message: 'liff-app/src/card/ is the first paint: it imports no other feature folder (load those lazily).',
    }),
  },
  {
    // Customer and staff features never reach into the admin console (a lazy chunk of its own).
    files: ['liff-app/src/{membership,settings,staff,coupons}/**'],
    rules: boundaries(liffServer, {
      regex: '^(\\.\\./)+admin(/|$)',
      message: 'The admin console is its own lazy chunk: customer and staff features do not import it.',
    }),
  },
  {
    // Shared folders sit below the features: they may name a feature's types, never its code.
    files: ['liff-app/src/{api,components,errors,format,forms,i18n,liff,session,stores}/**'],
    rules: boundaries(liffServer, {
      regex: '^(\\.\\./)+(card|membership|settings|staff|admin|coupons|sandbox)(/|$)',
      allowTypeImports: true,
      message: 'Shared front-end folders sit below the features: they import a feature only as types.',
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
    files: ['test/**', 'bench/**', '*.config.ts', '*.config.js'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [libraryInternals] }] },
  },
  {
    files: ['db/driver/**', 'server/driver/**'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [testCode] }] },
  },
)
