// Applies the generated migrations in db/migrations to a libsql database (Node only; D1 uses wrangler).
import { fileURLToPath } from 'node:url'
import { migrate } from 'drizzle-orm/libsql/migrator'
import type { LibSQLDatabase } from 'drizzle-orm/libsql'
import type * as schema from './schema'

export const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url))

export async function migrateLibsql(db: LibSQLDatabase<typeof schema>): Promise<void> {
  await migrate(db, { migrationsFolder })
}
