// The EC site's vocabulary: order events, trigger message kinds, an item as the site describes it, a message's texts.

export const orderEvents = ['placed', 'paid', 'shipped', 'delivered', 'cancelled'] as const
export type OrderEvent = (typeof orderEvents)[number]

export const triggerKinds = [
  'order_placed',
  'order_shipped',
  'order_delivered',
  'order_cancelled',
  'cart_reminder',
  'item_restock',
  'item_price_drop',
] as const
export type TriggerKind = (typeof triggerKinds)[number]

/** An item as the EC site describes it (cart lines, saved items): all shown in LINE messages, URLs https only. */
export interface ShopItem {
  name: string
  imageUrl?: string
  priceYen: number
  url: string
  quantity?: number
}

/** A trigger message's words in one language; `{placeholders}` filled per message. */
export interface TriggerTexts {
  title: string
  body: string
  button: string
}
