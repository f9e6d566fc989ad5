// Opens a D1 binding as the shared `Database`, so the same data code that runs on libsql runs on the Worker.
import type { D1Database } from '@cloudflare/workers-types/index'
import { is } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import { drizzle } from 'drizzle-orm/d1'
import { SQLiteRaw } from 'drizzle-orm/sqlite-core/query-builders/raw'
import type { Database } from './client'
import * as schema from './schema'

export function openD1(d1: D1Database): Database {
  const db = drizzle(d1, { schema, casing: 'snake_case' })
  const batch = db.batch.bind(db)
  // drizzle-orm's D1 batch binds parameters on `prepared.stmt`, which raw `db.run(sql`…`)` items lack
  // (drizzle-team/drizzle-orm#2277: "Cannot read properties of undefined (reading 'bind')"); give them one.
  db.batch = <U extends BatchItem<'sqlite'>, T extends Readonly<[U, ...U[]]>>(queries: T) => {
    for (const query of queries) {
      if (is(query, SQLiteRaw) && !('stmt' in query)) Object.assign(query, { stmt: d1.prepare(query.getQuery().sql) })
    }
    return batch(queries)
  }
  return db
}
