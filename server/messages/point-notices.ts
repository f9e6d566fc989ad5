// Point messages: points about to expire, the monthly balance notice and a rank change; all personalised text.
import type { messagingApi } from '@line/bot-sdk'
import { formatDate, formatPoints } from './format'

type Text = messagingApi.TextMessage

const footer = (cardLink: string) => `\n\n会員証を開く: ${cardLink}`

export function pointsExpiringMessage(input: {
  name: string
  points: number
  expiresAt: Date
  timeZone: string
  cardLink: string
}): Text {
  return {
    type: 'text',
    text: `${input.name}様、${formatPoints(input.points)}が${formatDate(input.expiresAt, input.timeZone)}に有効期限を迎えます。お早めにご利用ください。${footer(input.cardLink)}`,
  }
}

export function balanceNoticeMessage(input: { name: string; balance: number; month: string; cardLink: string }): Text {
  return {
    type: 'text',
    text: `${input.name}様、${input.month}のポイント残高は ${formatPoints(input.balance)} です。いつもご利用ありがとうございます。${footer(input.cardLink)}`,
  }
}

export function rankChangedMessage(input: {
  name: string
  fromLabel: string
  toLabel: string
  upgraded: boolean
  cardLink: string
}): Text {
  const text = input.upgraded
    ? `${input.name}様、おめでとうございます！会員ランクが「${input.toLabel}」になりました。`
    : `${input.name}様、会員ランクが「${input.fromLabel}」から「${input.toLabel}」に変わりました。`
  return { type: 'text', text: text + footer(input.cardLink) }
}
