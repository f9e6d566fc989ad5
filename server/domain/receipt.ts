// The "points earned / used" receipt a customer gets in LINE after a checkout: one Flex bubble.

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
}

const titles: Record<ReceiptKind, string> = {
  earn: 'ポイントを獲得しました',
  redeem: 'ポイントを利用しました',
  reverse: 'お取引を取り消しました',
}

const number = new Intl.NumberFormat('ja-JP')
const signed = (points: number) => `${points > 0 ? '+' : points < 0 ? '−' : ''}${number.format(Math.abs(points))} pt`

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

// One date formatter per time zone: building one costs more than the rest of the receipt.
const dateFormats = new Map<string, Intl.DateTimeFormat>()
function dateFormat(timeZone: string): Intl.DateTimeFormat {
  let f = dateFormats.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('ja-JP', { timeZone, dateStyle: 'medium', timeStyle: 'short' })
    dateFormats.set(timeZone, f)
  }
  return f
}

/** A Messaging API flex message (valid against LINE's schema) summarising one transaction. */
export function receiptMessage(r: Receipt) {
  const when = dateFormat(r.timeZone).format(r.at)
  const rows = [
    ...(r.purchaseAmount ? [row('お買い上げ金額', `¥${number.format(r.purchaseAmount)}`)] : []),
    row(
      r.kind === 'redeem' ? '利用ポイント' : r.kind === 'earn' ? '獲得ポイント' : '取消ポイント',
      signed(r.points),
      true,
    ),
    ...(r.shortfall
      ? [row('ご利用済みのため精算', `${number.format(r.shortfall.points)} pt（¥${number.format(r.shortfall.yen)}）`)]
      : []),
  ]
  const settled = r.shortfall
    ? [
        {
          type: 'text',
          text: `ご利用済みの ${number.format(r.shortfall.points)} pt は取り消せないため、¥${number.format(r.shortfall.yen)} をご返金額から差し引いて精算します`,
          size: 'xs',
          color: '#555555',
          wrap: true,
        },
      ]
    : []
  return {
    type: 'flex',
    altText: `${titles[r.kind]}（${signed(r.points)}、保有 ${number.format(r.balance)} pt${r.shortfall ? `、精算 ${number.format(r.shortfall.points)} pt` : ''}）`,
    contents: {
      type: 'bubble',
      size: 'kilo',
      body: {
        type: 'box',
        layout: 'vertical',
        spacing: 'sm',
        contents: [
          { type: 'text', text: r.shopName, size: 'xs', color: '#06C755', weight: 'bold' },
          { type: 'text', text: titles[r.kind], size: 'md', weight: 'bold', wrap: true, color: '#111111' },
          { type: 'separator', margin: 'md' },
          { type: 'box', layout: 'vertical', spacing: 'sm', margin: 'md', contents: rows },
          ...settled,
          { type: 'separator', margin: 'md' },
          {
            type: 'box',
            layout: 'horizontal',
            margin: 'md',
            contents: [
              { type: 'text', text: '保有ポイント', size: 'sm', color: '#555555', flex: 0 },
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
            text: [when, r.storeName].filter(Boolean).join(' ・ '),
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
            action: { type: 'uri', label: '会員証を開く', uri: r.cardUrl },
          },
        ],
      },
    },
  }
}
