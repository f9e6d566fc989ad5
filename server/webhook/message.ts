// Text messages: the keywords 「ポイント」「会員証」「予約」 answer balance, card link and next reservation; anything
// else gets a short help.
import type { webhook } from '@line/bot-sdk'
import { findLinkedMember } from '../data/card-view'
import { nextReservation } from '../data/reservations'
import type { AppDeps } from '../env'
import { cardUrl, formatDate, formatPoints, formatTime } from '../messages/format'
import { reply, text } from './reply'

export type Keyword = 'points' | 'card' | 'reservation' | null

/** The keyword a message asks about (full-width and half-width forms alike). */
export function keywordOf(message: string): Keyword {
  const normalized = message.normalize('NFKC')
  if (/ポイント|残高|point/i.test(normalized)) return 'points'
  if (/会員証|カード|card/i.test(normalized)) return 'card'
  if (/予約|reservation/i.test(normalized)) return 'reservation'
  return null
}

export async function answerFor(deps: AppDeps, lineUserId: string, keyword: Keyword, now: Date): Promise<string> {
  const link = cardUrl(deps.config)
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
  const keyword = event.message.type === 'text' ? keywordOf((event.message as webhook.TextMessageContent).text) : null
  await reply(deps, event.replyToken, [text(await answerFor(deps, event.source.userId, keyword, now))])
}
