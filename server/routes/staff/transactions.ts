// A store's recent checkout transactions, and reversing one (managers for their own store, admins for any).
import { z } from '@hono/zod-openapi'
import { recentTransactions } from '../../data/transactions'
import { staffCashier } from '../../data/cashier'
import { singleLine } from '../../domain/free-text'
import { summarizeMember } from '../../member-summary'
import { createRouter, errorResponse, jsonBody, jsonResponse } from '../../openapi'
import { reverseTransaction } from '../../usecases/reverse'
import { idParam } from '../path-id'
import { accepted } from '../refusals'
import { CheckoutResult, IdempotencyKey, Transaction, transaction } from './schemas'
import { managerRoute, staffRoute } from '../guarded-routes'

const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  storeId: z.coerce
    .number()
    .int()
    .positive()
    .optional()
    .openapi({ description: 'Admins only: one store (default: all)' }),
})

export const ReverseRequest = z
  .object({ reason: singleLine(z.string().trim().min(1).max(200)), idempotencyKey: IdempotencyKey })
  .openapi('ReverseRequest')

export const StoreTransactions = z.object({ transactions: z.array(Transaction) })

const listRoute = staffRoute('get', '/', {
  summary: "Recent transactions of the staff member's store (newest first)",
  request: { query: ListQuery },
  responses: { 200: jsonResponse('Transactions', StoreTransactions) },
})

const reverseRoute = managerRoute('post', '/{id}/reverse', {
  summary: 'Reverse a transaction with a reason (manager of its store, or admin); idempotent by key',
  description:
    'Reversing an earn takes back what is left of its points; points already used are taken from the rest of the ' +
    'balance as far as it goes, and what it cannot cover comes back as `settlement.shortfall` (and in yen) for the shop to settle, e.g. off the cash refund.',
  request: { params: idParam, body: jsonBody(ReverseRequest) },
  responses: {
    200: jsonResponse('The reversal entry (or the earlier one, `replayed`)', CheckoutResult),
    403: errorResponse('Not a manager or admin (`role_required`), or another store (`other_store`)'),
    404: errorResponse('No such transaction (`entry_not_found`)'),
    409: errorResponse('`already_reversed`, `idempotency_key_reused`'),
    422: errorResponse('Not reversible (`not_reversible`)'),
  },
})

export const staffTransactions = createRouter()
  .openapi(listRoute, async (c) => {
    const { db } = c.var.shop
    const staff = c.var.staff
    const { limit, storeId } = c.req.valid('query')
    const transactions = await recentTransactions(db, staff.storeId ?? storeId, limit)
    return c.json({ transactions }, 200)
  })
  .openapi(reverseRoute, async (c) => {
    const { reason, idempotencyKey } = c.req.valid('json')
    const staff = c.var.staff
    const reversed = accepted(
      await reverseTransaction(c.var.shop, {
        entryId: c.req.valid('param').id,
        cashier: staffCashier(staff),
        reason,
        idempotencyKey,
      }),
    )
    return c.json(
      {
        entry: transaction(reversed.entry, reversed.member, staff.displayName),
        member: summarizeMember(reversed.member, reversed.settings.ranks),
        replayed: reversed.replayed,
        ...(reversed.settlement && { settlement: reversed.settlement }),
      },
      200,
    )
  })
