// The coupon redemptions a till shows (its store's, or every store's for an admin), newest first, for reversal.
import { desc, eq } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { couponRedemptions, coupons, memberCoupons, members } from '../../db/schema'

export function recentRedemptions(db: Database, storeId: number | null, limit = 20) {
  return db
    .select({
      id: couponRedemptions.id,
      redeemedAt: couponRedemptions.redeemedAt,
      reversedAt: couponRedemptions.reversedAt,
      staffId: couponRedemptions.staffId,
      couponTitle: coupons.title,
      memberName: members.name,
      memberNumber: members.memberNumber,
    })
    .from(couponRedemptions)
    .innerJoin(memberCoupons, eq(memberCoupons.id, couponRedemptions.memberCouponId))
    .innerJoin(coupons, eq(coupons.id, memberCoupons.couponId))
    .innerJoin(members, eq(members.id, memberCoupons.memberId))
    .where(storeId === null ? undefined : eq(couponRedemptions.storeId, storeId))
    .orderBy(desc(couponRedemptions.id))
    .limit(limit)
}
