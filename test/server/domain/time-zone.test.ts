import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  addDaysToDate,
  addLocalDays,
  isTimeZone,
  localDate,
  localMinutes,
  localParts,
  offsetMs,
  startOfDay,
  startOfMonth,
  wallToInstant,
  zonedDateTime,
  zonedParts,
  type WallClock,
} from '../../../server/domain/time-zone'
import {
  clockTime,
  formatZoned,
  longDate,
  longDateWithWeekday,
  mediumDateTime,
  shortDate,
} from '../../../server/domain/time-format'

/** `2026-03-08 02:30` as a wall clock. */
function wall(text: string): WallClock {
  const [y, mo, d, h, mi] = text.split(/[- :]/).map(Number)
  return { year: y!, month: mo!, day: d!, hour: h!, minute: mi! }
}
const at = (zone: string, text: string) => wallToInstant(wall(text), zone).toISOString()
const hour = 3_600_000

describe('wall clock to instant: one rule for gaps (forward) and overlaps (earlier)', () => {
  it.each([
    // zone, wall clock, instant, what happens there
    ['America/New_York', '2026-03-08 02:30', '2026-03-08T07:30:00.000Z', 'gap 02:00→03:00: 03:30 EDT'],
    ['America/New_York', '2026-03-08 01:59', '2026-03-08T06:59:00.000Z', 'just before the gap, EST'],
    ['America/New_York', '2026-03-08 03:00', '2026-03-08T07:00:00.000Z', 'the gap’s end, EDT'],
    ['America/New_York', '2026-11-01 01:30', '2026-11-01T05:30:00.000Z', 'overlap: the first 01:30 (EDT)'],
    ['America/New_York', '2026-11-01 02:30', '2026-11-01T07:30:00.000Z', 'after the overlap, EST'],
    ['Europe/Berlin', '2026-03-29 02:30', '2026-03-29T01:30:00.000Z', 'gap 02:00→03:00: 03:30 CEST'],
    ['Europe/Berlin', '2026-10-25 02:30', '2026-10-25T00:30:00.000Z', 'overlap: the first 02:30 (CEST)'],
    ['Australia/Sydney', '2026-10-04 02:30', '2026-10-03T16:30:00.000Z', 'gap 02:00→03:00: 03:30 AEDT'],
    ['Australia/Sydney', '2026-04-05 02:30', '2026-04-04T15:30:00.000Z', 'overlap: the first 02:30 (AEDT)'],
    ['Asia/Tokyo', '2026-11-24 18:00', '2026-11-24T09:00:00.000Z', 'no DST: +09:00'],
    ['Asia/Tokyo', '2026-12-31 23:59', '2026-12-31T14:59:00.000Z', 'no DST: +09:00'],
    ['Australia/Lord_Howe', '2026-10-04 02:15', '2026-10-03T15:45:00.000Z', 'half-hour gap 02:00→02:30: 02:45'],
    ['Australia/Lord_Howe', '2026-04-05 01:45', '2026-04-04T14:45:00.000Z', 'half-hour overlap: the first 01:45'],
    ['Pacific/Chatham', '2026-09-27 03:00', '2026-09-26T14:15:00.000Z', 'gap 02:45→03:45 (+12:45): 04:00'],
    ['Pacific/Chatham', '2026-04-05 03:00', '2026-04-04T13:15:00.000Z', 'overlap: the first 03:00 (+13:45)'],
    ['America/Santiago', '2026-09-06 00:00', '2026-09-06T04:00:00.000Z', 'midnight skipped: 01:00'],
  ])('%s %s → %s (%s)', (zone, text, instant) => {
    expect(at(zone, text)).toBe(instant)
  })

  it('reads a skipped time forward by the gap, in every zone', () => {
    // New York and Berlin were read backwards (01:30) in one place and forwards (03:30) in another.
    expect(localParts(new Date(at('America/New_York', '2026-03-08 02:30')), 'America/New_York').time).toBe('03:30')
    expect(localParts(new Date(at('Europe/Berlin', '2026-03-29 02:30')), 'Europe/Berlin').time).toBe('03:30')
    expect(localParts(new Date(at('Australia/Lord_Howe', '2026-10-04 02:15')), 'Australia/Lord_Howe').time).toBe(
      '02:45',
    )
  })

  it('parses dates and times, and refuses ones that are not real', () => {
    expect(zonedDateTime('2026-11-24', '18:00', 'Asia/Tokyo')?.toISOString()).toBe('2026-11-24T09:00:00.000Z')
    expect(zonedDateTime('2026/3/8', '2:30', 'America/New_York')?.toISOString()).toBe('2026-03-08T07:30:00.000Z')
    expect(zonedDateTime('2026-02-30', '10:00', 'Asia/Tokyo')).toBeNull()
    expect(zonedDateTime('2026-02-28', '24:00', 'Asia/Tokyo')).toBeNull()
    expect(zonedDateTime('2026-02-28', '10:60', 'Asia/Tokyo')).toBeNull()
    expect(zonedDateTime('tomorrow', '10:00', 'Asia/Tokyo')).toBeNull()
  })
})

