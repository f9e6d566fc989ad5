// Point rules: how many points a purchase earns, when a lot expires, what a redemption may be.
import type { RankTier } from './ranks'

export interface PointRules {
  /** Days an earned lot stays valid. */
  validityDays: number
  /** Smallest redeemable step, in points. */
  redeemUnit: number
  /** How fractional points from the rate are settled. */
  rounding: 'floor' | 'round' | 'ceil'
  /** What one point is worth in yen when used: what a reversal's shortfall costs the customer. */
  yenPerPoint?: number
}

export const defaultPointRules = {
  validityDays: 365,
  redeemUnit: 1,
  rounding: 'floor',
  yenPerPoint: 1,
} satisfies PointRules

/** Points for a purchase at a rank's rate, e.g. ¥3,240 at 1.5 pt/¥100 with floor → 48. */
export function pointsForPurchase(amountYen: number, tier: RankTier, rules: PointRules = defaultPointRules): number {
  const exact = (amountYen * tier.pointsPer100Yen) / 100
  // Guard against binary fractions such as 48.599999 before rounding.
  const cleaned = Math.round(exact * 1e6) / 1e6
  return Math[rules.rounding](cleaned)
}

export function lotExpiry(earnedAt: Date, rules: PointRules = defaultPointRules): Date {
  return new Date(earnedAt.getTime() + rules.validityDays * 86_400_000)
}

export function isRedeemable(points: number, rules: PointRules = defaultPointRules): boolean {
  return Number.isInteger(points) && points > 0 && points % rules.redeemUnit === 0
}

/** How a reversed earn was settled: points taken back, used points left to settle (and their yen), points expired. */
export interface ReversalSettlement {
  earned: number
  takenBack: number
  shortfall: number
  shortfallYen: number
  expired: number
}

/** The settlement of the reversal `entry` (points ≤ 0, `shortfall` set) of an earn of `earned` points. */
export function reversalSettlement(
  earned: number,
  entry: { points: number; shortfall: number | null },
  yenPerPoint = 1,
): ReversalSettlement {
  const takenBack = -entry.points
  const shortfall = entry.shortfall ?? 0
  return {
    earned,
    takenBack,
    shortfall,
    shortfallYen: Math.round(shortfall * yenPerPoint),
    expired: earned - takenBack - shortfall,
  }
}
