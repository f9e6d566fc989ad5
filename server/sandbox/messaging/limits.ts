// Configurable platform limits of the messaging sandbox: request rates and the monthly message quota.
import { localDate } from '../../domain/time-zone'

export interface SandboxLimits {
  /** Requests per second for push / multicast / reply (LINE: 2,000). */
  sendPerSecond: number
  /** Requests per second for every other endpoint. */
  otherPerSecond: number
  /** Monthly message quota counted per recipient; `null` is LINE's `type: 'none'` (unlimited). */
  monthlyQuota: number | null
  /** Reply tokens expire after this many ms. */
  replyTokenTtlMs: number
  /** A multicast's insight is `calculating` (no figures) for this long after it was accepted (LINE: about a day). */
  insightDelayMs: number
}

export function defaultLimits(): SandboxLimits {
  return {
    sendPerSecond: 2000,
    otherPerSecond: 2000,
    monthlyQuota: 200_000,
    replyTokenTtlMs: 60_000,
    insightDelayMs: 24 * 3600_000,
  }
}

/** The last month computed, for the UTC minute it was asked in (a pure result, so nothing to invalidate). */
let lastMonth = { minute: Number.NaN, month: '' }

/**
 * `YYYY-MM` of `now` in Asia/Tokyo, where LINE's month turns over. Every send asks, and Intl's formatting was 5 % of
 * the sandbox's CPU in worker-fanout; Tokyo's offset is whole minutes, so the month cannot turn within a UTC minute.
 */
export function quotaMonth(now: number): string {
  const minute = Math.floor(now / 60_000)
  if (minute !== lastMonth.minute) lastMonth = { minute, month: localDate(now, 'Asia/Tokyo').slice(0, 7) }
  return lastMonth.month
}

/** Applies a JSON patch of limits; returns a message for the first bad field, or null. */
export function patchLimits(limits: SandboxLimits, patch: unknown): string | null {
  if (typeof patch !== 'object' || patch === null) return 'body must be a JSON object'
  const known = Object.keys(defaultLimits())
  for (const [key, value] of Object.entries(patch)) {
    if (!known.includes(key)) return `unknown limit: ${key}`
    if (key === 'monthlyQuota' && value === null) continue
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return `${key} must be a number >= 0`
  }
  Object.assign(limits, patch)
  return null
}
