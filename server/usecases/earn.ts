// Earning points for a purchase at the till: the lot, balance, card use, audit entry, last visit, receipt, alerts
// and rank refresh in one batch, once per staff member and idempotency key.
import type { LedgerEntry, Member, Staff } from '../../db/schema'
import {
  checkoutFollowUps,
  checkoutSubject,
  ledgerKey,
  refersTo,
  sendMissedReceipt,
  type CustomerRef,
} from '../data/checkout'
import { staffActor } from '../data/audit'
import { addPoints, ledgerEntryByKey } from '../data/ledger'
import { memberRankRefresh } from '../data/ranks'
import { stampCardOf, stampFollowUps } from '../data/stamps'
import { timeZoneOf, type ShopSettings } from '../data/settings'
import { lotExpiry, pointsForPurchase } from '../domain/points'
import { rankByKey } from '../domain/ranks'
import { isRefusal, refusalOf, refuse, type Refusal } from '../domain/refusal'
import { startOfDay } from '../domain/time-zone'
import type { SettingsUseCaseContext } from './context'
import { reusedKey } from './prior-entry'

export interface EarnInput extends CustomerRef {
  staff: Staff
  /** The store the staff member acts for (`storeOf`). */
  storeId: number | null
  purchaseAmount: number
  /** The client's key; scoped to the staff member (`ledgerKey`). */
  idempotencyKey: string
}

/** A checkout write done (or found done before, `replayed`), with the member as they stand after it. */
export interface CheckedOut {
  ok: true
  entry: LedgerEntry
  member: Member
  settings: ShopSettings
  replayed: boolean
}

export async function earnPoints(ctx: SettingsUseCaseContext, input: EarnInput): Promise<CheckedOut | Refusal> {
  const { db, config } = ctx
  const { staff, storeId } = input
  const now = ctx.clock()
  const key = ledgerKey(staff, input.idempotencyKey)
  const [settings, prior] = await Promise.all([ctx.settings.load(), ledgerEntryByKey(db, key)])
  if (input.purchaseAmount > settings.checkout.maxPurchaseAmount) {
    return refuse(
      'purchase_amount_too_large',
      `Purchases above ¥${settings.checkout.maxPurchaseAmount} cannot be entered here`,
    )
  }
  const [customer, store] = await checkoutSubject(db, config, input, prior, storeId, now)
  if (!('member' in customer)) return customer
  const timeZone = timeZoneOf(settings, config, store)
  const { member } = customer
  const reused = reusedKey(
    prior,
    (e) =>
      e.kind === 'earn' &&
      e.purchaseAmount === input.purchaseAmount &&
      e.storeId === storeId &&
      refersTo(config, input, member, now),
  )
  if (reused) return reused
  const tier = rankByKey(member.rank, settings.ranks)
  const points = prior?.points ?? pointsForPurchase(input.purchaseAmount, tier, settings.points)
  if (points < 1) return refuse('no_points', `¥${input.purchaseAmount} earns no points at the ${tier.label} rate`)
  const cap = settings.checkout.dailyEarnCap
  const record = {
    action: 'earn' as const,
    staff,
    storeId,
    memberId: member.id,
    receiptTo: customer.receiptTo,
    receiptLanguage: customer.member.language,
    detail: {
      purchaseAmount: input.purchaseAmount,
      rate: tier.pointsPer100Yen,
      rounding: settings.points.rounding,
      card: !!customer.card,
    },
  }
  const expected = {
    ...record,
    entry: { points, purchaseAmount: input.purchaseAmount },
    balance: member.balance + points,
    storeName: store?.name ?? null,
    timeZone,
  }
  const stampCard = prior ? null : await stampCardOf(db, settings)
  const outcome = await refusalOf(
    addPoints(
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
        purchaseAmount: input.purchaseAmount,
        dailyCap: cap === null ? undefined : { since: startOfDay(now, timeZone), points: cap },
      },
      now,
      prior
        ? undefined
        : (ref) => [
            ...checkoutFollowUps(db, config, settings, expected, now, ref),
            ...memberRankRefresh(db, member.id, settings.ranks, now, ref.written),
            ...(stampCard ? stampFollowUps(db, config, stampCard, { ...expected, ledgerKey: key }, now, ref) : []),
          ],
    ),
  )
  if (isRefusal(outcome)) return outcome
  await sendMissedReceipt(db, config, expected, outcome, now)
  return {
    ok: true,
    entry: outcome.entry,
    member: { ...member, rank: outcome.rank, balance: outcome.balance },
    settings,
    replayed: outcome.replayed,
  }
}
