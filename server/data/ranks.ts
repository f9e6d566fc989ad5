// Ranks from rolling 12-month spend: refreshed for one member after each earn, and for everyone daily. Each change
// writes its audit entry and a `rank.changed` domain event (the rank message is planned from it) in the same batch.
import { sql, type SQL } from 'drizzle-orm'
import { affectedRows } from '../../db/affected-rows'
import type { Database } from '../../db/client'
import type { RankTier } from '../domain/ranks'
import { rankUpCopies, type RankUpRule } from './coupon-rules'

const yearMs = 365 * 86_400_000

/** Members per atomic batch of the daily refresh. */
export const rankChunkSize = 5_000

/** SQL CASE giving the rank key for a spend expression. */
function rankCase(spend: SQL, tiers: readonly RankTier[]): SQL {
  const branches = [...tiers]
    .reverse()
    .slice(0, -1)
    .map((t) => sql`WHEN ${spend} >= ${t.minSpend} THEN ${t.key} `)
  return sql`(CASE ${sql.join(branches)}ELSE ${tiers[0]!.key} END)`
}

/** Purchase amounts of unreversed earns in the 12 months before `now`, for members in [from, to). */
function spendSince(memberRef: SQL, now: Date): SQL {
  return sql`(SELECT coalesce(sum(l.purchase_amount), 0) FROM point_ledger l
    WHERE l.member_id = ${memberRef} AND l.kind = 'earn' AND l.created_at > ${now.getTime() - yearMs}
      AND NOT EXISTS (SELECT 1 FROM point_ledger r WHERE r.reverses_id = l.id))`
}

function refreshRange(
  db: Database,
  from: number,
  to: number,
  tiers: readonly RankTier[],
  now: Date,
  actor: string,
  rankUp: readonly RankUpRule[],
) {
  const target = rankCase(spendSince(sql`m.id`, now), tiers)
  // Unary + keeps SQLite on the rowid range instead of an index on status (which would scan every member).
  const inRange = sql`m.id >= ${from} AND m.id < ${to} AND +m.status = 'active'`
  const coupons = rankUpCopies(db, rankUp, tiers, { from: sql`members m`, target, changed: sql`${inRange} AND m.rank != ${target}` }, now)
  return [
    db.run(sql`INSERT INTO audit_log (actor, action, target, detail, at)
      SELECT ${actor}, 'rank.changed', 'member:' || m.id, json_object('from', m.rank, 'to', ${target}), ${now.getTime()}
      FROM members m WHERE ${inRange} AND m.rank != ${target}`),
    db.run(sql`INSERT INTO domain_events (kind, member_id, payload, created_at)
      SELECT 'rank.changed', m.id, json_object('from', m.rank, 'to', ${target}), ${now.getTime()}
      FROM members m WHERE ${inRange} AND m.rank != ${target}`),
    ...coupons,
    db.run(sql`UPDATE members AS m SET rank = ${target}, updated_at = ${now.getTime()} WHERE ${inRange} AND m.rank != ${target}`),
  ] as const
}

/**
 * One member's rank refresh as batchable statements (audit entry, domain event, rank-up coupons, then the update) that
 * apply only when `condition` holds, e.g. inside an earn's batch. The spend is summed once per statement that needs it
 * (a derived table), not per CASE branch. The domain event copies the audit entry written by the statement before it
 * (`changes()` and `last_insert_rowid()` of the batch's connection), and with no rank-up coupons between them the update
 * takes the new rank from that event the same way: an earn sums the member's spend once (twice with rank-up rules).
 */
export function memberRankRefresh(
  db: Database,
  memberId: number,
  tiers: readonly RankTier[],
  now: Date,
  condition: SQL = sql`1`,
  rankUp: readonly RankUpRule[] = [],
) {
  const target = rankCase(sql`s.spend`, tiers)
  const spend = sql`(SELECT ${spendSince(sql`${memberId}`, now)} AS spend) AS s`
  const changed = sql`m.id = ${memberId} AND m.status = 'active' AND m.rank != ${target} AND ${condition}`
  const coupons = rankUpCopies(db, rankUp, tiers, { from: sql`members m, ${spend}`, target, changed }, now)
  return [
    db.run(sql`INSERT INTO audit_log (actor, action, target, detail, at)
      SELECT 'system:rank', 'rank.changed', 'member:' || m.id, json_object('from', m.rank, 'to', ${target}), ${now.getTime()}
      FROM members m, ${spend} WHERE ${changed}`),
    db.run(sql`INSERT INTO domain_events (kind, member_id, payload, created_at)
      SELECT 'rank.changed', ${memberId}, a.detail, ${now.getTime()} FROM audit_log a
      WHERE changes() = 1 AND a.id = last_insert_rowid() AND a.action = 'rank.changed' AND a.target = ${`member:${memberId}`}`),
    ...coupons,
    coupons.length === 0
      ? db.run(sql`UPDATE members AS m SET rank = e.payload ->> 'to', updated_at = ${now.getTime()} FROM domain_events e
          WHERE m.id = ${memberId} AND changes() = 1 AND e.id = last_insert_rowid() AND e.kind = 'rank.changed'
            AND e.member_id = ${memberId}`)
      : db.run(sql`UPDATE members AS m SET rank = ${target}, updated_at = ${now.getTime()} FROM ${spend} WHERE ${changed}`),
  ] as const
}

/** Recomputes one member's rank; returns the change, if any (also written to the audit log). */
export async function refreshMemberRank(db: Database, memberId: number, tiers: readonly RankTier[], now: Date) {
  const [before] = await db.all<{ rank: string }>(sql`SELECT rank FROM members WHERE id = ${memberId}`)
  await db.batch(memberRankRefresh(db, memberId, tiers, now))
  const [after] = await db.all<{ rank: string }>(sql`SELECT rank FROM members WHERE id = ${memberId}`)
  return before && after && before.rank !== after.rank ? { from: before.rank, to: after.rank } : null
}

/** Daily: recomputes every member's rank in chunks; returns how many changed. */
export async function refreshAllRanks(db: Database, tiers: readonly RankTier[], now: Date): Promise<number> {
  let changed = 0
  for (let from: number | null = 0; from !== null; ) {
    const chunk = await rankRefreshChunk(db, tiers, now, from, rankChunkSize)
    if (chunk.writes) changed += affectedRows((await db.batch(chunk.writes))[0])
    from = chunk.next
  }
  return changed
}

/**
 * The daily refresh of members with ids in [from, from + size), as batchable statements (audit entries, domain
 * events, then the updates; the first one's affected rows count the changes); `next` is where the following chunk starts, null after
 * the last member. Running a chunk again changes nothing twice: it only touches members whose rank differs.
 */
export async function rankRefreshChunk(
  db: Database,
  tiers: readonly RankTier[],
  now: Date,
  from: number,
  size: number,
  rankUp: readonly RankUpRule[] = [],
) {
  const bounds = await db.get<{ lo: number | null; hi: number | null }>(
    sql`SELECT min(id) AS lo, max(id) AS hi FROM members WHERE id >= ${from}`,
  )
  if (bounds?.lo == null || bounds.hi == null) return { writes: null, next: null }
  const to = bounds.lo + size
  return { writes: refreshRange(db, bounds.lo, to, tiers, now, 'system:rank-daily', rankUp), next: to > bounds.hi ? null : to }
}
