import { describe, expect, it } from 'vitest'
import { formatDate, formatDateTime, formatPoints, isWithinDays } from '../../../liff-app/src/format/format'

describe('formatPoints', () => {
  it('groups thousands', () => {
    expect(formatPoints(12345, 'ja')).toBe('12,345')
    expect(formatPoints(0, 'en')).toBe('0')
    expect(formatPoints(1_234_567, 'en')).toBe('1,234,567')
    expect(formatPoints(999, 'ja')).toBe('999')
    expect(formatPoints(1000, 'ja')).toBe('1,000')
  })

  it('agrees with Intl for every grouping length', () => {
    for (const n of [1, 12, 123, 1234, 12345, 123456, 1234567, 12345678, 9_007_199_254_740_991])
      expect(formatPoints(n, 'ja')).toBe(new Intl.NumberFormat('ja-JP').format(n))
  })

  it('signs history amounts', () => {
    expect(formatPoints(120, 'ja', { signed: true })).toBe('+120')
    expect(formatPoints(-1500, 'ja', { signed: true })).toBe('−1,500')
    expect(formatPoints(0, 'ja', { signed: true })).toBe('0')
  })
})

describe('formatDate', () => {
  it('shows the calendar date in the store time zone, not UTC', () => {
    // 15:30 UTC on 31 Jul is already 1 Aug in Tokyo.
    expect(formatDate('2026-07-31T15:30:00Z', 'Asia/Tokyo', 'ja')).toBe('2026年8月1日')
    expect(formatDate('2026-07-31T15:30:00Z', 'Asia/Tokyo', 'en')).toBe('Aug 1, 2026')
    expect(formatDate('2026-07-31T15:30:00Z', 'UTC', 'ja')).toBe('2026年7月31日')
  })
})

describe('formatDateTime', () => {
  it('shows weekday and 24-hour time in the store time zone', () => {
    expect(formatDateTime('2026-07-31T09:30:00Z', 'Asia/Tokyo', 'ja')).toBe('7月31日(金) 18:30')
    expect(formatDateTime('2026-07-31T09:30:00Z', 'Asia/Tokyo', 'en')).toBe('Fri, Jul 31, 18:30')
  })

  it('does not print 24:00 at midnight', () => {
    expect(formatDateTime('2026-07-31T15:00:00Z', 'Asia/Tokyo', 'ja')).toBe('8月1日(土) 00:00')
  })
})

describe('isWithinDays', () => {
  const now = Date.parse('2026-07-01T00:00:00Z')

  it('accepts dates up to N days ahead and rejects later or past ones', () => {
    expect(isWithinDays('2026-07-31T00:00:00Z', now, 30)).toBe(true)
    expect(isWithinDays('2026-07-31T00:00:01Z', now, 30)).toBe(false)
    expect(isWithinDays('2026-06-30T23:59:59Z', now, 30)).toBe(false)
  })
})
