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
} satisfies Record<string, MessagePair>
