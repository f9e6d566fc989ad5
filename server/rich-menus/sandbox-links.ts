// Sandbox only: the sandbox forgets on every start and demo reset which user sees which menu, where LINE would
// remember. This plans and sends, through the outbox like any switch, the member menu of every account that shows it.
import { sql } from 'drizzle-orm'
import { planRichMenuSwitch } from '../data/rich-menu-switches'
import type { AppDeps } from '../env'
import { applyRichMenuNow } from '../outbox/rich-menu'
import { loadRichMenuIds } from './ids'

/** How many restored menus are sent at once, while the start-up or reset waits; the outbox sender sends the rest. */
export const restoredNowLimit = 100

/**
 * Plans the member menu of every account that shows it in one statement (a sandbox over a shop's database can hold
 * a million accounts: one statement each had taken minutes and gigabytes at start-up) and sends the first
 * `restoredNowLimit` of them now, so a demo's few members see theirs at once.
 */
export async function restoreMemberMenus(deps: Pick<AppDeps, 'db' | 'line' | 'clock'>): Promise<void> {
  const { db } = deps
  if (!(await loadRichMenuIds(db))) return
  const showsMember = sql`la.rich_menu = 'member' AND la.friend_status <> 'blocked'`
  await planRichMenuSwitch(db, showsMember, deps.clock())
  const first = await db.all<{ lineUserId: string }>(
    sql`SELECT la.line_user_id AS lineUserId FROM line_accounts la WHERE ${showsMember} LIMIT ${restoredNowLimit}`,
  )
  for (const a of first) await applyRichMenuNow(deps, a.lineUserId)
}
