// POS integration (scope `purchases`): earn points for a receipt, redeem, return (reverse) and look up a balance, by
// member number, card code or LINE user id, through the same use cases as the staff page (same ledger rows, ranks,
// receipts and audit, with the API key as the actor). Idempotent per key and receipt id, or per `Idempotency-Key`.
import { z } from '@hono/zod-openapi'
import type { ApiKey } from '../../../db/schema'
import { apiKeyCashier } from '../../data/cashier'
import { findCheckoutCustomer } from '../../data/checkout'
import { entryOfReceipt, posClientKey, storeIdByCode, type PosAction } from '../../data/pos'
import { singleLine } from '../../domain/free-text'
import { summarizeMember, MemberSummary } from '../../member-summary'
import { createRouter, errorResponse, jsonBody, jsonResponse } from '../../openapi'
import { handOnNow } from '../../outbox/queue-producer'
import type { Shop } from '../../shop'
import { earnPoints, type CheckedOut } from '../../usecases/earn'
import { redeemPoints } from '../../usecases/redeem'
import { reverseTransaction } from '../../usecases/reverse'
import { accepted, found } from '../refusals'
import { CheckoutResult, CustomerRef, transaction } from '../staff/schemas'
import { apiKeyRoute } from './guard'

const PosCustomer = {
  ...CustomerRef,
  lineUserId: z
    .string()
    .regex(/^U[0-9a-f]{32}$/, 'a LINE user id')
    .optional()
    .openapi({ description: 'The linked LINE user id (e.g. from the EC site’s LINE Login)' }),
}
const oneOf = (b: { cardToken?: string; memberNumber?: string; lineUserId?: string }) =>
  [b.cardToken, b.memberNumber, b.lineUserId].filter(Boolean).length === 1
const oneOfIssue = { message: 'give exactly one of cardToken, memberNumber, lineUserId', path: ['memberNumber'] }

const ReceiptId = singleLine(z.string().min(1).max(100)).openapi({
  description: 'The POS receipt id: with the key, it makes the request idempotent (unless `Idempotency-Key` is sent)',
})
const StoreCode = singleLine(z.string().min(1).max(50)).openapi({ description: 'The store’s code (admin → stores)' })
const IdempotencyHeader = z.object({
  'idempotency-key': z
    .string()
    .min(8)
    .max(100)
    .regex(/^[\w:.-]+$/)
    .optional()
    .openapi({ description: 'Instead of the receipt id: one key per action, resent unchanged on retry' }),
})

const PosEarn = z
  .object({ ...PosCustomer, amount: z.number().int().min(1), storeCode: StoreCode, receiptId: ReceiptId })
  .refine(oneOf, oneOfIssue)
  .openapi('PosEarn')

const PosRedeem = z
  .object({
    ...PosCustomer,
    points: z.number().int().min(1),
    storeCode: StoreCode,
    receiptId: ReceiptId,
    approvalCode: z
      .string()
      .regex(/^\d{6}$/, '6 digits')
      .optional()
      .openapi({
        description: "A manager's approval code, for a redeem without the card where the shop requires the card",
      }),
  })
  .refine(oneOf, oneOfIssue)
  .openapi('PosRedeem')

const PosReturn = z
  .object({
    receiptId: ReceiptId.optional(),
    entryId: z.number().int().positive().optional().openapi({ description: 'Instead of receiptId: the entry’s id' }),
    of: z.enum(['earn', 'redeem']).default('earn').openapi({ description: 'Which of the receipt’s entries' }),
    reason: singleLine(z.string().trim().min(1).max(200)).default('POS return'),
  })
  .refine((b) => (b.receiptId === undefined) !== (b.entryId === undefined), {
    message: 'give either receiptId or entryId',
    path: ['receiptId'],
  })
  .openapi('PosReturn')

const PosLookup = z.object(PosCustomer).refine(oneOf, oneOfIssue).openapi('PosLookup')

const refusals = {
  400: errorResponse('Invalid body, member number (`invalid_member_number`) or store code (`unknown_store`)'),
  403: errorResponse(
    'The key lacks `purchases` (`api_key_scope_missing`), or a redeem without the card (`card_required`, `approval_invalid`)',
  ),
  404: errorResponse('No such member (`member_not_found`) or entry (`entry_not_found`)'),
  409: errorResponse('`card_used`, `idempotency_key_reused`, `already_reversed`'),
  422: errorResponse('Card code refused (`card_*`), or a point rule (`daily_earn_cap`, `insufficient_points`, ...)'),
}

