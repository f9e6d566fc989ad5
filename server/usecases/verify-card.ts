// Staff checking a scanned member card code before a checkout: signature and freshness, not used yet, the membership
// active and still linked to the LINE account that showed it. Reads only; refusals are values.
import type { Member } from '../../db/schema'
import { scannedCard } from '../data/card-view'
import { cardRefusal } from '../data/checkout'
import { cardRevoked } from '../data/ledger'
import type { ShopSettings } from '../data/settings'
import { cardTokenTtlSeconds, verifyCardToken } from '../domain/card-token'
import { refuse, type Refusal } from '../domain/refusal'
import type { SettingsUseCaseContext } from './context'

export interface CardVerified {
  ok: true
  tokenId: string
  expiresAt: Date
  member: Member
  settings: ShopSettings
}

export async function verifyCard(ctx: SettingsUseCaseContext, token: string): Promise<CardVerified | Refusal> {
  const result = verifyCardToken(ctx.config.cardKeys, token, ctx.clock())
  if (!result.ok) return cardRefusal(result.reason)
  const { claims } = result
  // The token is only as good as the link that showed it: one issued before an unlink (or a re-link) is refused.
  const { member, used, link } = await scannedCard(ctx.db, claims)
  if (used) return refuse('card_used', 'This card code has already been used for a transaction')
  if (!member || member.status !== 'active') {
    return refuse('card_member_inactive', 'This membership is no longer active')
  }
  if (!link) return cardRevoked()
  return {
    ok: true,
    tokenId: claims.tokenId,
    expiresAt: new Date((claims.issuedAt + cardTokenTtlSeconds) * 1000),
    member,
    settings: await ctx.settings.load(),
  }
}
