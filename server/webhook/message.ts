// Text messages: the keywords 「ポイント」「会員証」「予約」 answer balance, card link and next reservation; anything
// else gets a short help, unless another bot shares the account (docs/messaging.md#living-beside-another-bot): then
// only a message that is exactly a keyword is answered, and nothing else, so the two never race for a reply token.
import type { webhook } from '@line/bot-sdk'
import { findLinkedMember } from '../data/card-view'
import { readForwardTargets } from '../data/forward-targets'
import { nextReservation } from '../data/reservations'
import type { AppDeps } from '../env'
import { formatDate, formatPoints, formatTime } from '../messages/format'
import { liffUrl } from '../liff-url'
import { reply, text } from './reply'

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
  const help = `「ポイント」「会員証」「予約」と送ると、ポイント残高・会員証・次回のご予約をお知らせします。\n会員証: ${link}`
  if (keyword === null) return help
  if (keyword === 'card') return `会員証はこちらから開けます。\n${link}`
  const member = await findLinkedMember(deps.db, lineUserId)
  if (!member) return `まだ会員情報と連携されていません。こちらから会員登録・連携ができます。\n${link}`
  if (keyword === 'points')
    return `${member.name}様のポイント残高は ${formatPoints(member.balance)} です。\n会員証: ${link}`
  const next = await nextReservation(deps.db, member.id, now)
  if (!next) return `${member.name}様の今後のご予約はありません。`
  const tz = next.store.timeZone
  const status = next.status === 'confirmed' ? '（確定済み）' : ''
  return `次回のご予約${status}\n${formatDate(next.startsAt, tz)} ${formatTime(next.startsAt, tz)}\n${next.store.name}・${next.partySize}名${next.menu ? `・${next.menu}` : ''}`
}

export async function handleMessage(deps: AppDeps, event: webhook.MessageEvent, now: Date) {
  if (event.source?.type !== 'user' || !event.source.userId) return
  const shared = await sharesAccount(deps)
  const keyword =
    event.message.type === 'text' ? keywordOf((event.message as webhook.TextMessageContent).text, shared) : null
  if (keyword === null && shared) return
  await reply(deps, event.replyToken, [text(await answerFor(deps, event.source.userId, keyword, now))])
}
