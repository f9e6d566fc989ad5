import { describe, expect, it } from 'vitest'
import { reportDays, slotMs, type ReportSlot } from '../../../server/domain/report-days'

const slotAt = (iso: string) => Math.floor(new Date(iso).getTime() / slotMs)

describe('report days', () => {
  it('lists every shop day of the period, zero where nothing was planned', () => {
    expect(reportDays('2026-11-23', '2026-11-25', [], 'Asia/Tokyo').map((d) => [d.date, d.sent, d.opened])).toEqual([
      ['2026-11-23', 0, null],
      ['2026-11-24', 0, null],
      ['2026-11-25', 0, null],
    ])
  })

  it("adds each slot to the shop day it falls on in the shop's time zone", () => {
    const slots: ReportSlot[] = [
      // 23:45 JST on the 23rd is 14:45 UTC; 00:00 JST on the 24th is 15:00 UTC the 23rd.
      { metric: 'planned', slot: slotAt('2026-11-23T14:45:00Z'), a: 3, b: 2 },
      { metric: 'planned', slot: slotAt('2026-11-23T15:00:00Z'), a: 5, b: 5 },
      { metric: 'clicked', slot: slotAt('2026-11-23T15:00:00Z'), a: 1, b: null },
      { metric: 'bought', slot: slotAt('2026-11-23T14:45:00Z'), a: 2, b: 3400 },
      { metric: 'opened', slot: slotAt('2026-11-23T14:45:00Z'), a: 0, b: null },
    ]
    expect(reportDays('2026-11-23', '2026-11-24', slots, 'Asia/Tokyo')).toEqual([
      { date: '2026-11-23', sent: 3, delivered: 2, clicked: 0, opened: 0, purchases: 2, revenue: 3400 },
      { date: '2026-11-24', sent: 5, delivered: 5, clicked: 1, opened: null, purchases: 0, revenue: 0 },
    ])
  })

  it('keeps to shop days across a daylight-saving change, and adds a slot past the period to its last day', () => {
    const slots: ReportSlot[] = [
      // New York falls back on 2026-11-01: 23:30 EST that day is 04:30 UTC the 2nd.
      { metric: 'planned', slot: slotAt('2026-11-02T04:30:00Z'), a: 1, b: 1 },
      // LINE's opens of a multicast sent the day after the period.
      { metric: 'opened', slot: slotAt('2026-11-03T12:00:00Z'), a: 7, b: null },
    ]
    const days = reportDays('2026-11-01', '2026-11-02', slots, 'America/New_York')
    expect(days.map((d) => [d.date, d.sent, d.opened])).toEqual([
      ['2026-11-01', 1, null],
      ['2026-11-02', 0, 7],
    ])
  })
})
