// Rank tiers by rolling 12-month spend, each with an earn-rate multiplier.
export interface RankTier {
  key: string
  label: string
  /** Minimum spend (yen) over the last 12 months to hold the rank. */
  minSpend: number
  /** Points per 100 yen. */
  pointsPer100Yen: number
}

/** At most as many ranks as a campaign's segment can name (SegmentSchema's `ranks`), so every rank stays reachable. */
export const maxRanks = 20

export const defaultRankTiers: readonly RankTier[] = [
  { key: 'regular', label: 'レギュラー', minSpend: 0, pointsPer100Yen: 1 },
  { key: 'silver', label: 'シルバー', minSpend: 30_000, pointsPer100Yen: 1.5 },
  { key: 'gold', label: 'ゴールド', minSpend: 100_000, pointsPer100Yen: 2 },
]

export function rankByKey(key: string, tiers: readonly RankTier[] = defaultRankTiers): RankTier {
  return tiers.find((t) => t.key === key) ?? tiers[0]!
}
