// The outgoing-webhooks panel's strings as [Japanese, English] pairs, loaded with the integrations page only.
import type { OutgoingEventType } from '../../../../server/domain/outgoing-webhook'
import type { MessagePair } from '../../i18n/translate'

export const webhookText = {
  intro: [
    '会員の連携・登録・連携解除・ブロック、クーポンの利用・取り消しを、お店のシステム（POSレジ・ECサイト・顧客管理）へ署名付きで送信します。届かなければ間隔をあけて最大 {max} 回まで再送します。',
    'Tells your systems (POS, EC site, CRM) of member links, registrations, unlinks and blocks, and coupon redemptions and reversals, with a signed HTTP POST. Failed sends are retried with growing gaps, up to {max} times.',
  ],
  verify: [
    '受け取る側は署名ヘッダー（下記）をシークレットで確かめ、5 分より古い t は受け付けないでください。同じイベントは本文の id（イベントIDヘッダーと同じ）で重複を除いてください。',
    'Receivers check the signature header (below) with the secret and refuse a t older than 5 minutes. Drop repeats of an event by the body’s id (the same as the event id header).',
  ],
  none: ['送信先はまだありません', 'No endpoints yet'],
  secretShown: [
    '署名シークレットです。この画面を離れると二度と表示されません。受け取るシステムに設定してください。',
    'The signing secret. It is shown only now: set it in the receiving system before leaving this page.',
  ],
  secret: ['シークレット', 'Secret'],
  on: ['送信中', 'Sending'],
  off: ['停止中', 'Paused'],
  withLineUserId: ['LINE ユーザーIDあり', 'With LINE user ID'],
  lineUserIdNote: [
    'LINE ユーザーIDは個人を特定できる情報です。お店のシステムが LINE で直接メッセージを送る場合だけ送ってください（通常は会員番号で足ります）。',
    'A LINE user ID identifies a person: send it only if your system messages customers on LINE itself (the member number is usually enough).',
  ],
  edit: ['編集', 'Edit'],
  cancelEdit: ['編集をやめる', 'Stop editing'],
  added: ['送信先を追加しました', 'The endpoint was added'],
  saved: ['送信先を保存しました', 'The endpoint was saved'],
  deleted: ['送信先を削除しました', 'The endpoint was deleted'],
  confirmDelete: ['この送信先と送信の記録を削除しますか？', 'Delete this endpoint and its deliveries?'],
  confirmRotate: [
    'シークレットを再発行すると、今のシークレットでは署名を確かめられなくなります。再発行しますか？',
    'After rotating, the current secret no longer verifies signatures. Rotate it?',
  ],
  testQueued: [
    'テストイベントを送信しました。下の一覧で結果を確認できます',
    'A test event was sent: see its result below',
  ],
  retried: ['再送を受け付けました', 'Queued to send again'],
  noEvent: ['イベントを 1 つ以上選んでください', 'Choose at least one event'],
  limit: ['送信先は {max} 件まで', 'Up to {max} endpoints'],
  event: ['イベント', 'Event'],
  endpoint: ['送信先', 'Endpoint'],
  status: ['状態', 'Status'],
  httpCode: ['応答コード', 'HTTP status'],
  attempts: ['試行', 'Attempts'],
  nextRetry: ['次の再送', 'Next retry'],
  at: ['日時', 'When'],
  noAnswer: ['応答なし', 'No answer'],
  lastError: ['理由', 'Reason'],
  'reason.none': ['応答なし（時間切れ・接続できない）', 'No answer (timed out or unreachable)'],
  'reason.redirect': ['リダイレクトには従いません（URLを直してください）', 'Redirects are not followed (fix the URL)'],
  'reason.refused': ['受け取りを拒否されました', 'The endpoint refused it'],
  'reason.error': ['相手のサーバーのエラー（再送しても届きませんでした）', 'The endpoint failed (every retry too)'],
  retry: ['再送', 'Retry'],
  noDeliveries: ['まだ送信はありません', 'Nothing sent yet'],
  noDead: ['停止した送信はありません', 'No dead deliveries'],
  'status.pending': ['送信待ち', 'Pending'],
  'status.delivered': ['送信済み', 'Delivered'],
  'status.dead': ['停止', 'Dead'],
  'event.webhook.test': ['テスト', 'Test'],
} satisfies Record<string, MessagePair>

export const webhookEventText: Record<OutgoingEventType, MessagePair> = {
  'member.linked': ['会員のLINE連携', 'Member linked'],
  'member.registered': ['会員登録', 'Member registered'],
  'member.unlinked': ['LINE連携の解除', 'Member unlinked'],
  'member.unfollowed': ['ブロック（友だち解除）', 'Member blocked the account'],
  'coupon.used': ['クーポン利用', 'Coupon used'],
  'coupon.reversed': ['クーポン利用の取り消し', 'Coupon use reversed'],
}
