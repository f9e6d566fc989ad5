// Sends planned webhook forwards: the bytes and `x-line-signature` LINE sent, POSTed unchanged to each target with a
// timeout; a failure is retried with the inbox's backoff (by the scheduled job) and ends `failed` after the last try.
import type { WebhookForwardRow } from '../../db/schema'
import { claimForward, dueForwardIds, finishForward, type ForwardOutcome } from '../data/webhook-forwards'
import type { AppDeps } from '../env'
import { describeFetchError, sendLeased } from '../leased-sends'
import { retryDelayMs } from './process'

/** Attempts before a forward is marked failed: with the backoff, about a quarter of an hour of retries. */
export const maxForwardAttempts = 6
/** How long a target has to answer (LINE itself gives a bot a few seconds; a forward is not waited on by LINE). */
export const forwardTimeoutMs = 10_000
/** Set on every forwarded request; a request carrying it is never forwarded again (two tools forwarding in a loop). */
export const forwardedHeader = 'x-tsunagu-forwarded'

export interface ForwardReport {
  sent: number
  retrying: number
  failed: number
  /** Due forwards another sender held (or had finished) when this one came to them. */
  skipped: number
}

export interface ForwardOptions {
  /** Claim rows due at this time (default now). */
  dueAt?: Date
  timeoutMs?: number
}

async function attempt(deps: AppDeps, row: WebhookForwardRow, timeoutMs: number): Promise<ForwardOutcome> {
  let httpStatus: number | null = null
  let error: string
  try {
    const res = await fetch(row.target, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'x-line-signature': row.signature,
        [forwardedHeader]: '1',
      },
      body: new Uint8Array(Buffer.from(row.body, 'base64')),
      // A redirect could lead to an address the target check would refuse.
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    })
    await res.body?.cancel()
    if (res.status >= 200 && res.status < 300) return { status: 'done', httpStatus: res.status }
    httpStatus = res.status
    error = res.status >= 300 && res.status < 400 ? `redirect not followed (HTTP ${res.status})` : `HTTP ${res.status}`
  } catch (err) {
    error = describeFetchError(err, timeoutMs)
  }
  console.error(`webhook: forward ${row.id} to ${row.target} failed (attempt ${row.attempts}): ${error}`)
  if (row.attempts >= maxForwardAttempts) return { status: 'failed', httpStatus, error }
  return {
    status: 'pending',
    httpStatus,
    error,
    nextAttemptAt: new Date(deps.clock().getTime() + retryDelayMs(row.attempts)),
  }
}

/** Claims and sends the forwards with these ids, a few at a time; one not due or held elsewhere is skipped. */
export function sendForwards(
  deps: AppDeps,
  ids: readonly string[],
  options: ForwardOptions = {},
): Promise<ForwardReport> {
  return sendLeased(
    deps,
    ids,
    { dueAt: options.dueAt, timeoutMs: options.timeoutMs ?? forwardTimeoutMs },
    {
      claim: claimForward,
      attempt,
      finish: finishForward,
      counted: { done: 'sent', pending: 'retrying', failed: 'failed' },
    },
  )
}

/** The scheduled job's part: every forward due for a (re)try, up to `limit` a run. */
export async function sendDueForwards(
  deps: AppDeps,
  now: Date,
  options: Omit<ForwardOptions, 'dueAt'> & { limit?: number } = {},
): Promise<ForwardReport> {
  return sendForwards(deps, await dueForwardIds(deps.db, now, options.limit ?? 50), { ...options, dueAt: now })
}
