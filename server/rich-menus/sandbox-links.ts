// Sandbox only: the sandbox forgets on every start and demo reset which user sees which menu, where LINE would
// remember. This plans and sends, through the outbox like any switch, the member menu of every account that shows it.
import { and, eq, ne, sql } from 'drizzle-orm'
import { lineAccounts } from '../../db/schema'
import { planRichMenuSwitch } from '../data/rich-menu-switches'
import type { AppDeps } from '../env'
import { applyRichMenuNow } from '../outbox/rich-menu'
import { loadRichMenuIds } from './ids'

/** Returns how many accounts got their member menu back. */
export async function restoreMemberMenus(deps: Pick<AppDeps, 'db' | 'line' | 'clock'>): Promise<number> {
  const { db } = deps
  if (!(await loadRichMenuIds(db))) return 0
  const accounts = await db
    .select({ lineUserId: lineAccounts.lineUserId })
    .from(lineAccounts)
    .where(and(eq(lineAccounts.richMenu, 'member'), ne(lineAccounts.friendStatus, 'blocked')))
  if (accounts.length === 0) return 0
  const now = deps.clock()
  const plans = accounts.map((a) => planRichMenuSwitch(db, sql`la.line_user_id = ${a.lineUserId}`, now))
  await db.batch(plans as [(typeof plans)[number], ...typeof plans])
  for (const a of accounts) await applyRichMenuNow(deps, a.lineUserId)
  return accounts.length
}
