// Sliding one-second window rate limiter: a queue of the admissions inside the window, amortised O(1) per request
// and sized by the actual traffic, not by the limit.

export interface RateLimiter {
  /** True if a request at `now` is admitted (and counts), false if it must get 429. */
  admit(now: number): boolean
  reset(): void
}

export function createRateLimiter(limitPerSecond: () => number, windowMs = 1000): RateLimiter {
  let times: number[] = []
  let head = 0
  return {
    admit(now) {
      while (head < times.length && now - times[head]! >= windowMs) head++
      if (head > 1024 && head * 2 > times.length) {
        times = times.slice(head)
        head = 0
      }
      if (times.length - head >= limitPerSecond()) return false
      times.push(now)
      return true
    },
    reset() {
      times = []
      head = 0
    },
  }
}
