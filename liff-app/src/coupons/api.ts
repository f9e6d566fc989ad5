// The customer's coupons API (GET /api/coupons, POST /api/coupons/{id}/token, POST /api/coupons/exchange).

import type { z } from '@hono/zod-openapi'
import type { CardToken } from '../../../server/routes/customer/card'
import type { ExchangeRequest, Exchanged, MyCoupons } from '../../../server/routes/customer/coupons'
import { requestJson } from '../api/http'

export type CouponList = z.infer<typeof MyCoupons>
export type HeldCoupon = CouponList['coupons'][number]
export type CouponInfo = HeldCoupon['coupon']
export type CouponToken = z.infer<typeof CardToken>

export const fetchCoupons = (session: string) => requestJson<CouponList>('/api/coupons', { token: session })

export const issueCouponToken = (session: string, id: number) =>
  requestJson<CouponToken>(`/api/coupons/${id}/token`, { method: 'POST', token: session })

export const exchangeReward = (session: string, body: z.input<typeof ExchangeRequest>) =>
  requestJson<z.infer<typeof Exchanged>>('/api/coupons/exchange', { method: 'POST', token: session, body })
