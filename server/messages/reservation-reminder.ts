// The reservation reminder: a Flex bubble with date, time, store, map link and Confirm / Cancel postback buttons.
import type { messagingApi } from '@line/bot-sdk'
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
}

/** Postback data of the buttons; parsed by the webhook's postback handler. */
export const reservationPostback = (action: 'confirm' | 'cancel', reservationId: number) =>
  `reservation:${action}:${reservationId}`

const row = (label: string, value: string): messagingApi.FlexBox => ({
  type: 'box',
  layout: 'baseline',
  spacing: 'sm',
  contents: [
    { type: 'text', text: label, size: 'sm', color: '#888888', flex: 2 },
    { type: 'text', text: value, size: 'sm', color: '#333333', flex: 5, wrap: true },
  ],
})

export function reservationReminder(input: ReminderInput): messagingApi.FlexMessage {
  const { store } = input
  const date = formatDate(input.startsAt, store.timeZone)
  const time = formatTime(input.startsAt, store.timeZone)
  const lead = fillTemplate(input.template || '{name}様、ご予約の日時が近づいてまいりました。', {
    name: input.memberName,
    date,
    time,
    store: store.name,
    menu: input.menu ?? '',
    party: String(input.partySize),
  })
  const details = [row('日付', date), row('時間', time), row('店舗', store.name), row('人数', `${input.partySize}名`)]
  if (input.menu) details.push(row('メニュー', input.menu))
  if (store.address) details.push(row('住所', store.address))
  const buttons: messagingApi.FlexComponent[] = [
    {
      type: 'button',
      style: 'primary',
      height: 'sm',
      action: {
        type: 'postback',
        label: '予約を確定する',
        data: reservationPostback('confirm', input.reservationId),
        displayText: '予約を確定します',
      },
    },
    {
      type: 'button',
      style: 'secondary',
      height: 'sm',
      action: {
        type: 'postback',
        label: 'キャンセルする',
        data: reservationPostback('cancel', input.reservationId),
        displayText: '予約をキャンセルします',
      },
    },
  ]
  if (store.mapUrl)
    buttons.push({
      type: 'button',
      style: 'link',
      height: 'sm',
      action: { type: 'uri', label: '地図を見る', uri: store.mapUrl },
    })
  return {
    type: 'flex',
    altText: `ご予約のお知らせ: ${date} ${time} ${store.name}`,
    contents: {
      type: 'bubble',
      body: {
        type: 'box',
        layout: 'vertical',
        spacing: 'md',
        contents: [
          { type: 'text', text: 'ご予約のお知らせ', weight: 'bold', size: 'lg' },
          { type: 'text', text: lead, size: 'sm', wrap: true },
          { type: 'box', layout: 'vertical', spacing: 'sm', margin: 'lg', contents: details },
        ],
      },
      footer: { type: 'box', layout: 'vertical', spacing: 'sm', contents: buttons },
    },
  }
}
