// Reversing a checkout transaction (a manager of its store, or an admin): the reversal entry, its audit entry,
// receipt, reversals alert and rank refresh are written in one batch, once per idempotency key.
import { eq } from 'drizzle-orm'
import { members, pointLedger, type LedgerEntry, type Member } from '../../db/schema'
import { ledgerKey, receiptRecipient, reversalFollowUps, reversalReceiptSent, sendReceipt } from '../data/checkout'
import type { Cashier } from '../data/cashier'
import { reversalPreview, reverseEntry } from '../data/ledger'
import { memberRankRefresh } from '../data/ranks'
import { stampTakenBack } from '../data/stamps'
import { timeZoneOf, type ShopSettings } from '../data/settings'
import { reversalSettlement, type ReversalSettlement } from '../domain/points'
import { isRefusal, refusalOf, refuse, type Refusal } from '../domain/refusal'
import type { SettingsUseCaseContext } from './context'

export interface ReverseInput {
  entryId: number
  cashier: Cashier
  reason: string
  /** The client's key; scoped to the cashier (`ledgerKey`). */
  idempotencyKey: string
}

export interface Reversed {
  ok: true
  entry: LedgerEntry
  /** The member as they stand after the reversal. */
  member: Member
  settings: ShopSettings
  replayed: boolean
  /** For a reversed earn: what was taken back, what expired and the shortfall the shop settles. */
  settlement?: ReversalSettlement
}

const shortfallOf = (shortfall: number | null, yenPerPoint: number) =>
  shortfall ? { points: shortfall, yen: Math.round(shortfall * yenPerPoint) } : null

export async function reverseTransaction(
  ctx: SettingsUseCaseContext,
  input: ReverseInput,
): Promise<Reversed | Refusal> {
  const { db, config } = ctx
  const { cashier } = input
  const now = ctx.clock()
  const [original, settings] = await Promise.all([
    db.query.pointLedger.findFirst({ where: eq(pointLedger.id, input.entryId) }),
    ctx.settings.load(),
  ])
  // A shop system reverses only what its own key wrote (a POS return of its receipt).
  if (!original || (cashier.role === 'api_key' && original.actor !== cashier.actor)) {
    return refuse('entry_not_found', 'No transaction with this id')
  }
  if (cashier.storeId !== null && original.storeId !== cashier.storeId) {
    return refuse('other_store', "Only an admin or the store's own manager can reverse this transaction")
  }
  if (original.kind === 'reverse' || original.kind === 'expire') {
    return refuse('not_reversible', `A ${original.kind} entry cannot be reversed`)
  }
  const yenPerPoint = settings.points.yenPerPoint ?? 1
  const [preview, recipient, store] = await Promise.all([
    reversalPreview(db, original, now.getTime()),
    receiptRecipient(db, original.memberId),
    ctx.settings.store(original.storeId),
  ])
  const pending = {
    cashier,
    storeId: original.storeId,
    memberId: original.memberId,
    receiptTo: recipient.to,
    receiptLanguage: recipient.language,
    storeName: store?.name ?? null,
    timeZone: timeZoneOf(settings, config, store),
    entry: { points: preview.points, purchaseAmount: null },
    balance: preview.balance,
    shortfall: shortfallOf(preview.shortfall, yenPerPoint),
    original,
    reason: input.reason,
    yenPerPoint,
  }
  const outcome = await refusalOf(
    reverseEntry(
      db,
      {
        entryId: original.id,
        idempotencyKey: ledgerKey(cashier, input.idempotencyKey),
        actor: cashier.actor,
        storeId: original.storeId,
        note: input.reason,
      },
      now,
      (ref) => [
        ...reversalFollowUps(db, config, settings, pending, now, ref),
        ...(original.kind === 'earn'
          ? [
              ...memberRankRefresh(db, original.memberId, settings.ranks, now, ref.written),
              stampTakenBack(db, original.id, ref),
            ]
          : []),
      ],
    ),
  )
  if (isRefusal(outcome)) return outcome
  const settlement = original.points > 0 ? reversalSettlement(original.points, outcome.entry, yenPerPoint) : undefined
  // Another write to this member since the preview: the receipt states the entry as written (its own batch).
  if (!outcome.replayed && recipient.to && !reversalReceiptSent(pending, outcome.followed)) {
    const shortfall = shortfallOf(outcome.entry.shortfall, yenPerPoint)
    await sendReceipt(
      db,
      config,
      {
        ...pending,
        action: 'reverse',
        receiptTo: recipient.to,
        entry: outcome.entry,
        balance: outcome.balance,
        shortfall,
      },
      outcome.entry.id,
      now,
    )
  }
  const member = (await db.query.members.findFirst({ where: eq(members.id, original.memberId) }))!
  return {
    ok: true,
    entry: outcome.entry,
    member: { ...member, balance: outcome.balance },
    settings,
    replayed: outcome.replayed,
    ...(settlement && { settlement }),
  }
}
