// The OutboxPacer Durable Object in workerd: consumers reserve starts on one timeline per channel, hear of 429s and
// 5xx through it, and a pacer evicted while consumers hold starts does not hand the same times out again.
import { evictDurableObject } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import type { DurableObjectNamespace } from '@cloudflare/workers-types/index'
import { describe, expect, it } from 'vitest'
import { channelPacer, type PacerRequest, type PacerStub } from '../../server/outbox/pacer-object'
import { maxReservation, type Reservation } from '../../server/outbox/send-schedule'

const namespace = env.OUTBOX_PACER as DurableObjectNamespace

/** One call to the object (RPC) as a consumer's stub makes it, answered as it is (no waiting and asking again). */
async function ask(channel: string, body: PacerRequest): Promise<Reservation> {
  return (namespace.get(namespace.idFromName(channel)) as unknown as PacerStub).reserve(body)
}

describe('OutboxPacer', () => {
  it('puts the starts of two invocations one after the other on the channel’s one calendar', async () => {
    // At 2 req/s a start every ~526 ms (95 % of the limit).
    const [a, b] = await Promise.all([
      channelPacer(namespace, 'calendar', 2).reserve(1),
      channelPacer(namespace, 'calendar', 2).reserve(1),
    ])
    expect([a.starts.length, b.starts.length, a.calls, b.calls]).toEqual([1, 1, 1, 1])
    expect(Math.abs(a.starts[0]! - b.starts[0]!)).toBeGreaterThan(400)
  })

  it('hands out at most maxReservation starts (four per connection) at a time, at the pace asked', async () => {
    const r = await channelPacer(namespace, 'small', 2000).reserve(100, 8)
    expect(r.starts).toHaveLength(maxReservation)
    for (let i = 1; i < maxReservation; i++) expect(r.starts[i]! - r.starts[i - 1]!).toBeGreaterThanOrEqual(8)
  })

  it('takes one start for a 429 a consumer reports, and holds everyone for a Retry-After', async () => {
    const pacer = channelPacer(namespace, 'limited', 2)
    const [first] = (await pacer.reserve(1)).starts
    pacer.note({ status: 429 })
    // Without the report the next start would be ~526 ms after the first; the 429 took that one.
    const [next] = (await pacer.reserve(1)).starts
    expect(next! - first!).toBeGreaterThan(800)

    await ask('retry-after', { ratePerSecond: 2000, take: 1 })
    const held = await ask('retry-after', {
      ratePerSecond: 2000,
      take: 1,
      report: { rateLimited: 1, retryAfterMs: 5000, serverErrors: 0 },
    })
    // Further ahead than the object hands out (2 s): nothing now, ask again ~3 s later.
    expect(held.waitsMs).toEqual([])
    expect(held.retryInMs).toBeGreaterThan(2500)
  })

  it('gives the start of a request answered 5xx back at once', async () => {
    const pacer = channelPacer(namespace, 'refund', 200)
    // Fill the calendar ~1.9 s ahead, then let the give-back allowance (5 a second at 200/s) refill.
    let ahead = 0
    while (ahead < 1900) ahead = (await pacer.reserve(6)).starts.at(-1)! - Date.now()
    await new Promise((resolve) => setTimeout(resolve, 250))
    expect((await pacer.reserve(1)).starts[0]! - Date.now()).toBeGreaterThan(1000)
    pacer.note({ status: 500 })
    expect((await pacer.reserve(1)).starts[0]! - Date.now()).toBeLessThan(50)
  })

  it('starts again after every start an evicted instance may have handed out', async () => {
    const first = await ask('evicted', { ratePerSecond: 2, take: 6 })
    // ~526 ms apart, up to 2 s ahead.
    expect(first.waitsMs.length).toBeGreaterThanOrEqual(3)
    await evictDurableObject(namespace.get(namespace.idFromName('evicted')))
    // A new instance starting from now would answer a start at once.
    const after = await ask('evicted', { ratePerSecond: 2, take: 1 })
    expect(after.waitsMs).toEqual([])
    expect(after.retryInMs).toBeGreaterThan(0)
  })
})
