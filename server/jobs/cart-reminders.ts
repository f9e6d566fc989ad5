// The cart reminder job (frequent, both runtimes): open carts whose delay has passed get one reminder each, a Flex
// carousel of the customer's own items, planned into the outbox in chunks. Each chunk marks its carts reminded and
// plans their messages together with its cursor; a run stopped by its budget goes on from the cursor in the next
// invocation of the same minute, and a later minute starts from the first due cart again (those reminded are no longer
// open, so nothing is planned twice). Promotional: held in quiet hours and sent only with marketing consent
// (server/outbox/recipients.ts).
import type { Database } from '../../db/client'
import { dueCarts, markReminded, remindedNow } from '../data/carts'
import { loadTriggerTemplates } from '../data/commerce'
import { enqueueMessageWhen } from '../data/outbox'
import { sourceKey } from '../domain/message-source'
import { messageLocale } from '../domain/message-locale'
import { cartReminderMessage } from '../domain/triggers/messages'
import { runChunked, type ChunkedRun, type JobBudget } from './chunked'

/** Carts per chunk. */
export const cartReminderChunk = 200

/** The period a run's cursor belongs to: the minute it started in. */
const periodOf = (now: Date) => `minute:${now.toISOString().slice(0, 16)}`

export async function planCartReminders(
  db: Database,
  now: Date,
  budget: JobBudget,
  limit = budget.rowsPerStep ?? cartReminderChunk,
): Promise<ChunkedRun> {
  // Nothing due (the usual case): no step of the invocation's budget is spent, which the daily jobs need.
  if ((await dueCarts(db, now, 0, 1)).length === 0) return { done: true, count: 0, steps: 0 }
  const templates = await loadTriggerTemplates(db)
  return runChunked(db, 'frequent:cart-reminders', periodOf(now), budget, now, async (after) => {
    const carts = await dueCarts(db, now, after, limit)
    const writes = carts.flatMap((cart) => {
      const locale = messageLocale(cart.language)
      const values = { name: cart.name, itemCount: String(cart.items.length) }
      const message = cartReminderMessage(templates.cart_reminder[locale], values, cart.items, cart.cartUrl)
      return [
        markReminded(db, cart.id, cart.version, now),
        ...(cart.lineUserId
          ? [
              enqueueMessageWhen(
                db,
                {
                  dedupeKey: `cart-reminder:${cart.externalId}:${cart.version}`,
                  kind: 'cart_reminder',
                  source: sourceKey({ kind: 'trigger', trigger: 'cart_reminder' }),
                  holdInQuietHours: true,
                  lineUserId: cart.lineUserId,
                  messages: [message],
                },
                now,
                remindedNow(cart.id, cart.version),
              ),
            ]
          : []),
      ]
    })
    return {
      next: carts.length < limit ? null : carts.at(-1)!.id,
      writes,
      count: carts.filter((c) => c.lineUserId).length,
    }
  })
}
