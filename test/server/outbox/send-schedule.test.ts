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

/** Most starts within any window of `windowMs` (a sliding window, as LINE and the sandbox count). */
function busiest(starts: number[], windowMs = 1000): number {
  const sorted = [...starts].sort((a, b) => a - b)
  let most = 0
  let from = 0
  for (let to = 0; to < sorted.length; to++) {
    while (sorted[to]! - sorted[from]! >= windowMs) from++
    most = Math.max(most, to - from + 1)
  }
  return most
}

/**
 * `consumers` invocations of 6 connections each, on a simulated clock: a connection reserves a start, sleeps until
 * it, sends for `roundTripMs`, and asks again; connections free at the same ms share one reservation. Returns every
 * start and how many reservations were made.
 */
function simulate(s: SendSchedule, consumers: number, roundTripMs: number, ms: number) {
  const starts: number[] = []
  let calls = 0
  // When each connection is free again.
  const free = Array.from({ length: consumers }, () => Array<number>(6).fill(0))
  for (let now = 0; now < ms; now++) {
    for (const connections of free) {
      const ready = connections.map((at, i) => (at <= now ? i : -1)).filter((i) => i >= 0)
      while (ready.length > 0) {
        calls++
        const r = reserve(s, ready.length, now)
        if (r.count === 0) {
          for (const i of ready) connections[i] = now + r.waitMs
          break
        }
        for (let k = 0; k < r.count; k++) {
          const start = now + r.waitMs + k * r.intervalMs
          starts.push(start)
          connections[ready.shift()!] = Math.ceil(start + roundTripMs)
        }
      }
    }
  }
  return { starts: starts.filter((t) => t < ms), calls }
}

describe('send schedule', () => {
  it('keeps any number of consumers together under the limit, and at 95 % of it when they can carry more', () => {
    for (const [rate, consumers] of [
      [2000, 25],
      [200, 20],
      [500, 5],
    ] as const) {
      const { starts } = simulate(createSendSchedule(rate, 0), consumers, 50, 10_000)
      expect(busiest(starts)).toBeLessThanOrEqual(Math.ceil(rate * scheduleShare) + 1)
      // From the first second on (the first starts of each consumer fill the first one).
      expect(starts.length).toBeGreaterThanOrEqual(rate * scheduleShare * 9.9)
    }
  })

  it('hands out a few starts at a time, spread over time, each consumer sleeping once until its start', () => {
    const s = createSendSchedule(200, 0)
    const interval = 1000 / (200 * scheduleShare)
    expect(reserve(s, 100, 0)).toEqual({ count: maxReservation, waitMs: 0, intervalMs: interval })
    // The next consumer's starts follow the first's on the one timeline.
    const second = reserve(s, 2, 0)
    expect(second).toEqual({ count: 2, waitMs: 6 * interval, intervalMs: interval })
    // Later asks are not made up for: time nobody asked for is not handed out in a bunch.
    expect(reserve(s, 1, 5000)).toEqual({ count: 1, waitMs: 0, intervalMs: interval })
  })

  it('hands out nothing further ahead than maxAheadMs, and says when to ask again', () => {
    const s = createSendSchedule(5, 0)
    const interval = 1000 / (5 * scheduleShare)
    reserve(s, 6, 0)
    reserve(s, 6, 0)
    const r = reserve(s, 6, 0)
    expect(r.count).toBe(0)
    expect(r.waitMs).toBeCloseTo(12 * interval - maxAheadMs)
    expect(reserve(s, 6, r.waitMs).count).toBe(6)
  })

  it('moves the timeline back one start per 429 with no Retry-After, not a stop of everyone', () => {
    const s = createSendSchedule(200, 0)
    const interval = 1000 / (200 * scheduleShare)
    reserve(s, 6, 0)
    rateLimited(s, 10, 3)
    expect(reserve(s, 1, 10).waitMs).toBeCloseTo(6 * interval + 3 * interval - 10)
    // Idle when it came: the next start is 1 start from now, not a second.
    const idle = createSendSchedule(200, 0)
    rateLimited(idle, 1000, 1)
    expect(reserve(idle, 1, 1000).waitMs).toBeCloseTo(interval)
  })

  it("starts nothing before a 429's Retry-After has passed", () => {
    const s = createSendSchedule(2000, 0)
    rateLimited(s, 100, 1, 1500)
    expect(reserve(s, 6, 200).waitMs).toBeCloseTo(1400 + 1000 / (2000 * scheduleShare))
  })

  it('gives the starts of 5xx answers back at once, at most half the headroom a second', () => {
    const s = createSendSchedule(2000, 0)
    reserve(s, 6, 0)
    refused(s, 3)
    // No allowance yet at the start; after a second, the 3 owed starts come at once.
    expect(reserve(s, 6, 0).waitMs).toBeGreaterThan(0)
    expect(reserve(s, 6, 1000)).toMatchObject({ count: 3, waitMs: 0 })
    // In a storm of 5xx (every request refused and given back) the sum of any second, given-back starts included,
    // stays within the limit: were LINE to count the refused requests, it would still not answer 429.
    const storm = createSendSchedule(2000, 0)
    const starts: number[] = []
    for (let now = 0; now < 10_000; now++) {
      const r = reserve(storm, 6, now)
      for (let k = 0; k < r.count; k++) starts.push(now + r.waitMs + k * r.intervalMs)
      refused(storm, r.count)
    }
    expect(busiest(starts)).toBeLessThanOrEqual(2000)
    expect(starts.length).toBeGreaterThan(2000 * 9.9)
  })

  it('starts a restarted pacer after the bound of what the previous one may have handed out', () => {
    const s = createSendSchedule(2000, 5000)
    expect(reserve(s, 1, 4000).waitMs).toBe(1000)
  })

  it('refuses a rate below one request a second', () => {
    expect(() => createSendSchedule(0, 0)).toThrow(RangeError)
  })
})