describe('instant to wall clock', () => {
  it('gives the parts, offset, date and minutes of the day in the zone', () => {
    const t = new Date('2026-11-01T05:30:00Z')
    expect(zonedParts(t, 'America/New_York')).toEqual({
      year: 2026,
      month: 11,
      day: 1,
      hour: 1,
      minute: 30,
      second: 0,
    })
    expect(offsetMs(t, 'America/New_York')).toBe(-4 * hour)
    expect(offsetMs(t.getTime() + hour, 'America/New_York')).toBe(-5 * hour)
    expect(offsetMs(t, 'Pacific/Chatham')).toBe(13.75 * hour)
    expect(localDate(new Date('2026-11-24T15:00:00Z'), 'Asia/Tokyo')).toBe('2026-11-25')
    expect(localParts(new Date('2026-11-24T15:00:00Z'), 'Asia/Tokyo')).toEqual({ date: '2026-11-25', time: '00:00' })
    expect(localMinutes(new Date('2026-11-24T09:05:00Z'), 'Asia/Tokyo')).toBe(18 * 60 + 5)
  })
})

describe('local days and months', () => {
  it('starts a day at its first instant, also when midnight is skipped', () => {
    expect(startOfDay(new Date('2026-11-24T20:00:00Z'), 'Asia/Tokyo').toISOString()).toBe('2026-11-24T15:00:00.000Z')
    expect(startOfDay(new Date('2026-03-08T20:00:00Z'), 'America/New_York').toISOString()).toBe(
      '2026-03-08T05:00:00.000Z',
    )
    // Chile skips 00:00–01:00: the day begins at 01:00 (-03).
    expect(startOfDay(new Date('2026-09-06T12:00:00Z'), 'America/Santiago').toISOString()).toBe(
      '2026-09-06T04:00:00.000Z',
    )
  })

  it('starts a month on its first local day', () => {
    expect(startOfMonth(new Date('2026-11-30T16:00:00Z'), 'Asia/Tokyo').toISOString()).toBe('2026-11-30T15:00:00.000Z')
    expect(startOfMonth(new Date('2026-04-15T00:00:00Z'), 'Europe/Berlin').toISOString()).toBe(
      '2026-03-31T22:00:00.000Z',
    )
  })

  it('adds local days: the same wall clock, 23 or 25 hours apart across a change', () => {
    const saturdayNoon = new Date('2026-03-07T17:00:00Z') // 12:00 EST
    const sundayNoon = addLocalDays(saturdayNoon, 1, 'America/New_York')
    expect(localParts(sundayNoon, 'America/New_York')).toEqual({ date: '2026-03-08', time: '12:00' })
    expect(sundayNoon.getTime() - saturdayNoon.getTime()).toBe(23 * hour)
    const back = addLocalDays(new Date('2026-11-01T17:00:00Z'), -1, 'America/New_York')
    expect(localParts(back, 'America/New_York')).toEqual({ date: '2026-10-31', time: '12:00' })
    // The wall clock has whole seconds; the milliseconds are carried, so 0 days is the same instant.
    const odd = new Date('2025-01-01T00:00:00.001Z')
    expect(addLocalDays(odd, 0, 'Asia/Tokyo').toISOString()).toBe('2025-01-01T00:00:00.001Z')
    expect(addLocalDays(odd, 2, 'Asia/Tokyo').toISOString()).toBe('2025-01-03T00:00:00.001Z')
    expect(addDaysToDate('2026-12-31', 1)).toBe('2027-01-01')
    expect(addDaysToDate('2028-03-01', -1)).toBe('2028-02-29')
  })
})

