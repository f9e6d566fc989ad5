// The database type every module codes against, and the opener for libsql (embedded file, :memory: or a server).
import { createClient } from '@libsql/client'
import { sql } from 'drizzle-orm'
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql'
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core'
import { createEmbeddedClient, type DataStamp } from './driver/libsql-embedded'
import * as schema from './schema'

/**
 * Drizzle's async SQLite API plus `batch`: what libsql and D1 have in common.
 * Multi-statement writes go through `batch` (D1 has no interactive transactions).
 */
export type Database = BaseSQLiteDatabase<'async', unknown, typeof schema> &
  Pick<LibSQLDatabase<typeof schema>, 'batch'>

export const drizzleOptions = { schema, casing: 'snake_case' } as const

export interface LibsqlDatabase {
  db: LibSQLDatabase<typeof schema>
  close: () => void
  /** Embedded databases only: changes whenever the data may have (see `DataStamp`); a remote one has other writers. */
  dataStamp?: DataStamp
}

/** Opens a libsql database: `file:./data/tsunagu.db`, `:memory:`, or `libsql://…` with an auth token. */
export function openLibsql(url: string, authToken?: string): LibsqlDatabase {
  if (url === ':memory:' || url.startsWith('file:')) {
    const { client, dataStamp } = createEmbeddedClient(url)
    return { db: drizzle(client, drizzleOptions), close: () => client.close(), dataStamp }
  }
  const client = createClient({ url, authToken })
  return { db: drizzle(client, drizzleOptions), close: () => client.close() }
}

/**
 * Settings for an embedded database file served by one long-running process: WAL so readers never wait for the
 * writer (the card page while the cron writes), a 64 MB page cache and memory-mapped reads for hot pages.
 */
export async function tuneEmbeddedLibsql(db: LibSQLDatabase<typeof schema>, url: string): Promise<void> {
  if (!url.startsWith('file:')) return
  await db.run(sql`PRAGMA journal_mode = WAL`)
  await db.run(sql`PRAGMA synchronous = NORMAL`)
  await db.run(sql`PRAGMA busy_timeout = 5000`)
  await db.run(sql`PRAGMA cache_size = -65536`)
  await db.run(sql`PRAGMA mmap_size = 1073741824`)
}
