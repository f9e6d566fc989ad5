// What linking and unlinking do beyond the database: show the rich menu they planned (the outbox retries it when
// LINE fails now).
import { linkAccount, unlinkAccount, type LinkInput, type UnlinkInput } from '../data/linking'
import type { AppDeps } from '../env'
import { applyRichMenuNow } from '../outbox/rich-menu'

/** Links and shows the member rich menu; true when a new link was made. */
export async function linkAndShowMenu(deps: AppDeps, input: LinkInput): Promise<boolean> {
  const linked = await linkAccount(deps.db, input, deps.clock())
  await applyRichMenuNow(deps, input.lineUserId)
  return linked
}

/** Unlinks and shows the guest rich menu; the member id that was unlinked, or null. */
export async function unlinkAndShowMenu(deps: AppDeps, input: UnlinkInput): Promise<number | null> {
  const memberId = await unlinkAccount(deps.db, input, deps.clock())
  if (memberId !== null) await applyRichMenuNow(deps, input.lineUserId)
  return memberId
}
