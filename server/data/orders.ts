// Orders the EC site reports, as reads and batchable statements: the latest status moves forward only
// (placed → paid → shipped → delivered; cancelled ends it), the tracking URL and total are kept once given.
import { eq, sql, type SQL } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { orders } from '../../db/schema'
import type { OrderEvent } from '../domain/triggers/kinds'
import { orderEventRank } from '../domain/triggers/orders'

export const findOrder = (db: Database, externalId: string) =>
  db.query.orders.findFirst({ where: eq(orders.externalId, externalId) })

const rankSql = (column: SQL) =>
  sql`CASE ${column} WHEN 'placed' THEN 0 WHEN 'paid' THEN 1 WHEN 'shipped' THEN 2 WHEN 'delivered' THEN 3 ELSE 4 END`

export interface OrderValues {
  externalId: string
  event: OrderEvent
  memberId: number | null
  lineUserId: string | null
  totalYen: number | null
  trackingUrl: string | null
}

/** Creates the order or moves it on by `event` (never back: a late `paid` after `shipped` keeps `shipped`). */
export function applyOrderEvent(db: Database, v: OrderValues, now: Date, condition: SQL) {
  const at = now.getTime()
  return db.run(sql`INSERT INTO orders (external_id, member_id, line_user_id, status, total_yen, tracking_url,
      created_at, updated_at)
    SELECT ${v.externalId}, ${v.memberId}, ${v.lineUserId}, ${v.event}, ${v.totalYen}, ${v.trackingUrl}, ${at}, ${at}
    WHERE ${condition}
    ON CONFLICT (external_id) DO UPDATE SET
      status = CASE WHEN ${orderEventRank[v.event]} > ${rankSql(sql`orders.status`)} THEN excluded.status ELSE orders.status END,
      total_yen = coalesce(excluded.total_yen, orders.total_yen),
      tracking_url = coalesce(excluded.tracking_url, orders.tracking_url),
      updated_at = excluded.updated_at`)
}
