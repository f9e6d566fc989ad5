// Webhook forward rows: planned in the inbox's own batch (one per target), claimed with a lease, finished with the
// target's answer; the console lists them and hands a failed one back. Every change is one conditional statement.
import { and, asc, desc, eq, getTableColumns, inArray, lte, max, sql } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { webhookForwards, type WebhookForwardRow, type WebhookForwardStatus } from '../../db/schema'
import { claimLeased, finishLeased, requeueLeased, sendOutcomeSet, type SendOutcome } from './leased-rows'
import type { IncomingEvent } from './webhook-inbox'

export interface ForwardRequest {
  targets: readonly string[]
  body: Uint8Array
  signature: string
  events: readonly (IncomingEvent & { timestamp: number })[]
}

/**
 * Insert statements for the request's forward rows, with their ids. A target that already has these events (a
 * redelivered body) gets no second row.
 */
export function planForwards(db: Database, request: ForwardRequest, now: Date) {
  const base = {
    eventIds: request.events.map((e) => e.webhookEventId).join(','),
    eventTypes: request.events.map((e) => e.type).join(','),
    eventAt: new Date(request.events[0]!.timestamp),
    body: Buffer.from(request.body).toString('base64'),
    signature: request.signature,
    nextAttemptAt: now,
    receivedAt: now,
  }
  const rows = request.targets.map((target) => ({ ...base, id: crypto.randomUUID(), target }))
  return {
    ids: rows.map((r) => r.id),
    statements: rows.map((row) => db.insert(webhookForwards).values(row).onConflictDoNothing()),
  }
}

/** Pending forwards whose time has come, oldest first. */
export async function dueForwardIds(db: Database, now: Date, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: webhookForwards.id })
    .from(webhookForwards)
    .where(and(eq(webhookForwards.status, 'pending'), lte(webhookForwards.nextAttemptAt, now)))
    .orderBy(asc(webhookForwards.nextAttemptAt), asc(webhookForwards.receivedAt))
    .limit(limit)
  return rows.map((r) => r.id)
}

/** Takes the forward for `leaseMs` (counting an attempt) if it is due and nobody holds it; null when it is not. */
export function claimForward(db: Database, id: string, now: Date, leaseMs: number) {
  return claimLeased(db, webhookForwards, webhookForwards.id, id, now, leaseMs)
}

export type ForwardOutcome = SendOutcome<'done', 'failed'>

/** Writes an attempt's outcome, only while the claim's lease is still the row's. */
export async function finishForward(db: Database, claim: WebhookForwardRow, outcome: ForwardOutcome, now: Date) {
  const set = { ...sendOutcomeSet(outcome), ...(outcome.status === 'done' ? { sentAt: now } : {}) }
  await finishLeased(db, webhookForwards, webhookForwards.id, { id: claim.id, leaseUntil: claim.leaseUntil! }, set)
}

/** Forwards in the given states, most recently received first (no bodies: the console shows only their outline). */
export function listForwards(
  db: Database,
  listing: { statuses: readonly WebhookForwardStatus[]; limit: number; offset: number },
) {
  const { body: _body, signature: _signature, ...outline } = getTableColumns(webhookForwards)
  return db
    .select(outline)
    .from(webhookForwards)
    .where(inArray(webhookForwards.status, [...listing.statuses]))
    .orderBy(desc(webhookForwards.receivedAt), desc(webhookForwards.id))
    .limit(listing.limit)
    .offset(listing.offset)
}

export type ForwardOutline = Awaited<ReturnType<typeof listForwards>>[number]

/** Per target and state: how many rows, and the last time one was sent. */
export function forwardCounts(db: Database) {
  return db
    .select({
      target: webhookForwards.target,
      status: webhookForwards.status,
      count: sql<number>`count(*)`,
      lastSentAt: max(webhookForwards.sentAt),
    })
    .from(webhookForwards)
    .groupBy(webhookForwards.target, webhookForwards.status)
}

export function findForward(db: Database, id: string) {
  return db.query.webhookForwards.findFirst({ where: eq(webhookForwards.id, id) })
}

/** Puts a failed forward back to pending with a fresh set of attempts, audited as `actor`'s; false when not failed. */
export function requeueForward(db: Database, id: string, actor: string, now: Date): Promise<boolean> {
  const audit = { actor, action: 'webhook_forward.retried', target: `webhook-forward:${id}` }
  return requeueLeased(db, webhookForwards, webhookForwards.id, id, ['failed'], audit, now)
}
