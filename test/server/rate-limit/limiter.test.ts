import { describe, expect, it } from 'vitest'
import { createMemoryRateLimiter } from '../../../server/rate-limit/limiter'
import { rateLimitRules } from '../../../server/rate-limit/rules'

function clockAt(ms: number) {
  const clock = { now: ms, advance: (by: number) => void (clock.now += by), read: () => new Date(clock.now) }
  return clock
}

describe('createMemoryRateLimiter', () => {
  it('allows a rule’s limit per key and period, refuses the next with the seconds left, and allows again once the window ends', async () => {
    const clock = clockAt(Date.UTC(2026, 10, 23, 3))
    const limiter = createMemoryRateLimiter(clock.read)
    const { limit } = rateLimitRules.accountLinkPerUser
    for (let i = 0; i < limit; i++) expect(await limiter.hit('accountLinkPerUser', 'U1')).toEqual({ ok: true })
    expect(await limiter.hit('accountLinkPerUser', 'U1')).toEqual({ ok: false, retryAfterSeconds: 60 })
    expect(await limiter.hit('accountLinkPerUser', 'U2')).toEqual({ ok: true })
    expect(await limiter.hit('sessionPerUser', 'U1')).toEqual({ ok: true })
    clock.advance(45_500)
    expect(await limiter.hit('accountLinkPerUser', 'U1')).toEqual({ ok: false, retryAfterSeconds: 15 })
    clock.advance(14_500)
    expect(await limiter.hit('accountLinkPerUser', 'U1')).toEqual({ ok: true })
  })

  it('keeps memory bounded: ended windows are dropped, and past maxKeys the oldest go first', async () => {
    const clock = clockAt(0)
    const limiter = createMemoryRateLimiter(clock.read, { maxKeys: 100 })
    for (let i = 0; i < 1000; i++) await limiter.hit('sessionPerClient', `198.51.100.${i}`)
    expect(limiter.size).toBe(100)
    clock.advance(60_000)
    await limiter.hit('sessionPerClient', '203.0.113.1')
    expect(limiter.size).toBe(1)
  })
})
