// A shop big enough that the daily jobs take several budgeted invocations: members with lots (half of them past
// their expiry, the rest expiring within the warning window), spend that moves a third of them up a rank, LINE
// accounts for the notice planners, and old card scans for retention. Shared by the node and workerd tests.
import { eq, sql } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { reminderRules } from '../../db/schema'
import type { AppDeps } from '../../server/env'
import { runDueJobs } from '../../server/jobs'
import type { JobBudget } from '../../server/jobs/chunked'

const day = 86_400_000

/** Seeds `members` members numbered `<cohort>000000001`…; a further cohort (another letter) can join later. */
export async function seedJobScale(db: Database, now: Date, members: number, cohort = 'S'): Promise<void> {
  const at = now.getTime()
  const n = sql`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${members})`
  await db.batch([
    db.delete(reminderRules).where(eq(reminderRules.kind, 'balance_notice')),
    db.insert(reminderRules).values({ kind: 'balance_notice', offset: 1, enabled: true }),
    db.run(sql`${n} INSERT INTO members (member_number, name, balance, created_at)
      SELECT ${cohort} || printf('%09d', i), '会員' || i, 100, ${at - 2 * day} FROM n`),
    db.run(sql`INSERT INTO point_ledger (member_id, kind, points, remaining, expires_at, purchase_amount, actor, idempotency_key, created_at)
      SELECT id, 'earn', 100, 100, CASE WHEN id % 2 = 0 THEN ${at - day} ELSE ${at + 10 * day} END,
        CASE WHEN id % 3 = 0 THEN 150000 ELSE 1000 END, 'test:scale', ${cohort} || ':scale:' || id, ${at - 2 * day}
      FROM members WHERE member_number LIKE ${cohort + '%'}`),
    db.run(sql`INSERT INTO line_accounts (line_user_id, member_id, friend_status, linked_at, created_at)
      SELECT 'Uscale' || ${cohort} || id, id, 'friend', ${at - 2 * day}, ${at - 2 * day} FROM members WHERE member_number LIKE ${cohort + '%'}`),
    db.run(
      sql`${n} INSERT INTO card_scans (token_id, member_id, used_at) SELECT ${cohort} || ':scale:' || i, 1, ${at - 60 * day} FROM n`,
    ),
  ])
}

/** What one pass of the daily jobs leaves: 150 lots expired, 100 rank changes and the members in each rank. */
function passOutcome(ranks: { gold: number; regular: number }, noticed: number) {
  return {
    expiries: { rows: 150, points: -15_000 },
    ranks: [
      { rank: 'gold', members: ranks.gold },
      { rank: 'regular', members: ranks.regular },
    ],
    rankAudits: 100,
    planned: [
      { kind: 'balance_notice', n: noticed },
      { kind: 'points_expiring', n: noticed },
      { kind: 'rank', n: 100 },
    ],
    cardScans: 0,
  }
}

/**
 * What one pass of the daily jobs leaves after `seedJobScale(…, 300)` on the demo shop (the node test checks that it
 * does): every even-numbered member's lot expired, every third member gold (with the demo's gold customer), one
 * expiry warning and one balance notice for each member whose points are still there (the demo customer too).
 */
export const onePassOutcome = passOutcome({ gold: 101, regular: 201 }, 151)

/** What one pass leaves for a later cohort of 300 (`jobOutcome(db, cohort)`): its share of the outcome above. */
export const cohortOutcome = passOutcome({ gold: 100, regular: 200 }, 150)

/**
 * What the daily jobs leave behind (of the members whose number starts with `cohort`, or everyone's), to compare a
 * run in several invocations with a run in one.
 */
export async function jobOutcome(db: Database, cohort = '') {
  const mine = sql`(SELECT id FROM members WHERE member_number LIKE ${cohort + '%'})`
  const [expiries] = await db.all<{ rows: number; points: number }>(
    sql`SELECT count(*) AS rows, coalesce(sum(points), 0) AS points FROM point_ledger WHERE kind = 'expire' AND member_id IN ${mine}`,
  )
  const ranks = await db.all<{ rank: string; members: number }>(
    sql`SELECT rank, count(*) AS members FROM members WHERE id IN ${mine} GROUP BY rank ORDER BY rank`,
  )
  const [rankAudits] = await db.all<{ n: number }>(
    sql`SELECT count(*) AS n FROM audit_log WHERE action = 'rank.changed' AND substr(target, 8) IN (SELECT CAST(id AS TEXT) FROM ${mine})`,
  )
  const planned = await db.all<{ kind: string; n: number }>(sql`SELECT kind, count(*) AS n FROM deliveries
    WHERE line_user_id IN (SELECT line_user_id FROM line_accounts WHERE member_id IN ${mine}) GROUP BY kind ORDER BY kind`)
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
