// The request limiter the app is given (AppDeps.rateLimiter), and its in-memory implementation for one Node process.
import type { Clock } from '../env'
import { rateLimitRules, type RateLimitName, type RateLimitRule } from './rules'

export type RateLimitVerdict = { ok: true } | { ok: false; retryAfterSeconds: number }

export interface RateLimiter {
  /** Counts one request of `key` (a LINE user id, a client address) under rule `name`. */
  hit(name: RateLimitName, key: string): Promise<RateLimitVerdict>
}

interface Window {
  resetAt: number
  count: number
}

/**
 * Fixed windows per rule and key, kept in a Map in the order they opened. Memory stays bounded: windows that have
 * ended are dropped from the front as requests come, and past `maxKeys` the oldest windows go first (a flood of
 * fresh keys can at worst forget someone's count, never grow the process).
 */
export function createMemoryRateLimiter(
  clock: Clock,
  options: { maxKeys?: number; rules?: Record<RateLimitName, RateLimitRule> } = {},
): RateLimiter & { readonly size: number } {
  const { maxKeys = 100_000, rules = rateLimitRules } = options
  const windows = new Map<string, Window>()
  function dropEnded(now: number) {
    for (const [id, w] of windows) {
      if (w.resetAt > now) break
      windows.delete(id)
    }
  }
  return {
    get size() {
      return windows.size
    },
    async hit(name, key) {
      const now = clock().getTime()
      const rule = rules[name]
      const id = `${name}\u0000${key}`
      dropEnded(now)
      let w = windows.get(id)
      if (!w || w.resetAt <= now) {
        windows.delete(id)
        while (windows.size >= maxKeys) windows.delete(windows.keys().next().value!)
        windows.set(id, (w = { resetAt: now + rule.periodSeconds * 1000, count: 0 }))
      }
      if (w.count >= rule.limit)
        return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((w.resetAt - now) / 1000)) }
      w.count++
      return { ok: true }
    },
  }
}
