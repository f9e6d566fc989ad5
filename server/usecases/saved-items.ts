// Saved items (a customer's wish list on the EC site) and what is told about them: saving or forgetting one (row and
// audit in one batch), and an item's restock or price drop, told once per event to each saver (event key, saved prices,
// audit and one outbox row per saver in one batch). Promotional: held in quiet hours, sent only to members who opted in
// to marketing messages (server/outbox/recipients.ts), paced by the outbox's sender.
import type { ShopItem } from '../domain/triggers/kinds'
import { audit, auditWhen } from '../data/audit'
import { eventWritten, findCustomer, findEvent, recordEvent, triggerTexts, type CustomerRef } from '../data/commerce'
import { enqueueMessageWhen } from '../data/outbox'
import { forgetItem, itemSavers, lowerSavedPrice, saveItem } from '../data/saved-items'
import { messageLocale, type MessageLocale } from '../domain/message-locale'
import { sourceKey } from '../domain/message-source'
import { refuse, type Refusal } from '../domain/refusal'
import { itemAlertMessage } from '../domain/triggers/messages'
import { formatYen, type TriggerTexts } from '../domain/triggers/templates'
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
  /** Savers a message was planned for by this call. */
  notified: number
}

export async function applyItemEvent(ctx: UseCaseContext, input: ItemEventInput): Promise<ItemEventApplied | Refusal> {
  const { db } = ctx
  const now = ctx.clock()
  const key = `item:${input.itemId}:${input.kind}:${input.eventId}`
  const prior = await findEvent(db, key)
  if (prior) return replayed(prior.bodyHash, input)
  const drop = input.kind === 'price_drop'
  const savers = await itemSavers(db, input.itemId, drop ? input.item.priceYen : null)
  const trigger = drop ? 'item_price_drop' : 'item_restock'
  const texts: Partial<Record<MessageLocale, TriggerTexts>> = {}
  for (const locale of new Set(savers.map((s) => messageLocale(s.language))))
    texts[locale] = await triggerTexts(db, trigger, locale)
  const writeId = crypto.randomUUID()
  const written = eventWritten(key, writeId)
  const price = formatYen(input.item.priceYen)
  const previousPrice = input.previousPriceYen !== undefined ? formatYen(input.previousPriceYen) : '—'
  await db.batch([
    recordEvent(db, key, input.bodyHash, writeId, now),
    auditWhen(
      db,
      {
        actor: input.actor,
        action: `item.${input.kind}`,
        target: `item:${input.itemId}`,
        detail: { eventId: input.eventId, priceYen: input.item.priceYen, recipients: savers.length },
      },
      now.getTime(),
      written,
    ),
    ...savers.map((saver) =>
      enqueueMessageWhen(
        db,
        {
          dedupeKey: `${key}:${saver.memberId}`,
          kind: 'item_alert',
          source: sourceKey({ kind: 'trigger', trigger }),
          holdInQuietHours: true,
          lineUserId: saver.lineUserId,
          messages: [
            itemAlertMessage(
              texts[messageLocale(saver.language)]!,
              { name: saver.name, itemName: input.item.name, price, previousPrice },
              input.item,
            ),
          ],
        },
        now,
        written,
      ),
    ),
    ...(drop ? [lowerSavedPrice(db, input.itemId, input.item.priceYen)] : []),
  ])
  const event = await findEvent(db, key)
  if (event && event.writeId !== writeId) return replayed(event.bodyHash, input)
  return { ok: true, replayed: false, notified: savers.length }
}

function replayed(hash: string, input: ItemEventInput): ItemEventApplied | Refusal {
  if (hash !== input.bodyHash)
    return refuse('idempotency_key_reused', `Event ${input.eventId} of item ${input.itemId} came with another body`)
  return { ok: true, replayed: true, notified: 0 }
}
