// Text messages: the keywords 「ポイント」「会員証」「予約」 (or points, card, reservation) answer balance, card link and
// next reservation, in the customer's language (replyLocale); anything else gets a short help, unless another bot
// shares the account (docs/messaging.md#living-beside-another-bot): then only a message that is exactly a keyword is
// answered, and nothing else, so the two never race for a reply token.
import type { webhook } from '@line/bot-sdk'
import { findLinkedMember } from '../data/card-view'
import { readForwardTargets } from '../data/forward-targets'
import { nextReservation } from '../data/reservations'
import type { AppDeps } from '../env'
import { liffUrl } from '../liff-url'
import { balanceAnswer, cardAnswer, helpAnswer, nextVisitAnswer, notLinkedAnswer } from '../messages/replies'
import { reply, replyLocale, text } from './reply'

export type Keyword = 'points' | 'card' | 'reservation' | null

const keywords: [Exclude<Keyword, null>, RegExp][] = [
  ['points', /ポイント|残高|points?/i],
  ['card', /会員証|カード|card/i],
  ['reservation', /予約|reservations?/i],
]

/**
 * The keyword a message asks about (full-width and half-width forms alike): anywhere in it, or with `exact` only
 * when the whole message is the keyword (with another bot beside us, 「ポイントカードは使えますか」 is its question).
 */
export function keywordOf(message: string, exact = false): Keyword {
  const normalized = message.normalize('NFKC').trim()
  for (const [keyword, pattern] of keywords) {
    if (exact ? new RegExp(`^(?:${pattern.source})[?？!！。]?$`, 'i').test(normalized) : pattern.test(normalized))
      return keyword
  }
  return null
}

/** True when another bot reads this account's events too: Tsunagu forwards them, or another tool owns the webhook. */
export async function sharesAccount(deps: AppDeps): Promise<boolean> {
  return deps.config.webhookOwner === 'other' || (await readForwardTargets(deps.db)).length > 0
}

export async function answerFor(deps: AppDeps, lineUserId: string, keyword: Keyword, now: Date): Promise<string> {
  const link = liffUrl(deps.config)
  const member = await findLinkedMember(deps.db, lineUserId)
  const locale = await replyLocale(deps, lineUserId, member)
  if (keyword === null) return helpAnswer(locale, link)
  if (keyword === 'card') return cardAnswer(locale, link)
  if (!member) return notLinkedAnswer(locale, link)
  if (keyword === 'points') return balanceAnswer(locale, member.name, member.balance, link)
  const next = await nextReservation(deps.db, member.id, now)
  return nextVisitAnswer(locale, member.name, next && { ...next, confirmed: next.status === 'confirmed' })
}

export async function handleMessage(deps: AppDeps, event: webhook.MessageEvent, now: Date) {
  if (event.source?.type !== 'user' || !event.source.userId) return
  const shared = await sharesAccount(deps)
  const keyword =
    event.message.type === 'text' ? keywordOf((event.message as webhook.TextMessageContent).text, shared) : null
  if (keyword === null && shared) return
  await reply(deps, event.replyToken, [text(await answerFor(deps, event.source.userId, keyword, now))])
}
