// Test projects run by `npm test`: node (unit + integration), workers (inside workerd), browser (Chromium).
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          include: ['test/server/**/*.test.ts', 'test/db/**/*.test.ts', 'test/liff-app/**/*.test.ts'],
          environment: 'node',
          testTimeout: 20_000,
        },
      },
      './vitest.workers.config.ts',
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/support/build-liff-app.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
})
