// Saved items (a customer's wish list on the EC site) and what is told about them: saving or forgetting one (row and
// audit in one batch), and an item's restock or price drop, recorded once per event (event key, audit and the alert in
// one batch) for the frequent job to tell each saver once, in chunks (server/jobs/item-alerts.ts).
import type { ShopItem } from '../domain/triggers/kinds'
import { audit, auditWhen } from '../data/audit'
import { eventWritten, findCustomer, findEvent, recordEvent, type CustomerRef } from '../data/commerce'
import { recordItemAlert } from '../data/item-alerts'
import { forgetItem, saveItem } from '../data/saved-items'
import { refuse, type Refusal } from '../domain/refusal'
import type { UseCaseContext } from './context'

export async function changeSavedItem(
  ctx: UseCaseContext,
  input: { itemId: string; customer: CustomerRef; item: ShopItem; saved: boolean; actor: string },
): Promise<{ ok: true; saved: boolean } | Refusal> {
  const { db } = ctx
  const now = ctx.clock()
  const customer = await findCustomer(db, input.customer)
  if (!customer) return refuse('customer_not_found', 'No active member or known LINE user matches the customer')
  if (customer.memberId === null)
    return refuse('customer_not_member', 'Saved items are kept for members only: this LINE user has no membership')
  await db.batch([
    input.saved
      ? saveItem(db, customer.memberId, input.itemId, input.item, now)
      : forgetItem(db, customer.memberId, input.itemId),
    audit(
      db,
      {
        actor: input.actor,
        action: input.saved ? 'saved_item.added' : 'saved_item.removed',
        target: `item:${input.itemId}`,
        detail: { memberId: customer.memberId },
      },
      now.getTime(),
    ),
  ])
  return { ok: true, saved: input.saved }
}

export interface ItemEventInput {
  itemId: string
  kind: 'restock' | 'price_drop'
  /** The EC site's id of this event: told once per (item, kind, event id). */
  eventId: string
  item: ShopItem
  /** The price before the drop, shown in the message; a price drop is told to savers who saw more than `item.priceYen`. */
  previousPriceYen?: number
  bodyHash: string
  actor: string
}

export interface ItemEventApplied {
  ok: true
  replayed: boolean
  /** This call recorded the event: the frequent job tells its savers (server/jobs/item-alerts.ts). */
  queued: boolean
}

/**
 * Records the event once (its key, audit entry and the alert the job plans from, in one batch) and returns; however
 * many customers saved the item, no saver is read here.
 */
export async function applyItemEvent(ctx: UseCaseContext, input: ItemEventInput): Promise<ItemEventApplied | Refusal> {
  const { db } = ctx
  const now = ctx.clock()
  const key = `item:${input.itemId}:${input.kind}:${input.eventId}`
  const prior = await findEvent(db, key)
  if (prior) return replayed(prior.bodyHash, input)
  const writeId = crypto.randomUUID()
  const written = eventWritten(key, writeId)
  const alert = {
    key,
    itemId: input.itemId,
    kind: input.kind,
    item: input.item,
    previousPriceYen: input.previousPriceYen ?? null,
  }
  await db.batch([
    recordEvent(db, key, input.bodyHash, writeId, now),
    auditWhen(
      db,
      {
        actor: input.actor,
        action: `item.${input.kind}`,
        target: `item:${input.itemId}`,
        detail: { eventId: input.eventId, priceYen: input.item.priceYen },
      },
      now.getTime(),
      written,
    ),
    recordItemAlert(db, alert, now, written),
  ])
  const event = await findEvent(db, key)
  if (event && event.writeId !== writeId) return replayed(event.bodyHash, input)
  return { ok: true, replayed: false, queued: true }
}

function replayed(hash: string, input: ItemEventInput): ItemEventApplied | Refusal {
  if (hash !== input.bodyHash)
    return refuse('idempotency_key_reused', `Event ${input.eventId} of item ${input.itemId} came with another body`)
  return { ok: true, replayed: true, queued: false }
}
