// Test projects run by `npm test`: node (unit + integration), workers (inside workerd), browser (Chromium).
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          include: [
            'test/server/**/*.test.ts',
            'test/db/**/*.test.ts',
            'test/liff-app/**/*.test.ts',
            'test/lint/**/*.test.ts',
          ],
          environment: 'node',
          setupFiles: ['test/support/contract-setup.ts'],
          // Generous bounds, never measurements: on a loaded machine the heaviest tests take several times longer.
          testTimeout: 60_000,
          hookTimeout: 30_000,
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
