// Which period (the shop's local date, for the daily jobs) each scheduled job last claimed, so exactly one runner
// does it: across Node processes, Workers isolates and restarts.
import { sqliteTable, text } from 'drizzle-orm/sqlite-core'
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
