// Linking a LINE account to an existing membership (in the LIFF app, by an admin, or through LINE's account-link
// flow): the link, its audit entry, the guard's use and the rich-menu switch in one batch, then the menu shown.
import { linkAccount, type LinkInput } from '../data/linking'
import { isRefusal, type Refusal } from '../domain/refusal'
import { applyRichMenuNow } from '../outbox/rich-menu'
import type { LineUseCaseContext } from './context'

export interface Linked {
  ok: true
  /** False when exactly this link was already in place (nothing written). */
  linked: boolean
}

export async function linkMembership(ctx: LineUseCaseContext, input: LinkInput): Promise<Linked | Refusal> {
  const linked = await linkAccount(ctx.db, input, ctx.clock())
  if (isRefusal(linked)) return linked
  await applyRichMenuNow(ctx, input.lineUserId)
  return { ok: true, linked }
}
