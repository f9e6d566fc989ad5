import { describe, expect, it } from 'vitest'
import {
  createSendSchedule,
  maxAheadMs,
  maxReservation,
  rateLimited,
  refused,
  reserve,
  scheduleShare,
  type SendSchedule,
} from '../../../server/outbox/send-schedule'

/** Most starts within any window of 1 s (a sliding window, as LINE and the sandbox count). */
function busiest(starts: number[]): number {
  const sorted = [...starts].sort((a, b) => a - b)
  let most = 0
  let from = 0
  for (let to = 0; to < sorted.length; to++) {
    while (sorted[to]! - sorted[from]! >= 1000) from++
    most = Math.max(most, to - from + 1)
  }
  return most
}

/**
 * `consumers` invocations of 6 connections each, on a simulated clock in ms, as queue-consumer.ts uses the pacer: a
 * free connection takes the invocation's next reserved start (reserving up to `maxReservation` more, spaced at round trip ÷ 6,
 * when none is left), sends at it for `roundTripMs`, and comes free again. Returns every start and the calls made.
 */
function simulate(s: SendSchedule, consumers: number, roundTripMs: number, ms: number) {
  const sent: number[] = []
  let calls = 0
  const free = Array.from({ length: consumers }, () => Array<number>(6).fill(0))
  const held = Array.from({ length: consumers }, () => [] as number[])
  for (let now = 0; now < ms; now++) {
    for (let c = 0; c < consumers; c++) {
      for (let i = 0; i < 6; i++) {
        if (free[c]![i]! > now) continue
        if (held[c]!.length === 0) {
          calls++
          const r = reserve(s, 6, now, roundTripMs / 6)
          if (r.waitsMs.length === 0) {
            free[c]![i] = now + r.retryInMs!
            continue
          }
          held[c]!.push(...r.waitsMs.map((w) => now + w))
        }
        const start = held[c]!.shift()!
        sent.push(start)
        free[c]![i] = Math.ceil(start + roundTripMs)
      }
    }
  }
  return { starts: sent.filter((t) => t < ms), calls }
}

describe('send schedule', () => {
  it('keeps any number of consumers together under the limit, and near 95 % of it when they can carry more', () => {
    for (const [rate, consumers] of [
      [2000, 25],
      [200, 20],
      [500, 5],
    ] as const) {
      const { starts, calls } = simulate(createSendSchedule(rate, 0), consumers, 50, 10_000)
      // A second overlaps 101 buckets of 10 ms.
      expect(busiest(starts)).toBeLessThanOrEqual(Math.ceil(rate * scheduleShare * 1.01))
      expect(starts.length).toBeGreaterThanOrEqual(rate * scheduleShare * 9.9)
      // A call hands out several starts: about one call for every 6 sends.
      expect(calls).toBeLessThan(starts.length / 4)
    }
  })

  it('hands out a few starts at a time, at the pace asked, each consumer sleeping until its own', () => {
    const s = createSendSchedule(200, 0)
    // 1.9 starts per 10 ms bucket (1, 2, 2, 2, 2, ... whole ones), spread over each bucket.
    expect(reserve(s, 6, 0).waitsMs).toEqual([0, 10, 15, 20, 25, 30])
    // The next consumer's starts come after the first's on the one calendar, 8 ms apart at least.
    expect(reserve(s, 2, 0, 8).waitsMs).toEqual([35, 43])
    // However many are wanted, one call hands out at most maxReservation.
    expect(reserve(s, 100, 0).waitsMs).toHaveLength(maxReservation)
    // A consumer asking later finds the calendar free again: time nobody asked for is not handed out in a bunch.
    expect(reserve(s, 1, 5000).waitsMs).toEqual([0])
  })

  it('hands out nothing further ahead than maxAheadMs, and says when to ask again', () => {
    const s = createSendSchedule(5, 0)
    const out: number[] = []
    for (let i = 0; i < 3; i++) out.push(...reserve(s, 6, 0).waitsMs)
    expect(out.length).toBeLessThan(18)
    expect(Math.max(...out)).toBeLessThanOrEqual(maxAheadMs)
    const r = reserve(s, 6, 0)
    expect(r.waitsMs).toEqual([])
    expect(r.retryInMs).toBeGreaterThan(0)
  })

  it('takes one start from the calendar per 429 with no Retry-After, not a stop of everyone', () => {
    const s = createSendSchedule(200, 0)
    expect(reserve(s, 2, 0).waitsMs).toEqual([0, 10])
    rateLimited(s, 0, 3)
    // Three starts (15, 20, 25) went to the 429s; the next is the one after.
    expect(reserve(s, 1, 0).waitsMs).toEqual([30])
  })

  it("starts nothing before a 429's Retry-After has passed", () => {
    const s = createSendSchedule(2000, 0)
    rateLimited(s, 100, 1, 1500)
    const [first] = reserve(s, 6, 200).waitsMs
    expect(first).toBeGreaterThanOrEqual(1400)
    // Not even a start given back after a 5xx.
    refused(s, 1)
    expect(reserve(s, 1, 1500).waitsMs[0]).toBeGreaterThanOrEqual(100)
  })

  it('gives the starts of 5xx answers back at once, and keeps the sum under the limit even in a storm of them', () => {
    const s = createSendSchedule(200, 0)
    for (let i = 0; i < 20; i++) reserve(s, 6, 0)
    refused(s, 3)
    // No give-back allowance at first (5 a second at 200/s): the next start is on the calendar, ~600 ms away.
    expect(reserve(s, 1, 0).waitsMs[0]).toBeGreaterThan(500)
    expect(reserve(s, 6, 1000).waitsMs).toEqual([0, 0, 0])

    // Every request refused and given back: were LINE to count the refused ones, it would still not answer 429.
    const storm = createSendSchedule(2000, 0)
    const starts: number[] = []
    for (let now = 0; now < 10_000; now++) {
      const r = reserve(storm, 6, now)
      starts.push(...r.waitsMs.map((w) => now + w))
      refused(storm, r.waitsMs.length)
    }
    expect(busiest(starts)).toBeLessThanOrEqual(2000)
    expect(starts.length).toBeGreaterThan(2000 * 9.9)
  })

  it('hands out at most one start per connection of an invocation', () => {
    expect(reserve(createSendSchedule(2000, 0), 100, 0).waitsMs).toHaveLength(maxReservation)
  })

  it('starts a restarted pacer after the bound of what the previous one may have handed out', () => {
    const s = createSendSchedule(2000, 5000)
    expect(reserve(s, 1, 4000).waitsMs).toEqual([1000])
  })

  it('refuses a rate below one request a second', () => {
    expect(() => createSendSchedule(0, 0)).toThrow(RangeError)
  })
})
