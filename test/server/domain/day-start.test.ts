import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { dayStartOf } from '../../../server/domain/day-start'
import { startOfDay } from '../../../server/domain/time-zone'

const zones = ['Asia/Tokyo', 'America/New_York', 'Australia/Lord_Howe', 'Europe/London', 'UTC']

describe('dayStartOf', () => {
  it('answers as startOfDay for instants asked in any order, across daylight-saving changes', () => {
    const from = Date.UTC(2026, 2, 1)
    const to = Date.UTC(2026, 11, 31)
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...zones), fc.integer({ min: from, max: to })), {
          minLength: 1,
          maxLength: 40,
        }),
        (asks) => {
          for (const [zone, t] of asks) expect(dayStartOf(new Date(t), zone)).toEqual(startOfDay(t, zone))
        },
      ),
    )
  })

  it('moves to the next day at local midnight, on a 23-hour day too', () => {
    // New York springs forward on 2026-03-08: that day is 23 hours long.
    const start = startOfDay(Date.UTC(2026, 2, 8, 12), 'America/New_York')
    expect(dayStartOf(new Date(start.getTime() + 23 * 3_600_000 - 1), 'America/New_York')).toEqual(start)
    const next = dayStartOf(new Date(start.getTime() + 23 * 3_600_000), 'America/New_York')
    expect(next.getTime()).toBe(start.getTime() + 23 * 3_600_000)
    expect(dayStartOf(new Date(start.getTime() + 1), 'America/New_York')).toEqual(start)
  })
})
