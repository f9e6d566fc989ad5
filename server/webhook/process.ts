// Handles stored webhook events: claim each with a lease, check it was sent to this bot, run its handler, and mark
// it done only when the handler succeeded; a failure is retried with backoff and ends `dead` after the last attempt.
import { HTTPFetchError, type webhook } from '@line/bot-sdk'
import { claimEvent, dueEventIds, finishEvent, type EventOutcome } from '../data/webhook-inbox'
import type { WebhookEventRow } from '../../db/schema'
import type { AppDeps } from '../env'
import { eventHandlers, type EventHandler } from './handlers'

/** Attempts before an event that keeps failing becomes `dead`. */
export const maxEventAttempts = 8
/** Longer than any handler takes (a few database statements and one LINE call with the SDK's timeout). */
export const eventLeaseMs = 2 * 60_000
const baseDelayMs = 30_000
const maxDelayMs = 60 * 60_000

/** Wait after the n-th failed attempt: 30 s, 1 min, 2 min, ... at most an hour (the job runs every few minutes). */
export function retryDelayMs(attempts: number): number {
  return Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, attempts - 1))
}

export interface ProcessReport {
  handled: number
  retrying: number
  failed: number
  dead: number
  /** Due events another processor held (or had finished) when this one came to them. */
  skipped: number
}

/** What went wrong, for the admin's dead-letter view: a database error's own cause rather than drizzle's query dump. */
function describe(err: unknown): string {
  if (err instanceof HTTPFetchError) return `LINE ${err.status}: ${err.body}`.slice(0, 1000)
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : null
  return (cause ?? (err instanceof Error ? err.message : String(err))).slice(0, 1000)
}

/** A LINE answer that no retry can change (a 4xx other than 401, 408 and 429). */
function isFinal(err: unknown): boolean {
  return err instanceof HTTPFetchError && err.status >= 400 && err.status < 500 && ![401, 408, 429].includes(err.status)
}

async function run(deps: AppDeps, claim: WebhookEventRow): Promise<EventOutcome> {
  const event = claim.event as unknown as webhook.Event
  try {
    const bot = await deps.line.botUserId()
    if (claim.destination !== bot) {
      console.error(`webhook: event ${claim.webhookEventId} was sent to ${claim.destination}, not to this bot (${bot})`)
      return { status: 'failed', error: `destination ${claim.destination} is not this bot (${bot})` }
    }
    const handler = eventHandlers[event.type] as EventHandler | undefined
    if (handler) await handler(deps, event, deps.clock(), claim.receivedAt)
    return { status: 'done' }
  } catch (err) {
    const error = describe(err)
    console.error(`webhook: ${claim.type} event ${claim.webhookEventId} failed (attempt ${claim.attempts}): ${error}`)
    if (isFinal(err)) return { status: 'failed', error }
    if (claim.attempts >= maxEventAttempts) return { status: 'dead', error }
    return {
      status: 'pending',
      error,
      nextAttemptAt: new Date(deps.clock().getTime() + retryDelayMs(claim.attempts)),
    }
  }
}

/**
 * Claims and handles the events with these ids, in order; an event not due (at `dueAt`, default now) or held
 * elsewhere is skipped.
 */
export async function processWebhookEvents(
  deps: AppDeps,
  ids: readonly string[],
  dueAt?: Date,
): Promise<ProcessReport> {
  const report: ProcessReport = { handled: 0, retrying: 0, failed: 0, dead: 0, skipped: 0 }
  for (const id of ids) {
    const claim = await claimEvent(deps.db, id, dueAt ?? deps.clock(), eventLeaseMs)
    if (!claim) {
      report.skipped++
      continue
    }
    const outcome = await run(deps, claim)
    await finishEvent(deps.db, claim, outcome, deps.clock())
    if (outcome.status === 'done') report.handled++
    else if (outcome.status === 'pending') report.retrying++
    else report[outcome.status]++
  }
  return report
}

/** The scheduled job's part: every event due for a (re)try, up to `limit` a run. */
export async function processDueWebhookEvents(deps: AppDeps, now: Date, limit = 200): Promise<ProcessReport> {
  return processWebhookEvents(deps, await dueEventIds(deps.db, now, limit), now)
}
