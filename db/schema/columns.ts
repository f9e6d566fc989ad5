// Column helpers shared by the table definitions: timestamps stored as epoch milliseconds.
import { integer } from 'drizzle-orm/sqlite-core'

/** A UTC instant stored as epoch milliseconds, read back as a Date. */
export const instant = () => integer({ mode: 'timestamp_ms' })

/** `created_at`, filled by the database when the row is inserted. */
export const createdAt = () =>
  instant()
    .notNull()
    .$defaultFn(() => new Date())
