// Paces requests under a rate limit: a token bucket with a small burst, so a short stall can be caught up
// without ever putting more than `rate + burst` requests into any one-second window.

export interface Pacer {
  /** Resolves when one more request may start. */
  take(): Promise<void>
}

export function createPacer(ratePerSecond: number, burst = Math.max(1, Math.floor(ratePerSecond / 50))): Pacer {
  const interval = 1000 / ratePerSecond
  let tokens = burst
  let last = performance.now()
  const refill = () => {
    const now = performance.now()
    tokens = Math.min(burst, tokens + (now - last) / interval)
    last = now
  }
  return {
    async take() {
      refill()
      while (tokens < 1) {
        await new Promise((resolve) => setTimeout(resolve, Math.max(1, (1 - tokens) * interval)))
        refill()
      }
      tokens -= 1
    },
  }
}
