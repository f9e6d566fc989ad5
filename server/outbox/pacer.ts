// Paces requests under a rate limit such as LINE's 2,000 requests per second.
//
// Three rules, all of which must allow a start:
// - credit, earned at `ratePerSecond` and kept for `catchUpMs` (1 s): time lost to a stall of the event loop (a
//   synchronous database call, a GC pause, a timer that fires late; `setTimeout` sleeps whole milliseconds, two
//   requests' worth at 1,950/s) is made up after it instead of being lost;
// - spacing: making up is spread out at no more than `catchUpFactor` × the rate (a token bucket of 10 ms), so
//   requests never leave in a big bunch (a bunch reaches LINE's clock bunched up and counts there later than here);
// - a sliding window: at most `ratePerSecond` starts in any `windowMs`, whatever the credit, so no one second of
//   starts exceeds the rate, however the stalls fall.

export interface Pacer {
  /** Resolves when one more request may start; that request counts from then on. */
  take(): Promise<void>
}

export interface PacerOptions {
  /** How much lost time is made up, in ms of the rate (default 1,000). */
  catchUpMs?: number
  /** The fastest the pacer goes while making up, as a multiple of the rate (default 1.5). */
  catchUpFactor?: number
  /**
   * Starts allowed at once at the making-up speed (default: 10 ms worth, ~29 at 1,950/s): a timer that fires a few
   * ms late under load must not cost requests, and a bunch that small is gone through the limiter in a few ms.
   */
  burst?: number
  /** The window in which at most `ratePerSecond × windowMs / 1000` requests start (default 1000). */
  windowMs?: number
  /** Starts allowed in any window. */
  windowLimit?: number
  now?: () => number
  sleep?: (ms: number) => Promise<void>
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

interface Bucket {
  tokens: number
  readonly capacity: number
  readonly perMs: number
}

function refill(bucket: Bucket, elapsedMs: number): void {
  bucket.tokens = Math.min(bucket.capacity, bucket.tokens + elapsedMs * bucket.perMs)
}

const waitFor = (bucket: Bucket) => (bucket.tokens >= 1 ? 0 : (1 - bucket.tokens) / bucket.perMs)

export function createPacer(ratePerSecond: number, options: PacerOptions = {}): Pacer {
  const now = options.now ?? (() => performance.now())
  const sleep = options.sleep ?? realSleep
  const windowMs = options.windowMs ?? 1000
  const perMs = ratePerSecond / 1000
  const fastPerMs = perMs * Math.max(1, options.catchUpFactor ?? 1.5)
  const credit: Bucket = { tokens: 1, capacity: Math.max(1, perMs * (options.catchUpMs ?? 1000)), perMs }
  const burst = Math.max(1, options.burst ?? Math.max(2, Math.round(fastPerMs * 10)))
  const spacing: Bucket = { tokens: burst, capacity: burst, perMs: fastPerMs }
  const windowLimit = Math.max(1, options.windowLimit ?? Math.floor(perMs * windowMs))
  // Start times of the last `windowLimit` requests; once full, the oldest is the one at `started % windowLimit`.
  const starts = new Float64Array(windowLimit)
  let started = 0
  let last = now()

  const takeOne = async () => {
    for (;;) {
      const at = now()
      refill(credit, at - last)
      refill(spacing, at - last)
      last = at
      const oldest = started >= windowLimit ? starts[started % windowLimit]! : -Infinity
      // `windowMs - (at - oldest)`, not `oldest + windowMs - at`: the window is left when `at - oldest >= windowMs`, as
      // LINE and the sandbox count it, and the other rounding can let a start in 1 ulp early.
      const wait = Math.max(waitFor(credit), waitFor(spacing), windowMs - (at - oldest))
      if (wait <= 0) {
        credit.tokens -= 1
        spacing.tokens -= 1
        starts[started % windowLimit] = at
        started++
        return
      }
      await sleep(Math.max(1, Math.ceil(wait)))
    }
  }

  let queue = Promise.resolve()
  return {
    take() {
      // One waiter at a time: concurrent callers are served in order and never overdraw a bucket.
      const turn = queue.then(takeOne)
      queue = turn
      return turn
    },
  }
}
