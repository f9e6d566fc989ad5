// Staff checkout: earn points for a purchase, redeem points, look a member up by number, read the point rules.
import { z } from '@hono/zod-openapi'
import type { Staff } from '../../../db/schema'
import { findCheckoutCustomer } from '../../data/checkout'
import { staffCashier } from '../../data/cashier'
import { MemberSummary, summarizeMember } from '../../member-summary'
import { createRouter, errorResponse, jsonBody, jsonResponse } from '../../openapi'
import { handOnNow } from '../../outbox/queue-producer'
import { earnPoints, type CheckedOut } from '../../usecases/earn'
import { redeemPoints } from '../../usecases/redeem'
import { accepted, found } from '../refusals'
import {
  CheckoutResult,
  CustomerRef,
  IdempotencyKey,
  oneCustomer,
  oneCustomerIssue,
  storeOf,
  transaction,
} from './schemas'
import { staffRoute } from '../guarded-routes'

export const EarnRequest = z
  .object({
    ...CustomerRef,
    purchaseAmount: z.number().int().min(1),
    idempotencyKey: IdempotencyKey,
    storeId: z.number().int().positive().optional(),
  })
  .refine(oneCustomer, oneCustomerIssue)
  .openapi('EarnRequest')

export const RedeemRequest = z
  .object({
    ...CustomerRef,
    points: z.number().int().min(1),
    idempotencyKey: IdempotencyKey,
    storeId: z.number().int().positive().optional(),
    approvalCode: z
      .string()
      .regex(/^\d{6}$/, '6 digits')
      .optional()
      .openapi({
        description: "A manager's approval code for redeeming without the card (`POST /api/staff/redeem-approvals`)",
      }),
  })
  .refine(oneCustomer, oneCustomerIssue)
  .openapi('RedeemRequest')

export const Rules = z
  .object({
    rounding: z.enum(['floor', 'round', 'ceil']),
    redeemUnit: z.number(),
    validityDays: z.number(),
    dailyEarnCap: z.number().nullable(),
    maxPurchaseAmount: z.number(),
    ranks: z.array(z.object({ key: z.string(), label: z.string(), pointsPer100Yen: z.number() })),
  })
  .openapi('CheckoutRules')

const actionErrors = {
  400: errorResponse('Invalid body, or not a valid member number (`invalid_member_number`)'),
  403: errorResponse(
    'Not staff, another store (`other_store`), a redeem without the card (`card_required`) or with a wrong approval code (`approval_invalid`)',
  ),
  404: errorResponse('No such member (`member_not_found`)'),
  409: errorResponse(
    'Card code already used (`card_used`), or the key was used for something else (`idempotency_key_reused`)',
  ),
  422: errorResponse(
    'Card code expired/forged/revoked (`card_*`), or a rule refused it (`daily_earn_cap`, `insufficient_points`, ...)',
  ),
}

const earnRoute = staffRoute('post', '/earn', {
  summary: 'Award points for a purchase (rank rate, shop rounding rule); idempotent by key',
  request: { body: jsonBody(EarnRequest) },
  responses: {
    200: jsonResponse('Points awarded (or the earlier result, `replayed`)', CheckoutResult),
    ...actionErrors,
  },
})

const redeemRoute = staffRoute('post', '/redeem', {
  summary: 'Redeem points (at most the balance, in the shop minimum unit); idempotent by key',
  request: { body: jsonBody(RedeemRequest) },
  responses: {
    200: jsonResponse('Points redeemed (or the earlier result, `replayed`)', CheckoutResult),
    ...actionErrors,
  },
})

const lookupRoute = staffRoute('get', '/members/{memberNumber}', {
  summary: 'Find a member by typed member number',
  request: { params: z.object({ memberNumber: z.string().min(1).max(32) }) },
  responses: { 200: jsonResponse('The member', MemberSummary), ...actionErrors },
})

const rulesRoute = staffRoute('get', '/rules', {
  summary: 'Point rules the checkout applies (rates per rank, rounding, redeem unit, limits)',
  responses: {
    200: jsonResponse('The rules', Rules),
  },
})

/** The answer of an earn or redeem: the entry, the member after it, and whether it was done before. */
const checkoutAnswer = (done: CheckedOut, staff: Staff) => ({
  entry: transaction(done.entry, done.member, staff.displayName),
  member: summarizeMember(done.member, done.settings.ranks),
  replayed: done.replayed,
})

export const staffCheckout = createRouter()
  .openapi(earnRoute, async (c) => {
    const staff = c.var.staff
    const body = c.req.valid('json')
    const done = accepted(
      await earnPoints(c.var.shop, { ...body, cashier: staffCashier(staff), storeId: storeOf(staff, body.storeId) }),
    )
    handOnNow(c.var.shop)
    return c.json(checkoutAnswer(done, staff), 200)
  })
  .openapi(redeemRoute, async (c) => {
    const staff = c.var.staff
    const body = c.req.valid('json')
    const done = accepted(
      await redeemPoints(c.var.shop, { ...body, cashier: staffCashier(staff), storeId: storeOf(staff, body.storeId) }),
    )
    handOnNow(c.var.shop)
    return c.json(checkoutAnswer(done, staff), 200)
  })
  .openapi(lookupRoute, async (c) => {
    const { db, config, clock } = c.var.shop
    const [settings, customer] = await Promise.all([
      c.var.shop.settings.load(),
      findCheckoutCustomer(db, config, { memberNumber: c.req.valid('param').memberNumber }, clock()),
    ])
    const { member } = found(customer)
    return c.json(summarizeMember(member, settings.ranks), 200)
  })
  .openapi(rulesRoute, async (c) => {
    const settings = await c.var.shop.settings.load()
    return c.json(
      {
        ...settings.points,
        dailyEarnCap: settings.checkout.dailyEarnCap,
        maxPurchaseAmount: settings.checkout.maxPurchaseAmount,
        ranks: settings.ranks.map(({ key, label, pointsPer100Yen }) => ({ key, label, pointsPer100Yen })),
      },
      200,
    )
  })
