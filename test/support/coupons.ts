// A coupon defined straight in the database, for tests of what members and staff do with it.
import { coupons, type Coupon, type NewCoupon } from '../../db/schema'
import type { Database } from '../../db/client'

export async function defineCoupon(db: Database, values: Partial<NewCoupon> = {}): Promise<Coupon> {
  const [row] = await db
    .insert(coupons)
    .values({ title: '100円引き', benefitKind: 'discount_yen', benefitValue: 100, createdBy: 'admin:1', ...values })
    .returning()
  return row!
}
