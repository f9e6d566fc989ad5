// Dashboard figures: friends and blocks, linked members and link rate, points issued / redeemed per day, reminder
// outcomes. Days are calendar days in the shop's time zone; series run oldest first and include empty days.
import { sql } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { addDaysToDate, localDate, zonedDateTime } from '../domain/time-zone'

const day = 86_400_000

export interface DayWindow {
  /** Local dates, YYYY-MM-DD, oldest first. */
  days: string[]
  /** The instant each day begins (`startOfDay`), and after them the end of the last day. */
  starts: number[]
  from: number
}

/**
 * The last `count` local days up to `now`'s, each from its own local midnight: a day across a daylight-saving change
 * is 23 or 25 hours, so days are not cut at one offset.
 */
export function dayWindow(now: Date, timeZone: string, count: number): DayWindow {
  const today = localDate(now, timeZone)
  const days = Array.from({ length: count }, (_, i) => addDaysToDate(today, i - (count - 1)))
  const starts = [...days, addDaysToDate(today, 1)].map((d) => zonedDateTime(d, '00:00', timeZone)!.getTime())
  return { days, starts, from: starts[0]! }
}

/** SQL for the local date of an epoch-ms column: the day whose span holds it (NULL outside the window). */
function localDateSql(column: string, w: DayWindow) {
  const cases = w.days.map((d, i) => `WHEN ${column} < ${w.starts[i + 1]} THEN '${d}'`).join(' ')
  return sql.raw(`CASE WHEN ${column} < ${w.from} THEN NULL ${cases} END`)
}

function fill<T extends Record<string, number>>(days: string[], rows: ({ d: string } & Partial<T>)[], keys: (keyof T)[]): ({ date: string } & T)[] {
  const byDay = new Map(rows.map((r) => [r.d, r]))
  return days.map((date) => {
    const row = byDay.get(date)
    const out: Record<string, unknown> = { date }
    for (const key of keys) out[key as string] = Number(row?.[key] ?? 0)
    return out as { date: string } & T
  })
}

/**
 * Everything the dashboard shows, for the last `dayCount` days. Member counts by day read members_created_idx
 * (`+status` keeps the planner off the segment index, whose status prefix would visit every member row).
 */
export async function dashboardFigures(db: Database, now: Date, timeZone: string, dayCount: number) {
  const w = dayWindow(now, timeZone, dayCount)
  const [friends, follows, links, membersBefore, linkedBefore, memberDays, points, reminders, reservations] = await Promise.all([
    db.all<{ friends: number; blocked: number; unknown: number; linked: number }>(sql`SELECT
        coalesce(sum(friend_status = 'friend'), 0) AS friends, coalesce(sum(friend_status = 'blocked'), 0) AS blocked,
        coalesce(sum(friend_status = 'unknown'), 0) AS unknown, count(member_id) AS linked FROM line_accounts`),
    db.all<{ d: string; follows: number; blocks: number }>(sql`SELECT ${localDateSql('received_at', w)} AS d,
        sum(type = 'follow') AS follows, sum(type = 'unfollow') AS blocks
      FROM webhook_events WHERE received_at >= ${w.from} AND type IN ('follow', 'unfollow') GROUP BY d`),
    db.all<{ d: string; linked: number }>(sql`SELECT ${localDateSql('linked_at', w)} AS d, count(*) AS linked
      FROM line_accounts WHERE linked_at >= ${w.from} GROUP BY d`),
    db.all<{ n: number }>(sql`SELECT count(*) AS n FROM members WHERE +status = 'active' AND created_at < ${w.from}`),
    db.all<{ n: number }>(sql`SELECT count(*) AS n FROM line_accounts WHERE member_id IS NOT NULL AND linked_at < ${w.from}`),
    db.all<{ d: string; joined: number }>(sql`SELECT ${localDateSql('created_at', w)} AS d, count(*) AS joined
      FROM members WHERE +status = 'active' AND created_at >= ${w.from} GROUP BY d`),
    db.all<{ d: string; issued: number; redeemed: number }>(sql`SELECT ${localDateSql('created_at', w)} AS d,
        coalesce(sum(CASE WHEN points > 0 AND kind IN ('earn', 'adjust') THEN points END), 0) AS issued,
        coalesce(sum(CASE WHEN kind = 'redeem' THEN -points END), 0) AS redeemed
      FROM point_ledger WHERE created_at >= ${w.from} GROUP BY d`),
    db.all<{ d: string; sent: number; failed: number }>(sql`SELECT ${localDateSql('coalesce(sent_at, created_at)', w)} AS d,
        sum(status = 'sent') AS sent, sum(status IN ('failed', 'dead')) AS failed
      FROM deliveries WHERE kind LIKE 'reservation%' AND created_at >= ${w.from} GROUP BY d`),
    db.all<{ status: string; n: number }>(sql`SELECT status, count(*) AS n FROM reservations
      WHERE starts_at >= ${w.from} AND starts_at < ${now.getTime() + 30 * day} GROUP BY status`),
  ])

  // Link rate per day: members and links as of each day's end (current links; an unlinked account drops out).
  let members = membersBefore[0]?.n ?? 0
  let linked = linkedBefore[0]?.n ?? 0
  const joinedBy = new Map(memberDays.map((r) => [r.d, r.joined]))
  const linkedBy = new Map(links.map((r) => [r.d, r.linked]))
  const linkSeries = w.days.map((date) => {
    members += joinedBy.get(date) ?? 0
    linked += linkedBy.get(date) ?? 0
    return { date, members, linked, rate: members === 0 ? 0 : Math.min(1, linked / members) }
  })

  const outcome: Record<string, number> = { booked: 0, confirmed: 0, cancelled: 0, visited: 0, no_show: 0 }
  for (const r of reservations) outcome[r.status] = r.n
  const sentSeries = fill<{ sent: number; failed: number }>(w.days, reminders, ['sent', 'failed'])
  return {
    days: w.days,
    friends: { ...friends[0]!, series: fill<{ follows: number; blocks: number }>(w.days, follows, ['follows', 'blocks']) },
    links: linkSeries,
    points: fill<{ issued: number; redeemed: number }>(w.days, points, ['issued', 'redeemed']),
    reminders: {
      sent: sentSeries.reduce((s, r) => s + r.sent, 0),
      failed: sentSeries.reduce((s, r) => s + r.failed, 0),
      series: sentSeries,
      reservations: outcome,
    },
  }
}
