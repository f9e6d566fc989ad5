import { describe, expect, it } from 'vitest'
import { MAX_WAIT_SECONDS, backoffDelay, pollPlan, rearmDelay } from '../../../liff-app/src/card/live-schedule'
import { holdToken } from '../../../liff-app/src/card/token-schedule'

const t0 = Date.parse('2026-07-01T03:00:00Z')
const held = holdToken({ value: 'tok', expiresAt: '2026-07-01T03:01:00Z', ttlSeconds: 60 }, t0)

describe('pollPlan', () => {
  it('holds for the longest wait while the QR is not due, without asking for a token', () => {
    expect(pollPlan(held, t0)).toEqual({ wait: MAX_WAIT_SECONDS, token: false })
  })

  it('ends the poll a second before the QR refresh is due and asks for the next token in its answer', () => {
    // Refresh is due 50 s after receipt (10 s before expiry): at 25 s the poll holds 24 s and brings the token.
    expect(pollPlan(held, t0 + 25_000)).toEqual({ wait: 24, token: true })
    expect(pollPlan(held, t0 + 49_500)).toEqual({ wait: 0, token: true })
  })

  it('makes about two requests per QR token while idle (the token comes with the second)', () => {
    let now = t0
    let requests = 0
    while (true) {
      const plan = pollPlan(held, now)
      requests += 1
      now += plan.wait * 1000
      if (plan.token) break
    }
    expect(requests).toBe(2)
    expect(now - t0).toBeLessThanOrEqual(49_000)
  })
})

describe('backoffDelay', () => {
  it('doubles from 1 s to a 30 s ceiling, drawn between half and all of it', () => {
    expect([1, 2, 3, 4, 5, 6, 9].map((a) => backoffDelay(a, 0.999_999))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000,
    ])
    expect(backoffDelay(3, 0)).toBe(2_000)
  })

  it("waits at least the server's Retry-After", () => {
    expect(backoffDelay(1, 0, 20_000)).toBe(20_000)
  })
})

describe('rearmDelay', () => {
  it('keeps request starts at least a second apart, and re-arms at once after a long hold', () => {
    expect(rearmDelay(t0, t0 + 200)).toBe(800)
    expect(rearmDelay(t0, t0 + 25_000)).toBe(0)
  })
})
