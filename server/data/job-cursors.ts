// Cursors of the chunked scheduled jobs: where each job of a period stands, read before a chunk and advanced with it.
import { sql } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { jobCursors } from '../../db/schema'

export interface JobPosition {
  cursor: number
  done: boolean
}

/** The job's position in `period`: the start when it has none yet, or only one of an earlier period. */
export async function loadJobCursor(db: Database, name: string, period: string): Promise<JobPosition> {
  const [row] = await db
    .select({ period: jobCursors.period, cursor: jobCursors.cursor, done: jobCursors.done })
    .from(jobCursors)
    .where(sql`${jobCursors.name} = ${name}`)
  return row?.period === period ? { cursor: row.cursor, done: row.done } : { cursor: 0, done: false }
}

/** The statement that moves the job's cursor, to go in the same batch as the chunk's own writes. */
export function jobCursorWrite(db: Database, name: string, period: string, position: JobPosition, now: Date) {
  return db
    .insert(jobCursors)
    .values({ name, period, ...position, updatedAt: now })
    .onConflictDoUpdate({ target: jobCursors.name, set: { period, ...position, updatedAt: now } })
}
