// Staff checkout: earn points for a purchase, redeem points, look a member up by number, read the point rules.
import { createRoute, z } from '@hono/zod-openapi'
import type { LedgerEntry, Staff } from '../../../db/schema'
import {
  checkoutFollowed,
  checkoutFollowUps,
  checkoutStoreName,
  findCheckoutCustomer,
  recordCheckout,
  redeemWithoutCardAlert,
  refersTo,
  staffActor,
  type CheckoutCustomer,
} from '../../data/checkout'
import { addPoints, keyReused, ledgerEntryByKey, spendPoints } from '../../data/ledger'
import { findRedeemApproval } from '../../data/redeem-approvals'
import { memberRankRefresh } from '../../data/ranks'
import { loadSettings, type ShopSettings } from '../../data/settings'
import { isRedeemable, lotExpiry, pointsForPurchase } from '../../domain/points'
import { rankByKey } from '../../domain/ranks'
import { startOfDay } from '../../domain/time-zone'
import { ApiError, forbidden } from '../../errors'
import { MemberSummary, summarizeMember } from '../../member-summary'
import { requireSession } from '../../middleware/session'
import { requireStaff } from '../../middleware/staff'
import { bearerAuth, createRouter, errorResponse, jsonBody, jsonResponse } from '../../openapi'
import {
  CheckoutResult,
  CustomerRef,
  IdempotencyKey,
  ledgerKey,
  oneCustomer,
  oneCustomerIssue,
  storeOf,
  transaction,
} from './schemas'

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
  401: errorResponse('No valid session'),
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

const earnRoute = createRoute({
  method: 'post',
  path: '/earn',
  summary: 'Award points for a purchase (rank rate, shop rounding rule); idempotent by key',
  security: bearerAuth,
  middleware: [requireSession, requireStaff()] as const,
  request: { body: jsonBody(EarnRequest) },
  responses: {
    200: jsonResponse('Points awarded (or the earlier result, `replayed`)', CheckoutResult),
    ...actionErrors,
  },
})

const redeemRoute = createRoute({
  method: 'post',
  path: '/redeem',
  summary: 'Redeem points (at most the balance, in the shop minimum unit); idempotent by key',
  security: bearerAuth,
  middleware: [requireSession, requireStaff()] as const,
  request: { body: jsonBody(RedeemRequest) },
  responses: {
    200: jsonResponse('Points redeemed (or the earlier result, `replayed`)', CheckoutResult),
    ...actionErrors,
  },
})

const lookupRoute = createRoute({
  method: 'get',
  path: '/members/{memberNumber}',
  summary: 'Find a member by typed member number',
  security: bearerAuth,
  middleware: [requireSession, requireStaff()] as const,
  request: { params: z.object({ memberNumber: z.string().min(1).max(32) }) },
  responses: { 200: jsonResponse('The member', MemberSummary), ...actionErrors },
})

const rulesRoute = createRoute({
  method: 'get',
  path: '/rules',
  summary: 'Point rules the checkout applies (rates per rank, rounding, redeem unit, limits)',
  security: bearerAuth,
  middleware: [requireSession, requireStaff()] as const,
  responses: {
    200: jsonResponse('The rules', Rules),
    401: errorResponse('No valid session'),
    403: errorResponse('Not staff'),
  },
})

/** 409 unless the entry an earlier attempt with this key wrote is this same request: action, amount, customer, store. */
function sameAsPrior(prior: LedgerEntry | undefined, same: (e: LedgerEntry) => boolean) {
  if (prior && !same(prior)) throw keyReused()
}

/**
 * Who vouches for a redeem without the member's card (null when the card was scanned): a manager or admin acting
 * themselves, or a manager's approval code for exactly this redeem; plain staff without one are refused while the
 * shop requires the card (403 `card_required`).
 */
async function withoutCardGrant(
  db: Parameters<typeof loadSettings>[0],
  settings: ShopSettings,
  staff: Staff,
  customer: CheckoutCustomer,
  request: { points: number; storeId: number | null; approvalCode?: string },
  now: Date,
): Promise<{ approvedBy: number | null; approvalId?: number } | null> {
  if (customer.card) return null
  if (staff.role !== 'staff') return { approvedBy: staff.id }
  if (request.approvalCode) {
    const scope = { memberId: customer.member.id, points: request.points, storeId: request.storeId }
    const approval = await findRedeemApproval(db, request.approvalCode, scope, now)
    return { approvedBy: approval.approvedBy, approvalId: approval.id }
  }
  if (settings.checkout.requireCardToRedeem) {
    throw forbidden('card_required', "Points can only be redeemed with the member's card, or with a manager's approval")
  }
  return { approvedBy: null }
}

