// Applies the generated migrations in db/migrations to a libsql database (Node only; D1 uses wrangler).
import { fileURLToPath } from 'node:url'
import { migrate } from 'drizzle-orm/libsql/migrator'
import type { LibSQLDatabase } from 'drizzle-orm/libsql'
import type * as schema from './schema'

export const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url))

/**
 * Applies what is pending. drizzle applies all pending migrations in one write batch, so when several servers start
 * at once on one libsql server, one batch commits and the others fail and roll back whole (e.g. "table already
 * exists"); asked again, a loser finds nothing pending. A second failure is a real one.
 */
export async function migrateLibsql(db: LibSQLDatabase<typeof schema>): Promise<void> {
  try {
    await migrate(db, { migrationsFolder })
  } catch {
    await migrate(db, { migrationsFolder })
  }
}
