// The customer's coupons: what they hold (valid, used, expired), rewards they can buy with points, a rotating
// single-use QR for one coupon, and the points exchange.
import { z } from '@hono/zod-openapi'
import type { Coupon, MemberCoupon } from '../../../db/schema'
import { findLinkedMember } from '../../data/card-view'
import { findCopy, findCoupon } from '../../data/coupon-copies'
import { markViewed, memberCopies, rewardsOnOffer } from '../../data/coupon-views'
import { openStamps, stampCardOf } from '../../data/stamps'
import { cardTokenTtlSeconds } from '../../domain/card-token'
import { copyState, signCouponToken } from '../../domain/coupon'
import { refuse } from '../../domain/refusal'
import type { AppDeps } from '../../env'
import { createRouter, errorResponse, jsonBody, jsonResponse } from '../../openapi'
import { exchangeReward } from '../../usecases/coupon-exchange'
import { CouponSummary, HeldCoupon, summarizeCoupon } from '../coupon-schemas'
import { idParam } from '../path-id'
import { accepted, refusalError } from '../refusals'
import { IdempotencyKey } from '../staff/schemas'
import { CardToken, notLinked } from './card'
import { sessionRoute } from '../guarded-routes'

export const MyCoupons = z
  .object({
    balance: z.number(),
    coupons: z.array(HeldCoupon),
    rewards: z.array(CouponSummary).openapi({ description: 'Rewards on offer for points, cheapest first' }),
    stampCard: z
      .object({ stamps: z.number(), stampsPerCard: z.number(), reward: CouponSummary })
      .nullable()
      .openapi({ description: 'The stamps on the card being filled, in stamp-card mode; null when it is off' }),
  })
  .openapi('MyCoupons')

export const ExchangeRequest = z
  .object({ couponId: z.number().int().positive(), idempotencyKey: IdempotencyKey })
  .openapi('CouponExchangeRequest')

export const Exchanged = z
  .object({ coupon: HeldCoupon, balance: z.number(), replayed: z.boolean() })
  .openapi('CouponExchanged')

const errors = {
  404: errorResponse('Not linked (`not_linked`), or no such coupon of yours (`coupon_not_found`)'),
}

async function requireMember(deps: AppDeps, lineUserId: string) {
  const member = await findLinkedMember(deps.db, lineUserId)
  if (!member) throw notLinked()
  return member
}

/** A member's copy as the LIFF app shows it. */
export const held = (copy: MemberCoupon, coupon: Coupon, now: Date) => ({
  id: copy.id,
  state: copyState(copy, coupon, now),
  issuedAt: copy.issuedAt.toISOString(),
  expiresAt: copy.expiresAt?.toISOString() ?? null,
  usedAt: copy.usedAt?.toISOString() ?? null,
  coupon: summarizeCoupon(coupon),
})

const listRoute = sessionRoute('get', '/', {
  summary: 'The signed-in member’s coupons and the rewards they can buy with points',
  responses: { 200: jsonResponse('Coupons', MyCoupons), ...errors },
})

const tokenRoute = sessionRoute('post', '/{id}/token', {
  summary: 'A fresh single-use QR token for one of the member’s coupons (rotate before it expires)',
  request: { params: idParam },
  responses: {
    200: jsonResponse('A token', CardToken),
    ...errors,
    409: errorResponse('Already used (`coupon_used`)'),
    422: errorResponse(
      'Expired, withdrawn or not valid yet (`coupon_expired`, `coupon_revoked`, `coupon_not_yet_valid`)',
    ),
  },
})

const exchangeRoute = sessionRoute('post', '/exchange', {
  summary: 'Buy a reward with points: the points and the coupon in one write, idempotent by key',
  request: { body: jsonBody(ExchangeRequest) },
  responses: {
    200: jsonResponse('The coupon bought (or the earlier result, `replayed`)', Exchanged),
    ...errors,
    409: errorResponse('Limit reached or sold out (`coupon_limit_reached`, `coupon_sold_out`)'),
    422: errorResponse('Too few points (`insufficient_points`), not a reward or no longer offered'),
  },
})

export const customerCoupons = createRouter()
  .openapi(listRoute, async (c) => {
    const deps = c.var.shop
    const now = deps.clock()
    const member = await requireMember(deps, c.var.session.lineUserId)
    const [copies, rewards, card, stamps] = await Promise.all([
      memberCopies(deps.db, member.id),
      rewardsOnOffer(deps.db, now),
      deps.settings.load().then((settings) => stampCardOf(deps.db, settings)),
      openStamps(deps.db, member.id),
    ])
    return c.json(
      {
        balance: member.balance,
        coupons: copies.map(({ copy, coupon }) => held(copy, coupon, now)),
        rewards: rewards.map(summarizeCoupon),
        stampCard: card && { stamps, stampsPerCard: card.stampsPerCard, reward: summarizeCoupon(card.reward) },
      },
      200,
    )
  })
  .openapi(tokenRoute, async (c) => {
    const deps = c.var.shop
    const now = deps.clock()
    const member = await requireMember(deps, c.var.session.lineUserId)
    const copy = await findCopy(deps.db, c.req.valid('param').id)
    if (!copy || copy.memberId !== member.id) throw refusalError(refuse('coupon_not_found', 'No such coupon of yours'))
    const coupon = (await findCoupon(deps.db, copy.couponId))!
    const state = copyState(copy, coupon, now)
    if (state !== 'issued') throw refusalError(refuse(`coupon_${state}`, `This coupon is ${state.replace(/_/g, ' ')}`))
    if (!copy.viewedAt) await markViewed(deps.db, copy.id, member.id, now)
    const { value } = signCouponToken(deps.config.cardKeys, copy.id, now)
    const expiresAt = new Date(now.getTime() + cardTokenTtlSeconds * 1000).toISOString()
    return c.json({ value, expiresAt, ttlSeconds: cardTokenTtlSeconds }, 200)
  })
  .openapi(exchangeRoute, async (c) => {
    const deps = c.var.shop
    const member = await requireMember(deps, c.var.session.lineUserId)
    const body = c.req.valid('json')
    const done = accepted(await exchangeReward(deps, { memberId: member.id, ...body }))
    const coupon = (await findCoupon(deps.db, done.copy.couponId))!
    return c.json(
      { coupon: held(done.copy, coupon, deps.clock()), balance: done.balance, replayed: done.replayed },
      200,
    )
  })
