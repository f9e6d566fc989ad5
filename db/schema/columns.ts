// Column helpers shared by the table definitions: row ids, references to other rows, timestamps stored as epoch
// milliseconds.
import { integer, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core'

/** A row's own id, numbered by the database. */
export const rowId = () => integer().primaryKey({ autoIncrement: true })

/** A row of another table that this row always names, e.g. `memberId: rowOf(() => members.id)`. */
export const rowOf = (column: () => AnySQLiteColumn) => integer().notNull().references(column)

/** A UTC instant stored as epoch milliseconds, read back as a Date. */
export const instant = () => integer({ mode: 'timestamp_ms' })

/** `created_at`, filled by the database when the row is inserted. */
export const createdAt = () =>
  instant()
    .notNull()
    .$defaultFn(() => new Date())

/**
 * The columns of a row that workers claim with a lease and retry (server/data/leased-rows.ts, the outbox): attempts
 * made, when the next is due, and until when a worker holds it (another may claim it only after that has passed).
 */
export const leasedRetries = () => ({
  attempts: integer().notNull().default(0),
  nextAttemptAt: instant().notNull(),
  leaseUntil: instant(),
})
