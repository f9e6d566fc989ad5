// The notice a customer gets in LINE when the shop cancels their reservation: a Flex bubble with the visit it was,
// and a button to book again when the shop gives a booking page; in the member's language.
import type { messagingApi } from '@line/bot-sdk'
import type { MessageLocale } from '../domain/message-locale'
import { detailRow, detailsBox, linkFooter, titledBody } from './flex-parts'
import { formatDate, formatTime } from './format'

export interface CancelledInput {
  memberName: string
  startsAt: Date
  store: { name: string; timeZone: string }
  /** The shop's booking page (`messaging.rebookUrl`); no button without one. */
  rebookUrl: string | null
  locale: MessageLocale
}

const words = {
  ja: {
    title: 'ご予約キャンセルのお知らせ',
    lead: (name: string, rebook: boolean) =>
      `${name}様、下記のご予約はキャンセルとなりました。${rebook ? 'ご都合のよい日時で改めてご予約いただけます。' : 'またのご来店をお待ちしております。'}`,
    date: '日付',
    time: '時間',
    store: '店舗',
    rebook: '予約し直す',
  },
  en: {
    title: 'Your reservation was cancelled',
    lead: (name: string, rebook: boolean) =>
      `Dear ${name}, the reservation below has been cancelled. ${rebook ? 'You are welcome to book another date and time.' : 'We look forward to seeing you again.'}`,
    date: 'Date',
    time: 'Time',
    store: 'Store',
    rebook: 'Book again',
  },
} as const

export function reservationCancelled(input: CancelledInput): messagingApi.FlexMessage {
  const w = words[input.locale]
  const date = formatDate(input.startsAt, input.store.timeZone, input.locale)
  const time = formatTime(input.startsAt, input.store.timeZone, input.locale)
  const lead = w.lead(input.memberName, input.rebookUrl !== null)
  return {
    type: 'flex',
    altText: `${w.title}: ${date} ${time} ${input.store.name}`,
    contents: {
      type: 'bubble',
      body: titledBody(
        w.title,
        lead,
        detailsBox([detailRow(w.date, date), detailRow(w.time, time), detailRow(w.store, input.store.name)]),
      ),
      ...(input.rebookUrl && { footer: linkFooter(w.rebook, input.rebookUrl) }),
    },
  }
}
