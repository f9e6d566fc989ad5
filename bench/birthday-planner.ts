// birthday-planner: the daily birthday run (server/data/birthday-planner.ts through runChunked, as the daily job runs
// it) on a copy of the 1M-member / 10M-ledger database, with a birthday coupon. Three days are timed:
//   1. the first day of a month, birthday-month mode: every reachable, opted-in member born this month is greeted
//      and issued the coupon (the largest day of the year);
//   2. the next day: nobody new (every key already planned), the run reads the month again;
//   3. "7 days before" mode on a mid-month day: the members whose birthday is within the week, not yet greeted (in
//      April all were, by the month run; in May, none were yet).
// The fixture's marketing opt-ins (every third member) are born in January, April, July or October only, so April
// is a month with greetings (two thirds of its members: the linked ones, all friends) and May has none: the May
// row measures a day that reads every member and plans nothing.
// Target: each daily run within 60 s.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import { affectedRows } from '../db/affected-rows'
import { openLibsql, tuneEmbeddedLibsql } from '../db/client'
import { loadConfig } from '../server/config'
import { birthdayChunkSize, birthdayPlan, planBirthdayChunk } from '../server/data/birthday-planner'
import { defaultSettings, type ShopSettings } from '../server/data/settings'
import { runChunked, unlimitedBudget } from '../server/jobs/chunked'
import { bigDb, copyBigDb } from './fixtures/big-db'
import { machineLine, table, verdict } from './support/report'

export const targetSeconds = 60

export async function run(): Promise<void> {
  console.log(`birthday-planner — ${machineLine()}`)
  const big = await bigDb()
  const dir = mkdtempSync(join(tmpdir(), 'tsunagu-birthday-'))
  let started = performance.now()
  const url = copyBigDb(big, dir)
  console.log(
    `copied the ${(big.bytes / 2 ** 30).toFixed(1)} GiB database in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  )
  const database = openLibsql(url)
  try {
    const { db } = database
    await tuneEmbeddedLibsql(db, url)
    const config = loadConfig({ LINE_SANDBOX: 'on' })
    const [coupon] = await db.all<{ id: number }>(
      sql`INSERT INTO coupons (title, benefit_kind, benefit_value, per_member_limit, created_by, created_at)
        VALUES ('バースデー500円引き', 'discount_yen', 500, 10, 'bench', ${Date.now()}) RETURNING id`,
    )
    const quiet = defaultSettings.messaging.quietHours
    const days = [
      { label: '1 Apr, birthday month (first day)', at: '2027-04-01T03:00:00+09:00', daysBefore: null },
      { label: '2 Apr, birthday month (next day)', at: '2027-04-02T03:00:00+09:00', daysBefore: null },
      { label: '15 Apr, 7 days before (after the month run)', at: '2027-04-15T03:00:00+09:00', daysBefore: 7 },
      { label: '15 May, 7 days before', at: '2027-05-15T03:00:00+09:00', daysBefore: 7 },
    ]
    const rows: (string | number)[][] = [['day', 'chunks', 'planned', 'coupons', 'seconds']]
    let worst = 0
    for (const day of days) {
      const now = new Date(day.at)
      const settings: Pick<ShopSettings, 'birthday' | 'couponRules'> = {
        birthday: { ...defaultSettings.birthday, enabled: true, daysBefore: day.daysBefore },
        couponRules: { ...defaultSettings.couponRules, birthday: coupon!.id },
      }
      const copiesBefore = await count(db, 'member_coupons', 'issue_key')
      started = performance.now()
      const plan = (await birthdayPlan(db, config, settings, 'Asia/Tokyo', quiet))!
      const result = await runChunked(db, 'daily:birthdays', day.at, unlimitedBudget(), now, async (after) => {
        const chunk = await planBirthdayChunk(db, plan, now, { after, limit: birthdayChunkSize })
        return {
          next: chunk.next,
          writes: chunk.writes,
          counted: (r) => affectedRows(r.at(-1)),
        }
      })
      const seconds = (performance.now() - started) / 1000
      worst = Math.max(worst, seconds)
      const coupons = (await count(db, 'member_coupons', 'issue_key')) - copiesBefore
      rows.push([day.label, result.steps, result.count.toLocaleString(), coupons.toLocaleString(), seconds.toFixed(1)])
    }
    console.log(table(rows))
    console.log(
      verdict(`daily birthday run ≤ ${targetSeconds} s`, worst <= targetSeconds, `slowest ${worst.toFixed(1)} s`),
    )
  } finally {
    database.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

async function count(db: ReturnType<typeof openLibsql>['db'], table: string, key: string) {
  const [row] = await db.all<{ n: number }>(
    sql.raw(`SELECT count(*) AS n FROM ${table} WHERE ${key} LIKE 'birthday:%'`),
  )
  return row?.n ?? 0
}
