// Point messages: points about to expire, the monthly balance notice and a rank change (naming a rank-up coupon that
// came with it); all personalised text, in the member's language.
import type { messagingApi } from '@line/bot-sdk'
import type { MessageLocale } from '../domain/message-locale'
import { formatDate, formatPoints } from './format'

type Text = messagingApi.TextMessage

const monthNames = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]

const words = {
  ja: {
    footer: (link: string) => `\n\n会員証を開く: ${link}`,
    expiring: (name: string, points: string, date: string) =>
      `${name}様、${points}が${date}に有効期限を迎えます。お早めにご利用ください。`,
    balance: (name: string, month: number, balance: string) =>
      `${name}様、${month}月のポイント残高は ${balance} です。いつもご利用ありがとうございます。`,
    upgraded: (name: string, to: string) => `${name}様、おめでとうございます！会員ランクが「${to}」になりました。`,
    changed: (name: string, from: string, to: string) =>
      `${name}様、会員ランクが「${from}」から「${to}」に変わりました。`,
    rankUpCoupon: (title: string, link: string) =>
      `\n\nランクアップの特典として、クーポン「${title}」をお届けしました。\nクーポンを見る: ${link}`,
  },
  en: {
    footer: (link: string) => `\n\nOpen your member card: ${link}`,
    expiring: (name: string, points: string, date: string) =>
      `Dear ${name}, ${points} of your points expire on ${date}. Please use them before then.`,
    balance: (name: string, month: number, balance: string) =>
      `Dear ${name}, your point balance for ${monthNames[month - 1]} is ${balance}. Thank you for shopping with us.`,
    upgraded: (name: string, to: string) => `Congratulations, ${name}! Your membership rank is now "${to}".`,
    changed: (name: string, from: string, to: string) =>
      `Dear ${name}, your membership rank has changed from "${from}" to "${to}".`,
    rankUpCoupon: (title: string, link: string) =>
      `\n\nAs a rank-up gift, the coupon "${title}" is now yours.\nSee your coupons: ${link}`,
  },
} as const

export function pointsExpiringMessage(input: {
  name: string
  points: number
  expiresAt: Date
  timeZone: string
  cardLink: string
  locale: MessageLocale
}): Text {
  const w = words[input.locale]
  const date = formatDate(input.expiresAt, input.timeZone, input.locale)
  return { type: 'text', text: w.expiring(input.name, formatPoints(input.points), date) + w.footer(input.cardLink) }
}

export function balanceNoticeMessage(input: {
  name: string
  balance: number
  /** The month of the notice, 1–12. */
  month: number
  cardLink: string
  locale: MessageLocale
}): Text {
  const w = words[input.locale]
  return {
    type: 'text',
    text: w.balance(input.name, input.month, formatPoints(input.balance)) + w.footer(input.cardLink),
  }
}

export function rankChangedMessage(input: {
  name: string
  fromLabel: string
  toLabel: string
  upgraded: boolean
  /** The rank-up coupon issued with the change, if any: named, with the link to the coupons tab. */
  coupon?: { title: string; link: string } | null
  cardLink: string
  locale: MessageLocale
}): Text {
  const w = words[input.locale]
  const text = input.upgraded
    ? w.upgraded(input.name, input.toLabel)
    : w.changed(input.name, input.fromLabel, input.toLabel)
  const coupon = input.coupon ? w.rankUpCoupon(input.coupon.title, input.coupon.link) : ''
  return { type: 'text', text: text + coupon + w.footer(input.cardLink) }
}
