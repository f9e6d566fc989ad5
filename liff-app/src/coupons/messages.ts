// The coupon screens' strings as [Japanese, English] pairs (shown one language at a time through `tr`).
import { ApiError } from '../api/http'
import type { MessagePair } from '../i18n/translate'
import type { CouponInfo } from './api'

export const couponText = {
  title: ['クーポン', 'Coupons'],
  valid: ['利用できる', 'Available'],
  past: ['使用済み・期限切れ', 'Used and expired'],
  rewards: ['ポイント交換', 'Points exchange'],
  none: ['利用できるクーポンはありません', 'You have no coupons to use'],
  nonePast: ['使用済み・期限切れのクーポンはありません', 'No used or expired coupons'],
  noRewards: ['交換できる特典はありません', 'No rewards on offer'],
  balance: ['保有ポイント {points} pt', 'Your points: {points} pt'],
  until: ['{date}まで', 'Until {date}'],
  noEnd: ['期限なし', 'No end date'],
  used: ['使用済み', 'Used'],
  expired: ['期限切れ', 'Expired'],
  revoked: ['取り消し', 'Withdrawn'],
  notYet: ['{date}から', 'From {date}'],
  show: ['使う', 'Use'],
  showHint: ['レジでこのQRコードをお見せください。1回限り有効です。', 'Show this QR code at the till. It works once.'],
  seconds: ['あと{seconds}秒で更新', 'Refreshes in {seconds} s'],
  close: ['閉じる', 'Close'],
  exchange: ['{points} ptで交換', 'Get for {points} pt'],
  exchangeConfirm: ['{points} ptを使って「{title}」と交換しますか？', 'Use {points} pt to get “{title}”?'],
  exchangeYes: ['交換する', 'Exchange'],
  cancel: ['やめる', 'Cancel'],
  exchanged: ['「{title}」と交換しました', 'You got “{title}”'],
  terms: ['利用条件', 'Terms'],
  back: ['会員証に戻る', 'Back to member card'],
  stampCard: ['スタンプカード', 'Stamp card'],
  stampCount: ['{stamps} / {of} 個', '{stamps} / {of} stamps'],
  stampReward: ['{count}個たまると「{title}」をプレゼント', 'Collect {count} to get “{title}”'],
} as const satisfies Record<string, MessagePair>

const benefitPairs = {
  discount_yen: ['{value}円引き', '¥{value} off'],
  discount_percent: ['{value}%オフ', '{value}% off'],
  free_item: ['{item}無料', 'Free {item}'],
} as const satisfies Record<CouponInfo['benefitKind'], MessagePair>

/** What a coupon gives, as a pair to fill (`value`, `item`). */
export const benefitOf = (c: CouponInfo) => ({
  pair: benefitPairs[c.benefitKind],
  params: { value: (c.benefitValue ?? 0).toLocaleString('ja-JP'), item: c.freeItem ?? '' },
})

const errorPairs: Record<string, MessagePair> = {
  insufficient_points: ['ポイントが足りません', 'You do not have enough points'],
  coupon_limit_reached: ['このクーポンはこれ以上交換できません', 'You cannot get more of this coupon'],
  coupon_sold_out: ['この特典は品切れです', 'This reward has run out'],
  coupon_inactive: ['この特典の受付は終了しました', 'This reward is no longer offered'],
  coupon_used: ['このクーポンは使用済みです', 'This coupon has been used'],
  coupon_expired: ['このクーポンは期限切れです', 'This coupon has expired'],
  coupon_not_found: ['クーポンが見つかりません', 'Coupon not found'],
  not_linked: ['会員証の連携が必要です', 'Link your membership first'],
}

/** A failure in words, by its stable code (never the server's English message). */
export function couponError(err: unknown): MessagePair {
  const code = err instanceof ApiError ? err.code : 'network'
  return (
    errorPairs[code] ?? ['うまくいきませんでした。もう一度お試しください。', 'Something went wrong. Please try again.']
  )
}
