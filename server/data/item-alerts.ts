// An item's restock or price drop told to its savers (issue #18): the alert the API call records, and the frequent
// job's reads and batchable statements that plan it in chunks of savers by member id, from the alert's own cursor.
import { and, asc, eq, gt, isNull, sql, type SQL } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { itemAlerts, lineAccounts, members, savedItems, type ItemAlert } from '../../db/schema'
import type { ShopItem } from '../domain/triggers/kinds'

export interface ItemAlertValues {
  key: string
  itemId: string
  kind: ItemAlert['kind']
  item: ShopItem
  previousPriceYen: number | null
}

/** A batchable insert of the alert, applied only when `condition` holds in the batch (this attempt recorded it). */
export function recordItemAlert(db: Database, v: ItemAlertValues, now: Date, condition: SQL) {
  return db.run(sql`INSERT INTO item_alerts (key, item_id, kind, item, previous_price_yen, created_at)
    SELECT ${v.key}, ${v.itemId}, ${v.kind}, ${JSON.stringify(v.item)}, ${v.previousPriceYen}, ${now.getTime()}
    WHERE ${condition} ON CONFLICT (key) DO NOTHING`)
}

/** The oldest alert not yet told to every saver, with its cursor as stored now. */
export const pendingItemAlert = (db: Database) =>
  db.query.itemAlerts.findFirst({ where: isNull(itemAlerts.doneAt), orderBy: asc(itemAlerts.id) })

/**
 * The next `limit` savers after the alert's cursor who can be messaged: active members with a LINE account; for a
 * price drop only those who saw a higher price. In member id order over the saved items' key (item, member).
 */
export function alertSavers(db: Database, alert: ItemAlert, limit: number) {
  const drop = alert.kind === 'price_drop'
  return db
    .select({ memberId: members.id, name: members.name, language: members.language, lineUserId: lineAccounts.lineUserId })
    .from(savedItems)
    .innerJoin(members, and(eq(members.id, savedItems.memberId), eq(members.status, 'active')))
    .innerJoin(lineAccounts, eq(lineAccounts.memberId, members.id))
    .where(
      and(
        eq(savedItems.itemId, alert.itemId),
        gt(savedItems.memberId, alert.cursor),
        drop ? gt(savedItems.priceYen, alert.item.priceYen) : undefined,
      ),
    )
    .orderBy(asc(savedItems.memberId))
    .limit(limit)
}

/**
 * After a price drop the savers' price is the new one, so only a further drop is told again: for the savers of a
 * chunk (member ids after `after` up to `upTo`; null: all the rest).
 */
export const lowerSavedPrices = (db: Database, alert: ItemAlert, after: number, upTo: number | null) =>
  db
    .update(savedItems)
    .set({ priceYen: sql`min(${savedItems.priceYen}, ${alert.item.priceYen})` })
    .where(
      and(
        eq(savedItems.itemId, alert.itemId),
        gt(savedItems.memberId, after),
        upTo === null ? undefined : sql`${savedItems.memberId} <= ${upTo}`,
      ),
    )

/** Moves the alert's cursor from where this chunk read it (a runner that lost the race moves nothing). */
export const advanceItemAlert = (
  db: Database,
  alert: ItemAlert,
  step: { cursor: number; planned: number; done: boolean },
  now: Date,
) =>
  db
    .update(itemAlerts)
    .set({
      cursor: step.cursor,
      planned: sql`${itemAlerts.planned} + ${step.planned}`,
      doneAt: step.done ? now : null,
    })
    .where(and(eq(itemAlerts.id, alert.id), eq(itemAlerts.cursor, alert.cursor), isNull(itemAlerts.doneAt)))
