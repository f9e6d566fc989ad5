// Plans outgoing webhook deliveries from the domain events past the webhooks' own cursor: one row per active endpoint
// subscribed to the event's type, its body built now. Each chunk's rows and the cursor's advance are one batch; a
// replay, or two servers planning at once, writes nothing twice (the rows' dedupe keys are unique). Events are never
// marked consumed here, so the other readers of `domain_events` (scenarios, rank messages) are not affected.
import type { WebhookEndpoint } from '../../db/schema'
import { affectedRows } from '../../db/affected-rows'
import { jobCursorWrite, loadJobCursor } from '../data/job-cursors'
import { lastEventId } from '../data/scenario-runs'
import { outgoingEventsAfter, planDeliveryWrite, type OutgoingEventRow } from '../data/webhook-deliveries'
import { listEndpoints } from '../data/webhook-endpoints'
import { outgoingEventTypes, type OutgoingEventType, type OutgoingPayload } from '../domain/outgoing-webhook'
import type { AppDeps } from '../env'
import { takeStep, type JobBudget } from '../jobs/chunked'

/** Domain events read per chunk. */
const chunkSize = 100
const cursor = { name: 'webhooks:events', period: 'events' } as const

const isOutgoing = (kind: string): kind is OutgoingEventType => (outgoingEventTypes as readonly string[]).includes(kind)

/** The payload's `id`: the domain event's, so every endpoint and every attempt names the event the same way. */
export const outgoingEventId = (eventId: number) => `evt_${eventId}`

/** The body an endpoint gets for an event; the LINE user id only to an endpoint that opted in. */
export function outgoingPayload(event: OutgoingEventRow & { kind: OutgoingEventType }, includeLineUserId: boolean) {
  const payload = JSON.parse(event.payload) as Record<string, unknown>
  const data: Record<string, unknown> = { memberNumber: event.memberNumber }
  if (includeLineUserId) data.lineUserId = event.lineUserId
  if (event.kind === 'member.linked') data.method = payload.method ?? null
  if (event.kind === 'member.unlinked') data.reason = payload.reason ?? null
  if (event.kind === 'coupon.used' || event.kind === 'coupon.reversed') {
    data.coupon = { id: payload.couponId, title: event.couponTitle }
    data.memberCouponId = payload.memberCouponId
    data.store = event.storeCode === null ? null : { id: payload.storeId, code: event.storeCode, name: event.storeName }
    if (event.kind === 'coupon.reversed') data.redemptionId = payload.redemptionId
  }
  const body: OutgoingPayload = {
    id: outgoingEventId(event.id),
    type: event.kind,
    occurredAt: new Date(event.createdAt).toISOString(),
    data,
  }
  return JSON.stringify(body)
}

function plansFor(event: OutgoingEventRow, endpoints: WebhookEndpoint[]) {
  const { kind } = event
  // A friend with no membership is nobody the shop's systems know: their unfollow is not sent.
  if (!isOutgoing(kind) || event.memberNumber === null) return []
  return endpoints
    .filter((e) => e.events.includes(kind) && e.createdAt.getTime() <= event.createdAt)
    .map((e) => ({
      endpointId: e.id,
      dedupeKey: `${e.id}:${event.id}`,
      eventId: outgoingEventId(event.id),
      eventType: kind,
      body: outgoingPayload({ ...event, kind }, e.includeLineUserId),
    }))
}

/** Plans the deliveries of new events within the budget; returns how many rows it wrote and whether it got through. */
export async function planOutgoingWebhooks(deps: AppDeps, now: Date, budget: JobBudget) {
  const { db } = deps
  const endpoints = (await listEndpoints(db)).filter((e) => e.active && e.events.length > 0)
  let position = await loadJobCursor(db, cursor.name, cursor.period)
  // Nobody to tell: the cursor moves past today's events in one statement, taking nothing from the budget.
  if (endpoints.length === 0) {
    const last = await lastEventId(db)
    if (last > position.cursor)
      await db.batch([jobCursorWrite(db, cursor.name, cursor.period, { cursor: last, done: false }, now)])
    return { planned: 0, done: true }
  }
  const limit = budget.rowsPerStep ?? chunkSize
  let planned = 0
  for (;;) {
    const events = await outgoingEventsAfter(db, position.cursor, limit)
    if (events.length === 0) return { planned, done: true }
    if (!takeStep(budget)) return { planned, done: false }
    const writes = events.flatMap((event) => plansFor(event, endpoints).map((p) => planDeliveryWrite(db, p, now)))
    position = { cursor: events.at(-1)!.id, done: false }
    const [, ...results] = await db.batch([jobCursorWrite(db, cursor.name, cursor.period, position, now), ...writes])
    planned += results.reduce<number>((n, r) => n + affectedRows(r), 0)
    if (events.length < limit) return { planned, done: true }
  }
}
