// The greeting replied to a follow, with the reply token (free, immediate): a new friend is invited to register or
// link, an unblocked friend is welcomed back, a friend who is already a member is welcomed back by name. The texts are
// the admin's (settings `greeting`), in the member's language or their LINE profile's; the LIFF link comes last.
// When another bot shares the account (sharesAccount) it is the one to greet: the two must not race for the token.
import type { webhook } from '@line/bot-sdk'
import { findLinkedMember } from '../data/card-view'
import { loadSettings, type ShopSettings } from '../data/settings'
import type { AppDeps } from '../env'
import { liffUrl } from '../liff-url'
import { fillName } from '../messages/automated-defaults'
import { sharesAccount } from './message'
import { reply, replyLocale, text } from './reply'

export type GreetingCase = keyof ShopSettings['greeting']['texts']['ja']

/** Which greeting a follow gets: a member's, an unblocked friend's, or a new friend's. */
export const greetingCase = (isMember: boolean, isUnblocked: boolean): GreetingCase =>
  isMember ? 'member' : isUnblocked ? 'returning' : 'newFriend'

export async function replyGreeting(deps: AppDeps, event: webhook.FollowEvent, lineUserId: string): Promise<void> {
  const { greeting } = await loadSettings(deps.db)
  if (!greeting.enabled || !event.replyToken || (await sharesAccount(deps))) return
  const member = await findLinkedMember(deps.db, lineUserId)
  const locale = await replyLocale(deps, lineUserId, member)
  const body = greeting.texts[locale][greetingCase(member !== undefined, event.follow.isUnblocked)]
  await reply(deps, event.replyToken, [text(`${fillName(body, member?.name ?? '')}\n${liffUrl(deps.config)}`)])
}
