// Segment queries: a Segment as one SQL condition over `members` (alias m), for counts and recipient pages.
// D1-safe: every list is one JSON parameter read with json_each; the members_segment_idx index covers the filters.
import { sql, type SQL } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { reachableLineStatuses, type FieldFilter, type Segment } from '../domain/segment'

const day = 86_400_000
const json = (values: readonly unknown[]) => JSON.stringify(values)

/** The WHERE condition of a segment (active members only) at `now`. */
export function segmentCondition(segment: Segment, now: Date): SQL {
  const at = now.getTime()
  // With an expiry filter, the narrowest index is members_next_expiry_idx; unary + keeps SQLite (which has no
  // statistics here) from preferring members_segment_idx for its equality prefix and reading every reachable member.
  const parts: SQL[] = [
    segment.pointsExpiringWithinDays === undefined ? sql`m.status = 'active'` : sql`+m.status = 'active'`,
  ]
  if (segment.ranks?.length) parts.push(sql`m.rank IN (SELECT value FROM json_each(${json(segment.ranks)}))`)
  if (segment.lineStatuses?.length) {
    parts.push(sql`m.line_status IN (SELECT value FROM json_each(${json(segment.lineStatuses)}))`)
  }
  if (segment.prefectures?.length) {
    parts.push(sql`m.prefecture IN (SELECT value FROM json_each(${json(segment.prefectures)}))`)
  }
  if (segment.storeIds?.length) {
    parts.push(sql`m.home_store_id IN (SELECT value FROM json_each(${json(segment.storeIds)}))`)
  }
  if (segment.birthdayMonths?.length) {
    parts.push(sql`substr(m.birthday, 6, 2) IN (SELECT printf('%02d', value) FROM json_each(${json(segment.birthdayMonths)}))`)
  }
  if (segment.visitedWithinDays !== undefined) {
    parts.push(sql`m.last_visit_at >= ${at - segment.visitedWithinDays * day}`)
  }
  if (segment.notVisitedForDays !== undefined) {
    parts.push(sql`(m.last_visit_at IS NULL OR m.last_visit_at < ${at - segment.notVisitedForDays * day})`)
  }
  // Each tag reads member ids from member_tags_name_idx alone (name, value, member_id), then seeks members by id.
  for (const tag of segment.tags ?? []) {
    const value = tag.value === undefined ? sql`` : sql` AND value = ${tag.value}`
    parts.push(sql`m.id IN (SELECT member_id FROM member_tags WHERE name = ${tag.name}${value})`)
  }
  for (const filter of segment.fields ?? []) parts.push(fieldCondition(filter))
  if (segment.pointsExpiringWithinDays !== undefined) {
    // members.next_expiry_at (kept by triggers) makes this an index range. A member whose earliest lot is already past
    // its date but not yet processed by the expiry job may still have a later lot in the window: checked one by one.
    const horizon = at + segment.pointsExpiringWithinDays * day
    parts.push(sql`m.next_expiry_at <= ${horizon} AND (m.next_expiry_at > ${at} OR EXISTS (SELECT 1 FROM point_ledger
      WHERE member_id = m.id AND remaining > 0 AND expires_at > ${at} AND expires_at <= ${horizon}))`)
  }
  return sql.join(parts, sql` AND `)
}

/** Reads member ids from member_field_answers_value_idx (field_id, value, member_id) alone, then seeks members by id. */
function fieldCondition(filter: FieldFilter): SQL {
  const field = sql`field_id = (SELECT id FROM member_fields WHERE key = ${filter.key})`
  const values = (() => {
    switch (filter.op) {
      case 'any_of':
        return sql` AND value IN (SELECT value FROM json_each(${json(filter.values)}))`
      case 'equals':
        return sql` AND value = ${filter.value}`
      case 'date_between':
        return sql`${filter.from ? sql` AND value >= ${filter.from}` : sql``}${filter.to ? sql` AND value <= ${filter.to}` : sql``}`
      case 'month_in':
        return sql` AND substr(value, 6, 2) IN (SELECT printf('%02d', value) FROM json_each(${json(filter.months)}))`
      case 'answered':
        return sql``
    }
  })()
  return sql`m.id IN (SELECT member_id FROM member_field_answers WHERE ${field}${values})`
}

/**
 * Members a campaign can message: active, linked, not blocked, opted in to marketing messages (constants only). The
 * status is repeated plainly (a points-expiring condition writes it `+m.status`), so a recipient query can seek on
 * (status, line_status, marketing_opt_in) in members_segment_idx or members_reachable_expiry_idx.
 */
const reachable = sql.raw(
  `m.status = 'active' AND m.line_status IN (${reachableLineStatuses.map((s) => `'${s}'`).join(', ')}) AND m.marketing_opt_in = 1`,
)

export interface SegmentCount {
  /** Active members matching the segment. */
  members: number
  /** Of those, the ones a campaign would be sent to. */
  recipients: number
}

/**
 * Two index reads: recipients seek straight to the reachable entries of members_segment_idx (status, line_status,
 * marketing_opt_in first), so the count the composer waits for never scans unreachable members.
 */
export async function countSegment(db: Database, segment: Segment, now: Date): Promise<SegmentCount> {
  const where = segmentCondition(segment, now)
  const [recipients, matching] = await Promise.all([
    db.all<{ n: number }>(sql`SELECT count(*) AS n FROM members m WHERE ${where} AND ${reachable}`),
    db.all<{ n: number }>(sql`SELECT count(*) AS n FROM members m WHERE ${where}`),
  ])
  return { members: matching[0]?.n ?? 0, recipients: recipients[0]?.n ?? 0 }
}

/** The recipient count's statement (its plan is tested: test/server/data/segments-plan.test.ts). */
export const recipientCount = (segment: Segment, now: Date) =>
  sql`SELECT count(*) AS n FROM members m WHERE ${segmentCondition(segment, now)} AND ${reachable}`

/** Only the recipient count (what the benchmark times). */
export async function countRecipients(db: Database, segment: Segment, now: Date): Promise<number> {
  const [row] = await db.all<{ n: number }>(recipientCount(segment, now))
  return row?.n ?? 0
}

export interface Recipient {
  memberId: number
  lineUserId: string
}

/** One page of recipients in member id order, after `afterMemberId`. */
export function recipientsPage(db: Database, segment: Segment, now: Date, afterMemberId: number, limit: number) {
  return db.all<Recipient>(sql`
    SELECT m.id AS memberId, la.line_user_id AS lineUserId
    FROM members m JOIN line_accounts la ON la.member_id = m.id
    WHERE ${segmentCondition(segment, now)} AND ${reachable} AND m.id > ${afterMemberId}
    ORDER BY m.id LIMIT ${limit}`)
}
