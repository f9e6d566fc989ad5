// Claims of scheduled-job periods: one runner per period, whichever process, isolate or restart gets there first.
import { and, eq, isNull, sql } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { jobRuns } from '../../db/schema'

/**
 * Claims `period` of job `name` for this runner: true when nobody had claimed it, or when an earlier claim of it
 * neither finished nor was released within `leaseMs` (its runner died: a cron invocation cut short, a crashed
 * process). The claim is one conditional upsert, so two runners at the same moment cannot both get it.
 */
export async function claimJobPeriod(db: Database, name: string, period: string, now: Date, leaseMs: number) {
  const staleBefore = new Date(now.getTime() - leaseMs)
  const claimed = await db
    .insert(jobRuns)
    .values({ name, period, claimedAt: now })
    .onConflictDoUpdate({
      target: jobRuns.name,
      set: { period, claimedAt: now, finishedAt: null },
      setWhere: sql`${jobRuns.period} < ${period} OR (${jobRuns.period} = ${period} AND ${jobRuns.finishedAt} IS NULL AND ${jobRuns.claimedAt} < ${staleBefore.getTime()})`,
    })
    .returning({ name: jobRuns.name })
  return claimed.length === 1
}

/** Marks the claimed period done: no runner claims it again. */
export async function finishJobPeriod(db: Database, name: string, period: string, now: Date): Promise<void> {
  await db
    .update(jobRuns)
    .set({ finishedAt: now })
    .where(and(eq(jobRuns.name, name), eq(jobRuns.period, period)))
}

/** Gives a failed run's claim back at once, so the next tick tries the period again. */
export async function releaseJobPeriod(db: Database, name: string, period: string): Promise<void> {
  await db
    .update(jobRuns)
    .set({ claimedAt: new Date(0) })
    .where(and(eq(jobRuns.name, name), eq(jobRuns.period, period), isNull(jobRuns.finishedAt)))
}
