// The global pacer's arithmetic: start times handed out in advance. Every queue consumer asks the OutboxPacer object
// for a few starts (one per connection it holds) spaced at its own pace, and is answered with their times: it sleeps
// until each instead of polling. The times of all consumers interleave on one calendar of 10 ms buckets, each
// holding its share of the channel's rate, so no one second ever holds more than the rate. Pure (time passed in).

export interface SendSchedule {
  readonly ratePerSecond: number
  /** Starts a bucket holds on average (the rate less the headroom, below); bucket `k` holds `capacity(s, k)`. */
  readonly perBucket: number
  /** Starts handed out per bucket (index: time ÷ bucketMs), for buckets from `now` on. */
  used: Map<number, number>
  /** Nothing starts before this (a Retry-After, or a restarted pacer's bound). */
  notBefore: number
  /** The latest start handed out. */
  lastStart: number
  /** Requests LINE refused without counting them (5xx), whose starts may be used again (at most `refundCap`). */
  owed: number
  /** How many owed starts may be handed out now: refills at `refundCap` a second, holds `refundCap`. */
  allowance: number
  allowanceAt: number
}

const bucketMs = 10
/**
 * The calendar holds this share of the limit. The rest absorbs starts that leave late (a timer or an event loop that
 * runs late shifts some starts into the next second) and pays for starts given back after a 5xx.
 */
export const scheduleShare = 0.95
/**
 * Starts handed out in one reservation at most: four per connection an invocation holds (queue-consumer.ts), ~4 round
 * trips of sends. Each call is a subrequest and costs the one workerd thread CPU on both ends: 24 a call instead of 6
 * cut the pacer calls from 0.19 to 0.06 a request and workerd's CPU from 0.70 to 0.59 ms a request (BENCHMARKS.md).
 */
export const maxReservation = 24
/** Nothing is handed out further ahead than this; a consumer told to wait asks again when it may. */
export const maxAheadMs = 2000

/** The answer to one call: start times as waits from now, in order. None when the calendar is full `maxAheadMs` ahead. */
export interface Reservation {
  waitsMs: number[]
  /** With no starts: when to ask again. */
  retryInMs?: number
}

const refundCap = (s: SendSchedule) => Math.floor((s.ratePerSecond * (1 - scheduleShare)) / 2)

/** Whole starts bucket `k` holds: any run of n buckets holds at most ⌈n × perBucket⌉. */
const capacity = (s: SendSchedule, k: number) => Math.floor((k + 1) * s.perBucket) - Math.floor(k * s.perBucket)

/** A calendar whose first start is at `notBefore` (a restarted pacer passes the end of what it may have granted). */
export function createSendSchedule(ratePerSecond: number, notBefore: number): SendSchedule {
  if (!(ratePerSecond >= 1)) throw new RangeError(`ratePerSecond must be at least 1 (got ${ratePerSecond})`)
  return {
    ratePerSecond,
    perBucket: (ratePerSecond * scheduleShare * bucketMs) / 1000,
    used: new Map(),
    notBefore,
    lastStart: notBefore,
    owed: 0,
    allowance: 0,
    allowanceAt: notBefore,
  }
}

/** The first free start at or after `at`, taken; or undefined when there is none within `maxAheadMs` of `now`. */
function takeStart(s: SendSchedule, at: number, now: number): number | undefined {
  for (let k = Math.floor(at / bucketMs); k * bucketMs <= now + maxAheadMs; k++) {
    const cap = capacity(s, k)
    const used = s.used.get(k) ?? 0
    if (used >= cap) continue
    s.used.set(k, used + 1)
    // Spread over the bucket: its j-th start at j/cap of it.
    const start = Math.max(at, k * bucketMs + (used * bucketMs) / cap)
    s.lastStart = Math.max(s.lastStart, start)
    return start
  }
  return undefined
}

function forgetPast(s: SendSchedule, now: number): void {
  const current = Math.floor(now / bucketMs)
  for (const k of s.used.keys()) if (k < current) s.used.delete(k)
}

/**
 * Hands out up to `wanted` starts (at most `maxReservation`), at least `gapMs` apart: the pace at which the asking
 * invocation's connections come free (its round trip ÷ its connections). Starts owed for refused requests go first,
 * at once; otherwise the first free ones of the calendar, never earlier than `now`: time nobody asked for is not
 * made up in a bunch.
 */
export function reserve(s: SendSchedule, wanted: number, now: number, gapMs = 0): Reservation {
  const n = Math.max(0, Math.min(Math.floor(wanted), maxReservation))
  if (n === 0) return { waitsMs: [] }
  const cap = refundCap(s)
  if (now > s.allowanceAt) {
    s.allowance = Math.min(cap, s.allowance + ((now - s.allowanceAt) * cap) / 1000)
    s.allowanceAt = now
  }
  // Nothing, given back or not, before a Retry-After has passed.
  const refunded = now < s.notBefore ? 0 : Math.min(n, s.owed, Math.floor(s.allowance))
  if (refunded > 0) {
    s.owed -= refunded
    s.allowance -= refunded
    return { waitsMs: Array<number>(refunded).fill(0) }
  }
  forgetPast(s, now)
  const waitsMs: number[] = []
  let at = Math.max(now, s.notBefore)
  for (let i = 0; i < n; i++) {
    const start = takeStart(s, at, now)
    if (start === undefined) break
    waitsMs.push(start - now)
    at = start + Math.max(0, gapMs)
  }
  if (waitsMs.length > 0) return { waitsMs }
  // Full that far ahead: ask again once a start's worth of calendar has come within reach (or the hold is over).
  const held = Math.max(0, s.notBefore - now - maxAheadMs)
  return { waitsMs, retryInMs: held + Math.max(bucketMs, bucketMs / s.perBucket) }
}

/**
 * LINE answered 429. With a Retry-After, nothing more starts before it ends. Without, each 429 says the channel went
 * one request over LINE's count: one start more is taken from the calendar's first free ones, so a burst of k costs
 * k starts, not a stop of everyone.
 */
export function rateLimited(s: SendSchedule, now: number, count: number, retryAfterMs?: number): void {
  if (retryAfterMs !== undefined) {
    s.notBefore = Math.max(s.notBefore, now + retryAfterMs)
    s.owed = 0
  }
  for (let i = 0; i < count; i++) if (takeStart(s, Math.max(now, s.notBefore), now) === undefined) break
}

/**
 * LINE answered 5xx: it failed before counting the request, so its start may be used again, at once. Owed starts are
 * kept to a few and handed out at most `refundCap` a second (half the headroom), so even if LINE counted them the sum
 * of any second stays under the limit.
 */
export function refused(s: SendSchedule, count: number): void {
  s.owed = Math.min(refundCap(s), s.owed + count)
}
