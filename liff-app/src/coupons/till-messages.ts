// The till's coupon screens in the page's one language: the scanned coupon's panel and the recent redemptions list,
// their words as [Japanese, English] pairs, and their refusals by stable code (never the server's English).
import { ApiError } from '../api/http'
import type { MessagePair } from '../i18n/translate'

/** Reads an error with `pairs` (by code), else a generic "try again". */
export const tillProblem =
  (pairs: Record<string, MessagePair>) =>
  (err: unknown): MessagePair =>
    (err instanceof ApiError && pairs[err.code]) || [
      '処理できませんでした。もう一度お試しください。',
      'That did not work. Please try again.',
    ]

/** Whose coupon it is. */
export const holderText = ['{name}さま（{number}）', '{name} ({number})'] as const satisfies MessagePair

/** The scanned coupon's panel: what it gives, whose it is, and the one tap that uses it. */
export const panelText = {
  title: ['クーポンの利用', 'Use a coupon'],
  until: ['有効期限 {date}', 'Valid until {date}'],
  confirm: ['このクーポンを使用する', 'Use this coupon'],
  done: ['クーポンを使用しました', 'Coupon used'],
  next: ['次のお客さま', 'Next customer'],
  terms: ['利用条件', 'Terms'],
} as const satisfies Record<string, MessagePair>

export const panelRefusals: Record<string, MessagePair> = {
  coupon_used: ['このクーポンは使用済みです', 'This coupon has already been used'],
  coupon_expired: ['このクーポンは期限切れです', 'This coupon has expired'],
  coupon_revoked: ['このクーポンは取り消されています', 'This coupon has been withdrawn'],
  coupon_not_yet_valid: ['このクーポンはまだ使えません', 'This coupon cannot be used yet'],
  coupon_other_store: ['このクーポンはこの店舗では使えません', 'This coupon cannot be used at this store'],
  coupon_token_expired: [
    'コードの有効期限が切れました。お客さまにクーポンを開き直していただいてください。',
    'The code has expired: ask the customer to reopen the coupon.',
  ],
  coupon_token_invalid: ['クーポンのコードではありません', 'This is not a coupon code'],
  coupon_not_found: ['クーポンが見つかりません', 'Coupon not found'],
  member_inactive: ['この会員は無効です', 'This membership is no longer active'],
}

/** The recent redemptions list, and a manager's reversal of one (reason, then confirm). */
export const redemptionsText = {
  title: ['最近のクーポン利用', 'Recent coupon uses'],
  reversed: ['取り消し済み', 'Reversed'],
  reverse: ['取り消す', 'Reverse'],
  reason: ['取り消しの理由', 'Reason for the reversal'],
  next: ['次へ', 'Next'],
  confirm: [
    '「{title}」の利用を取り消します。クーポンはお客さまが再び使える状態に戻ります。よろしいですか？',
    'Reverse the use of “{title}”? The customer will be able to use the coupon again.',
  ],
  yes: ['取り消す', 'Reverse it'],
  cancel: ['やめる', 'Cancel'],
  done: ['利用を取り消しました。クーポンは再び使えます。', 'Reversed: the coupon can be used again.'],
  none: ['クーポンの利用はまだありません', 'No coupon uses yet'],
} as const satisfies Record<string, MessagePair>

export const reversalRefusals: Record<string, MessagePair> = {
  coupon_already_reversed: ['この利用はすでに取り消されています', 'This use has already been reversed'],
  coupon_redemption_not_found: ['この利用記録が見つかりません', 'This coupon use was not found'],
  other_store: ['他の店舗での利用は取り消せません', 'A use at another store cannot be reversed here'],
  role_required: ['取り消しは店長または管理者のみ行えます', 'Only a manager or an admin can reverse a use'],
  invalid_request: ['取り消しの理由を入力してください', 'Enter a reason for the reversal'],
}
