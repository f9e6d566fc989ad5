// Redeeming points at the till: the spend from the earliest-expiring lots, card or approval use, audit entry, last
// visit, receipt and the without-card alert in one batch, once per cashier (staff member or API key) and idempotency key.
import type { Database } from '../../db/client'
import {
  checkoutSubject,
  checkoutWrite,
  ledgerKey,
  redeemWithoutCardAlert,
  refersTo,
  type CheckoutCustomer,
  type CustomerRef,
} from '../data/checkout'
import { vouchesForRedeem, type Cashier } from '../data/cashier'
import { ledgerEntryByKey, spendPoints } from '../data/ledger'
import { findRedeemApproval } from '../data/redeem-approvals'
import { timeZoneOf, type ShopSettings } from '../data/settings'
import { isRedeemable } from '../domain/points'
import { isRefusal, refusalOf, refuse, type Refusal } from '../domain/refusal'
import type { SettingsUseCaseContext } from './context'
import { checkedOut, type CheckedOut } from './earn'
import { reusedKey } from './prior-entry'

export interface RedeemInput extends CustomerRef {
  cashier: Cashier
  /** The store the cashier acts for (`storeOf`, or the API request's store). */
  storeId: number | null
  points: number
  /** A manager's approval code for redeeming without the card. */
  approvalCode?: string
  /** The client's key; scoped to the cashier (`ledgerKey`). */
  idempotencyKey: string
}

type Grant = { approvedBy: number | null; approvalId?: number }

/**
 * Who vouches for a redeem without the member's card (null when the card was scanned): a manager or admin acting
 * themselves, or a manager's approval code for exactly this redeem; plain staff without one are refused while the
 * shop requires the card (`card_required`).
 */
async function withoutCardGrant(
  db: Database,
  settings: ShopSettings,
  customer: CheckoutCustomer,
  input: RedeemInput,
  now: Date,
): Promise<Grant | null | Refusal> {
  if (customer.card) return null
  if (vouchesForRedeem(input.cashier)) return { approvedBy: input.cashier.staffId }
  if (input.approvalCode) {
    const scope = { memberId: customer.member.id, points: input.points, storeId: input.storeId }
    const approval = await findRedeemApproval(db, input.approvalCode, scope, now)
    if (isRefusal(approval)) return approval
    return { approvedBy: approval.approvedBy, approvalId: approval.id }
  }
  if (settings.checkout.requireCardToRedeem) {
    return refuse('card_required', "Points can only be redeemed with the member's card, or with a manager's approval")
  }
  return { approvedBy: null }
}

export async function redeemPoints(ctx: SettingsUseCaseContext, input: RedeemInput): Promise<CheckedOut | Refusal> {
  const { db, config } = ctx
  const { cashier, storeId } = input
  const now = ctx.clock()
  const key = ledgerKey(cashier, input.idempotencyKey)
  const [settings, prior] = await Promise.all([ctx.settings.load(), ledgerEntryByKey(db, key)])
  if (!isRedeemable(input.points, settings.points)) {
    return refuse('invalid_redeem_unit', `Points are redeemed in steps of ${settings.points.redeemUnit}`)
  }
  const [customer, store] = await checkoutSubject(ctx, input, prior, storeId, now)
  if (!('member' in customer)) return customer
  const { member } = customer
  const reused = reusedKey(
    prior,
    (e) =>
      e.kind === 'redeem' &&
      e.points === -input.points &&
      e.storeId === storeId &&
      refersTo(config, input, customer, now),
  )
  if (reused) return reused
  const grant = prior ? null : await withoutCardGrant(db, settings, customer, input, now)
  if (grant && 'refusal' in grant) return grant
  const write = checkoutWrite(
    db,
    config,
    settings,
    {
      action: 'redeem',
      cashier,
      storeId,
      customer,
      store,
      timeZone: timeZoneOf(settings, config, store),
      key,
      prior,
      points: -input.points,
      purchaseAmount: null,
      detail: { card: !!customer.card, ...(grant && { withoutCard: true, approvedBy: grant.approvedBy }) },
    },
    now,
  )
  const withoutCard = { ...write.record, points: input.points, approvedBy: grant?.approvedBy ?? null }
  const outcome = await refusalOf(
    spendPoints(
      db,
      { ...write.ledger, approvalId: grant?.approvalId, points: input.points },
      now,
      write.followUps((ref) => (grant ? [redeemWithoutCardAlert(db, withoutCard, now, ref)] : [])),
    ),
  )
  if (isRefusal(outcome)) return outcome
  await write.sendMissedReceipt(outcome)
  return checkedOut(member, settings, outcome)
}
