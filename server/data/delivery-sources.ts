// Names the source of deliveries written before migration 0038 gave them one, so the reports and a campaign's results
// count them too: a bounded chunk of delivery ids at a time (the daily job's `backfill:delivery-sources`, once).
import { sql } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { sourceOfEarlierDelivery } from '../domain/message-source'

/** Delivery ids a chunk looks at: one primary-key range, whatever share of it lacks a source. */
const deliverySourceChunkSize = 2_000

/**
 * Sets the source of the deliveries with ids in (after, after + size] that have none and can be told; answers how many
 * and the id to go on from (null past the last delivery). Run again, it changes nothing twice.
 */
export async function backfillDeliverySources(
  db: Database,
  after: number,
  size = deliverySourceChunkSize,
): Promise<{ next: number | null; count: number }> {
  const hi = after + size
  const rows = await db.all<{ id: number; kind: string; campaignId: number | null; dedupeKey: string }>(sql`
    SELECT id, kind, campaign_id AS campaignId, dedupe_key AS dedupeKey FROM deliveries
    WHERE id > ${after} AND id <= ${hi} AND source IS NULL AND kind IN ('campaign', 'scenario', 'cart_reminder')`)
  const named = rows.flatMap((r) => {
    const source = sourceOfEarlierDelivery(r)
    return source ? [{ id: Number(r.id), source }] : []
  })
  if (named.length > 0) {
    // One JSON parameter for the whole chunk (D1 binds at most 100).
    await db.run(sql`UPDATE deliveries SET source = (SELECT json_extract(n.value, '$.source') FROM json_each(${JSON.stringify(named)}) n
        WHERE json_extract(n.value, '$.id') = deliveries.id)
      WHERE id IN (SELECT json_extract(value, '$.id') FROM json_each(${JSON.stringify(named)})) AND source IS NULL`)
  }
  const [last] = await db.all<{ id: number | null }>(sql`SELECT max(id) AS id FROM deliveries`)
  return { next: Number(last?.id ?? 0) > hi ? hi : null, count: named.length }
}
