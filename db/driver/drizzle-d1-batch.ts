// Adapter over drizzle-orm's D1 batch: the one place that reaches into drizzle's internal `SQLiteRaw` query builder
// (test/workers/drizzle-d1-batch.test.ts fails when an upgrade changes what this relies on, or fixes the bug).
import type { D1Database } from '@cloudflare/workers-types/index'
import { is } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import type { DrizzleD1Database } from 'drizzle-orm/d1'
import { SQLiteRaw } from 'drizzle-orm/sqlite-core/query-builders/raw'

/**
 * drizzle-orm's D1 batch binds parameters on `prepared.stmt`, which raw `db.run(sql`…`)` items lack
 * (drizzle-team/drizzle-orm#2277: "Cannot read properties of undefined (reading 'bind')"): give each one a statement.
 */
export function bindRawBatchItems<S extends Record<string, unknown>>(
  db: DrizzleD1Database<S>,
  d1: D1Database,
): DrizzleD1Database<S> {
  const batch = db.batch.bind(db)
  db.batch = <U extends BatchItem<'sqlite'>, T extends Readonly<[U, ...U[]]>>(queries: T) => {
    for (const query of queries) {
      if (is(query, SQLiteRaw) && !('stmt' in query)) Object.assign(query, { stmt: d1.prepare(query.getQuery().sql) })
    }
    return batch(queries)
  }
  return db
}
