// The "points earned / used" receipt a customer gets in LINE after a checkout: one Flex bubble, in the member's
// language (Japanese unless they use the app in English).

import type { MessageLocale } from './message-locale'
import { formatZoned, mediumDateTime } from './time-format'

export type ReceiptKind = 'earn' | 'redeem' | 'reverse'

export interface Receipt {
  kind: ReceiptKind
  /** Signed change to the balance. */
  points: number
  balance: number
  purchaseAmount?: number | null
  storeName: string | null
  shopName: string
  at: Date
  timeZone: string
  /** Where the customer's member card opens (the LIFF URL). */
  cardUrl: string
  /** A reversed earn whose points were partly used: what could not be taken back, settled at the shop. */
  shortfall?: { points: number; yen: number } | null
  /** Japanese when left out. */
  locale?: MessageLocale
}

const words = {
  ja: {
    title: { earn: 'ポイントを獲得しました', redeem: 'ポイントを利用しました', reverse: 'お取引を取り消しました' },
    points: { earn: '獲得ポイント', redeem: '利用ポイント', reverse: '取消ポイント' },
    amount: 'お買い上げ金額',
    settledRow: 'ご利用済みのため精算',
    settled: (pt: string, yen: string) =>
      `ご利用済みの ${pt} pt は取り消せないため、¥${yen} をご返金額から差し引いて精算します`,
    balance: '保有ポイント',
    alt: (title: string, change: string, balance: string, settled: string | null) =>
      `${title}（${change}、保有 ${balance} pt${settled ? `、精算 ${settled} pt` : ''}）`,
    open: '会員証を開く',
  },
  en: {
    title: { earn: 'You earned points', redeem: 'You used points', reverse: 'Your transaction was cancelled' },
    points: { earn: 'Points earned', redeem: 'Points used', reverse: 'Points taken back' },
    amount: 'Purchase amount',
    settledRow: 'Settled (already used)',
    settled: (pt: string, yen: string) =>
      `The ${pt} pt already used cannot be taken back, so ¥${yen} is deducted from your refund`,
    balance: 'Point balance',
    alt: (title: string, change: string, balance: string, settled: string | null) =>
      `${title} (${change}, balance ${balance} pt${settled ? `, settled ${settled} pt` : ''})`,
    open: 'Open member card',
  },
} as const

const numbers = { ja: new Intl.NumberFormat('ja-JP'), en: new Intl.NumberFormat('en-US') }

function row(label: string, value: string, bold = false) {
  return {
    type: 'box',
    layout: 'horizontal',
    contents: [
      { type: 'text', text: label, size: 'sm', color: '#555555', flex: 0 },
      {
        type: 'text',
        text: value,
        size: 'sm',
        align: 'end',
        ...(bold ? { weight: 'bold', color: '#111111' } : { color: '#111111' }),
      },
    ],
  }
}

/** A Messaging API flex message (valid against LINE's schema) summarising one transaction. */
export function receiptMessage(r: Receipt) {
  const locale = r.locale ?? 'ja'
  const w = words[locale]
  const number = numbers[locale]
  const signed = (points: number) => `${points > 0 ? '+' : points < 0 ? '−' : ''}${number.format(Math.abs(points))} pt`
  const when = formatZoned(r.at, r.timeZone, locale, mediumDateTime)
  const title = w.title[r.kind]
  const rows = [
    ...(r.purchaseAmount ? [row(w.amount, `¥${number.format(r.purchaseAmount)}`)] : []),
    row(w.points[r.kind], signed(r.points), true),
    ...(r.shortfall
      ? [
          row(
            w.settledRow,
            locale === 'ja'
              ? `${number.format(r.shortfall.points)} pt（¥${number.format(r.shortfall.yen)}）`
              : `${number.format(r.shortfall.points)} pt (¥${number.format(r.shortfall.yen)})`,
          ),
        ]
      : []),
  ]
  const settled = r.shortfall
    ? [
        {
          type: 'text',
          text: w.settled(number.format(r.shortfall.points), number.format(r.shortfall.yen)),
          size: 'xs',
          color: '#555555',
          wrap: true,
        },
      ]
    : []
  return {
    type: 'flex',
    altText: w.alt(
      title,
      signed(r.points),
      number.format(r.balance),
      r.shortfall ? number.format(r.shortfall.points) : null,
    ),
    contents: {
      type: 'bubble',
      size: 'kilo',
      body: {
        type: 'box',
        layout: 'vertical',
        spacing: 'sm',
        contents: [
          { type: 'text', text: r.shopName, size: 'xs', color: '#06C755', weight: 'bold' },
          { type: 'text', text: title, size: 'md', weight: 'bold', wrap: true, color: '#111111' },
          { type: 'separator', margin: 'md' },
          { type: 'box', layout: 'vertical', spacing: 'sm', margin: 'md', contents: rows },
          ...settled,
          { type: 'separator', margin: 'md' },
          {
            type: 'box',
            layout: 'horizontal',
            margin: 'md',
            contents: [
              { type: 'text', text: w.balance, size: 'sm', color: '#555555', flex: 0 },
              {
                type: 'text',
                text: `${number.format(r.balance)} pt`,
                size: 'lg',
                weight: 'bold',
                align: 'end',
                color: '#111111',
              },
            ],
          },
          {
            type: 'text',
            text: [when, r.storeName].filter(Boolean).join(locale === 'ja' ? ' ・ ' : ' · '),
            size: 'xxs',
            color: '#999999',
            wrap: true,
            margin: 'md',
          },
        ],
      },
      footer: {
        type: 'box',
        layout: 'vertical',
        contents: [
          {
            type: 'button',
            style: 'link',
            height: 'sm',
            action: { type: 'uri', label: w.open, uri: r.cardUrl },
          },
        ],
      },
    },
  }
}
