// Staff coupon API: check a scanned coupon QR, redeem it (idempotent by key), reverse a redemption.

import type { z } from '@hono/zod-openapi'
import type {
  CouponRedeemRequest,
  CouponRedemptionView,
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
