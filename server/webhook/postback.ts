// Postbacks from the reminder's buttons: `reservation:confirm:<id>` / `reservation:cancel:<id>`. The reservation must
// belong to the member linked to the tapping user; a repeated tap is answered, not applied twice. Answers are in the
// member's language (replyLocale).
import type { webhook } from '@line/bot-sdk'
import { findLinkedMember } from '../data/card-view'
import { customerSetStatus, type CustomerAction } from '../data/reservations'
import type { AppDeps } from '../env'
import { liffUrl } from '../liff-url'
import { linkFirstAnswer, postbackAnswerText, type PostbackAnswer } from '../messages/replies'
import { reply, replyLocale, text } from './reply'

export function parseReservationPostback(data: string): { action: CustomerAction; reservationId: number } | null {
  const match = /^reservation:(confirm|cancel):(\d{1,12})$/.exec(data)
  return match ? { action: match[1] as CustomerAction, reservationId: Number(match[2]) } : null
}

export async function postbackAnswer(
  deps: AppDeps,
  lineUserId: string,
  data: string,
  now: Date,
): Promise<string | null> {
  const parsed = parseReservationPostback(data)
  if (!parsed) return null
  const member = await findLinkedMember(deps.db, lineUserId)
  const locale = await replyLocale(deps, lineUserId, member)
  if (!member) return linkFirstAnswer(locale, liffUrl(deps.config))
  const result = await customerSetStatus(
    deps.db,
    parsed.reservationId,
    member.id,
    parsed.action,
    `line:${lineUserId}`,
    now,
  )
  return postbackAnswerText(locale, outcomeAnswer(parsed.action, result, now))
}

function outcomeAnswer(
  action: CustomerAction,
  result: Awaited<ReturnType<typeof customerSetStatus>>,
  now: Date,
): PostbackAnswer {
  if (result.outcome === 'done' || result.outcome === 'already') return `${action}_${result.outcome}`
  if (result.outcome === 'not_found') return 'not_found'
  if (result.reservation.startsAt.getTime() <= now.getTime()) return 'past'
  return `${action}_refused`
}

export async function handlePostback(deps: AppDeps, event: webhook.PostbackEvent, now: Date) {
  if (event.source?.type !== 'user' || !event.source.userId) return
  const answer = await postbackAnswer(deps, event.source.userId, event.postback.data, now)
  if (answer) await reply(deps, event.replyToken, [text(answer)])
}
