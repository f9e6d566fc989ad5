// The OutboxPacer Durable Object in workerd: consumers reserve starts on one timeline per channel, hear of 429s and
// 5xx through it, and a pacer evicted while consumers hold starts does not hand the same times out again.
import { evictDurableObject } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import type { DurableObjectNamespace } from '@cloudflare/workers-types/index'
import { describe, expect, it } from 'vitest'
import { channelPacer } from '../../server/outbox/pacer-object'
import { scheduleShare, type Reservation } from '../../server/outbox/send-schedule'

const namespace = env.OUTBOX_PACER as DurableObjectNamespace
const intervalAt = (rate: number) => 1000 / (rate * scheduleShare)

/** One call to the object as a consumer's stub makes it, answered as it is (no waiting and asking again). */
async function ask(channel: string, body: object): Promise<Reservation> {
  const res = await namespace.get(namespace.idFromName(channel)).fetch('https://pacer/', {
    method: 'POST',
    body: JSON.stringify(body),
  })
  return (await res.json()) as Reservation
}

describe('OutboxPacer', () => {
  it('puts the starts of two invocations one after the other on the channel’s one timeline', async () => {
    const interval = intervalAt(2)
    const [a, b] = await Promise.all([
      channelPacer(namespace, 'timeline', 2).reserve(1),
      channelPacer(namespace, 'timeline', 2).reserve(1),
    ])
    expect([a.count, b.count, a.calls, b.calls]).toEqual([1, 1, 1, 1])
    const [first, second] = [a, b].sort((x, y) => x.waitMs - y.waitMs)
    expect(second!.waitMs - first!.waitMs).toBeGreaterThan(interval / 2)
    expect(first!.intervalMs).toBeCloseTo(interval)
  })

  it('hands out at most one start per connection (6) at a time', async () => {
    const r = await channelPacer(namespace, 'small', 2000).reserve(100)
    expect(r.count).toBe(6)
  })

  it('moves the timeline back one start for a 429 a consumer reports, and holds everyone for a Retry-After', async () => {
    const interval = intervalAt(2)
    const pacer = channelPacer(namespace, 'limited', 2)
    await pacer.reserve(1)
    pacer.note({ status: 429 })
    // Without the report the next start would be one interval away.
    expect((await pacer.reserve(1)).waitMs).toBeGreaterThan(1.5 * interval)

    await ask('retry-after', { ratePerSecond: 2000, take: 1 })
    const held = await ask('retry-after', {
      ratePerSecond: 2000,
      take: 1,
      report: { rateLimited: 1, retryAfterMs: 5000, serverErrors: 0 },
    })
    // Further ahead than the object hands out (2 s): nothing now, ask again ~3 s later.
    expect(held.count).toBe(0)
    expect(held.waitMs).toBeGreaterThan(2500)
  })

  it('gives the start of a request answered 5xx back at once', async () => {
    const pacer = channelPacer(namespace, 'refund', 200)
    // Fill the timeline ~1.9 s ahead, then let the give-back allowance (5 a second at 200/s) refill.
    let ahead = 0
    while (ahead < 1900) {
      const r = await pacer.reserve(6)
      ahead = r.waitMs + r.count * r.intervalMs
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
    expect((await pacer.reserve(1)).waitMs).toBeGreaterThan(1000)
    pacer.note({ status: 500 })
    expect(await pacer.reserve(1)).toMatchObject({ count: 1, waitMs: 0 })
  })

  it('starts again after every start an evicted instance may have handed out', async () => {
    const first = await ask('evicted', { ratePerSecond: 2, take: 6 })
    expect(first).toMatchObject({ count: 6, waitMs: 0 })
    await evictDurableObject(namespace.get(namespace.idFromName('evicted')))
    // The 6 starts reach ~3.2 s ahead: a new instance starting from now would answer 1 start at once.
    const after = await ask('evicted', { ratePerSecond: 2, take: 1 })
    expect(after.count).toBe(0)
    expect(after.waitMs).toBeGreaterThan(6 * intervalAt(2) - 2000 - 100)
  })
})
