// The global pacer's arithmetic: a token bucket that never grants more than `ratePerSecond` in any one second, and
// a pause after a 429 that holds every consumer back. Pure (time passed in), kept by the OutboxPacer Durable Object.

export interface TokenBucket {
  readonly ratePerSecond: number
  tokens: number
  /** Milliseconds since the epoch when `tokens` was last brought up to date. */
  updatedAt: number
  /** Nothing is granted before this (LINE answered 429; its Retry-After, or our own backoff). */
  pausedUntil: number
}

export interface Grant {
  granted: number
  /** When nothing (or less than asked) was granted: how long to wait before asking again. */
  waitMs: number
}

/**
 * A full bucket holds this share of a second's rate. Refill runs at the rate less the capacity, so a full bucket
 * spent at once plus a second of refill is exactly `ratePerSecond`: no window of one second ever gets more.
 */
const burstShare = 0.05

const capacityOf = (b: TokenBucket) => Math.max(1, Math.floor(b.ratePerSecond * burstShare))
const refillPerMs = (b: TokenBucket) => Math.max(1, b.ratePerSecond - capacityOf(b)) / 1000

export function createTokenBucket(ratePerSecond: number, now: number): TokenBucket {
  if (!(ratePerSecond >= 1)) throw new RangeError(`ratePerSecond must be at least 1 (got ${ratePerSecond})`)
  const bucket = { ratePerSecond, tokens: 0, updatedAt: now, pausedUntil: 0 }
  bucket.tokens = capacityOf(bucket)
  return bucket
}

function refill(b: TokenBucket, now: number): void {
  if (now <= b.updatedAt) return
  // Paused time earns nothing: after a 429 the channel starts again from an empty bucket.
  const from = Math.max(b.updatedAt, b.pausedUntil)
  if (now > from) b.tokens = Math.min(capacityOf(b), b.tokens + (now - from) * refillPerMs(b))
  b.updatedAt = now
}

/** Grants up to `wanted` requests now (whole tokens), and says how long to wait when it could not grant them all. */
export function takeTokens(b: TokenBucket, wanted: number, now: number): Grant {
  refill(b, now)
  if (now < b.pausedUntil) return { granted: 0, waitMs: b.pausedUntil - now }
  const granted = Math.max(0, Math.min(Math.floor(wanted), Math.floor(b.tokens)))
  b.tokens -= granted
  if (granted >= wanted) return { granted, waitMs: 0 }
  return { granted, waitMs: Math.max(1, Math.ceil((1 - (b.tokens % 1)) / refillPerMs(b))) }
}

/** LINE said 429: nobody is granted anything for `ms`, and the bucket is emptied so no burst follows the pause. */
export function pauseBucket(b: TokenBucket, ms: number, now: number): void {
  refill(b, now)
  b.pausedUntil = Math.max(b.pausedUntil, now + ms)
  b.tokens = 0
}
