// Outgoing webhook deliveries: planned from the domain events past the webhooks' cursor (one row per endpoint and
// event, its dedupe key unique), claimed with a lease, finished with the endpoint's answer; the console lists them and
// hands a dead one back. Every change is one conditional statement, or a batch with its audit entry.
import { and, asc, desc, eq, getTableColumns, inArray, lte, or, sql } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { webhookDeliveries, webhookEndpoints, type WebhookDelivery, type WebhookDeliveryStatus } from '../../db/schema'
import { testEventType } from '../domain/outgoing-webhook'
import { claimLeased, finishLeased, requeueLeased, sendOutcomeSet, type SendOutcome } from './leased-rows'

/** A domain event with what its payload names, resolved when it is planned. */
export interface OutgoingEventRow {
  id: number
  kind: string
  memberId: number | null
  payload: string
  createdAt: number
  memberNumber: string | null
  lineUserId: string | null
  couponTitle: string | null
  storeCode: string | null
  storeName: string | null
}

/** The next `limit` domain events after `after`, in id order (ids only grow: a cursor never misses one). */
export function outgoingEventsAfter(db: Database, after: number, limit: number) {
  return db.all<OutgoingEventRow>(sql`SELECT e.id, e.kind, e.member_id AS memberId, e.payload, e.created_at AS createdAt,
      m.member_number AS memberNumber,
      coalesce(json_extract(e.payload, '$.lineUserId'), la.line_user_id) AS lineUserId,
      c.title AS couponTitle, s.code AS storeCode, s.name AS storeName
    FROM domain_events e
    LEFT JOIN members m ON m.id = e.member_id
    LEFT JOIN line_accounts la ON la.member_id = e.member_id AND e.member_id IS NOT NULL
    LEFT JOIN coupons c ON c.id = json_extract(e.payload, '$.couponId')
    LEFT JOIN stores s ON s.id = json_extract(e.payload, '$.storeId')
    WHERE e.id > ${after} ORDER BY e.id LIMIT ${limit}`)
}

export interface PlannedDelivery {
  endpointId: number
  dedupeKey: string
  eventId: string
  eventType: string
  body: string
}

/** The insert of one delivery, a no-op when its dedupe key is planned already (a replay, another server). */
export function planDeliveryWrite(db: Database, delivery: PlannedDelivery, now: Date) {
  return db
    .insert(webhookDeliveries)
    .values({ ...delivery, nextAttemptAt: now, createdAt: now })
    .onConflictDoNothing({ target: webhookDeliveries.dedupeKey })
}

/**
 * Pending deliveries whose time has come, oldest first; those of an endpoint turned off wait until it is on again
 * (a test event, which the admin sends to it on purpose, goes anyway).
 */
export async function dueDeliveryIds(db: Database, now: Date, limit: number): Promise<number[]> {
  const rows = await db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .where(
      and(
        eq(webhookDeliveries.status, 'pending'),
        lte(webhookDeliveries.nextAttemptAt, now),
        or(eq(webhookEndpoints.active, true), eq(webhookDeliveries.eventType, testEventType)),
      ),
    )
    .orderBy(asc(webhookDeliveries.nextAttemptAt), asc(webhookDeliveries.id))
    .limit(limit)
  return rows.map((r) => r.id)
}

/** Takes the delivery for `leaseMs` (counting an attempt) if it is due and nobody holds it; null when it is not. */
export function claimDelivery(db: Database, id: number, now: Date, leaseMs: number) {
  return claimLeased(db, webhookDeliveries, webhookDeliveries.id, id, now, leaseMs)
}

export type DeliveryOutcome = SendOutcome<'delivered', 'dead'>

/** Writes an attempt's outcome, only while the claim's lease is still the row's. */
export async function finishDelivery(db: Database, claim: WebhookDelivery, outcome: DeliveryOutcome, now: Date) {
  const set = { ...sendOutcomeSet(outcome), ...(outcome.status === 'delivered' ? { deliveredAt: now } : {}) }
  await finishLeased(db, webhookDeliveries, webhookDeliveries.id, { id: claim.id, leaseUntil: claim.leaseUntil! }, set)
}

/** The most recent deliveries (optionally only in some states), newest first, without their bodies. */
export function listDeliveries(db: Database, listing: { statuses?: readonly WebhookDeliveryStatus[]; limit: number }) {
  const { body: _body, leaseUntil: _lease, ...outline } = getTableColumns(webhookDeliveries)
  return db
    .select(outline)
    .from(webhookDeliveries)
    .where(listing.statuses ? inArray(webhookDeliveries.status, [...listing.statuses]) : undefined)
    .orderBy(desc(webhookDeliveries.id))
    .limit(listing.limit)
}

export type DeliveryOutline = Awaited<ReturnType<typeof listDeliveries>>[number]

export function findDelivery(db: Database, id: number) {
  return db.query.webhookDeliveries.findFirst({ where: eq(webhookDeliveries.id, id) })
}

/** Puts a dead delivery back to pending with a fresh set of attempts, audited as `actor`'s; false when not dead. */
export function requeueDelivery(db: Database, id: number, actor: string, now: Date): Promise<boolean> {
  const audit = { actor, action: 'webhook_delivery.retried', target: `webhook-delivery:${id}` }
  return requeueLeased(db, webhookDeliveries, webhookDeliveries.id, id, ['dead'], audit, now)
}
