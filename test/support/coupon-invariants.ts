// Invariants of coupons, checked straight from the tables: limits hold, and a copy is used iff one redemption stands.
import { sql } from 'drizzle-orm'
import type { Database } from '../../db/client'

export async function couponViolations(db: Database) {
  const [overMemberLimit, overTotalLimit, usedWithoutOneRedemption, redeemedTwice] = await Promise.all([
    db.all(sql`SELECT mc.coupon_id, mc.member_id, count(*) AS n FROM member_coupons mc JOIN coupons c ON c.id = mc.coupon_id
      WHERE mc.status != 'revoked' GROUP BY mc.coupon_id, mc.member_id HAVING count(*) > max(c.per_member_limit)`),
    db.all(sql`SELECT mc.coupon_id, count(*) AS n FROM member_coupons mc JOIN coupons c ON c.id = mc.coupon_id
      WHERE mc.status != 'revoked' AND c.total_limit IS NOT NULL GROUP BY mc.coupon_id HAVING count(*) > max(c.total_limit)`),
    db.all(sql`SELECT mc.id, mc.status FROM member_coupons mc
      WHERE (mc.status = 'used') != ((SELECT count(*) FROM coupon_redemptions r
        WHERE r.member_coupon_id = mc.id AND r.reversed_at IS NULL) = 1)`),
    db.all(sql`SELECT member_coupon_id FROM coupon_redemptions WHERE reversed_at IS NULL
      GROUP BY member_coupon_id HAVING count(*) > 1`),
  ])
  return { overMemberLimit, overTotalLimit, usedWithoutOneRedemption, redeemedTwice }
}

export const noCouponViolations = {
  overMemberLimit: [],
  overTotalLimit: [],
  usedWithoutOneRedemption: [],
  redeemedTwice: [],
}
