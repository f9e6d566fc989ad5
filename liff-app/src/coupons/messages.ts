// The coupon screens' strings as [Japanese, English] pairs in messages.json (shown one language at a time through `tr`).
import { ApiError } from '../api/http'
import type { MessagePair, PairTables } from '../i18n/translate'
import type { CouponInfo } from './api'
import data from './messages.json'

const tables = data as unknown as PairTables<typeof data>

export const couponText = tables.couponText

const benefitPairs: Record<CouponInfo['benefitKind'], MessagePair> = tables.benefitPairs

/** What a coupon gives, as a pair to fill (`value`, `item`). */
export const benefitOf = (c: CouponInfo) => ({
  pair: benefitPairs[c.benefitKind],
  params: { value: (c.benefitValue ?? 0).toLocaleString('ja-JP'), item: c.freeItem ?? '' },
})

const errorPairs: Record<string, MessagePair> = tables.errorPairs

/** A failure in words, by its stable code (never the server's English message). */
export function couponError(err: unknown): MessagePair {
  const code = err instanceof ApiError ? err.code : 'network'
  return (
    errorPairs[code] ?? ['うまくいきませんでした。もう一度お試しください。', 'Something went wrong. Please try again.']
  )
}