export const staffCheckout = createRouter()
  .openapi(earnRoute, async (c) => {
    const { db, config, clock } = c.var.deps
    const staff = c.var.staff
    const body = c.req.valid('json')
    const now = clock()
    const storeId = storeOf(staff, body.storeId)
    const key = ledgerKey(staff, body.idempotencyKey)
    const [settings, prior] = await Promise.all([loadSettings(db), ledgerEntryByKey(db, key)])
    if (body.purchaseAmount > settings.checkout.maxPurchaseAmount) {
      throw new ApiError(
        422,
        'purchase_amount_too_large',
        `Purchases above ¥${settings.checkout.maxPurchaseAmount} cannot be entered here`,
      )
    }
    // A retry after the card code expired still gets its answer: the key alone identifies the transaction.
    const [customer, storeName] = await Promise.all([
      findCheckoutCustomer(db, config, prior ? { memberId: prior.memberId } : body, now),
      prior ? null : checkoutStoreName(db, storeId),
    ])
    const { member } = customer
    sameAsPrior(
      prior,
      (e) =>
        e.kind === 'earn' &&
        e.purchaseAmount === body.purchaseAmount &&
        e.storeId === storeId &&
        refersTo(config, body, member, now),
    )
    const tier = rankByKey(member.rank, settings.ranks)
    const points = prior?.points ?? pointsForPurchase(body.purchaseAmount, tier, settings.points)
    if (points < 1)
      throw new ApiError(422, 'no_points', `¥${body.purchaseAmount} earns no points at the ${tier.label} rate`)
    const cap = settings.checkout.dailyEarnCap
    const record = {
      action: 'earn' as const,
      staff,
      storeId,
      memberId: member.id,
      receiptTo: customer.receiptTo,
      detail: {
        purchaseAmount: body.purchaseAmount,
        rate: tier.pointsPer100Yen,
        rounding: settings.points.rounding,
        card: !!customer.card,
      },
    }
    // One batch: the lot, balance, card use, audit entry, last visit, receipt and rank refresh commit together.
    const expected = {
      ...record,
      entry: { points, purchaseAmount: body.purchaseAmount },
      balance: member.balance + points,
      storeName,
    }
    const outcome = await addPoints(
      db,
      {
        memberId: member.id,
        idempotencyKey: key,
        actor: staffActor(staff),
        storeId,
        staffId: staff.id,
        card: prior ? undefined : customer.card,
        points,
        expiresAt: lotExpiry(now, settings.points),
        purchaseAmount: body.purchaseAmount,
        dailyCap: cap === null ? undefined : { since: startOfDay(now, config.timeZone), points: cap },
      },
      now,
      prior
        ? undefined
        : (ref) => [
            ...checkoutFollowUps(db, config, settings, expected, now, ref),
            ...memberRankRefresh(db, member.id, settings.ranks, now, ref.written),
          ],
    )
    // Another write to this member between the lookup and the batch: the audit entry and receipt follow on their own.
    if (!outcome.replayed && !checkoutFollowed(outcome.followed)) {
      await recordCheckout(db, config, settings, { ...record, entry: outcome.entry, balance: outcome.balance }, now)
    }
    return c.json(
      {
        entry: transaction(outcome.entry, member, c.var.staff.displayName),
        member: summarizeMember({ ...member, rank: outcome.rank, balance: outcome.balance }, settings.ranks),
        replayed: outcome.replayed,
      },
      200,
    )
  })
  .openapi(redeemRoute, async (c) => {
    const { db, config, clock } = c.var.deps
    const staff = c.var.staff
    const body = c.req.valid('json')
    const now = clock()
    const storeId = storeOf(staff, body.storeId)
    const key = ledgerKey(staff, body.idempotencyKey)
    const [settings, prior] = await Promise.all([loadSettings(db), ledgerEntryByKey(db, key)])
    if (!isRedeemable(body.points, settings.points)) {
      throw new ApiError(422, 'invalid_redeem_unit', `Points are redeemed in steps of ${settings.points.redeemUnit}`)
    }
    const [customer, storeName] = await Promise.all([
      findCheckoutCustomer(db, config, prior ? { memberId: prior.memberId } : body, now),
      prior ? null : checkoutStoreName(db, storeId),
    ])
    const { member } = customer
    sameAsPrior(
      prior,
      (e) =>
        e.kind === 'redeem' &&
        e.points === -body.points &&
        e.storeId === storeId &&
        refersTo(config, body, member, now),
    )
    const grant = prior ? null : await withoutCardGrant(db, settings, staff, customer, { ...body, storeId }, now)
    const record = {
      action: 'redeem' as const,
      staff,
      storeId,
      memberId: member.id,
      receiptTo: customer.receiptTo,
      detail: { card: !!customer.card, ...(grant && { withoutCard: true, approvedBy: grant.approvedBy }) },
    }
    const expected = {
      ...record,
      entry: { points: -body.points, purchaseAmount: null },
      balance: member.balance - body.points,
      storeName,
    }
    const outcome = await spendPoints(
      db,
      {
        memberId: member.id,
        idempotencyKey: key,
        actor: staffActor(staff),
        storeId,
        staffId: staff.id,
        card: prior ? undefined : customer.card,
        approvalId: grant?.approvalId,
        points: body.points,
      },
      now,
      prior
        ? undefined
        : (ref) => [
            ...checkoutFollowUps(db, config, settings, expected, now, ref),
            ...(grant
              ? [redeemWithoutCardAlert(db, { ...record, points: body.points, approvedBy: grant.approvedBy }, now, ref)]
              : []),
          ],
    )
    if (!outcome.replayed && !checkoutFollowed(outcome.followed)) {
      await recordCheckout(db, config, settings, { ...record, entry: outcome.entry, balance: outcome.balance }, now)
    }
    return c.json(
      {
        entry: transaction(outcome.entry, member, c.var.staff.displayName),
        member: summarizeMember({ ...member, balance: outcome.balance }, settings.ranks),
        replayed: outcome.replayed,
      },
      200,
    )
  })
  .openapi(lookupRoute, async (c) => {
    const { db, config, clock } = c.var.deps
    const [settings, { member }] = await Promise.all([
      loadSettings(db),
      findCheckoutCustomer(db, config, { memberNumber: c.req.valid('param').memberNumber }, clock()),
    ])
    return c.json(summarizeMember(member, settings.ranks), 200)
  })
  .openapi(rulesRoute, async (c) => {
    const settings = await loadSettings(c.var.deps.db)
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
