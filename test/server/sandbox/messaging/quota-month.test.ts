import { describe, expect, it } from 'vitest'
import { quotaMonth } from '../../../../server/sandbox/messaging/limits'

describe("the sandbox's quota month", () => {
  it('turns at midnight in Tokyo, whatever minute was asked before', () => {
    const lastMinuteOfNovember = Date.UTC(2026, 10, 30, 14, 59, 30)
    const firstOfDecember = Date.UTC(2026, 10, 30, 15, 0, 0)
    expect(quotaMonth(lastMinuteOfNovember)).toBe('2026-11')
    expect(quotaMonth(lastMinuteOfNovember + 29_000)).toBe('2026-11')
    expect(quotaMonth(firstOfDecember)).toBe('2026-12')
    expect(quotaMonth(lastMinuteOfNovember)).toBe('2026-11')
    expect(quotaMonth(Date.UTC(2027, 0, 1, 0, 0))).toBe('2027-01')
  })
})
