// Readiness: the database answers a trivial query (or the call throws).
import { sql } from 'drizzle-orm'
import type { Database } from '../../db/client'

export async function pingDatabase(db: Database): Promise<void> {
  await db.run(sql`select 1`)
}
