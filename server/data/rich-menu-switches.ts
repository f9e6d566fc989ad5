// Plans rich-menu switches into the outbox: one `rich_menu` row per LINE user, re-planned in the same batch as
// every write that changes the menu the user must see (`line_accounts.rich_menu`), so the latest intent wins.
import { sql, type SQL } from 'drizzle-orm'
import type { Database } from '../../db/client'
import type { LineAccount } from '../../db/schema'

export const richMenuDeliveryKind = 'rich_menu'

/** The dedupe key of a user's one rich-menu row. */
export const richMenuDedupeKey = (lineUserId: string) => `rich-menu:${lineUserId}`

/**
 * A batchable statement that (re)plans the rich-menu row of each `line_accounts` row matching `where` (a condition
 * on the table `la`, written to hold only when the batch's change happened): the menu is the account's
 * `rich_menu` as the batch left it, or `target`. Re-planning makes a row due now with a new intent key and fresh
 * attempts; a row a sender holds stays `sending`, and that sender, seeing the key changed, makes it due again
 * instead of recording the older menu as applied (store.ts `writeResults`). So one user's calls never overlap and
 * the last one sent is the latest intent.
 */
export function planRichMenuSwitch(
  db: Database,
  where: SQL,
  now: Date,
  target?: LineAccount['richMenu'],
) {
  const at = now.getTime()
  return db.run(sql`INSERT INTO deliveries (dedupe_key, kind, line_user_id, messages, rich_menu, retry_key, status,
      attempts, next_attempt_at, created_at)
    SELECT 'rich-menu:' || la.line_user_id, ${richMenuDeliveryKind}, la.line_user_id, '[]',
      ${target ? sql`${target}` : sql`la.rich_menu`}, ${crypto.randomUUID()}, 'pending', 0, ${at}, ${at}
    FROM line_accounts la WHERE ${where}
    ON CONFLICT (dedupe_key) DO UPDATE SET rich_menu = excluded.rich_menu, retry_key = excluded.retry_key,
      status = CASE WHEN deliveries.status = 'sending' THEN 'sending' ELSE 'pending' END,
      attempts = 0, next_attempt_at = excluded.next_attempt_at, last_error = NULL, sent_at = NULL`)
}
