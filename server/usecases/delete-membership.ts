// Deleting a membership (the customer's right to erasure): the forfeit of spendable points, the erasure of personal
// data and message bodies, the unlink, the guest rich-menu switch and the audit entry in one batch; then the menu shown.
import { deleteMembership as eraseMembership } from '../data/member-data'
import { isRefusal, type Refusal } from '../domain/refusal'
import { applyRichMenuNow } from '../outbox/rich-menu'
import type { LineUseCaseContext } from './context'

export interface DeleteInput {
  memberId: number
  /** The LINE account the membership was linked to, whose rich menu goes back to the guest menu. */
  lineUserId: string
  /** Who asked: `line:<userId>` for the customer. */
  actor: string
}

export interface Deleted {
  ok: true
  /** Spendable points forfeited through the ledger. */
  forfeited: number
}

export async function deleteMembership(ctx: LineUseCaseContext, input: DeleteInput): Promise<Deleted | Refusal> {
  const erased = await eraseMembership(ctx.db, input.memberId, input.actor, ctx.clock())
  if (isRefusal(erased)) return erased
  await applyRichMenuNow(ctx, input.lineUserId)
  return { ok: true, forfeited: erased.forfeited }
}
