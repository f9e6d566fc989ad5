// The reservation reminder: a Flex bubble with date, time, store, map link and Confirm / Cancel postback buttons, in
// the member's language.
import type { messagingApi } from '@line/bot-sdk'
import type { MessageLocale } from '../domain/message-locale'
import { detailRow, detailsBox, footerButton, titledBody } from './flex-parts'
import { fillTemplate, formatDate, formatTime } from './format'

export interface ReminderInput {
  reservationId: number
  memberName: string
  startsAt: Date
  partySize: number
  menu: string | null
  store: { name: string; timeZone: string; mapUrl: string | null; address: string | null }
  /** Admin-written lead text (`{name}`, `{date}`, `{time}`, `{store}`, `{menu}`, `{party}`). */
  template?: string | null
  /** Japanese when left out. In English the admin's template (written for Japanese customers) gives way to a default. */
  locale?: MessageLocale
}

const words = {
  ja: {
    lead: '{name}様、ご予約の日時が近づいてまいりました。',
    date: '日付',
    time: '時間',
    store: '店舗',
    party: '人数',
    people: (n: number) => `${n}名`,
    menu: 'メニュー',
    address: '住所',
    confirm: ['予約を確定する', '予約を確定します'],
    cancel: ['キャンセルする', '予約をキャンセルします'],
    map: '地図を見る',
    title: 'ご予約のお知らせ',
    alt: (when: string) => `ご予約のお知らせ: ${when}`,
  },
  en: {
    lead: 'Dear {name}, your reservation is coming up.',
    date: 'Date',
    time: 'Time',
    store: 'Store',
    party: 'Party',
    people: (n: number) => `${n} ${n === 1 ? 'person' : 'people'}`,
    menu: 'Menu',
    address: 'Address',
    confirm: ['Confirm', 'Confirm my reservation'],
    cancel: ['Cancel', 'Cancel my reservation'],
    map: 'Open map',
    title: 'Your reservation',
    alt: (when: string) => `Your reservation: ${when}`,
  },
} as const

/** Postback data of the buttons; parsed by the webhook's postback handler. */
export const reservationPostback = (action: 'confirm' | 'cancel', reservationId: number) =>
  `reservation:${action}:${reservationId}`

export function reservationReminder(input: ReminderInput): messagingApi.FlexMessage {
  const { store } = input
  const locale = input.locale ?? 'ja'
  const w = words[locale]
  const date = formatDate(input.startsAt, store.timeZone, locale)
  const time = formatTime(input.startsAt, store.timeZone, locale)
  const lead = fillTemplate((locale === 'ja' && input.template) || w.lead, {
    name: input.memberName,
    date,
    time,
    store: store.name,
    menu: input.menu ?? '',
    party: String(input.partySize),
  })
  const details = [
    detailRow(w.date, date),
    detailRow(w.time, time),
    detailRow(w.store, store.name),
    detailRow(w.party, w.people(input.partySize)),
  ]
  if (input.menu) details.push(detailRow(w.menu, input.menu))
  if (store.address) details.push(detailRow(w.address, store.address))
  const answer = (action: 'confirm' | 'cancel'): messagingApi.Action => ({
    type: 'postback',
    label: w[action][0],
    data: reservationPostback(action, input.reservationId),
    displayText: w[action][1],
  })
  const buttons: messagingApi.FlexComponent[] = [
    footerButton('primary', answer('confirm')),
    footerButton('secondary', answer('cancel')),
  ]
  if (store.mapUrl) buttons.push(footerButton('link', { type: 'uri', label: w.map, uri: store.mapUrl }))
  return {
    type: 'flex',
    altText: w.alt(`${date} ${time} ${store.name}`),
    contents: {
      type: 'bubble',
      body: titledBody(w.title, lead, detailsBox(details)),
      footer: { type: 'box', layout: 'vertical', spacing: 'sm', contents: buttons },
    },
  }
}
