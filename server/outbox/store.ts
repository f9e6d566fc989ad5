// The outbox rows as the sender sees them: claim due rows with a lease, regroup for multicast, write outcomes.
// Every statement is one conditional UPDATE (atomic on libsql and D1) and binds id lists as one JSON parameter.
import { and, eq, inArray, lte, ne, or, sql, type SQL } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { deliveries } from '../../db/schema'
import { richMenuDedupeKey, richMenuDeliveryKind } from '../data/rich-menu-switches'

const jsonIds = (ids: readonly number[]) => sql`(SELECT value FROM json_each(${JSON.stringify(ids)}))`

/**
 * The rows of `ids` still being sent. The unary `+` keeps SQLite off `deliveries_due_idx (status, …)`: with no
 * statistics (D1 keeps none) the planner prefers `status = ?` to the id list and walks every row being sent — all
 * 100,000 of a big reminder run right after the cron claimed them, for each 100-row write — where the id list is
 * one primary-key lookup a row. `test/server/outbox/store-plans.test.ts` checks the plans.
 */
const sendingRows = (ids: readonly number[]) =>
  and(inArray(deliveries.id, jsonIds(ids)), sql`+${deliveries.status} = 'sending'`)!

/** Due: pending and its time has come, or claimed by a sender whose lease ran out (it crashed or stalled). */
export function dueCondition(now: Date) {
  return or(
    and(eq(deliveries.status, 'pending'), lte(deliveries.nextAttemptAt, now)),
    and(eq(deliveries.status, 'sending'), lte(deliveries.leaseUntil, now)),
  )!
}

