// Earning points for a purchase at the till: the lot, balance, card use, audit entry, last visit, receipt, alerts
// and rank refresh in one batch, once per cashier (staff member or API key) and idempotency key.
import type { LedgerEntry, Member } from '../../db/schema'
import { checkoutSubject, checkoutWrite, ledgerKey, refersTo, type CustomerRef } from '../data/checkout'
import type { Cashier } from '../data/cashier'
import { addPoints, firstEarnEvent, ledgerEntryByKey, type LedgerOutcome } from '../data/ledger'
import { memberRankRefresh } from '../data/ranks'
import { stampCardOf, stampFollowUps } from '../data/stamps'
import { timeZoneOf, type ShopSettings } from '../data/settings'
import { dayStartOf } from '../domain/day-start'
import { lotExpiry, pointsForPurchase } from '../domain/points'
import { rankByKey } from '../domain/ranks'
import { isRefusal, refusalOf, refuse, type Refusal } from '../domain/refusal'
import type { ScenarioUseCaseContext, SettingsUseCaseContext } from './context'
import { reusedKey } from './prior-entry'

export interface EarnInput extends CustomerRef {
  cashier: Cashier
  /** The store the cashier acts for (`storeOf`, or the API request's store). */
  storeId: number | null
  purchaseAmount: number
  /** The client's key; scoped to the cashier (`ledgerKey`). */
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

export async function earnPoints(
  ctx: SettingsUseCaseContext & ScenarioUseCaseContext,
  input: EarnInput,
): Promise<CheckedOut | Refusal> {
  const { db, config } = ctx
  const { cashier, storeId } = input
  const now = ctx.clock()
  const key = ledgerKey(cashier, input.idempotencyKey)
  const [settings, prior, starts] = await Promise.all([
    ctx.settings.load(),
    ledgerEntryByKey(db, key),
    ctx.scenarioStarts.load(),
  ])
  if (input.purchaseAmount > settings.checkout.maxPurchaseAmount) {
    return refuse(
      'purchase_amount_too_large',
      `Purchases above ¥${settings.checkout.maxPurchaseAmount} cannot be entered here`,
    )
  }
  const [customer, store] = await checkoutSubject(ctx, input, prior, storeId, now)
  if (!('member' in customer)) return customer
  const timeZone = timeZoneOf(settings, config, store)
  const { member } = customer
  const reused = reusedKey(
    prior,
    (e) =>
      e.kind === 'earn' &&
      e.purchaseAmount === input.purchaseAmount &&
      e.storeId === storeId &&
      refersTo(config, input, customer, now),
  )
  if (reused) return reused
  const tier = rankByKey(member.rank, settings.ranks)
  const points = prior?.points ?? pointsForPurchase(input.purchaseAmount, tier, settings.points)
  if (points < 1) return refuse('no_points', `¥${input.purchaseAmount} earns no points at the ${tier.label} rate`)
  const cap = settings.checkout.dailyEarnCap
  const write = checkoutWrite(
    db,
    config,
    settings,
    {
      action: 'earn',
      cashier,
      storeId,
      customer,
      store,
      timeZone,
      key,
      prior,
      points,
      purchaseAmount: input.purchaseAmount,
      detail: {
        purchaseAmount: input.purchaseAmount,
        rate: tier.pointsPer100Yen,
        rounding: settings.points.rounding,
        card: !!customer.card,
      },
    },
    now,
  )
  // Stamp mode off (the default): no read and no await on the earn's path.
  const stampCard = prior || !settings.stampCard.enabled ? null : await stampCardOf(db, settings)
  const outcome = await refusalOf(
    addPoints(
      db,
      {
        ...write.ledger,
        points,
        expiresAt: lotExpiry(now, settings.points),
        purchaseAmount: input.purchaseAmount,
        dailyCap: cap === null ? undefined : { since: dayStartOf(now, timeZone), points: cap },
      },
      now,
      write.followUps((ref) => [
        ...memberRankRefresh(db, member.id, settings.ranks, now, ref.written, settings.couponRules.rankUp),
        // Only a first-purchase scenario reads this event (no scenario, or none active: not written).
        ...(starts.has('purchase.first')
          ? [firstEarnEvent(db, member.id, { purchaseAmount: input.purchaseAmount }, ref, now)]
          : []),
        ...(stampCard
          ? stampFollowUps(db, config, stampCard, { ...write.record, timeZone, ledgerKey: key }, now, ref)
          : []),
      ]),
    ),
  )
  if (isRefusal(outcome)) return outcome
  await write.sendMissedReceipt(outcome)
  return checkedOut(member, settings, outcome)
}

/** The answer of a checkout write: its entry, the member with the balance and rank read right after it. */
export function checkedOut(member: Member, settings: ShopSettings, outcome: LedgerOutcome): CheckedOut {
  const { entry, balance, rank, replayed } = outcome
  return { ok: true, entry, member: { ...member, rank, balance }, settings, replayed }
}
