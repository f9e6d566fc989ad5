// A shop big enough that the daily jobs take several budgeted invocations: members with lots (half of them past
// their expiry, the rest expiring within the warning window), spend that moves a third of them up a rank, LINE
// accounts for the notice planners, and old card scans for retention. Shared by the node and workerd tests.
import { sql } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { reminderRules } from '../../db/schema'
import type { AppDeps } from '../../server/env'
import { runDueJobs } from '../../server/jobs'
import type { JobBudget } from '../../server/jobs/chunked'

const day = 86_400_000

export async function seedJobScale(db: Database, now: Date, members: number): Promise<void> {
  const at = now.getTime()
  const n = sql`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${members})`
  await db.batch([
    db.insert(reminderRules).values({ kind: 'balance_notice', offset: 1, enabled: true }),
    db.run(sql`${n} INSERT INTO members (member_number, name, balance, created_at)
      SELECT 'S' || printf('%09d', i), '会員' || i, 100, ${at - 2 * day} FROM n`),
    db.run(sql`INSERT INTO point_ledger (member_id, kind, points, remaining, expires_at, purchase_amount, actor, idempotency_key, created_at)
      SELECT id, 'earn', 100, 100, CASE WHEN id % 2 = 0 THEN ${at - day} ELSE ${at + 10 * day} END,
        CASE WHEN id % 3 = 0 THEN 150000 ELSE 1000 END, 'test:scale', 'scale:' || id, ${at - 2 * day}
      FROM members WHERE member_number LIKE 'S%'`),
    db.run(sql`INSERT INTO line_accounts (line_user_id, member_id, friend_status, linked_at, created_at)
      SELECT 'Uscale' || id, id, 'friend', ${at - 2 * day}, ${at - 2 * day} FROM members WHERE member_number LIKE 'S%'`),
    db.run(sql`${n} INSERT INTO card_scans (token_id, member_id, used_at) SELECT 'scale' || i, 1, ${at - 60 * day} FROM n`),
  ])
}

/** What the daily jobs leave behind, to compare a run in several invocations with a run in one. */
export async function jobOutcome(db: Database) {
  const [expiries] = await db.all<{ rows: number; points: number }>(
    sql`SELECT count(*) AS rows, coalesce(sum(points), 0) AS points FROM point_ledger WHERE kind = 'expire'`,
  )
  const ranks = await db.all<{ rank: string; members: number }>(sql`SELECT rank, count(*) AS members FROM members GROUP BY rank ORDER BY rank`)
  const [rankAudits] = await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM audit_log WHERE action = 'rank.changed'`)
  const planned = await db.all<{ kind: string; n: number }>(sql`SELECT kind, count(*) AS n FROM deliveries GROUP BY kind ORDER BY kind`)
  const [scans] = await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM card_scans`)
  return { expiries, ranks, rankAudits: rankAudits!.n, planned, cardScans: scans!.n }
}

export const injectedCrash = 'injected crash'

/**
 * Cron invocations at the times `next()` gives, each with a fresh `budget()`, until the day's daily run is finished;
 * returns how many ran and how many of them died of an injected crash (which the next one must recover from).
 */
export async function runDailyToTheEnd(deps: AppDeps, next: () => Date, budget: () => JobBudget, limit = 200) {
  let crashed = 0
  for (let invocation = 1; invocation <= limit; invocation++) {
    try {
      const report = await runDueJobs(deps, next(), { budget: budget() })
      if (report.dailyDone === true) return { invocations: invocation, crashed }
    } catch (err) {
      if (!(err instanceof Error) || err.message !== injectedCrash) throw err
      crashed++
    }
  }
  throw new Error(`the daily run did not finish in ${limit} invocations`)
}

/** A budget that dies (throws) when asked for a step after `steps` were taken: a crash between two chunks. */
export function crashingBudget(steps: number, rowsPerStep: number): JobBudget {
  let left = steps
  return {
    rowsPerStep,
    get steps() {
      if (left <= 0) throw new Error(injectedCrash)
      return left
    },
    set steps(value) {
      left = value
    },
  }
}

/** The database, but every `every`-th batch fails before it is applied: a crash inside a chunk. */
export function crashingBatches(db: Database, every: number): Database {
  let calls = 0
  return new Proxy(db, {
    get(target, key, receiver) {
      if (key !== 'batch') return Reflect.get(target, key, receiver) as unknown
      return (queries: Parameters<Database['batch']>[0]) => {
        if (++calls % every === 0) return Promise.reject(new Error(injectedCrash))
        return target.batch(queries)
      }
    },
  })
}
