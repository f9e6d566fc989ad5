// The webhook inbox's rows: store a verified body's events (one batch), claim one with a lease, record the outcome.
// Every change is one conditional statement, so two processors (the background task and the job, or two isolates)
// never both run a handler for the same event.
import { and, asc, desc, eq, inArray, lte } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import type { Database } from '../../db/client'
import { webhookEvents, type WebhookEventRow, type WebhookEventStatus } from '../../db/schema'
import { claimLeased, finishLeased, requeueLeased } from './leased-rows'

export interface IncomingEvent {
  type: string
  webhookEventId: string
  mode?: string
  [key: string]: unknown
}

/**
 * Stores each event once (by webhookEventId) in one batch; a `standby` event is kept but never handled. Returns the
 * ids stored by this call as pending: a redelivered event is already there and is left as it is. `also` joins the
 * same batch (the request's forward rows), so the events and what goes with them are stored together or not at all.
 */
export async function storeEvents(
  db: Database,
  destination: string,
  events: readonly IncomingEvent[],
  now: Date,
  also: readonly BatchItem<'sqlite'>[] = [],
): Promise<string[]> {
  if (events.length === 0) return []
  const [first, ...rest] = events.map((event) =>
    db
      .insert(webhookEvents)
      .values({
        webhookEventId: event.webhookEventId,
        type: event.type,
        destination,
        event,
        status: event.mode === 'standby' ? 'standby' : 'pending',
        nextAttemptAt: now,
        receivedAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: webhookEvents.webhookEventId, status: webhookEvents.status }),
  )
  const results = await db.batch([first!, ...rest, ...also])
  return (results.slice(0, events.length) as { id: string; status: string }[][])
    .flat()
    .flatMap((r) => (r.status === 'pending' ? [r.id] : []))
}

/** Pending events whose time has come, oldest first (a lease still running is skipped by the claim). */
export async function dueEventIds(db: Database, now: Date, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: webhookEvents.webhookEventId })
    .from(webhookEvents)
    .where(and(eq(webhookEvents.status, 'pending'), lte(webhookEvents.nextAttemptAt, now)))
    .orderBy(asc(webhookEvents.nextAttemptAt), asc(webhookEvents.receivedAt))
    .limit(limit)
  return rows.map((r) => r.id)
}

/** Takes the event for `leaseMs` (counting an attempt) if it is due and nobody holds it; null when it is not. */
export function claimEvent(db: Database, id: string, now: Date, leaseMs: number): Promise<WebhookEventRow | null> {
  return claimLeased(db, webhookEvents, webhookEvents.webhookEventId, id, now, leaseMs)
}

export type EventOutcome =
  | { status: 'done' }
  | { status: 'pending'; error: string; nextAttemptAt: Date }
  | { status: 'failed' | 'dead'; error: string }

/** Writes the outcome of a claim; only while the claim's lease is still the event's (a processor that overran it and
 * lost the event to another changes nothing). */
export async function finishEvent(db: Database, claim: WebhookEventRow, outcome: EventOutcome, now: Date) {
  const set =
    outcome.status === 'done'
      ? { status: 'done' as const, handledAt: now }
      : outcome.status === 'pending'
        ? { lastError: outcome.error, nextAttemptAt: outcome.nextAttemptAt }
        : { status: outcome.status, lastError: outcome.error }
  const lease = { id: claim.webhookEventId, leaseUntil: claim.leaseUntil! }
  await finishLeased(db, webhookEvents, webhookEvents.webhookEventId, lease, set)
}

export interface EventListing {
  statuses: readonly WebhookEventStatus[]
  limit: number
  offset: number
}

/** Events in the given states, most recently received first. */
export function listEvents(db: Database, listing: EventListing) {
  return db
    .select()
    .from(webhookEvents)
    .where(inArray(webhookEvents.status, [...listing.statuses]))
    .orderBy(desc(webhookEvents.receivedAt), desc(webhookEvents.webhookEventId))
    .limit(listing.limit)
    .offset(listing.offset)
}

export function findEvent(db: Database, id: string) {
  return db.query.webhookEvents.findFirst({ where: eq(webhookEvents.webhookEventId, id) })
}

/**
 * Puts a failed or dead event back to pending with a fresh set of attempts, audited as `actor`'s; false when it is
 * in neither state.
 */
export function requeueEvent(db: Database, id: string, actor: string, now: Date): Promise<boolean> {
  const audit = { actor, action: 'webhook_event.retried', target: `webhook-event:${id}` }
  return requeueLeased(db, webhookEvents, webhookEvents.webhookEventId, id, ['failed', 'dead'], audit, now)
}
