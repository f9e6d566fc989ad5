// Which period (the shop's local date, for the daily jobs) each scheduled job last claimed, so exactly one runner
// does it: across Node processes, Workers isolates and restarts.
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { instant } from './columns'

export const jobRuns = sqliteTable('job_runs', {
  name: text().primaryKey(),
  /** The period last claimed, e.g. `2026-12-02` for the daily jobs of that shop day. */
  period: text().notNull(),
  claimedAt: instant().notNull(),
  /** Null while the claimed run is under way (or died: a claim older than its lease is taken over). */
  finishedAt: instant(),
})

export type JobRun = typeof jobRuns.$inferSelect

/**
 * Where each chunked job of a period stands (the daily jobs run in bounded chunks, possibly over several cron
 * invocations): `cursor` is the job's own position (a member id, a table index), `done` set once it got through.
 */
export const jobCursors = sqliteTable('job_cursors', {
  name: text().primaryKey(),
  /** The period the cursor belongs to; a cursor of an earlier period counts as not started. */
  period: text().notNull(),
  cursor: integer().notNull().default(0),
  done: integer({ mode: 'boolean' }).notNull().default(false),
  updatedAt: instant().notNull(),
})

export type JobCursor = typeof jobCursors.$inferSelect
