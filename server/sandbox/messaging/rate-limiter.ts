// Sliding one-second window rate limiter: a ring of the last `limit` admission times, O(1) per request.

export interface RateLimiter {
  /** True if a request at `now` is admitted (and counts), false if it must get 429. */
  admit(now: number): boolean
  reset(): void
}

export function createRateLimiter(limitPerSecond: () => number, windowMs = 1000): RateLimiter {
  let ring: number[] = []
  let next = 0
  return {
    admit(now) {
      const limit = Math.max(0, Math.floor(limitPerSecond()))
      if (ring.length !== limit) {
        ring = new Array<number>(limit).fill(Number.NEGATIVE_INFINITY)
        next = 0
      }
      if (limit === 0) return false
      // ring[next] is the oldest of the last `limit` admissions.
      if (now - ring[next]! < windowMs) return false
      ring[next] = now
      next = (next + 1) % limit
      return true
    },
    reset() {
      ring = []
      next = 0
    },
  }
}
