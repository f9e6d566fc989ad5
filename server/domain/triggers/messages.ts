// The Flex messages the EC site's events trigger: an order notice, a cart reminder carousel of the customer's own
// items, a saved item's restock or price drop. Pure: the server sends them, the admin console previews them.
import type { messagingApi } from '@line/bot-sdk'
import type { ShopItem } from './kinds'
import { fillTemplate } from '../../messages/format'
import { linkFooter, titledBody } from '../../messages/flex-parts'
import type { TriggerKind, TriggerTexts } from './templates'
import { formatYen } from './templates'

/** Items shown in a cart reminder: LINE's carousel holds 12 bubbles, the first is the reminder's own. */
export const cartReminderItems = 10

type Bubble = messagingApi.FlexBubble

const altText = (text: string) => (text.length > 400 ? `${text.slice(0, 399)}…` : text)

function leadBubble(texts: TriggerTexts, values: Record<string, string>, link: string | null): Bubble {
  return {
    type: 'bubble',
    body: titledBody(fillTemplate(texts.title, values), fillTemplate(texts.body, values)),
    ...(link && { footer: linkFooter(fillTemplate(texts.button, values), link) }),
  }
}

function itemBubble(item: ShopItem, label: string, lines: string[] = []): Bubble {
  return {
    type: 'bubble',
    size: 'kilo',
    ...(item.imageUrl && {
      hero: { type: 'image', url: item.imageUrl, size: 'full', aspectRatio: '1:1', aspectMode: 'cover' },
    }),
    body: {
      type: 'box',
      layout: 'vertical',
      spacing: 'sm',
      contents: [
        { type: 'text', text: item.name, weight: 'bold', size: 'md', wrap: true, maxLines: 3 },
        { type: 'text', text: formatYen(item.priceYen), size: 'md', color: '#d0342c', weight: 'bold' },
        ...lines.map(
          (text): messagingApi.FlexText => ({ type: 'text', text, size: 'xs', color: '#888888', wrap: true }),
        ),
      ],
    },
    footer: linkFooter(label, item.url),
  }
}

/** An order notice: the texts, and a button to the tracking page (shipped) or the order page when the site gave one. */
export function orderMessage(texts: TriggerTexts, values: Record<string, string>, link: string | null) {
  return flex(fillTemplate(texts.title, values), leadBubble(texts, values, link))
}

/** The cart reminder: the texts (with a button to the cart when given), then one bubble per item with its link. */
export function cartReminderMessage(
  texts: TriggerTexts,
  values: Record<string, string>,
  items: readonly ShopItem[],
  cartUrl: string | null,
) {
  const label = fillTemplate(texts.button, values)
  const bubbles = items
    .slice(0, cartReminderItems)
    .map((item) => itemBubble(item, label, item.quantity && item.quantity > 1 ? [`× ${item.quantity}`] : []))
  return flex(fillTemplate(texts.title, values), {
    type: 'carousel',
    contents: [leadBubble(texts, values, cartUrl), ...bubbles],
  })
}

/** A saved item's restock or price drop: the item's bubble with the texts under its price. */
export function itemAlertMessage(texts: TriggerTexts, values: Record<string, string>, item: ShopItem) {
  const title = fillTemplate(texts.title, values)
  const bubble = itemBubble(item, fillTemplate(texts.button, values), [title, fillTemplate(texts.body, values)])
  return flex(title, bubble)
}

function flex(title: string, contents: messagingApi.FlexContainer): messagingApi.FlexMessage {
  return { type: 'flex', altText: altText(title), contents }
}

/** Sample values and items for the admin console's preview and test message of each kind. */
export function sampleTriggerMessage(kind: TriggerKind, texts: TriggerTexts, name: string): messagingApi.FlexMessage {
  const item: ShopItem = {
    name: 'オーガニックコットン タオル',
    imageUrl: 'https://placehold.jp/600x600.png',
    priceYen: 1980,
    url: 'https://shop.example.jp/items/towel',
  }
  const order = { name, orderId: 'EC-10042', total: formatYen(5480), trackingUrl: 'https://track.example.jp/123' }
  switch (kind) {
    case 'order_shipped':
      return orderMessage(texts, order, order.trackingUrl)
    case 'order_placed':
    case 'order_delivered':
    case 'order_cancelled':
      return orderMessage(texts, order, 'https://shop.example.jp/orders/EC-10042')
    case 'cart_reminder':
      return cartReminderMessage(
        texts,
        { name, itemCount: '2' },
        [item, { ...item, name: 'リネン ハンドタオル', priceYen: 880, quantity: 2 }],
        'https://shop.example.jp/cart',
      )
    case 'item_restock':
    case 'item_price_drop':
      return itemAlertMessage(
        texts,
        { name, itemName: item.name, price: formatYen(item.priceYen), previousPrice: formatYen(2480) },
        item,
      )
  }
}
