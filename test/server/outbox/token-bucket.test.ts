import { describe, expect, it } from 'vitest'
import { createTokenBucket, pauseBucket, takeTokens } from '../../../server/outbox/token-bucket'

/** Asks for `wanted` every `stepMs` for `ms` of simulated time; returns the grant times (one entry per token). */
function drive(rate: number, ms: number, stepMs: number, wanted: number) {
  const bucket = createTokenBucket(rate, 0)
  const grants: number[] = []
  for (let now = 0; now <= ms; now += stepMs) {
    const { granted } = takeTokens(bucket, wanted, now)
    for (let i = 0; i < granted; i++) grants.push(now)
  }
  return grants
}

function busiestSecond(grants: number[]): number {
  let most = 0
  let from = 0
  for (let to = 0; to < grants.length; to++) {
    while (grants[to]! - grants[from]! >= 1000) from++
    most = Math.max(most, to - from + 1)
  }
  return most
}

describe('token bucket', () => {
  it('never grants more than the rate in any one-second window, however it is asked', () => {
    for (const [stepMs, wanted] of [
      [1, 5],
      [7, 100],
      [250, 10_000],
      [1000, 1_000_000],
    ] as const) {
      const grants = drive(2000, 10_000, stepMs, wanted)
      expect(busiestSecond(grants)).toBeLessThanOrEqual(2000)
    }
  })

  it('keeps callers that ask at least every 50 ms (a full bucket) within 95 % of the rate', () => {
    for (const stepMs of [1, 7, 49]) {
      expect(drive(2000, 10_000, stepMs, 1000).length).toBeGreaterThanOrEqual(0.95 * 2000 * 10)
    }
  })

  it('grants only whole tokens and says how long to wait for the next one', () => {
    const bucket = createTokenBucket(20, 0)
    expect(takeTokens(bucket, 5, 0)).toEqual({ granted: 1, waitMs: 53 })
    expect(takeTokens(bucket, 1, 52)).toEqual({ granted: 0, waitMs: 1 })
    expect(takeTokens(bucket, 1, 53)).toEqual({ granted: 1, waitMs: 0 })
  })

  it('grants nothing to anyone while paused after a 429, then starts again from an empty bucket', () => {
    const bucket = createTokenBucket(2000, 0)
    pauseBucket(bucket, 1500, 10)
    expect(takeTokens(bucket, 10, 500)).toEqual({ granted: 0, waitMs: 1010 })
    expect(takeTokens(bucket, 10, 1510).granted).toBe(0)
    const after = takeTokens(bucket, 10, 1520)
    expect(after.granted).toBe(10)
    expect(after.granted).toBeLessThanOrEqual(((1520 - 1510) * 1900) / 1000)
  })

  it('refuses a rate below one request a second', () => {
    expect(() => createTokenBucket(0, 0)).toThrow(RangeError)
  })
})
