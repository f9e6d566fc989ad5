// Staff redeem coupons at the till: check a scanned coupon QR (what it gives, whose it is), redeem it once, and
// reverse a redemption (a manager of its store, or an admin).
import { z } from '@hono/zod-openapi'
import type { Coupon, Member, MemberCoupon } from '../../../db/schema'
import { recentRedemptions } from '../../data/coupon-redemptions'
import { loadSettings } from '../../data/settings'
import { MemberSummary, summarizeMember } from '../../member-summary'
import { createRouter, errorResponse, jsonBody, jsonResponse } from '../../openapi'
import { couponAtTill, redeemCoupon } from '../../usecases/coupon-redeem'
import { reverseCouponRedemption } from '../../usecases/coupon-reverse'
import { CouponSummary, summarizeCoupon } from '../coupon-schemas'
import { idParam } from '../path-id'
import { accepted } from '../refusals'
import { IdempotencyKey, storeOf } from './schemas'
import { managerRoute, staffRoute } from '../guarded-routes'

export const CouponScanRequest = z
  .object({ token: z.string().min(1).max(200), storeId: z.number().int().positive().optional() })
  .openapi('CouponScanRequest')

export const CouponRedeemRequest = z
  .object({
    token: z.string().min(1).max(200),
    idempotencyKey: IdempotencyKey,
    storeId: z.number().int().positive().optional(),
  })
  .openapi('CouponRedeemRequest')

export const CouponReverseRequest = z
  .object({ reason: z.string().trim().min(1).max(200) })
  .openapi('CouponReverseRequest')

export const ScannedCoupon = z
  .object({
    memberCouponId: z.number(),
    expiresAt: z.string().nullable().openapi({ description: 'When the member’s copy stops being usable' }),
    coupon: CouponSummary,
    member: MemberSummary,
  })
  .openapi('ScannedCoupon')

export const CouponRedemptionView = ScannedCoupon.extend({
  redemptionId: z.number(),
  redeemedAt: z.string(),
  reversedAt: z.string().nullable(),
  replayed: z.boolean(),
}).openapi('CouponRedemption')

export const RecentCouponRedemptions = z
  .object({
    redemptions: z.array(
      z.object({
        id: z.number(),
        redeemedAt: z.string(),
        reversedAt: z.string().nullable(),
        mine: z.boolean().openapi({ description: 'Redeemed by the signed-in staff member' }),
        couponTitle: z.string(),
        memberName: z.string(),
        memberNumber: z.string(),
      }),
    ),
  })
  .openapi('RecentCouponRedemptions')

const errors = {
  403: errorResponse('Not staff, another store’s coupon or transaction (`coupon_other_store`, `other_store`)'),
  404: errorResponse('No such coupon or redemption (`coupon_not_found`, `coupon_redemption_not_found`)'),
  409: errorResponse('Already used or reversed (`coupon_used`, `coupon_already_reversed`)'),
  422: errorResponse(
    'Not a valid coupon code (`coupon_token_invalid`, `coupon_token_expired`), or expired (`coupon_expired`), withdrawn, not valid yet, inactive member',
  ),
}

async function scanned(
  deps: { db: Parameters<typeof loadSettings>[0] },
  copy: MemberCoupon,
  coupon: Coupon,
  member: Member,
) {
  const { ranks } = await loadSettings(deps.db)
  return {
    memberCouponId: copy.id,
    expiresAt: copy.expiresAt?.toISOString() ?? null,
    coupon: summarizeCoupon(coupon),
    member: summarizeMember(member, ranks),
  }
}

export const CouponReversed = z.object({ redemptionId: z.number(), reversedAt: z.string() })

const verifyRoute = staffRoute('post', '/verify', {
  summary: 'Check a scanned coupon QR: what the coupon gives and whose it is (nothing is used)',
  request: { body: jsonBody(CouponScanRequest) },
  responses: { 200: jsonResponse('The coupon can be used here now', ScannedCoupon), ...errors },
})

const redeemRoute = staffRoute('post', '/redeem', {
  summary: 'Redeem a scanned coupon (once; of concurrent scans one succeeds); idempotent by key',
  request: { body: jsonBody(CouponRedeemRequest) },
  responses: { 200: jsonResponse('Redeemed (or the earlier result, `replayed`)', CouponRedemptionView), ...errors },
})

const reverseRoute = managerRoute('post', '/redemptions/{id}/reverse', {
  summary: 'Reverse a coupon redemption: the coupon can be used again',
  request: { params: idParam, body: jsonBody(CouponReverseRequest) },
  responses: {
    200: jsonResponse('Reversed', CouponReversed),
    ...errors,
    // The route's own 403 replaces the guard's description: say both.
    403: errorResponse(
      'Not a manager or admin (`not_staff`, `role_required`), or another store’s coupon or transaction (`coupon_other_store`, `other_store`)',
    ),
  },
})

const recentRoute = staffRoute('get', '/redemptions', {
  summary: 'The store’s latest coupon redemptions (every store’s for an admin), newest first',
  responses: { 200: jsonResponse('Redemptions', RecentCouponRedemptions), 403: errors[403] },
})

export const staffCoupons = createRouter()
  .openapi(recentRoute, async (c) => {
    const { shop: deps, staff } = c.var
    const rows = await recentRedemptions(deps.db, staff.storeId)
    const redemptions = rows.map(({ staffId, redeemedAt, reversedAt, ...r }) => ({
      ...r,
      redeemedAt: redeemedAt.toISOString(),
      reversedAt: reversedAt?.toISOString() ?? null,
      mine: staffId === staff.id,
    }))
    return c.json({ redemptions }, 200)
  })
  .openapi(verifyRoute, async (c) => {
    const { shop: deps, staff } = c.var
    const body = c.req.valid('json')
    const found = accepted(
      await couponAtTill(deps.db, deps.config, body.token, storeOf(staff, body.storeId), deps.clock()),
    )
    return c.json(await scanned(deps, found.copy, found.coupon, found.member), 200)
  })
  .openapi(redeemRoute, async (c) => {
    const { shop: deps, staff } = c.var
    const body = c.req.valid('json')
    const storeId = storeOf(staff, body.storeId)
    const done = accepted(await redeemCoupon(deps, { ...body, staff, storeId }))
    return c.json(
      {
        ...(await scanned(deps, done.copy, done.coupon, done.member)),
        redemptionId: done.redemption.id,
        redeemedAt: done.redemption.redeemedAt.toISOString(),
        reversedAt: done.redemption.reversedAt?.toISOString() ?? null,
        replayed: done.replayed,
      },
      200,
    )
  })
  .openapi(reverseRoute, async (c) => {
    const { shop: deps, staff } = c.var
    const { reason } = c.req.valid('json')
    const done = accepted(await reverseCouponRedemption(deps, { redemptionId: c.req.valid('param').id, staff, reason }))
    return c.json({ redemptionId: done.redemption.id, reversedAt: done.redemption.reversedAt!.toISOString() }, 200)
  })
