// The item alert job (frequent, both runtimes): each restock or price drop the EC site reported is told to its savers
// in chunks of `itemAlertChunk`, each chunk's outbox rows (dedupe key `item:<id>:<kind>:<event id>:<member>`), the
// lowered saved prices and the alert's cursor in one batch. An item with 100k savers takes many chunks, over as many
// invocations as the budget needs; a chunk cut short commits nothing and is planned again, and one planned twice by
// two runners plans no message twice (the keys). Promotional: held in quiet hours and sent only with marketing consent
// (server/outbox/recipients.ts).
import { sql } from 'drizzle-orm'
import type { Database } from '../../db/client'
import type { ItemAlert } from '../../db/schema'
import { auditWhen } from '../data/audit'
import { loadTriggerTemplates } from '../data/commerce'
import { advanceItemAlert, alertSavers, lowerSavedPrices, pendingItemAlert } from '../data/item-alerts'
import { enqueueMessage } from '../data/outbox'
import { messageLocale } from '../domain/message-locale'
import { sourceKey } from '../domain/message-source'
import { itemAlertMessage } from '../domain/triggers/messages'
import { formatYen } from '../domain/triggers/templates'
import { takeStep, type JobBudget } from './chunked'

/** Savers per chunk. */
export const itemAlertChunk = 200

/** One chunk of the alert from its cursor; returns how many messages it planned. */
async function planChunk(db: Database, alert: ItemAlert, now: Date, limit: number): Promise<number> {
  const savers = await alertSavers(db, alert, limit)
  const drop = alert.kind === 'price_drop'
  const texts = (await loadTriggerTemplates(db))[drop ? 'item_price_drop' : 'item_restock']
  const price = formatYen(alert.item.priceYen)
  const previousPrice = alert.previousPriceYen !== null ? formatYen(alert.previousPriceYen) : '—'
  const done = savers.length < limit
  const cursor = savers.at(-1)?.memberId ?? alert.cursor
  await db.batch([
    advanceItemAlert(db, alert, { cursor, planned: savers.length, done }, now),
    // The last chunk says how many were told, while the alert is still the one this chunk read.
    ...(done
      ? [
          auditWhen(
            db,
            {
              actor: 'system:item-alerts',
              action: 'item.alert_planned',
              target: `item:${alert.itemId}`,
              detail: { key: alert.key, recipients: alert.planned + savers.length },
            },
            now.getTime(),
            sql`changes() > 0`,
          ),
        ]
      : []),
    ...savers.map((saver) =>
      enqueueMessage(
        db,
        {
          dedupeKey: `${alert.key}:${saver.memberId}`,
          kind: 'item_alert',
          source: sourceKey({ kind: 'trigger', trigger: drop ? 'item_price_drop' : 'item_restock' }),
          holdInQuietHours: true,
          lineUserId: saver.lineUserId,
          messages: [
            itemAlertMessage(
              texts[messageLocale(saver.language)],
              { name: saver.name, itemName: alert.item.name, price, previousPrice },
              alert.item,
            ),
          ],
        },
        now,
      ),
    ),
    ...(drop ? [lowerSavedPrices(db, alert, alert.cursor, done ? null : cursor)] : []),
  ])
  return savers.length
}

/**
 * Plans the pending alerts, oldest first, a chunk per budget step (none spent when nothing is pending); each chunk
 * reads the alert's cursor as stored, so an invocation stopped anywhere is taken up by the next one.
 */
export async function planItemAlerts(
  db: Database,
  now: Date,
  budget: JobBudget,
  limit = budget.rowsPerStep ?? itemAlertChunk,
): Promise<{ planned: number; done: boolean }> {
  let planned = 0
  for (;;) {
    const alert = await pendingItemAlert(db)
    if (!alert) return { planned, done: true }
    if (!takeStep(budget)) return { planned, done: false }
    planned += await planChunk(db, alert, now, limit)
  }
}
