// A manager (or admin) approving one redeem without the member's card: the approval (its code stored only as a hash)
// and a `checkout.redeem_approval` audit entry in one batch; the code is answered once, for the manager to pass on.
import type { Member, Staff } from '../../db/schema'
import { findCheckoutCustomer } from '../data/checkout'
import { createRedeemApproval } from '../data/redeem-approvals'
import type { ShopSettings } from '../data/settings'
import { isRedeemable } from '../domain/points'
import { isRefusal, refuse, type Refusal } from '../domain/refusal'
import type { SettingsUseCaseContext } from './context'

export interface RedeemApprovalInput {
  manager: Staff
  /** The store of the till (`storeOf`); null: an admin's approval, good at any till. */
  storeId: number | null
  memberNumber: string
  points: number
}

export interface RedeemApproved {
  ok: true
  /** Six digits to type at the till; not stored, so shown only now. */
  code: string
  expiresAt: Date
  member: Member
  settings: ShopSettings
}

export async function approveRedeem(
  ctx: SettingsUseCaseContext,
  input: RedeemApprovalInput,
): Promise<RedeemApproved | Refusal> {
  const now = ctx.clock()
  const [settings, customer] = await Promise.all([
    ctx.settings.load(),
    findCheckoutCustomer(ctx.db, ctx.config, { memberNumber: input.memberNumber }, now),
  ])
  if (isRefusal(customer)) return customer
  if (!isRedeemable(input.points, settings.points)) {
    return refuse('invalid_redeem_unit', `Points are redeemed in steps of ${settings.points.redeemUnit}`)
  }
  const { member } = customer
  const scope = { memberId: member.id, points: input.points, storeId: input.storeId }
  const { code, expiresAt } = await createRedeemApproval(ctx.db, input.manager, scope, now)
  return { ok: true, code, expiresAt, member, settings }
}