const post = <B extends z.ZodType>(path: string, summary: string, body: B, ok: string) =>
  apiKeyRoute('purchases', 'post', path, {
    summary,
    request: { headers: IdempotencyHeader, body: jsonBody(body) },
    responses: { 200: jsonResponse(ok, CheckoutResult), ...refusals },
  })

const earnRoute = post('/', 'Award points for a purchase (POS)', PosEarn, 'Points awarded (or the earlier, `replayed`)')
const redeemRoute = post('/redeem', 'Redeem points (POS)', PosRedeem, 'Points redeemed (or the earlier, `replayed`)')
const returnRoute = post(
  '/return',
  'Return a receipt: reverse its earn (or redeem) written by this key',
  PosReturn,
  'The reversal (or the earlier, `replayed`)',
)
const lookupRoute = apiKeyRoute('purchases', 'post', '/lookup', {
  summary: 'A member’s balance and rank (POS), by card code, member number or LINE user id',
  request: { body: jsonBody(PosLookup) },
  responses: { 200: jsonResponse('The member', MemberSummary), ...refusals },
})

const answer = (done: Pick<CheckedOut, 'entry' | 'member' | 'settings' | 'replayed'>, keyName: string) => ({
  entry: transaction(done.entry, done.member, keyName),
  member: summarizeMember(done.member, done.settings.ranks),
  replayed: done.replayed,
})

/** An earn or redeem for a receipt: the key as the cashier, the store by its code, and the idempotency key. */
async function receiptCheckout(
  shop: Shop,
  key: ApiKey,
  action: PosAction,
  storeCode: string,
  receiptId: string,
  headers: { 'idempotency-key'?: string },
) {
  return {
    cashier: apiKeyCashier(key),
    storeId: found(await storeIdByCode(shop.db, storeCode)),
    idempotencyKey: posClientKey(action, receiptId, headers['idempotency-key']),
  }
}

export const integrationPurchases = createRouter()
  .openapi(earnRoute, async (c) => {
    const { receiptId, storeCode, amount, ...customer } = c.req.valid('json')
    const receipt = await receiptCheckout(c.var.shop, c.var.apiKey, 'earn', storeCode, receiptId, c.req.valid('header'))
    const done = accepted(await earnPoints(c.var.shop, { ...customer, ...receipt, purchaseAmount: amount }))
    handOnNow(c.var.shop)
    return c.json(answer(done, c.var.apiKey.name), 200)
  })
  .openapi(redeemRoute, async (c) => {
    const { receiptId, storeCode, ...rest } = c.req.valid('json')
    const receipt = await receiptCheckout(
      c.var.shop,
      c.var.apiKey,
      'redeem',
      storeCode,
      receiptId,
      c.req.valid('header'),
    )
    const done = accepted(await redeemPoints(c.var.shop, { ...rest, ...receipt }))
    handOnNow(c.var.shop)
    return c.json(answer(done, c.var.apiKey.name), 200)
  })
  .openapi(returnRoute, async (c) => {
    const body = c.req.valid('json')
    const key = c.var.apiKey
    const cashier = apiKeyCashier(key)
    const entryId = body.entryId ?? found(await entryOfReceipt(c.var.shop.db, cashier, body.of, body.receiptId!))
    const header = c.req.valid('header')['idempotency-key']
    const reversed = accepted(
      await reverseTransaction(c.var.shop, {
        entryId,
        cashier,
        reason: body.reason,
        idempotencyKey: posClientKey(`return:${body.of}`, body.receiptId ?? `entry-${entryId}`, header),
      }),
    )
    handOnNow(c.var.shop)
    return c.json(
      { ...answer(reversed, key.name), ...(reversed.settlement && { settlement: reversed.settlement }) },
      200,
    )
  })
  .openapi(lookupRoute, async (c) => {
    const { db, config, clock } = c.var.shop
    const [settings, customer] = await Promise.all([
      c.var.shop.settings.load(),
      findCheckoutCustomer(db, config, c.req.valid('json'), clock()),
    ])
    return c.json(summarizeMember(found(customer).member, settings.ranks), 200)
  })
