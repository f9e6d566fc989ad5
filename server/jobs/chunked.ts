// Bounded, resumable job steps: each chunk's writes and its cursor advance are one batch, and an invocation runs only
// as many chunks as its budget allows; the next invocation goes on from the cursor.
import type { BatchItem } from 'drizzle-orm/batch'
import type { Database } from '../../db/client'
import { jobCursorWrite, loadJobCursor } from '../data/job-cursors'

/**
 * What one invocation may still do, shared by all its jobs. A step is one chunk: at most `rowsPerStep` rows (members,
 * lots, deletions) and a handful of statements. Unset `rowsPerStep` leaves each job its own chunk size.
 */
export interface JobBudget {
  steps: number
  rowsPerStep?: number
}

/**
 * A cron invocation on Workers: 40 chunks of the jobs' own sizes (5,000 member ids of the rank refresh, 1,000 members
 * of a notice planner, 500 pruned rows, 200 expired lots), each a few D1 calls (a batch is one), which leaves most of
 * the invocation's 1,000 subrequests and its CPU time to the outbox drain of the same run.
 */
export const workerJobBudget = (): JobBudget => ({ steps: 40 })

/** Node's interval and direct calls: no limit, everything in one invocation as before. */
export const unlimitedBudget = (): JobBudget => ({ steps: Number.POSITIVE_INFINITY })

/** Takes one step from the budget; false when none is left. */
export function takeStep(budget: JobBudget): boolean {
  if (budget.steps <= 0) return false
  budget.steps--
  return true
}

/** A daily run's invocation: its budget, and the shop day its cursors belong to. */
export interface DailyRun {
  budget: JobBudget
  period: string
}

export interface ChunkResult {
  /** The cursor to go on from, or null when the job got through. */
  next: number | null
  /** What the chunk counted (rows changed, messages planned) when it wrote on its own (idempotent writes). */
  count?: number
  /** Writes to commit together with the cursor advance; `counted` reads their results. */
  writes?: BatchItem<'sqlite'>[]
  counted?: (results: unknown[]) => number
}

export interface ChunkedRun {
  /** The job got through this period (now or in an earlier invocation). */
  done: boolean
  /** What this invocation's chunks counted. */
  count: number
  /** Chunks run by this invocation. */
  steps: number
}

/**
 * Runs job `name` of `period` from its cursor, a chunk per budget step, until it gets through or the budget is spent.
 * A crash between chunks loses nothing and repeats nothing: every chunk either commits with its cursor advance or
 * (for chunks that write on their own) is idempotent, so running it again changes nothing twice.
 */
export async function runChunked(
  db: Database,
  name: string,
  period: string,
  budget: JobBudget,
  now: Date,
  chunk: (cursor: number) => Promise<ChunkResult>,
): Promise<ChunkedRun> {
  let position = await loadJobCursor(db, name, period)
  const run: ChunkedRun = { done: position.done, count: 0, steps: 0 }
  while (!position.done && takeStep(budget)) {
    const result = await chunk(position.cursor)
    position = { cursor: result.next ?? position.cursor, done: result.next === null }
    const [, ...results] = await db.batch([jobCursorWrite(db, name, period, position, now), ...(result.writes ?? [])])
    run.count += (result.count ?? 0) + (result.counted?.(results) ?? 0)
    run.steps++
  }
  run.done = position.done
  return run
}
