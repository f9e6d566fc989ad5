// The global pacer's arithmetic: start times handed out in advance. Every queue consumer asks the OutboxPacer object
// for a few starts (one per free connection) and is answered "n requests, the first in `waitMs`, one every
// `intervalMs`": it sleeps once until its slot instead of polling, and the slots of all consumers interleave on one
// timeline spaced at the channel's rate, so no one second ever holds more than the rate. Pure (time passed in).

export interface SendSchedule {
  readonly ratePerSecond: number
  /** Spacing of the timeline: the rate less the headroom (below). */
  readonly intervalMs: number
  /** The first start not yet handed out, in ms. */
  nextAt: number
  /** Requests LINE refused without counting them (5xx), whose starts may be used again (at most `refundCap`). */
  owed: number
  /** How many owed starts may be handed out now: refills at `refundCap` a second, holds `refundCap`. */
  allowance: number
  allowanceAt: number
}

/** What one call answers. `count` is 0 when the timeline is full further ahead than `maxAheadMs`: ask again then. */
export interface Reservation {
  count: number
  /** From now until the first start (or until asking again, when `count` is 0). */
  waitMs: number
  /** From one start of the reservation to the next. */
  intervalMs: number
}

/**
 * The timeline runs at this share of the limit. The rest absorbs starts that leave late (a timer or an event loop
 * that runs a few ms late shifts some starts into the next second: 5 % covers 50 ms of such jitter) and pays for
 * starts given back after a 5xx.
 */
export const scheduleShare = 0.95
/** Starts handed out in one reservation at most: one per connection an invocation holds (queue-consumer.ts). */
export const maxReservation = 6
/** Nothing is handed out further ahead than this; a consumer told to wait asks again when it may. */
export const maxAheadMs = 2000

const refundCap = (s: SendSchedule) => Math.floor((s.ratePerSecond * (1 - scheduleShare)) / 2)

/** A timeline whose first start is at `notBefore` (a restarted pacer passes the end of what it may have granted). */
export function createSendSchedule(ratePerSecond: number, notBefore: number): SendSchedule {
  if (!(ratePerSecond >= 1)) throw new RangeError(`ratePerSecond must be at least 1 (got ${ratePerSecond})`)
  return {
    ratePerSecond,
    intervalMs: 1000 / (ratePerSecond * scheduleShare),
    nextAt: notBefore,
    owed: 0,
    allowance: 0,
    allowanceAt: notBefore,
  }
}

/**
 * Hands out up to `wanted` starts (at most `maxReservation`). Starts owed for refused requests go first, at once;
 * otherwise the next free ones of the timeline, never earlier than `now`: time nobody asked for is not made up.
 */
export function reserve(s: SendSchedule, wanted: number, now: number): Reservation {
  const n = Math.max(0, Math.min(Math.floor(wanted), maxReservation))
  if (n === 0) return { count: 0, waitMs: 0, intervalMs: s.intervalMs }
  const cap = refundCap(s)
  if (now > s.allowanceAt) {
    s.allowance = Math.min(cap, s.allowance + ((now - s.allowanceAt) * cap) / 1000)
    s.allowanceAt = now
  }
  const refunded = Math.min(n, s.owed, Math.floor(s.allowance))
  if (refunded > 0) {
    s.owed -= refunded
    s.allowance -= refunded
    return { count: refunded, waitMs: 0, intervalMs: s.intervalMs }
  }
  const start = Math.max(now, s.nextAt)
  if (start - now > maxAheadMs) return { count: 0, waitMs: start - now - maxAheadMs, intervalMs: s.intervalMs }
  s.nextAt = start + n * s.intervalMs
  return { count: n, waitMs: start - now, intervalMs: s.intervalMs }
}

/**
 * LINE answered 429. With a Retry-After, nothing more starts before it ends. Without, each 429 says the channel went
 * one request over LINE's count: the timeline moves back one start per 429, so a burst of k costs k starts, not a
 * stop of everyone.
 */
export function rateLimited(s: SendSchedule, now: number, count: number, retryAfterMs?: number): void {
  if (retryAfterMs !== undefined) {
    s.nextAt = Math.max(s.nextAt, now + retryAfterMs)
    s.owed = 0
  }
  if (count > 0) s.nextAt = Math.max(s.nextAt, now) + count * s.intervalMs
}

/**
 * LINE answered 5xx: it failed before counting the request, so its start may be used again, at once. Owed starts are
 * kept to a few and handed out at most `refundCap` a second (half the headroom), so even if LINE counted them the sum
 * of any second stays under the limit.
 */
export function refused(s: SendSchedule, count: number): void {
  s.owed = Math.min(refundCap(s), s.owed + count)
}
