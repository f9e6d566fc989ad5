import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createPacer, type PacerOptions } from '../../../server/outbox/pacer'

/** A virtual clock: `sleep` advances it by what was asked plus the timer's lateness (setTimeout fires late). */
function virtualTime(lateness: () => number = () => 0.2) {
  let t = 0
  return {
    now: () => t,
    sleep: async (ms: number) => {
      t += ms + lateness()
    },
    /** A stall of the event loop: time passes while nobody takes. */
    stall(ms: number) {
      t += ms
    },
  }
}

/** Takes until `untilMs` of virtual time, stalling as `stallAt` says; returns the start times. */
async function run(
  rate: number,
  untilMs: number,
  options: PacerOptions & ReturnType<typeof virtualTime>,
  stallAt: (i: number) => number = () => 0,
): Promise<number[]> {
  const pacer = createPacer(rate, options)
  const starts: number[] = []
  for (let i = 0; options.now() < untilMs; i++) {
    options.stall(stallAt(i))
    await pacer.take()
    starts.push(options.now())
  }
  return starts
}

/** The most starts inside any window of `ms` (a start at t leaves the window at t + ms, as the sandbox counts). */
function maxInWindow(starts: number[], ms: number): number {
  let max = 0
  for (let lo = 0, hi = 0; hi < starts.length; hi++) {
    while (starts[hi]! - starts[lo]! >= ms) lo++
    max = Math.max(max, hi - lo + 1)
  }
  return max
}

describe('createPacer', () => {
  it('holds 1,950/s although every timer fires late and sleeps whole milliseconds', async () => {
    const clock = virtualTime(() => 0.4)
    const starts = await run(1950, 10_000, clock)
    expect(starts.length).toBeGreaterThanOrEqual(1950 * 10 * 0.995)
    expect(maxInWindow(starts, 1000)).toBeLessThanOrEqual(1950)
  })

  /** What a sender sees: a database statement every 125 requests (4–12 ms) and now and then a 20–80 ms stall. */
  const senderStalls = () => {
    let seed = 1
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647
    let t = 0
    let nextBig = 500
    const clock = virtualTime(() => 0.1 + random() * 0.5)
    const stallAt = (i: number) => {
      let ms = i > 0 && i % 125 === 0 ? 4 + random() * 8 : 0
      t = clock.now()
      if (t > nextBig) {
        ms += 20 + random() * 60
        nextBig += 300 + random() * 1400
      }
      return ms
    }
    return { clock, stallAt }
  }

  it('makes up stalls of the event loop afterwards, spread out, never more than the rate in any second', async () => {
    const { clock, stallAt } = senderStalls()
    const starts = await run(1950, 20_000, clock, stallAt)
    expect(starts.length).toBeGreaterThanOrEqual(1950 * 20 * 0.98)
    expect(maxInWindow(starts, 1000)).toBeLessThanOrEqual(1950)
    // Making up goes at most 1.5× the rate after a burst of 10 ms worth (29): never a bunch of the stall's size.
    for (const ms of [10, 50, 200]) expect(maxInWindow(starts, ms)).toBeLessThanOrEqual(29 + Math.ceil(1.95 * 1.5 * ms))
  })

  it('does better than a plain token bucket with a 20 ms burst (the former pacer) under the same stalls', async () => {
    const { clock, stallAt } = senderStalls()
    const bucketOnly = { catchUpMs: 20, catchUpFactor: 1000, burst: 39, windowLimit: 100_000 }
    const starts = await run(1950, 20_000, { ...clock, ...bucketOnly }, stallAt)
    expect(starts.length).toBeLessThan(1950 * 20 * 0.975)
    // ... and it let more than the rate start within one second.
    expect(maxInWindow(starts, 1000)).toBeGreaterThan(1950)
  })

  it('never starts more than the rate in any window, whatever the stalls and timer lateness', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 50 }),
        fc.double({ min: 0, max: 3, noNaN: true }),
        async (stalls, late) => {
          const clock = virtualTime(() => late)
          const starts = await run(200, 3_000, clock, (i) => (i % 37 === 5 ? stalls[i % stalls.length]! : 0))
          expect(maxInWindow(starts, 1000)).toBeLessThanOrEqual(200)
        },
      ),
      { numRuns: 50 },
    )
  })

  it('leaves the window only when the time since its oldest start reaches it, to the last bit', async () => {
    // 1164.3203353981219 − 164.32033539812195 is 999.9999999999999 in doubles, though 164.32… + 1000 − 1164.32… is 0.
    let t = 164.32033539812195
    const pacer = createPacer(10, { windowLimit: 1, now: () => t, sleep: async (ms) => void (t += ms) })
    const starts: number[] = []
    await pacer.take()
    starts.push(t)
    t = 1164.3203353981219
    await pacer.take()
    starts.push(t)
    expect(maxInWindow(starts, 1000)).toBe(1)
  })

  it('serves concurrent callers in order without overdrawing', async () => {
    const clock = virtualTime()
    const pacer = createPacer(100, clock)
    const order: number[] = []
    await Promise.all(Array.from({ length: 300 }, (_, i) => pacer.take().then(() => order.push(i))))
    expect(order).toEqual(Array.from({ length: 300 }, (_, i) => i))
    // 300 starts at 100/s with a full window after the first 100: at least two seconds.
    expect(clock.now()).toBeGreaterThanOrEqual(2000)
  })
})
