import { describe, expect, it } from 'vitest'
import { attributionWindowMs, blockWindowHours, campaignSpan } from '../../../server/domain/attribution'

describe('attribution', () => {
  it('measures the attribution window in whole days and the block window in hours', () => {
    expect(attributionWindowMs(7)).toBe(7 * 86_400_000)
    expect(blockWindowHours).toBe(48)
  })

  it('spans a campaign from its first planned delivery to just after its last planned or sent one', () => {
    expect(campaignSpan({ firstPlannedAt: 1_000, lastPlannedAt: 5_000, lastSentAt: 9_000 })).toEqual({
      from: 1_000,
      to: 9_001,
    })
    // Planned but not sent yet: the span ends after the last planning.
    expect(campaignSpan({ firstPlannedAt: 1_000, lastPlannedAt: 5_000, lastSentAt: null })).toEqual({
      from: 1_000,
      to: 5_001,
    })
  })

  it('has no span for a campaign without deliveries', () => {
    expect(campaignSpan({ firstPlannedAt: null, lastPlannedAt: null, lastSentAt: null })).toBeNull()
  })
})
