// The webhook forwarding panel's strings as [Japanese, English] pairs, loaded with the webhooks page only.
import type { MessagePair } from '../../i18n/translate'

export const forwardMessages = {
  title: ['Webhook の転送', 'Webhook forwarding'],
  intro: [
    'LINE 公式アカウントの Webhook URL は 1 つだけです。ほかのチャットボットやツールも使っている場合、Tsunagu は受け取った LINE のイベントを、内容も署名も変えずに下の URL へ転送します（最大 {max} 件、https のみ。届かなければ 5 回まで再送します）。',
    'A LINE official account has one webhook URL. If the shop also runs a chatbot or another tool, Tsunagu forwards every LINE event it receives, body and signature unchanged, to the URLs below (at most {max}, https only; retried up to 5 times).',
  ],
  replyRule: [
    '転送先があるあいだ、Tsunagu はメッセージ全体が「ポイント」「会員証」「予約」のときと自分の予約ボタンにだけ返信し、ほかのメッセージには返信しません（応答トークンを取り合わないため）。',
    'While forwarding, Tsunagu replies only to a message that is exactly 「ポイント」, 「会員証」 or 「予約」 and to its own reservation buttons, and to nothing else, so the two bots never compete for a reply.',
  ],
  ownerOther: [
    'Webhook URL はほかのツールが管理しています（WEBHOOK_OWNER=other）。',
    'Another tool owns the webhook URL (WEBHOOK_OWNER=other).',
  ],
  ownerOtherLost: [
    'Tsunagu はそのツールが転送したイベントだけを受け取ります。転送されないと、友だち追加・ブロックの状態、キーワードへの返信、予約の確定・キャンセルボタン、リッチメニューからのアカウント連携が動きません。',
    'Tsunagu gets only the events that tool forwards to it. Without them, friend and block status, keyword replies, the reservation confirm and cancel buttons, and account linking from the rich menu do not work.',
  ],
  ownerOtherKept: [
    '会員証（LIFF）、LIFF での会員登録・連携、店頭でのポイント付与・利用、リマインドや配信のメッセージはそのまま使えます。このモードでは Tsunagu から転送はしません（転送のループを防ぐため）。',
    'The LIFF card, registering and linking in LIFF, checkout, and pushed messages (reminders, campaigns) keep working. In this mode Tsunagu forwards nothing, so the two never forward in a loop.',
  ],
  urls: ['転送先 URL（1 行に 1 つ）', 'Forward URLs (one per line)'],
  save: ['保存', 'Save'],
  saved: ['転送先を保存しました', 'Forward URLs saved'],
  none: ['転送先はありません', 'No forward URLs'],
  target: ['転送先', 'Target'],
  pending: ['送信待ち', 'Pending'],
  done: ['送信済み', 'Sent'],
  failed: ['失敗', 'Failed'],
  lastSent: ['最後の送信', 'Last sent'],
  removed: ['（削除済み）', '(removed)'],
  failures: ['転送できなかったイベント', 'Failed forwards'],
  eventAt: ['イベント日時', 'Event time'],
  events: ['種類', 'Events'],
  attempts: ['試行回数', 'Attempts'],
  lastAnswer: ['最後の応答', 'Last answer'],
  noAnswer: ['応答なし', 'No answer'],
  resend: ['再送', 'Send again'],
  resent: ['再送を受け付けました', 'Queued to send again'],
  noFailures: ['失敗した転送はありません', 'No failed forwards'],
} satisfies Record<string, MessagePair>

/**
 * Texts of the error codes the forwarding API answers, where they say more than the console's own (errorText);
 * `{url}` is the refused URL.
 */
export const forwardErrors: Record<string, MessagePair> = {
  forward_target_not_a_url: ['http(s) の URL ではありません: {url}', 'Not an http(s) URL: {url}'],
  forward_target_not_https: ['https の URL にしてください: {url}', 'Use an https URL: {url}'],
  forward_target_has_credentials: [
    'URL にユーザー名やパスワードは含められません: {url}',
    'A URL cannot carry a user name or password: {url}',
  ],
  forward_target_private_address: [
    '社内ネットワークやこのサーバー自身のアドレスには転送できません: {url}',
    'Cannot forward to a private, loopback or link-local address: {url}',
  ],
  forward_target_duplicate: ['同じ URL が 2 回あります: {url}', 'The same URL is listed twice: {url}'],
  forward_target_too_many: ['転送先は {max} 件までです', 'At most {max} forward URLs'],
  webhook_forward_not_retryable: ['失敗した転送だけ再送できます', 'Only failed forwards can be sent again'],
}
