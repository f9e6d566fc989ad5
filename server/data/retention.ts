// Retention: the daily prune of rows kept only for a while (sent messages, handled webhook events and their forwards,
// card scans, link attempts, used nonces, invites and redeem approvals), each after the window set in the shop's settings.
import { sql, type SQL } from 'drizzle-orm'
import type { Database } from '../../db/client'
import type { ShopSettings } from './settings'

export type RetentionWindows = ShopSettings['retention']

const day = 86_400_000

/**
 * Rows deleted per statement, and statements per table per run: a DELETE of 500 rows by rowid takes milliseconds,
 * far inside D1's per-query time limit, and 8 tables × 10 chunks stay well under a Worker invocation's D1 query
 * limit (1,000 on the paid plan) beside the other daily jobs. 5,000 rows per table a day clears a backlog within
 * days and keeps up with any shop this product is for; the next day's run goes on where a full run stopped.
 */
export const retentionChunk = 500
export const retentionChunksPerRun = 10

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
      ]
    case 'cardScansDays':
      return { table: 'card_scans', where: sql`used_at < ${cutoff}` }
    case 'linkAttemptsDays':
      return { table: 'link_attempts', where: sql`at < ${cutoff}` }
    case 'accountLinkNoncesDays':
      return { table: 'account_link_nonces', where: sql`coalesce(used_at, expires_at) < ${cutoff} AND expires_at < ${cutoff}` }
    case 'staffInvitesDays':
      return { table: 'staff_invites', where: sql`coalesce(used_at, expires_at) < ${cutoff} AND expires_at < ${cutoff}` }
    case 'redeemApprovalsDays':
      return { table: 'redeem_approvals', where: sql`coalesce(used_at, expires_at) < ${cutoff} AND expires_at < ${cutoff}` }
  }
}

/** One bounded DELETE: at most `retentionChunk` due rows, by rowid; RETURNING counts them the same on libsql and D1. */
async function deleteChunk(db: Database, table: string, where: SQL): Promise<number> {
  const name = sql.raw(`"${table}"`)
  const rows = await db.all(sql`DELETE FROM ${name} WHERE rowid IN (SELECT rowid FROM ${name} WHERE ${where}
    LIMIT ${sql.raw(String(retentionChunk))}) RETURNING 1`)
  return rows.length
}

/** Prunes every table past its window, in bounded chunks; returns what each table lost. Never the ledger, members or audit log. */
export async function pruneExpiredRows(db: Database, windows: RetentionWindows, now: Date): Promise<RetentionReport> {
  const report = {} as RetentionReport
  for (const key of Object.keys(windows) as (keyof RetentionWindows)[]) {
    const due = dueRows(key, now.getTime() - windows[key] * day, now)
    let deleted = 0
    let more = false
    for (const { table, where } of Array.isArray(due) ? due : [due]) {
      for (let chunk = 0; chunk < retentionChunksPerRun; chunk++) {
        const n = await deleteChunk(db, table, where)
        deleted += n
        if (n < retentionChunk) break
        if (chunk === retentionChunksPerRun - 1) more = true
      }
    }
    report[key] = { deleted, more }
  }
  return report
}