/** Messages due (rich-menu rows are not messages: they use no quota). */
export async function countDue(db: Database, now: Date): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)` })
    .from(deliveries)
    .where(and(dueCondition(now), ne(deliveries.kind, richMenuDeliveryKind)))
  return row?.n ?? 0
}

/**
 * A claimed row as the sender needs it. `messagesJson` is the stored JSON text, parsed only when its request is
 * built: parsing a whole batch at claim time would hold the event loop for every row at once.
 */
export interface ClaimedDelivery {
  id: number
  kind: string
  lineUserId: string
  messagesJson: string
  /** Set on `rich_menu` rows. */
  richMenu: 'guest' | 'member' | null
  contentHash: string | null
  retryKey: string
  attempts: number
  /** What the message reports under (deliveries.source). */
  source: string | null
}

/**
 * Claims up to about `limit` due rows for `leaseMs`, whole retry-key groups at a time (rows that went out as one
 * multicast share a retry key and must be retried together, with exactly the same recipients). Each claim counts
 * as an attempt. One UPDATE ... RETURNING: two senders never claim the same row.
 *
 * Index use matters here, the sender claims every batch this way while 100,000 rows wait: the keys come from two
 * ordered, limited walks of `deliveries_due_idx` (pending by time; sending with a lease, few rows) instead of one
 * OR over the whole backlog with a sort, and the UPDATE finds its rows through `deliveries_retry_key_idx` (the
 * unary `+` keeps SQLite from walking the due index again for the re-check of the due condition).
 */
export function claimDue(
  db: Database,
  now: Date,
  limit: number,
  leaseMs: number,
  options: { skipHeld?: boolean } = {},
): Promise<ClaimedDelivery[]> {
  return claimDueStatement(db, now, limit, leaseMs, options).all()
}

/**
 * The claim as a statement, for its SQL and query plan. `skipHeld` (inside quiet hours) leaves rows held in quiet
 * hours alone; `deferHeldRows` moves the due ones past the window first, so the walks do not step over them.
 */
export function claimDueStatement(
  db: Database,
  now: Date,
  limit: number,
  leaseMs: number,
  options: { skipHeld?: boolean } = {},
) {
  const releasable = options.skipHeld ? eq(deliveries.holdInQuietHours, false) : undefined
  const order = [deliveries.nextAttemptAt, deliveries.id] as const
  const keyed = { retryKey: deliveries.retryKey, nextAttemptAt: deliveries.nextAttemptAt, id: deliveries.id }
  const walk = (where: SQL | undefined) =>
    sql`SELECT * FROM ${db
      .select(keyed)
      .from(deliveries)
      .where(where)
      .orderBy(...order)
      .limit(limit)}`
  const pending = walk(and(eq(deliveries.status, 'pending'), lte(deliveries.nextAttemptAt, now), releasable))
  const expired = walk(and(eq(deliveries.status, 'sending'), lte(deliveries.leaseUntil, now), releasable))
  const keys = sql`(SELECT retry_key FROM (${pending} UNION ALL ${expired} ORDER BY 2, 3 LIMIT ${limit}))`
  const status = sql`+${deliveries.status}`
  const stillDue = or(
    and(eq(status, 'pending'), lte(deliveries.nextAttemptAt, now)),
    and(eq(status, 'sending'), lte(deliveries.leaseUntil, now)),
  )
  return claimRows(db, and(inArray(deliveries.retryKey, keys), stillDue, releasable), now, leaseMs)
}

/**
 * Inside quiet hours: pending rows held in them that have come due wait until `until` (the end of the window).
 * One UPDATE over the due part of `deliveries_due_idx`; returns how many rows it moved.
 */
export async function deferHeldRows(db: Database, now: Date, until: Date): Promise<number> {
  const moved = await db
    .update(deliveries)
    .set({ nextAttemptAt: until })
    .where(
      and(eq(deliveries.status, 'pending'), lte(deliveries.nextAttemptAt, now), eq(deliveries.holdInQuietHours, true)),
    )
    .returning({ id: deliveries.id })
  return moved.length
}

/** Marks the rows `where` selects as being sent by this claimant until `leaseMs` from now, one attempt more. */
function claimRows(db: Database, where: SQL | undefined, now: Date, leaseMs: number) {
  return db
    .update(deliveries)
    .set({
      status: 'sending',
      leaseUntil: new Date(now.getTime() + leaseMs),
      attempts: sql`${deliveries.attempts} + 1`,
    })
    .where(where)
    .returning(claimedColumns)
}

const claimedColumns = {
  id: deliveries.id,
  kind: deliveries.kind,
  lineUserId: deliveries.lineUserId,
  messagesJson: sql<string>`${deliveries.messages}`,
  richMenu: deliveries.richMenu,
  contentHash: deliveries.contentHash,
  retryKey: deliveries.retryKey,
  attempts: deliveries.attempts,
  source: deliveries.source,
}

/**
 * Claims due rich-menu rows as `claimDue` would, found by their dedupe keys (`rich-menu:<userId>`, a range of the
 * unique index): one user's row, or up to `limit` of them.
 */
export function claimRichMenuRows(
  db: Database,
  scope: { lineUserId: string } | { limit: number },
  now: Date,
  leaseMs: number,
): Promise<ClaimedDelivery[]> {
  const which =
    'lineUserId' in scope
      ? eq(deliveries.dedupeKey, richMenuDedupeKey(scope.lineUserId))
      : inArray(
          deliveries.id,
          db
            .select({ id: deliveries.id })
            .from(deliveries)
            .where(
              and(
                sql`${deliveries.dedupeKey} >= 'rich-menu:' AND ${deliveries.dedupeKey} < 'rich-menu;'`,
                dueCondition(now),
              ),
            )
            .limit(scope.limit),
        )
  return claimRows(db, and(which, dueCondition(now)), now, leaseMs)
}

/**
 * Gives rows that have never been attempted one shared retry key, so they go out as one multicast and any retry
 * repeats exactly that request. Only first attempts may be regrouped: an earlier attempt under another key may
 * have been accepted by LINE. Returns the ids that took the key (all of them unless a lease was lost meanwhile).
 */
export async function assignGroupKey(db: Database, ids: readonly number[], retryKey: string): Promise<number[]> {
  const rows = await db
    .update(deliveries)
    .set({ retryKey })
    .where(and(sendingRows(ids), eq(deliveries.attempts, 1)))
    .returning({ id: deliveries.id })
  return rows.map((r) => r.id)
}

/** A multicast LINE accepted: kept for its insight (server/jobs/message-insight.ts). */
export interface AcceptedMulticast {
  requestId: string
  source: string | null
  recipients: number
}

export type RowResult = (
  | { status: 'sent'; ids: number[]; note?: string; request?: AcceptedMulticast }
  | { status: 'pending'; ids: number[]; error: string; nextAttemptAt: Date }
  | { status: 'failed' | 'dead' | 'skipped'; ids: number[]; error: string }
) & {
  /** A rich-menu row's intent key when it was claimed: the outcome is recorded only if no newer intent came since. */
  intentKey?: string
}

/**
 * Writes outcomes of one sender pass; only rows still `sending` change (a row another sender re-claimed is left).
 * A rich-menu row re-planned while it was being sent is made due now instead: its new menu is still to be shown.
 */
export async function writeResults(db: Database, results: RowResult[], now: Date): Promise<void> {
  if (results.length === 0) return
  const sentIds = results.filter((r) => r.status === 'sent' && !r.note && !r.intentKey).flatMap((r) => r.ids)
  const superseded = results
    .filter((r) => r.intentKey)
    .map((r) =>
      db
        .update(deliveries)
        .set({ status: 'pending', leaseUntil: null, nextAttemptAt: now })
        .where(and(sendingRows(r.ids), ne(deliveries.retryKey, r.intentKey!))),
    )
  const statements = results
    .filter((r) => r.status !== 'sent' || r.note || r.intentKey)
    .map((r) => {
      const mine = sendingRows(r.ids)
      const where = r.intentKey ? and(mine, eq(deliveries.retryKey, r.intentKey)) : mine
      if (r.status === 'sent')
        return db
          .update(deliveries)
          .set({ status: 'sent', sentAt: now, leaseUntil: null, lastError: r.note })
          .where(where)
      if (r.status === 'pending') {
        return db
          .update(deliveries)
          .set({ status: 'pending', leaseUntil: null, lastError: r.error, nextAttemptAt: r.nextAttemptAt })
          .where(where)
      }
      return db.update(deliveries).set({ status: r.status, leaseUntil: null, lastError: r.error }).where(where)
    })
  const sent = db.update(deliveries).set({ status: 'sent', sentAt: now, leaseUntil: null }).where(sendingRows(sentIds))
  const requests = results.flatMap((r) => (r.status === 'sent' && r.request ? [r.request] : []))
  const kept = requests.length
    ? [
        db.run(sql`INSERT INTO line_requests (request_id, source, recipients, sent_at)
          SELECT json_extract(r.value, '$.requestId'), json_extract(r.value, '$.source'),
            json_extract(r.value, '$.recipients'), ${now.getTime()}
          FROM json_each(${JSON.stringify(requests)}) r WHERE true ON CONFLICT (request_id) DO NOTHING`),
      ]
    : []
  await db.batch([sent, ...statements, ...superseded, ...kept])
}

/**
 * The rows of each claim that are still that claim's (`sending`, same lease), in one query for all of them: a queue
 * consumer sends only these. A row already sent, or claimed again since (its lease ran out and a producer handed it
 * on anew), is not returned.
 */
export async function rowsOfClaims(
  db: Database,
  claims: readonly { ids: readonly number[]; leaseUntil: number }[],
): Promise<ClaimedDelivery[][]> {
  const ids = [...new Set(claims.flatMap((c) => c.ids))]
  if (ids.length === 0) return claims.map(() => [])
  const leases = [...new Set(claims.map((c) => c.leaseUntil))].map((ms) => new Date(ms))
  const rows = await db
    .select({ ...claimedColumns, leaseUntil: deliveries.leaseUntil })
    .from(deliveries)
    .where(and(sendingRows(ids), inArray(deliveries.leaseUntil, leases)))
  const held = new Map(rows.map(({ leaseUntil, ...row }) => [row.id, { row, lease: leaseUntil?.getTime() }]))
  // A row goes to the first claim of its lease that names it (a message delivered twice in one batch sends once).
  return claims.map((claim) =>
    claim.ids.flatMap((id) => {
      const h = held.get(id)
      if (h?.lease !== claim.leaseUntil) return []
      held.delete(id)
      return [h.row]
    }),
  )
}

/** Marks the rows of a claim still held by it `dead` (the queue gave up on them), for the console's failure views. */
export async function markClaimDead(
  db: Database,
  ids: readonly number[],
  leaseUntil: Date,
  error: string,
): Promise<number> {
  const rows = await db
    .update(deliveries)
    .set({ status: 'dead', leaseUntil: null, lastError: error })
    .where(and(sendingRows(ids), eq(deliveries.leaseUntil, leaseUntil)))
    .returning({ id: deliveries.id })
  return rows.length
}
