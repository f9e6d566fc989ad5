// Reading coupons: a member's copies and the rewards they can buy, the console's list, and the report (issued,
// viewed, redeemed; by store and by day in the shop's time zone).
import { and, desc, eq, isNotNull, sql } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { coupons, memberCoupons, type Coupon, type MemberCoupon } from '../../db/schema'

/** A member's copies, newest first, each with its coupon. */
export async function memberCopies(db: Database, memberId: number): Promise<{ copy: MemberCoupon; coupon: Coupon }[]> {
  return db
    .select({ copy: memberCoupons, coupon: coupons })
    .from(memberCoupons)
    .innerJoin(coupons, eq(coupons.id, memberCoupons.couponId))
    .where(eq(memberCoupons.memberId, memberId))
    .orderBy(desc(memberCoupons.id))
    .limit(200)
}

/** Active rewards (coupons with a points price) still issuable at `now`, cheapest first. */
export function rewardsOnOffer(db: Database, now: Date) {
  return db.query.coupons.findMany({
    where: and(
      eq(coupons.status, 'active'),
      isNotNull(coupons.pointsPrice),
      sql`(${coupons.validUntil} IS NULL OR ${coupons.validUntil} > ${now.getTime()})`,
    ),
    orderBy: [coupons.pointsPrice, coupons.id],
    limit: 100,
  })
}

/** Records the first time a member showed their copy (the report's "viewed"); only their own. */
export function markViewed(db: Database, copyId: number, memberId: number, now: Date) {
  return db
    .update(memberCoupons)
    .set({ viewedAt: now })
    .where(and(eq(memberCoupons.id, copyId), eq(memberCoupons.memberId, memberId), sql`viewed_at IS NULL`))
}

/** Every coupon with its issued and redeemed (standing) counts, newest first. */
export async function couponList(db: Database) {
  const rows = await db.all<{ id: number; issued: number; redeemed: number }>(sql`SELECT c.id,
      (SELECT count(*) FROM member_coupons m WHERE m.coupon_id = c.id) AS issued,
      (SELECT count(*) FROM member_coupons m WHERE m.coupon_id = c.id AND m.status = 'used') AS redeemed
    FROM coupons c`)
  const counts = new Map(rows.map((r) => [r.id, r]))
  const defs = await db.query.coupons.findMany({ orderBy: desc(coupons.id), limit: 500 })
  return defs.map((c) => ({ coupon: c, issued: counts.get(c.id)?.issued ?? 0, redeemed: counts.get(c.id)?.redeemed ?? 0 }))
}

export interface CouponReport {
  issued: number
  viewed: number
  redeemed: number
  byStore: { storeId: number | null; storeName: string | null; redeemed: number }[]
  byDay: { day: string; issued: number; redeemed: number }[]
}

/**
 * A coupon's figures: copies issued and viewed, standing redemptions, redemptions per store, and issued/redeemed
 * per day (the shop's time zone given as its UTC offset in minutes on those days, `offsetMinutes`).
 */
export async function couponReport(db: Database, couponId: number, offsetMinutes: number): Promise<CouponReport> {
  const shift = offsetMinutes * 60_000
  const [totals, byStore, issuedByDay, redeemedByDay] = await Promise.all([
    db.all<{ issued: number; viewed: number; redeemed: number }>(sql`SELECT count(*) AS issued,
        count(viewed_at) AS viewed, sum(status = 'used') AS redeemed
      FROM member_coupons WHERE coupon_id = ${couponId}`),
    db.all<{ storeId: number | null; storeName: string | null; redeemed: number }>(sql`SELECT r.store_id AS storeId,
        s.name AS storeName, count(*) AS redeemed
      FROM coupon_redemptions r JOIN member_coupons m ON m.id = r.member_coupon_id LEFT JOIN stores s ON s.id = r.store_id
      WHERE m.coupon_id = ${couponId} AND r.reversed_at IS NULL GROUP BY r.store_id ORDER BY redeemed DESC`),
    db.all<{ day: string; n: number }>(sql`SELECT date((issued_at + ${shift}) / 1000, 'unixepoch') AS day, count(*) AS n
      FROM member_coupons WHERE coupon_id = ${couponId} GROUP BY day`),
    db.all<{ day: string; n: number }>(sql`SELECT date((r.redeemed_at + ${shift}) / 1000, 'unixepoch') AS day,
        count(*) AS n
      FROM coupon_redemptions r JOIN member_coupons m ON m.id = r.member_coupon_id
      WHERE m.coupon_id = ${couponId} AND r.reversed_at IS NULL GROUP BY day`),
  ])
  const days = new Map<string, { day: string; issued: number; redeemed: number }>()
  const at = (day: string) => days.get(day) ?? days.set(day, { day, issued: 0, redeemed: 0 }).get(day)!
  for (const r of issuedByDay) at(r.day).issued = r.n
  for (const r of redeemedByDay) at(r.day).redeemed = r.n
  const t = totals[0]
  return {
    issued: t?.issued ?? 0,
    viewed: t?.viewed ?? 0,
    redeemed: t?.redeemed ?? 0,
    byStore,
    byDay: [...days.values()].sort((a, b) => a.day.localeCompare(b.day)),
  }
}