describe('formatting for Japanese and English readers', () => {
  const t = new Date('2026-11-24T09:05:00Z')
  it.each([
    [longDateWithWeekday, '2026年11月24日(火)', 'Tue, November 24, 2026'],
    [longDate, '2026年11月24日', 'November 24, 2026'],
    [shortDate, '2026年11月24日', 'Nov 24, 2026'],
    [clockTime, '18:05', '18:05'],
    [mediumDateTime, '2026/11/24 18:05', 'Nov 24, 2026, 6:05 PM'],
  ])('%o', (style, ja, en) => {
    expect(formatZoned(t, 'Asia/Tokyo', 'ja', style)).toBe(ja)
    expect(formatZoned(t.toISOString(), 'Asia/Tokyo', 'en', style)).toBe(en)
  })

  it('formats in the zone it is given', () => {
    expect(formatZoned(t, 'America/New_York', 'en', clockTime)).toBe('04:05')
  })
})

describe('time zone names', () => {
  it('accepts IANA names and refuses anything else', () => {
    for (const zone of ['Asia/Tokyo', 'America/New_York', 'Pacific/Chatham', 'UTC']) expect(isTimeZone(zone)).toBe(true)
    for (const zone of ['', 'Mars/Olympus', 'Asia/Tokyo ', 'x'.repeat(65)]) expect(isTimeZone(zone)).toBe(false)
  })
})

describe('round trips (property)', () => {
  const zones = [
    'America/New_York',
    'Europe/Berlin',
    'Australia/Sydney',
    'Asia/Tokyo',
    'Australia/Lord_Howe',
    'Pacific/Chatham',
    'America/Santiago',
    'UTC',
  ]
  const zone = fc.constantFrom(...zones)
  const wallClock = fc.record({
    year: fc.integer({ min: 1980, max: 2060 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 28 }),
    hour: fc.integer({ min: 0, max: 23 }),
    minute: fc.integer({ min: 0, max: 59 }),
  })
  const wallMs = (w: WallClock) => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second ?? 0)

  it('zoned → instant → zoned gives the wall clock back, except in a gap, where it moves forward by the gap', () => {
    fc.assert(
      fc.property(zone, wallClock, (tz, w) => {
        const instant = wallToInstant(w, tz)
        const back = zonedParts(instant, tz)
        if (wallMs(back) === wallMs(w)) return
        const gap = offsetMs(instant.getTime() + 86_400_000, tz) - offsetMs(instant.getTime() - 86_400_000, tz)
        expect(gap).toBeGreaterThan(0)
        expect(wallMs(back) - wallMs(w)).toBe(gap)
      }),
      { numRuns: 2000 },
    )
  })

  it('instant → zoned → instant gives the instant back, or the earlier one in an overlap', () => {
    fc.assert(
      fc.property(zone, fc.integer({ min: Date.UTC(1980, 0, 1), max: Date.UTC(2060, 0, 1) }), (tz, ms) => {
        const t = Math.floor(ms / 1000) * 1000
        const back = wallToInstant(zonedParts(t, tz), tz).getTime()
        if (back === t) return
        // Only in an overlap: the same wall clock an offset change earlier.
        expect(back).toBeLessThan(t)
        expect(t - back).toBe(offsetMs(back, tz) - offsetMs(t, tz))
      }),
      { numRuns: 2000 },
    )
  })
})
