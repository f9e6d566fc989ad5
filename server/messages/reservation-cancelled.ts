// The notice a customer gets in LINE when the shop cancels their reservation: a Flex bubble with the visit it was,
// and a button to book again when the shop gives a booking page.
import type { messagingApi } from '@line/bot-sdk'
import { formatDate, formatTime } from './format'

export interface CancelledInput {
  memberName: string
  startsAt: Date
  store: { name: string; timeZone: string }
  /** The shop's booking page (`messaging.rebookUrl`); no button without one. */
  rebookUrl: string | null
}

const row = (label: string, value: string): messagingApi.FlexBox => ({
  type: 'box',
  layout: 'baseline',
  spacing: 'sm',
  contents: [
    { type: 'text', text: label, size: 'sm', color: '#888888', flex: 2 },
    { type: 'text', text: value, size: 'sm', color: '#333333', flex: 5, wrap: true },
  ],
})

export function reservationCancelled(input: CancelledInput): messagingApi.FlexMessage {
  const date = formatDate(input.startsAt, input.store.timeZone)
  const time = formatTime(input.startsAt, input.store.timeZone)
  const lead = `${input.memberName}様、下記のご予約はキャンセルとなりました。${input.rebookUrl ? 'ご都合のよい日時で改めてご予約いただけます。' : 'またのご来店をお待ちしております。'}`
  return {
    type: 'flex',
    altText: `ご予約キャンセルのお知らせ: ${date} ${time} ${input.store.name}`,
    contents: {
      type: 'bubble',
      body: {
        type: 'box',
        layout: 'vertical',
        spacing: 'md',
        contents: [
          { type: 'text', text: 'ご予約キャンセルのお知らせ', weight: 'bold', size: 'lg', wrap: true },
          { type: 'text', text: lead, size: 'sm', wrap: true },
          {
            type: 'box',
            layout: 'vertical',
            spacing: 'sm',
            margin: 'lg',
            contents: [row('日付', date), row('時間', time), row('店舗', input.store.name)],
          },
        ],
      },
      ...(input.rebookUrl && {
        footer: {
          type: 'box',
          layout: 'vertical',
          contents: [
            {
              type: 'button',
              style: 'primary',
              height: 'sm',
              action: { type: 'uri', label: '予約し直す', uri: input.rebookUrl },
            },
          ],
        },
      }),
    },
  }
}
