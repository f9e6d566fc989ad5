// Timing rules for the card's long-poll: how long to ask the server to hold, when to ask for the next QR token,
// how long to back off after a failure.

import { refreshDelay, type HeldToken } from './token-schedule'

/** The server holds a poll at most this long (server/routes/customer/card-changes.ts). */
export const MAX_WAIT_SECONDS = 25
/** Ask for the next token this long before the QR's own refresh is due, so the poll's answer comes first. */
const TOKEN_AHEAD_MS = 1_000
/** The poll is abandoned (and retried) when no answer came this long after the server should have answered. */
export const ANSWER_GRACE_MS = 10_000
/** Requests never start closer together than this, whatever the server answers. */
export const MIN_SPACING_MS = 1_000
const MAX_BACKOFF_MS = 30_000

export interface PollPlan {
  /** Seconds the server may hold the request. */
  wait: number
  /** Whether an unchanged answer should carry the next QR token. */
  token: boolean
}

/**
 * Hold for 25 s, or until just before the QR is due for its refresh and then ask for the new token in the same
 * answer: an idle card makes about two requests per token instead of a poll plus a token request.
 */
export function pollPlan(held: HeldToken, now: number): PollPlan {
  const untilToken = refreshDelay(held, now) - TOKEN_AHEAD_MS
  if (untilToken > MAX_WAIT_SECONDS * 1000) return { wait: MAX_WAIT_SECONDS, token: false }
  return { wait: Math.max(0, Math.floor(untilToken / 1000)), token: true }
}

/**
 * Wait before re-arming after the `attempt`-th failure in a row: 1 s, 2 s, 4 s… up to 30 s, each drawn between half
 * and all of it (`random` in [0, 1)) so many cards cut off together do not come back together; at least `retryAfterMs`.
 */
export function backoffDelay(attempt: number, random: number, retryAfterMs = 0): number {
  const full = Math.min(MAX_BACKOFF_MS, 1_000 * 2 ** Math.max(0, attempt - 1))
  return Math.max(retryAfterMs, Math.round(full * (0.5 + random / 2)))
}

/** Delay before the next request, keeping starts at least MIN_SPACING_MS apart. */
export function rearmDelay(lastStart: number, now: number): number {
  return Math.max(0, lastStart + MIN_SPACING_MS - now)
}
