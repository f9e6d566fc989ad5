// Setup file run inside workerd before each test file: brings the file's D1 database to the latest migration.
import { applyD1Migrations } from 'cloudflare:test'
import { env } from 'cloudflare:workers'

await applyD1Migrations(env.DB, env.TEST_MIGRATIONS)
