// Test projects run by `npm test`: node (server and db, modules shared between files), node-isolated (the LIFF app's
// modules, and files that fake timers or spy with `vi`), workers (inside workerd) and browser (Chromium).
// `npx vitest run --project 'node*'` runs both node projects.
import { configDefaults, defineConfig } from 'vitest/config'
import { ownModuleFiles } from './test/support/node-projects'

const nodeProject = {
  environment: 'node',
  setupFiles: ['test/support/contract-setup.ts'],
  // Generous bounds, never measurements: on a loaded machine the heaviest tests take several times longer.
  testTimeout: 60_000,
  hookTimeout: 30_000,
}

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          ...nodeProject,
          name: 'node',
          include: ['test/server/**/*.test.ts', 'test/db/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...ownModuleFiles],
          // The server's and db's modules keep no state between apps (their module-level maps are caches of pure
          // results: formats, rendered menus, compiled schemas), so the files of a worker share one module graph:
          // the app, the sandbox's compiled validators and the migrated template are loaded once per worker, not
          // once per file (most of this project's time was spent importing).
          isolate: false,
        },
      },
      {
        test: {
          ...nodeProject,
          name: 'node-isolated',
          // The LIFF app's modules keep module-level state (stores, session): a fresh module graph per file.
          include: ['test/liff-app/**/*.test.ts', 'test/lint/**/*.test.ts', ...ownModuleFiles],
        },
      },
      './vitest.workers.config.ts',
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/support/build-liff-app.ts'],
          // As above; a page on a loaded machine is slower still.
          testTimeout: 120_000,
          hookTimeout: 120_000,
          expect: { poll: { timeout: 30_000 } },
          fileParallelism: false,
        },
      },
    ],
  },
})
