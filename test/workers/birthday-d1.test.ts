// The birthday planner inside workerd on D1: a daily run over several budgeted cron invocations greets each reachable,
// opted-in member with a birthday this month once, issues the birthday coupon within its total limit, and a later
// day of the month or a crash-free rerun adds nothing; the next year greets them again.
import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { seedDemoShop } from '../../db/seed'
import { defaultSettings, saveSettings } from '../../server/data/settings'
import { defineCoupon } from '../support/coupons'
import { runDailyToTheEnd } from '../support/job-scale'
import { cronDeps } from './cron-deps'

const { db, deps, clock, nextInvocation } = cronDeps(new Date('2026-12-02T03:05:00+09:00'))
const members = 300
/** Members i = 1…300: a December birthday unless i % 3 = 0, opted in to marketing unless i % 5 = 0. */
const greeted = Array.from({ length: members }, (_, i) => i + 1).filter((i) => i % 3 !== 0 && i % 5 !== 0).length

async function seed() {
  const at = clock.now.getTime()
  await db.batch([
    db.run(sql`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${members})
      INSERT INTO members (member_number, name, birthday, marketing_opt_in, created_at)
      SELECT 'B' || printf('%09d', i), '会員' || i,
        CASE WHEN i % 3 = 0 THEN NULL ELSE '1990-12-' || printf('%02d', 1 + i % 28) END,
        CASE WHEN i % 5 = 0 THEN 0 ELSE 1 END, ${at} FROM n`),
    db.run(sql`INSERT INTO line_accounts (line_user_id, member_id, friend_status, linked_at, created_at)
      SELECT 'Ubday' || id, id, 'friend', ${at}, ${at} FROM members WHERE member_number LIKE 'B%'`),
  ])
}

async function outcome() {
  const [row] = await db.all<{ deliveries: number; withCoupon: number; copies: number }>(sql`SELECT
    (SELECT count(*) FROM deliveries WHERE dedupe_key LIKE 'birthday:%') AS deliveries,
    (SELECT count(*) FROM deliveries WHERE dedupe_key LIKE 'birthday:%' AND json_array_length(messages) = 2) AS withCoupon,
    (SELECT count(*) FROM member_coupons WHERE issue_key LIKE 'birthday:%') AS copies`)
  return row
}

describe('birthday messages on D1', () => {
  it('greets once per member and year over budgeted invocations, the coupon within its total limit', async () => {
    await seedDemoShop(db, clock.now)
    await seed()
    const coupon = await defineCoupon(db, { title: 'バースデー', perMemberLimit: 2, totalLimit: 100 })
    await saveSettings(
      db,
      {
        birthday: { ...defaultSettings.birthday, enabled: true, daysBefore: null },
        couponRules: { ...defaultSettings.couponRules, birthday: coupon.id },
      },
      'test',
      clock.now,
    )
    const run = await runDailyToTheEnd(deps, nextInvocation, () => ({ steps: 3, rowsPerStep: 50 }))
    expect(run.invocations).toBeGreaterThan(2)
    expect(await outcome()).toEqual({ deliveries: greeted, withCoupon: 100, copies: 100 })
    const [held] = await db.all<{ n: number }>(
      sql`SELECT count(*) AS n FROM deliveries WHERE dedupe_key LIKE 'birthday:%' AND status = 'pending'
        AND hold_in_quiet_hours = 1 AND next_attempt_at = ${new Date('2026-12-02T09:00:00+09:00').getTime()}`,
    )
    expect(held!.n).toBe(greeted)

    clock.now = new Date('2026-12-20T03:05:00+09:00')
    await runDailyToTheEnd(deps, nextInvocation, () => ({ steps: 3, rowsPerStep: 50 }))
    expect(await outcome()).toEqual({ deliveries: greeted, withCoupon: 100, copies: 100 })

    clock.now = new Date('2027-12-02T03:05:00+09:00')
    await runDailyToTheEnd(deps, nextInvocation, () => ({ steps: 3, rowsPerStep: 50 }))
    expect(await outcome()).toEqual({ deliveries: 2 * greeted, withCoupon: 100, copies: 100 })
  })
})
