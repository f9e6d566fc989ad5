// Staff coupon API: check a scanned coupon QR, redeem it (idempotent by key), list recent redemptions, reverse one.

import type { z } from '@hono/zod-openapi'
import type {
  CouponRedeemRequest,
  CouponRedemptionView,
  CouponReverseRequest,
  CouponReversed,
  RecentCouponRedemptions,
  ScannedCoupon as ScannedCouponSchema,
} from '../../../server/routes/staff/coupons'
import { requestJson } from '../api/http'

export { isCouponToken as isCouponCode } from '../../../server/domain/coupon-scope'

export type ScannedCoupon = z.infer<typeof ScannedCouponSchema>
export type CouponRedemption = z.infer<typeof CouponRedemptionView>

export const verifyCoupon = (session: string, token: string) =>
  requestJson<ScannedCoupon>('/api/staff/coupons/verify', { method: 'POST', token: session, body: { token } })

export const redeemCoupon = (session: string, body: z.input<typeof CouponRedeemRequest>) =>
  requestJson<CouponRedemption>('/api/staff/coupons/redeem', { method: 'POST', token: session, body })

export type RecentRedemption = z.infer<typeof RecentCouponRedemptions>['redemptions'][number]

export const recentCouponRedemptions = (session: string) =>
  requestJson<z.infer<typeof RecentCouponRedemptions>>('/api/staff/coupons/redemptions', { token: session })

export const reverseCouponRedemption = (session: string, id: number, body: z.input<typeof CouponReverseRequest>) =>
  requestJson<z.infer<typeof CouponReversed>>(`/api/staff/coupons/redemptions/${id}/reverse`, {
    method: 'POST',
    token: session,
    body,
  })
