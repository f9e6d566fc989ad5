// Retention: the daily prune of rows kept only for a while (sent messages, handled webhook events, their forwards and
// finished outgoing webhook deliveries, card scans, link attempts, used nonces, invites, redeem approvals and closed EC
// carts), each after the window set in the shop's settings.
import { sql, type SQL } from 'drizzle-orm'
import type { Database } from '../../db/client'
import type { ShopSettings } from './settings'

export type RetentionWindows = ShopSettings['retention']

const day = 86_400_000

/**
 * Rows deleted per statement: a DELETE of 500 rows by rowid takes milliseconds, far inside D1's per-query time limit.
 * How many such statements one invocation runs is the caller's budget (`maxChunks`); a later run goes on.
 */
export const retentionChunk = 500

export interface PruneCount {
  deleted: number
  /** True when the run stopped at its chunk limit with rows still due: the next run goes on. */
  more: boolean
}

export type RetentionReport = Record<keyof RetentionWindows, PruneCount>

interface DueRows {
  table: string
  where: SQL
}

/** What each window prunes: the table(s) and the condition under which one of its rows is past `cutoff` (ms). */
function dueRows(key: keyof RetentionWindows, cutoff: number, now: Date): DueRows | DueRows[] {
  switch (key) {
    case 'deliveriesDays': {
      // A pruned row frees its dedupe key, so it must outlive the window in which a planner could plan that key again.
      // The settings' minimum (32 days) covers reservation reminders (planned at most 30 days + a night's quiet-hours
      // shift ahead, never again once the reservation has started), balance notices (one key per month) and rank
      // messages (audit entries of the last 7 days); receipts and campaigns are planned once by their own write.
      // Expiry warnings may be planned as far ahead as their rule says, so they are kept until the expiry date in
      // their key (`points_expiring:<member>:<YYYY-MM-DD>`, shop-local) has surely passed: then the lot has expired
      // and no planner picks it up again. Rich-menu rows hold no message: they are each user's menu state, kept.
      const expiredBefore = new Date(now.getTime() - 2 * day).toISOString().slice(0, 10)
      return {
        table: 'deliveries',
        where: sql`status IN ('sent', 'failed', 'dead', 'skipped') AND rich_menu IS NULL AND created_at < ${cutoff}
          AND (kind <> 'points_expiring' OR substr(dedupe_key, -10) < ${expiredBefore})`,
      }
    }
    case 'webhookEventsDays':
      // Pending events are still to be handled: never pruned, however old; their forwards go with the same window.
      return [
        {
          table: 'webhook_events',
          where: sql`status IN ('done', 'failed', 'dead', 'standby') AND received_at < ${cutoff}`,
        },
        { table: 'webhook_forwards', where: sql`status IN ('done', 'failed') AND received_at < ${cutoff}` },
        // Outgoing deliveries too, once finished; pending ones (still being retried) are kept.
        { table: 'webhook_deliveries', where: sql`status IN ('delivered', 'dead') AND created_at < ${cutoff}` },
      ]
    case 'cardScansDays':
      return { table: 'card_scans', where: sql`used_at < ${cutoff}` }
    case 'linkAttemptsDays':
      return { table: 'link_attempts', where: sql`at < ${cutoff}` }
    case 'accountLinkNoncesDays':
      return { table: 'account_link_nonces', where: sql`coalesce(used_at, expires_at) < ${cutoff} AND expires_at < ${cutoff}` }
    case 'staffInvitesDays':
      return { table: 'staff_invites', where: sql`coalesce(used_at, expires_at) < ${cutoff} AND expires_at < ${cutoff}` }
    case 'cartsDays':
      // An open cart waits for its reminder; once reminded, ordered or emptied it is only the customer's past basket.
      return { table: 'carts', where: sql`status <> 'open' AND updated_at < ${cutoff}` }
    case 'redeemApprovalsDays':
      return { table: 'redeem_approvals', where: sql`coalesce(used_at, expires_at) < ${cutoff} AND expires_at < ${cutoff}` }
  }
}

/** Every table a window prunes, in a fixed order: a position in it is the cursor of a resumed run. */
function pruneTargets(windows: RetentionWindows, now: Date): (DueRows & { key: keyof RetentionWindows })[] {
  return (Object.keys(windows) as (keyof RetentionWindows)[]).flatMap((key) => {
    const due = dueRows(key, now.getTime() - windows[key] * day, now)
    return (Array.isArray(due) ? due : [due]).map((d) => ({ key, ...d }))
  })
}

/** One bounded DELETE: at most `limit` due rows, by rowid; RETURNING counts them the same on libsql and D1. */
async function deleteChunk(db: Database, table: string, where: SQL, limit: number): Promise<number> {
  const name = sql.raw(`"${table}"`)
  const rows = await db.all(sql`DELETE FROM ${name} WHERE rowid IN (SELECT rowid FROM ${name} WHERE ${where}
    LIMIT ${sql.raw(String(limit))}) RETURNING 1`)
  return rows.length
}

export interface PruneStep {
  key: keyof RetentionWindows
  deleted: number
  /** The table to go on with (the same one after a full chunk), or null after the last table's last rows. */
  next: number | null
}

/**
 * One chunk of the prune from position `at` (see `pruneTargets`). Deleting due rows is idempotent, so a chunk run
 * again after a crash deletes nothing twice.
 */
export async function pruneChunk(
  db: Database,
  windows: RetentionWindows,
  now: Date,
  at: number,
  limit = retentionChunk,
): Promise<PruneStep | null> {
  const targets = pruneTargets(windows, now)
  const target = targets[at]
  if (!target) return null
  const deleted = await deleteChunk(db, target.table, target.where, limit)
  const next = deleted === limit ? at : at + 1
  return { key: target.key, deleted, next: next < targets.length ? next : null }
}

/** Adds a chunk's deletions to a report (every window present, `more` while its tables were not got through). */
export function addToRetentionReport(report: Partial<RetentionReport>, step: PruneStep, windows: RetentionWindows) {
  for (const key of Object.keys(windows) as (keyof RetentionWindows)[]) report[key] ??= { deleted: 0, more: false }
  const entry = report[step.key]!
  entry.deleted += step.deleted
  entry.more = step.next !== null && pruneTargets(windows, new Date(0))[step.next]!.key === step.key
}

/**
 * Prunes every table past its window, in chunks of `chunkSize` rows, at most `maxChunks` of them; returns what each
 * table lost (`more` where the limit stopped it). Never the ledger, members or audit log.
 */
export async function pruneExpiredRows(
  db: Database,
  windows: RetentionWindows,
  now: Date,
  { chunkSize = retentionChunk, maxChunks = Number.POSITIVE_INFINITY } = {},
): Promise<RetentionReport> {
  const report: Partial<RetentionReport> = {}
  for (let at: number | null = 0, chunk = 0; at !== null && chunk < maxChunks; chunk++) {
    const step = await pruneChunk(db, windows, now, at, chunkSize)
    if (!step) break
    addToRetentionReport(report, step, windows)
    at = step.next
  }
  for (const key of Object.keys(windows) as (keyof RetentionWindows)[]) report[key] ??= { deleted: 0, more: false }
  return report as RetentionReport
}
