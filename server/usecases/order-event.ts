// An order event from the EC site (placed, paid, shipped, delivered, cancelled): the event's once-only key, the order's
// status, its audit entry, the customer's notice (outbox) and, for a new order, the end of the customer's cart
// reminders, in one batch. A replay of the same event answers the first; an order notice is transactional, so it goes
// out at once, quiet hours or not (server/outbox/recipients.ts: only a block stops it).
import type { Order } from '../../db/schema'
import type { OrderEvent } from '../domain/triggers/kinds'
import { auditWhen } from '../data/audit'
import {
  eventWritten,
  findCustomer,
  findEvent,
  recordEvent,
  skipPendingCartReminders,
  triggerTexts,
  type CustomerRef,
} from '../data/commerce'
import { closeOpenCarts } from '../data/carts'
import { applyOrderEvent, findOrder } from '../data/orders'
import { enqueueMessageWhen } from '../data/outbox'
import { sourceKey } from '../domain/message-source'
import { refuse, type Refusal } from '../domain/refusal'
import { formatYen } from '../domain/triggers/templates'
import { orderEventRefused, orderTrigger } from '../domain/triggers/orders'
import { orderMessage } from '../domain/triggers/messages'
import type { UseCaseContext } from './context'

export interface OrderEventInput {
  orderId: string
  event: OrderEvent
  customer: CustomerRef
  totalYen?: number
  trackingUrl?: string
  /** The order's page on the EC site: the notice's button (shipped: the tracking page instead). */
  orderUrl?: string
  /** SHA-256 of the request body (`bodyHash`): a replay must match it. */
  bodyHash: string
  actor: string
}

export interface OrderEventApplied {
  ok: true
  order: Order
  replayed: boolean
  /** A notice to the customer was planned by this call. */
  notified: boolean
}

const reasonOrdered = 'cancelled: an order arrived before the cart reminder'

export async function applyOrder(ctx: UseCaseContext, input: OrderEventInput): Promise<OrderEventApplied | Refusal> {
  const { db } = ctx
  const now = ctx.clock()
  const key = `order:${input.orderId}:${input.event}`
  const [customer, prior, existing] = await Promise.all([
    findCustomer(db, input.customer),
    findEvent(db, key),
    findOrder(db, input.orderId),
  ])
  if (!customer) return refuse('customer_not_found', 'No active member or known LINE user matches the customer')
  if (prior) return replayOf(ctx, prior.bodyHash, input)
  if (existing) {
    if (
      existing.memberId !== customer.memberId ||
      (existing.memberId === null && existing.lineUserId !== customer.lineUserId)
    )
      return refuse('order_other_customer', `Order ${input.orderId} belongs to another customer`)
    const why = orderEventRefused(existing.status, input.event)
    if (why) return refuse(why, `Order ${input.orderId} is ${existing.status}: it cannot be ${input.event}`)
  }
  const writeId = crypto.randomUUID()
  const written = eventWritten(key, writeId)
  const trigger = orderTrigger[input.event]
  const texts = trigger && customer.lineUserId ? await triggerTexts(db, trigger, customer.locale) : null
  const totalYen = input.totalYen ?? existing?.totalYen ?? null
  const values = {
    name: customer.name,
    orderId: input.orderId,
    total: totalYen === null ? '—' : formatYen(totalYen),
    trackingUrl: input.trackingUrl ?? existing?.trackingUrl ?? '',
  }
  const link = input.event === 'shipped' ? (input.trackingUrl ?? null) : (input.orderUrl ?? null)
  const newOrder = input.event === 'placed' || input.event === 'paid'
  await db.batch([
    recordEvent(db, key, input.bodyHash, writeId, now),
    applyOrderEvent(
      db,
      {
        externalId: input.orderId,
        event: input.event,
        memberId: customer.memberId,
        lineUserId: customer.lineUserId,
        totalYen: input.totalYen ?? null,
        trackingUrl: input.trackingUrl ?? null,
      },
      now,
      written,
    ),
    auditWhen(
      db,
      {
        actor: input.actor,
        action: `order.${input.event}`,
        target: `order:${input.orderId}`,
        detail: { memberId: customer.memberId, ...(input.trackingUrl ? { trackingUrl: input.trackingUrl } : {}) },
      },
      now.getTime(),
      written,
    ),
    ...(newOrder && customer.memberId !== null ? [closeOpenCarts(db, customer.memberId, now, written)] : []),
    ...(newOrder && customer.lineUserId
      ? [skipPendingCartReminders(db, { lineUserId: customer.lineUserId }, reasonOrdered, written)]
      : []),
    ...(texts && customer.lineUserId
      ? [
          enqueueMessageWhen(
            db,
            {
              dedupeKey: key,
              kind: 'order',
              ...(trigger ? { source: sourceKey({ kind: 'trigger', trigger }) } : {}),
              holdInQuietHours: false,
              lineUserId: customer.lineUserId,
              messages: [orderMessage(texts, values, link)],
            },
            now,
            written,
          ),
        ]
      : []),
  ])
  const [event, order] = await Promise.all([findEvent(db, key), findOrder(db, input.orderId)])
  if (event && event.writeId !== writeId) return replayOf(ctx, event.bodyHash, input)
  return { ok: true, order: order!, replayed: false, notified: texts !== null }
}

async function replayOf(
  ctx: UseCaseContext,
  hash: string,
  input: OrderEventInput,
): Promise<OrderEventApplied | Refusal> {
  if (hash !== input.bodyHash)
    return refuse('idempotency_key_reused', `Order ${input.orderId} was already ${input.event} with another body`)
  const order = await findOrder(ctx.db, input.orderId)
  return { ok: true, order: order!, replayed: true, notified: false }
}
