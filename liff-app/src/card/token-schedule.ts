// Timing rules for the rotating card QR: when to refresh, how long a code stays on screen, what state it is in.

import type { CardToken } from './api'

/** Refresh this long before the code expires, so the new one is on screen before staff could see a dead one. */
export const REFRESH_LEAD_MS = 10_000
const MIN_DELAY_MS = 1_000
const MAX_RETRY_DELAY_MS = 15_000

/** A card token pinned to the device clock. */
export interface HeldToken {
  value: string
  /** Device-clock time at which the code stops being valid. */
  expiresAtMs: number
  ttlMs: number
}

/**
 * Anchor a token to the device clock by adding its TTL to the time it was received, so a phone whose clock is
 * minutes off still counts down correctly. Falls back to the server's `expiresAt` when the TTL is unusable.
 */
export function holdToken(token: CardToken, receivedAt: number): HeldToken {
  const ttlMs =
    Number.isFinite(token.ttlSeconds) && token.ttlSeconds > 0
      ? token.ttlSeconds * 1000
      : Math.max(0, Date.parse(token.expiresAt) - receivedAt)
  return { value: token.value, expiresAtMs: receivedAt + ttlMs, ttlMs }
}

/** Milliseconds until the next refresh should start: REFRESH_LEAD_MS before expiry (sooner for very short TTLs). */
export function refreshDelay(token: HeldToken, now: number): number {
  const lead = Math.min(REFRESH_LEAD_MS, token.ttlMs / 2)
  return Math.max(MIN_DELAY_MS, token.expiresAtMs - lead - now)
}

/** Backoff for a failed refresh (2 s, 4 s, 8 s, 15 s…), never scheduled past the moment the code expires. */
export function retryDelay(attempt: number, token: HeldToken, now: number): number {
  const backoff = Math.min(MAX_RETRY_DELAY_MS, 2_000 * 2 ** Math.max(0, attempt - 1))
  const untilExpiry = token.expiresAtMs - now
  return Math.max(MIN_DELAY_MS, untilExpiry > 0 ? Math.min(backoff, untilExpiry) : backoff)
}

/** Whole seconds left on the code, rounded up, never negative. */
export function secondsLeft(token: HeldToken, now: number): number {
  return Math.max(0, Math.ceil((token.expiresAtMs - now) / 1000))
}

/** Why the last refresh failed, if it did: `offline` (no network) or `unavailable` (server answered an error). */
export type RefreshFailure = 'offline' | 'unavailable' | null

export type TokenPhase = 'live' | 'offline' | 'unavailable' | 'expired'

/** A code past its expiry is expired whatever else happened; otherwise a failed refresh keeps showing it, flagged. */
export function tokenPhase(token: HeldToken, now: number, failure: RefreshFailure): TokenPhase {
  if (now >= token.expiresAtMs) return 'expired'
  return failure ?? 'live'
}
