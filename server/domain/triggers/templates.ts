// The EC site's trigger messages: each kind's default texts (ja/en), the placeholders it may use, and the check of an
// admin's edit. Pure: the server builds messages with it, the admin console previews with it.
import type { TriggerKind, TriggerTexts } from './kinds'
import type { MessageLocale } from '../message-locale'

export type { TriggerKind, TriggerTexts }

/** Placeholders each kind's texts may use. */
export const triggerPlaceholders: Record<TriggerKind, readonly string[]> = {
  order_placed: ['name', 'orderId', 'total'],
  order_shipped: ['name', 'orderId', 'trackingUrl'],
  order_delivered: ['name', 'orderId'],
  order_cancelled: ['name', 'orderId'],
  cart_reminder: ['name', 'itemCount'],
  item_restock: ['name', 'itemName', 'price'],
  item_price_drop: ['name', 'itemName', 'price', 'previousPrice'],
}

/** Longest title, body and button label an admin may write (LINE's altText and action labels allow more). */
export const triggerTextLimits: Record<keyof TriggerTexts, number> = { title: 60, body: 500, button: 20 }

export const defaultTriggerTexts: Record<TriggerKind, Record<MessageLocale, TriggerTexts>> = {
  order_placed: {
    ja: {
      title: 'ご注文ありがとうございます',
      body: '{name}様、ご注文（注文番号 {orderId}）を承りました。合計 {total}。発送までしばらくお待ちください。',
      button: '注文を確認',
    },
    en: {
      title: 'Thank you for your order',
      body: 'Dear {name}, we have received your order {orderId} (total {total}). We will let you know when it ships.',
      button: 'View order',
    },
  },
  order_shipped: {
    ja: {
      title: '商品を発送しました',
      body: '{name}様、ご注文（注文番号 {orderId}）の商品を発送しました。配送状況は下のボタンからご確認いただけます。',
      button: '配送状況を確認',
    },
    en: {
      title: 'Your order has shipped',
      body: 'Dear {name}, your order {orderId} is on its way. Track it with the button below.',
      button: 'Track package',
    },
  },
  order_delivered: {
    ja: {
      title: 'お届けが完了しました',
      body: '{name}様、ご注文（注文番号 {orderId}）の商品をお届けしました。またのご利用をお待ちしております。',
      button: '注文を確認',
    },
    en: {
      title: 'Your order was delivered',
      body: 'Dear {name}, your order {orderId} has been delivered. We hope you enjoy it.',
      button: 'View order',
    },
  },
  order_cancelled: {
    ja: {
      title: 'ご注文をキャンセルしました',
      body: '{name}様、ご注文（注文番号 {orderId}）はキャンセルされました。ご不明な点はお問い合わせください。',
      button: '注文を確認',
    },
    en: {
      title: 'Your order was cancelled',
      body: 'Dear {name}, your order {orderId} has been cancelled. Please contact us with any questions.',
      button: 'View order',
    },
  },
  cart_reminder: {
    ja: {
      title: 'カートに商品が残っています',
      body: '{name}様、カートに{itemCount}点の商品が残っています。売り切れる前にお買い求めください。',
      button: '商品を見る',
    },
    en: {
      title: 'Items are waiting in your cart',
      body: 'Dear {name}, {itemCount} items are still in your cart. Get them before they sell out.',
      button: 'View item',
    },
  },
  item_restock: {
    ja: {
      title: '再入荷のお知らせ',
      body: '{name}様、お気に入りの「{itemName}」が再入荷しました（{price}）。',
      button: '商品を見る',
    },
    en: {
      title: 'Back in stock',
      body: 'Dear {name}, "{itemName}" from your saved items is back in stock ({price}).',
      button: 'View item',
    },
  },
  item_price_drop: {
    ja: {
      title: '値下げのお知らせ',
      body: '{name}様、お気に入りの「{itemName}」が {previousPrice} から {price} に値下がりしました。',
      button: '商品を見る',
    },
    en: {
      title: 'Price drop',
      body: 'Dear {name}, "{itemName}" from your saved items dropped from {previousPrice} to {price}.',
      button: 'View item',
    },
  },
}

/** Placeholders the texts use that their kind does not know, each once. */
export function unknownTriggerPlaceholders(kind: TriggerKind, texts: TriggerTexts): string[] {
  const known = triggerPlaceholders[kind]
  const used = [texts.title, texts.body, texts.button].flatMap((t) => [...t.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))
  return [...new Set(used.filter((name) => !known.includes(name)))]
}

/** The name used when the customer's is unknown (a LINE user with no membership). */
export const customerFallbackName: Record<MessageLocale, string> = { ja: 'お客', en: 'customer' }

/** Yen as customers read it: ¥1,980. */
export const formatYen = (yen: number) => `¥${yen.toLocaleString('ja-JP')}`
