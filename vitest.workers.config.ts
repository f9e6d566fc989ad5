// The `workers` test project: test/workers/** inside workerd with D1, the Worker from wrangler.toml and the
// sandbox LINE Login served on Node (test/workers/global-setup.ts), so ID tokens are verified over real HTTP. The
// outbox Queue, its dead-letter queue and the OutboxPacer Durable Object come from wrangler.toml like D1 does.
import { fileURLToPath } from 'node:url'
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin'
import { defineProject } from 'vitest/config'

const migrationsDir = fileURLToPath(new URL('./db/migrations', import.meta.url))

export default defineProject({
  plugins: [
    cloudflareTest(async ({ inject }) => ({
      main: './server/worker.ts',
      wrangler: { configPath: './wrangler.toml' },
      miniflare: {
        bindings: {
          LINE_SANDBOX: 'on',
          LINE_SANDBOX_URL: inject('lineSandboxUrl'),
          TEST_MIGRATIONS: await readD1Migrations(migrationsDir),
        },
      },
    })),
  ],
  test: {
    name: 'workers',
    include: ['test/workers/**/*.test.ts'],
    globalSetup: ['./test/workers/global-setup.ts'],
    setupFiles: ['./test/workers/apply-migrations.ts'],
    // A generous bound, never a measurement (see vitest.config.ts).
    testTimeout: 60_000,
  },
})
