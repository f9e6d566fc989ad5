// Sandbox-only UI strings, kept out of the main catalogue so `--mode line` builds do not carry them.

import type { MessagePair } from '../i18n/translate'

export const sandboxMessages = {
  title: ['サンドボックス', 'Sandbox'],
  pick: ['ログインするユーザーを選んでください', 'Choose who to log in as'],
  note: [
    'LINEの認証情報が未設定のため、テスト用のLINE環境で動いています。',
    'No LINE credentials are configured, so the app runs against the built-in LINE sandbox.',
  ],
  switch: ['切り替え', 'Switch'],
  as: ['{name}としてログイン中', 'Logged in as {name}'],
  addNewcomer: ['新しいお客さまを追加', 'Add a new customer'],
  addFailed: ['お客さまを追加できませんでした', 'Could not add a customer'],
  reset: ['デモをリセット', 'Reset the demo'],
  resetConfirm: [
    'デモを最初の状態に戻しますか？会員・ポイント・予約・設定が初期データに戻り、受信箱と追加したお客さまは消えます。',
    'Reset the demo? Members, points, reservations and settings go back to the demo data; the inbox and added customers are cleared.',
  ],
  resetFailed: ['リセットできませんでした', 'Could not reset the demo'],
  inbox: ['LINEの受信箱とリッチメニュー', 'LINE inbox and rich menu'],
  chat: ['トーク', 'Chat'],
} satisfies Record<string, MessagePair>
