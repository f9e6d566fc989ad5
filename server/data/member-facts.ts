// What campaign placeholders say about each member (name, balance, rank, points expiring), read for a page at once.
import { sql } from 'drizzle-orm'
import type { Database } from '../../db/client'
import type { MemberFacts } from '../domain/campaign-placeholders'
import { expiringWindowDays } from './card-view'

export interface MemberWithFacts extends MemberFacts {
  memberId: number
  /** The linked LINE account, if any. */
  lineUserId: string | null
}

/** Facts for each of `memberIds` (ids bound as one JSON parameter); points expiring as the card counts them. */
export async function memberFacts(db: Database, memberIds: readonly number[], now: Date): Promise<MemberWithFacts[]> {
  if (memberIds.length === 0) return []
  const at = now.getTime()
  const horizon = at + expiringWindowDays * 86_400_000
  const rows = await db.all<{
    memberId: number
    lineUserId: string | null
    name: string
    balance: number
    rank: string
    expiringPoints: number | null
    expiringAt: number | null
  }>(sql`SELECT m.id AS memberId, la.line_user_id AS lineUserId, m.name, m.balance, m.rank,
      e.points AS expiringPoints, e.first_at AS expiringAt
    FROM members m
    LEFT JOIN line_accounts la ON la.member_id = m.id
    LEFT JOIN (SELECT member_id, sum(remaining) AS points, min(expires_at) AS first_at FROM point_ledger
               WHERE remaining > 0 AND expires_at > ${at} AND expires_at <= ${horizon}
                 AND member_id IN (SELECT value FROM json_each(${JSON.stringify(memberIds)}))
               GROUP BY member_id) e ON e.member_id = m.id
    WHERE m.id IN (SELECT value FROM json_each(${JSON.stringify(memberIds)}))
    ORDER BY m.id`)
  return rows.map((r) => ({
    memberId: Number(r.memberId),
    lineUserId: r.lineUserId,
    name: r.name,
    balance: Number(r.balance),
    rank: r.rank,
    expiringPoints: Number(r.expiringPoints ?? 0),
    expiringAt: r.expiringAt === null ? null : new Date(Number(r.expiringAt)),
  }))
}
