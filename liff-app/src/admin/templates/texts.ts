// The trigger templates console page's strings as [Japanese, English] pairs.
import type { MessagePair } from '../../i18n/translate'
import type { TriggerKind } from '../../../../server/domain/triggers/kinds'

export const templateText = {
  title: ['メッセージテンプレート', 'Message templates'],
  lead: [
    'ECサイトの注文・カート・お気に入りから自動で送るメッセージです。注文の通知はすぐに、カートのリマインドと再入荷・値下げのお知らせは配信停止時間を避けて、お得な情報を受け取る会員にだけ送ります。',
    'Messages sent automatically from the EC site’s orders, carts and saved items. Order notices go at once; cart reminders and restock or price-drop notices wait for quiet hours to end and go only to members who accept offers.',
  ],
  delay: ['カートのリマインドを送るまで（分）', 'Minutes before a cart reminder'],
  delaySave: ['待ち時間を保存', 'Save the delay'],
  delaySaved: ['待ち時間を保存しました', 'Delay saved'],
  language: ['編集する言語', 'Language to edit'],
  ja: ['日本語', 'Japanese'],
  en: ['英語', 'English'],
  field: ['見出し', 'Title'],
  body: ['本文', 'Message'],
  button: ['ボタンの文字', 'Button label'],
  placeholders: ['差し込み', 'Placeholders'],
  save: ['保存', 'Save'],
  saved: ['保存しました', 'Saved'],
  reset: ['初期の文面に戻す', 'Restore the default'],
  test: ['自分に試し送信', 'Send a test to myself'],
  tested: ['試し送信しました。LINEで確認してください', 'Test sent. Check it in LINE'],
  preview: ['プレビュー（見本の値）', 'Preview (sample values)'],
} as const satisfies Record<string, MessagePair>

export const kindText: Record<TriggerKind, MessagePair> = {
  order_placed: ['注文確認', 'Order confirmation'],
  order_shipped: ['発送のお知らせ', 'Shipping notice'],
  order_delivered: ['お届け完了', 'Delivered'],
  order_cancelled: ['注文キャンセル', 'Order cancelled'],
  cart_reminder: ['カートのリマインド', 'Cart reminder'],
  item_restock: ['再入荷のお知らせ', 'Back in stock'],
  item_price_drop: ['値下げのお知らせ', 'Price drop'],
}
