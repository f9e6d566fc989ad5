// A store's recent checkout transactions, and reversing one (managers for their own store, admins for any).
import { createRoute, z } from '@hono/zod-openapi'
import { eq, sql } from 'drizzle-orm'
import { members, pointLedger, type LedgerEntry } from '../../../db/schema'
import { receiptRecipient, recordCheckout, staffActor } from '../../data/checkout'
import { reverseEntry } from '../../data/ledger'
import { refreshMemberRank } from '../../data/ranks'
import { loadSettings } from '../../data/settings'
import { singleLine } from '../../domain/free-text'
import { reversalSettlement } from '../../domain/points'
import { forbidden, notFound } from '../../errors'
import { MemberSummary, summarizeMember } from '../../member-summary'
import { requireSession } from '../../middleware/session'
import { requireStaff } from '../../middleware/staff'
import { bearerAuth, createRouter, errorResponse, jsonBody, jsonResponse } from '../../openapi'
import { idParam } from '../path-id'
import { CheckoutResult, IdempotencyKey, Transaction, ledgerKey, transaction } from './schemas'

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

const listRoute = createRoute({
  method: 'get',
  path: '/',
  summary: "Recent transactions of the staff member's store (newest first)",
  security: bearerAuth,
  middleware: [requireSession, requireStaff()] as const,
  request: { query: ListQuery },
  responses: {
    200: jsonResponse('Transactions', z.object({ transactions: z.array(Transaction) })),
    400: errorResponse('Invalid query'),
    401: errorResponse('No valid session'),
    403: errorResponse('Not staff'),
  },
})

const reverseRoute = createRoute({
  method: 'post',
  path: '/{id}/reverse',
  summary: 'Reverse a transaction with a reason (manager of its store, or admin); idempotent by key',
  description:
    'Reversing an earn takes back what is left of its points; points already used are taken from the rest of the ' +
    'balance as far as it goes, and what it cannot cover comes back as `settlement.shortfall` (and in yen) for the shop to settle, e.g. off the cash refund.',
  security: bearerAuth,
  middleware: [requireSession, requireStaff('manager', 'admin')] as const,
  request: { params: idParam, body: jsonBody(ReverseRequest) },
  responses: {
    200: jsonResponse('The reversal entry (or the earlier one, `replayed`)', CheckoutResult),
    400: errorResponse('Invalid body'),
    401: errorResponse('No valid session'),
    403: errorResponse('Not a manager or admin (`role_required`), or another store (`other_store`)'),
    404: errorResponse('No such transaction (`entry_not_found`)'),
    409: errorResponse('`already_reversed`, `idempotency_key_reused`'),
    422: errorResponse('Not reversible (`not_reversible`)'),
  },
})

interface Row {
  id: number
  kind: LedgerEntry['kind']
  points: number
  purchase_amount: number | null
  created_at: number
  store_id: number | null
  actor: string
  actor_name: string | null
  note: string | null
  shortfall: number | null
  member_number: string
  name: string
  reversed: number
}

export const staffTransactions = createRouter()
  .openapi(listRoute, async (c) => {
    const { db } = c.var.deps
    const staff = c.var.staff
    const { limit, storeId } = c.req.valid('query')
    const store = staff.storeId ?? storeId
    const rows = await db.all<Row>(sql`
      SELECT l.id, l.kind, l.points, l.purchase_amount, l.created_at, l.store_id, l.actor, s.display_name AS actor_name,
        l.note, l.shortfall, m.member_number, m.name,
        EXISTS (SELECT 1 FROM point_ledger r WHERE r.reverses_id = l.id) AS reversed
      FROM point_ledger l JOIN members m ON m.id = l.member_id
        LEFT JOIN staff s ON l.actor = 'staff:' || s.id
      WHERE ${store === undefined ? sql`l.store_id IS NOT NULL` : sql`l.store_id = ${store}`}
      ORDER BY l.id DESC LIMIT ${limit}`)
    return c.json(
      {
        transactions: rows.map((r) => ({
          id: r.id,
          kind: r.kind,
          points: r.points,
          purchaseAmount: r.purchase_amount,
          at: new Date(r.created_at).toISOString(),
          storeId: r.store_id,
          actor: r.actor,
          actorName: r.actor_name,
          memberNumber: r.member_number,
          memberName: r.name,
          note: r.note,
          shortfall: r.shortfall,
          reversed: r.reversed === 1,
        })),
      },
      200,
    )
  })
  .openapi(reverseRoute, async (c) => {
    const { db, config, clock } = c.var.deps
    const staff = c.var.staff
    const { id } = c.req.valid('param')
    const { reason, idempotencyKey } = c.req.valid('json')
    const now = clock()
    const [original, settings] = await Promise.all([
      db.query.pointLedger.findFirst({ where: eq(pointLedger.id, id) }),
      loadSettings(db),
    ])
    if (!original) throw notFound('entry_not_found', 'No transaction with this id')
    if (staff.storeId !== null && original.storeId !== staff.storeId) {
      throw forbidden('other_store', "Only an admin or the store's own manager can reverse this transaction")
    }
    const outcome = await reverseEntry(
      db,
      {
        entryId: id,
        idempotencyKey: ledgerKey(staff, idempotencyKey),
        actor: staffActor(staff),
        storeId: original.storeId,
        note: reason,
      },
      now,
    )
    const settlement =
      original.points > 0 ? reversalSettlement(original.points, outcome.entry, settings.points.yenPerPoint) : undefined
    const shortfall = settlement?.shortfall ? { points: settlement.shortfall, yen: settlement.shortfallYen } : null
    if (!outcome.replayed) {
      const receiptTo = await receiptRecipient(db, original.memberId)
      await Promise.all([
        original.kind === 'earn' ? refreshMemberRank(db, original.memberId, settings.ranks, now) : null,
        recordCheckout(
          db,
          config,
          settings,
          {
            action: 'reverse',
            staff,
            storeId: original.storeId,
            memberId: original.memberId,
            entry: outcome.entry,
            balance: outcome.balance,
            receiptTo,
            shortfall,
            detail: { reverses: original.id, reversedKind: original.kind, reason, ...(settlement && { settlement }) },
          },
          now,
        ),
      ])
    }
    const member = (await db.query.members.findFirst({ where: eq(members.id, original.memberId) }))!
    return c.json(
      {
        entry: transaction(outcome.entry, member, staff.displayName),
        member: summarizeMember({ ...member, balance: outcome.balance }, settings.ranks),
        replayed: outcome.replayed,
        ...(settlement && { settlement }),
      },
      200,
    )
  })
