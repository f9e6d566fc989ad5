// Drizzle queries built once per database: building a query's SQL (~0.1–0.3 ms for a relational `findFirst`) costs
// more than running it on embedded libsql. Values go in as `sql.placeholder`s when the prepared query runs.
import type { Database } from './client'

/** `build(db)` once per database object (a process's libsql database, a Worker isolate's D1). */
export function perDatabase<T>(build: (db: Database) => T): (db: Database) => T {
  const built = new WeakMap<Database, T>()
  return (db) => {
    let value = built.get(db)
    if (value === undefined) {
      value = build(db)
      built.set(db, value)
    }
    return value
  }
}
