// Unlinking a LINE account from its membership (the customer, or an admin by member): the unlink, its audit entry
// and the rich-menu switch back to the guest menu in one batch, then the menu shown. The membership stays.
import { findAccountOfMember, unlinkAccount, type UnlinkInput } from '../data/linking'
import { refuse, type Refusal } from '../domain/refusal'
import { applyRichMenuNow } from '../outbox/rich-menu'
import type { LineUseCaseContext } from './context'

export type UnlinkTarget = { lineUserId: string } | { memberId: number }

export interface Unlinked {
  ok: true
  memberId: number
  lineUserId: string
}

const notLinked = () => refuse('not_linked', 'This LINE account is not linked to a membership')

export async function unlinkMembership(
  ctx: LineUseCaseContext,
  input: UnlinkTarget & Omit<UnlinkInput, 'lineUserId'>,
): Promise<Unlinked | Refusal> {
  let lineUserId: string
  if ('memberId' in input) {
    const account = await findAccountOfMember(ctx.db, input.memberId)
    if (!account) return refuse('not_linked', 'This membership is not linked to a LINE account')
    lineUserId = account.lineUserId
  } else {
    lineUserId = input.lineUserId
  }
  const memberId = await unlinkAccount(ctx.db, { lineUserId, actor: input.actor, reason: input.reason }, ctx.clock())
  if (memberId === null) return notLinked()
  await applyRichMenuNow(ctx, lineUserId)
  return { ok: true, memberId, lineUserId }
}
