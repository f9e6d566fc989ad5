// Postbacks from the reminder's buttons: `reservation:confirm:<id>` / `reservation:cancel:<id>`. The reservation must
// belong to the member linked to the tapping user; a repeated tap is answered, not applied twice.
import type { webhook } from '@line/bot-sdk'
import { findLinkedMember } from '../data/card-view'
import { customerSetStatus, type CustomerAction } from '../data/reservations'
import type { AppDeps } from '../env'
import { liffUrl } from '../liff-url'
import { reply, text } from './reply'

export function parseReservationPostback(data: string): { action: CustomerAction; reservationId: number } | null {
  const match = /^reservation:(confirm|cancel):(\d{1,12})$/.exec(data)
  return match ? { action: match[1] as CustomerAction, reservationId: Number(match[2]) } : null
}

const answers = {
  confirm: { done: 'ご予約を確定しました。ご来店をお待ちしております。', already: 'このご予約はすでに確定済みです。' },
  cancel: {
    done: 'ご予約をキャンセルしました。またのご予約をお待ちしております。',
    already: 'このご予約はすでにキャンセル済みです。',
  },
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
  if (!member) return `会員情報との連携が必要です。こちらから連携してください。\n${liffUrl(deps.config)}`
  const result = await customerSetStatus(
    deps.db,
    parsed.reservationId,
    member.id,
    parsed.action,
    `line:${lineUserId}`,
    now,
  )
  if (result.outcome === 'done' || result.outcome === 'already') return answers[parsed.action][result.outcome]
  if (result.outcome === 'not_found') return 'ご予約が見つかりませんでした。'
  if (result.reservation.startsAt.getTime() <= now.getTime())
    return 'このご予約の日時を過ぎているため、変更できません。'
  return parsed.action === 'confirm'
    ? 'このご予約はキャンセル済みのため確定できません。店舗までお問い合わせください。'
    : 'このご予約は変更できません。店舗までお問い合わせください。'
}

export async function handlePostback(deps: AppDeps, event: webhook.PostbackEvent, now: Date) {
  if (event.source?.type !== 'user' || !event.source.userId) return
  const answer = await postbackAnswer(deps, event.source.userId, event.postback.data, now)
  if (answer) await reply(deps, event.replyToken, [text(answer)])
}
