// Coupons as plain values: when a member's copy stops being usable, what state it is in, where it can be used, what
// it gives (in words), and its QR token (`c.` + a signed token like the card's, about a minute of life, single use).
import type { CardKeys } from '../config'
import { signScoped, verifyScoped, type CardTokenResult } from './card-token'
import { couponScope } from './coupon-scope'
import type { MessageLocale } from './message-locale'

const dayMs = 86_400_000

export interface CouponTerms {
  validFrom: Date | null
  validUntil: Date | null
  validDays: number | null
  storeIds: number[] | null
}

export interface CouponBenefit {
  benefitKind: 'discount_yen' | 'discount_percent' | 'free_item'
  benefitValue: number | null
  freeItem: string | null
}

/** When a copy issued at `issuedAt` stops being usable: the earlier of `validDays` after issue and `validUntil`. */
export function copyExpiresAt(coupon: Pick<CouponTerms, 'validUntil' | 'validDays'>, issuedAt: Date): Date | null {
  const byDays = coupon.validDays === null ? null : issuedAt.getTime() + coupon.validDays * dayMs
  const until = coupon.validUntil?.getTime() ?? null
  if (byDays === null) return until === null ? null : new Date(until)
  return new Date(until === null ? byDays : Math.min(byDays, until))
}

/** Whether a coupon can still be issued at `now` (its window has not ended). */
export const issuableAt = (coupon: Pick<CouponTerms, 'validUntil'>, now: Date) =>
  coupon.validUntil === null || coupon.validUntil.getTime() > now.getTime()

export type CopyState = 'issued' | 'used' | 'expired' | 'revoked' | 'not_yet_valid'

/** What a member's copy is at `now`; an unused copy past its end is expired even before the expiry job marks it. */
export function copyState(
  copy: { status: 'issued' | 'used' | 'expired' | 'revoked'; expiresAt: Date | null },
  coupon: Pick<CouponTerms, 'validFrom'>,
  now: Date,
): CopyState {
  if (copy.status !== 'issued') return copy.status
  if (copy.expiresAt && copy.expiresAt.getTime() <= now.getTime()) return 'expired'
  if (coupon.validFrom && coupon.validFrom.getTime() > now.getTime()) return 'not_yet_valid'
  return 'issued'
}

/** Whether a coupon can be used at `storeId` (a staff member of no store, i.e. head office, may use any). */
export const usableAtStore = (coupon: Pick<CouponTerms, 'storeIds'>, storeId: number | null) =>
  coupon.storeIds === null || storeId === null || coupon.storeIds.includes(storeId)

/** The benefit in words, for messages and the staff confirmation. */
export function benefitText(b: CouponBenefit, locale: MessageLocale): string {
  const value = (b.benefitValue ?? 0).toLocaleString('ja-JP')
  switch (b.benefitKind) {
    case 'discount_yen':
      return locale === 'ja' ? `${value}円引き` : `¥${value} off`
    case 'discount_percent':
      return locale === 'ja' ? `${value}%オフ` : `${value}% off`
    case 'free_item':
      return locale === 'ja' ? `${b.freeItem ?? ''}無料` : `Free ${b.freeItem ?? ''}`
  }
}

/** A signed token for member coupon `memberCouponId`, shown as its QR. */
export const signCouponToken = (keys: CardKeys, memberCouponId: number, now: Date) =>
  signScoped(keys, couponScope, memberCouponId, now)

/** Verifies a coupon QR; its claims' `memberId` is the member coupon id. */
export const verifyCouponToken = (keys: CardKeys, value: string, now: Date): CardTokenResult =>
  verifyScoped(keys, couponScope, value, now)
