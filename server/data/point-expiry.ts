// Expires point lots whose date has passed: one expiry row per lot, exactly once, balance kept equal to the ledger.
import { and, asc, gt, inArray, lte, sql } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { members, pointLedger } from '../../db/schema'

/** Lots expired per atomic batch; keeps each write small on D1. */
export const expiryChunkSize = 200

export interface ExpiryRun {
  lots: number
  points: number
  /** Set when the run stopped at `maxChunks` with lots still due: the next run goes on (the due lots are its cursor). */
  more?: true
}

/**
 * Writes `expire` rows for every lot with points left whose `expires_at` is at or before `now`, at most `maxChunks`
 * chunks of `chunkSize` lots. Each chunk is one atomic batch whose statements re-check the lot, so overlapping or
 * interrupted runs expire a lot once.
 */
export async function expireDueLots(
  db: Database,
  now: Date,
  { chunkSize = expiryChunkSize, maxChunks = Number.POSITIVE_INFINITY } = {},
): Promise<ExpiryRun> {
  let lots = 0
  let points = 0
  for (let chunk = 0; ; chunk++) {
    if (chunk >= maxChunks) {
      const [left] = await db
        .select({ id: pointLedger.id })
        .from(pointLedger)
        .where(and(gt(pointLedger.remaining, 0), lte(pointLedger.expiresAt, now)))
        .limit(1)
      return left ? { lots, points, more: true } : { lots, points }
    }
    const due = await db
      .select({ id: pointLedger.id, remaining: pointLedger.remaining })
      .from(pointLedger)
      .where(and(gt(pointLedger.remaining, 0), lte(pointLedger.expiresAt, now)))
      .orderBy(asc(pointLedger.id))
      .limit(chunkSize)
    if (due.length === 0) return { lots, points }
    // One JSON parameter rather than one per id: D1 allows at most 100 bound parameters per statement.
    const ids = sql`(SELECT value FROM json_each(${JSON.stringify(due.map((d) => d.id))}))`
    const stillDue = and(inArray(pointLedger.id, ids), gt(pointLedger.remaining, 0), lte(pointLedger.expiresAt, now))
    const at = now.getTime()
    // Exactly once comes from the batch re-checking each lot inside one transaction; the key only has to be unique
    // per expiry (a reversed redemption can put points back into an expired lot, which then expires again).
    const writeId = crypto.randomUUID()
    await db.batch([
      db.run(sql`
        UPDATE ${members} SET balance = balance - (
          SELECT coalesce(sum(l.remaining), 0) FROM ${pointLedger} l
          WHERE l.member_id = ${members.id} AND l.id IN ${ids} AND l.remaining > 0 AND l.expires_at <= ${at}
        )
        WHERE ${members.id} IN (SELECT member_id FROM ${pointLedger} WHERE ${stillDue})`),
      db.run(sql`
        INSERT INTO ${pointLedger} (member_id, kind, points, actor, idempotency_key, note, write_id, created_at)
        SELECT member_id, 'expire', -remaining, 'system:expiry', 'expire:' || id || ':' || ${writeId}, '有効期限切れ',
          ${writeId}, ${at}
        FROM ${pointLedger} WHERE ${stillDue}`),
      db.update(pointLedger).set({ remaining: 0 }).where(stillDue),
    ])
    lots += due.length
    points += due.reduce((sum, d) => sum + (d.remaining ?? 0), 0)
  }
}
