import { describe, expect, it } from 'vitest'
import {
  REFRESH_LEAD_MS,
  holdToken,
  refreshDelay,
  retryDelay,
  secondsLeft,
  tokenPhase,
} from '../../../liff-app/src/card/token-schedule'

const t0 = Date.parse('2026-07-01T03:00:00Z')
const token = { value: 'tok', expiresAt: '2026-07-01T03:01:00Z', ttlSeconds: 60 }

describe('holdToken', () => {
  it('anchors expiry to the device clock using the TTL, not the server timestamp', () => {
    const skewedNow = t0 + 5 * 60_000 // phone clock 5 minutes fast
    const held = holdToken(token, skewedNow)
    expect(held.expiresAtMs).toBe(skewedNow + 60_000)
    expect(held.ttlMs).toBe(60_000)
  })

  it('falls back to expiresAt when the TTL is missing or invalid', () => {
    const held = holdToken({ ...token, ttlSeconds: Number.NaN }, t0)
    expect(held.expiresAtMs).toBe(Date.parse(token.expiresAt))
  })
})

describe('refreshDelay', () => {
  it('schedules the refresh ten seconds before expiry', () => {
    const held = holdToken(token, t0)
    expect(refreshDelay(held, t0)).toBe(60_000 - REFRESH_LEAD_MS)
    expect(refreshDelay(held, t0 + 20_000)).toBe(30_000)
  })

  it('refreshes at half-life for very short TTLs', () => {
    const held = holdToken({ ...token, ttlSeconds: 8 }, t0)
    expect(refreshDelay(held, t0)).toBe(4_000)
  })

  it('never schedules in the past or immediately in a tight loop', () => {
    const held = holdToken(token, t0)
    expect(refreshDelay(held, t0 + 59_000)).toBe(1_000)
    expect(refreshDelay(held, t0 + 120_000)).toBe(1_000)
  })
})

describe('retryDelay', () => {
  it('backs off exponentially up to fifteen seconds', () => {
    const held = holdToken({ ...token, ttlSeconds: 600 }, t0)
    expect([1, 2, 3, 4, 5].map((n) => retryDelay(n, held, t0))).toEqual([2_000, 4_000, 8_000, 15_000, 15_000])
  })

  it('does not wait past the moment the code expires', () => {
    const held = holdToken(token, t0)
    expect(retryDelay(4, held, t0 + 55_000)).toBe(5_000)
  })
})

describe('secondsLeft', () => {
  it('rounds up and stops at zero', () => {
    const held = holdToken(token, t0)
    expect(secondsLeft(held, t0)).toBe(60)
    expect(secondsLeft(held, t0 + 59_001)).toBe(1)
    expect(secondsLeft(held, t0 + 60_000)).toBe(0)
    expect(secondsLeft(held, t0 + 90_000)).toBe(0)
  })
})

describe('tokenPhase', () => {
  const held = holdToken(token, t0)

  it('is live while valid and nothing failed', () => {
    expect(tokenPhase(held, t0 + 1_000, null)).toBe('live')
  })

  it('keeps showing the last code as offline until it expires', () => {
    expect(tokenPhase(held, t0 + 59_000, 'offline')).toBe('offline')
    expect(tokenPhase(held, t0 + 59_000, 'unavailable')).toBe('unavailable')
  })

  it('is expired once past expiry whatever the refresh state', () => {
    expect(tokenPhase(held, t0 + 60_000, null)).toBe('expired')
    expect(tokenPhase(held, t0 + 61_000, 'offline')).toBe('expired')
  })
})
