// What to do after a send attempt: LINE's answer (or its absence) mapped to sent / retry / failed, and the backoff.
import { HTTPFetchError } from '@line/bot-sdk'
import type { RowResult } from './store'

export type SendOutcome =
  | { kind: 'sent'; note?: string; requestId?: string }
  /** `status`: LINE's answer when there was one (none after a timeout or a network error). */
  | { kind: 'retry'; error: string; retryAfterMs?: number; status?: number }
  | { kind: 'failed'; error: string }

/** Attempts before a retryable failure becomes `dead`. */
export const maxAttempts = 8
const baseDelayMs = 2_000
const maxDelayMs = 15 * 60_000

/** A send that did not answer within the sender's timeout. */
export class SendTimeoutError extends Error {
  constructor(ms: number) {
    super(`no answer within ${ms} ms`)
    this.name = 'SendTimeoutError'
  }
}

/** Puts a time limit on a piece of work: rejects with `SendTimeoutError` when it has not settled in time. */
export type Timeout = <T>(work: Promise<T>) => Promise<T>

/**
 * One timer for many requests instead of a timer set and cleared per request (~5 % of the Worker's CPU in the
 * worker-fanout profile, BENCHMARKS.md "Stop 24"): a sweep every `sweepMs` while any is pending rejects those older
 * than `ms`, so each gives up between `ms` and `ms + sweepMs` after it began. The work itself is not cancelled; only its
 * caller stops waiting.
 */
export function createTimeoutSweep(ms: number, sweepMs = 1000, now: () => number = Date.now): Timeout {
  const pending = new Set<{ until: number; reject: (err: Error) => void }>()
  let timer: ReturnType<typeof setInterval> | undefined
  const sweep = () => {
    const at = now()
    for (const entry of pending) {
      if (entry.until > at) continue
      pending.delete(entry)
      entry.reject(new SendTimeoutError(ms))
    }
    if (pending.size === 0) {
      clearInterval(timer)
      timer = undefined
    }
  }
  return <T>(work: Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      const entry = { until: now() + ms, reject }
      pending.add(entry)
      timer ??= setInterval(sweep, sweepMs)
      work.then(
        (value) => {
          pending.delete(entry)
          resolve(value)
        },
        (err: unknown) => {
          pending.delete(entry)
          reject(err as Error)
        },
      )
    })
}

function lineMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as { message?: string; details?: { message?: string; property?: string }[] }
    const details = (parsed.details ?? []).map((d) => `${d.property ?? ''}: ${d.message ?? ''}`).join('; ')
    return [parsed.message, details].filter(Boolean).join(' — ') || body
  } catch {
    return body
  }
}

function retryAfterMs(headers: Headers | undefined): number | undefined {
  const value = headers?.get('retry-after')
  const seconds = value ? Number(value) : NaN
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined
}

/**
 * 409 means LINE already accepted this retry key (an earlier attempt got through): the message is sent.
 * 429, 5xx, 401 (a token being rotated), timeouts and network errors are retried; any other 4xx is final.
 */
export function classifySendError(err: unknown): SendOutcome {
  if (err instanceof HTTPFetchError) {
    const message = `${err.status} ${lineMessage(err.body)}`.slice(0, 1000)
    if (err.status === 409) {
      return {
        kind: 'sent',
        note: `already accepted (request ${err.headers?.get('x-line-accepted-request-id') ?? '?'})`,
        ...(err.headers?.get('x-line-accepted-request-id')
          ? { requestId: err.headers.get('x-line-accepted-request-id')! }
          : {}),
      }
    }
    if (err.status === 429)
      return { kind: 'retry', error: message, retryAfterMs: retryAfterMs(err.headers), status: err.status }
    if (err.status >= 500 || err.status === 401) return { kind: 'retry', error: message, status: err.status }
    return { kind: 'failed', error: message }
  }
  if (err instanceof SendTimeoutError) return { kind: 'retry', error: `timeout: ${err.message}` }
  return { kind: 'retry', error: `network: ${err instanceof Error ? err.message : String(err)}`.slice(0, 1000) }
}

/** Exponential backoff with equal jitter: attempt 1 waits 1–2 s, attempt 2 waits 2–4 s, ... capped at 15 min. */
export function backoffDelayMs(attempt: number, random: () => number = Math.random, floorMs = 0): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, attempt - 1))
  return Math.max(floorMs, Math.round(ceiling / 2 + (random() * ceiling) / 2))
}

/** What to record on rows sent together after `outcome`: sent, failed, retried after a backoff, or dead. */
export function resultOf(
  rows: readonly { id: number; attempts: number; source?: string | null }[],
  outcome: SendOutcome,
  now: Date,
  random: () => number,
): RowResult {
  const ids = rows.map((r) => r.id)
  if (outcome.kind === 'sent') {
    const request = outcome.requestId
      ? { requestId: outcome.requestId, source: rows[0]?.source ?? null, recipients: rows.length }
      : undefined
    return { status: 'sent', ids, note: outcome.note, ...(request ? { request } : {}) }
  }
  if (outcome.kind === 'failed') return { status: 'failed', ids, error: outcome.error }
  const attempts = Math.max(...rows.map((r) => r.attempts))
  if (attempts >= maxAttempts)
    return { status: 'dead', ids, error: `gave up after ${attempts} attempts: ${outcome.error}` }
  const delay = backoffDelayMs(attempts, random, outcome.retryAfterMs)
  return { status: 'pending', ids, error: outcome.error, nextAttemptAt: new Date(now.getTime() + delay) }
}
