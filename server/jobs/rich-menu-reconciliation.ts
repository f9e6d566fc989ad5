// The daily rich-menu repair: asks LINE which menu each known LINE user sees, a chunk of accounts per run, and plans
// a corrective outbox row wherever it differs from the database (`line_accounts.rich_menu`); rows whose last try
// failed for good are planned again too. The outbox sender does the rest.
import { and, asc, eq, gt, inArray, ne, not, sql } from 'drizzle-orm'
import { HTTPFetchError } from '@line/bot-sdk'
import type { Database } from '../../db/client'
import { deliveries, lineAccounts, settings, type LineAccount } from '../../db/schema'
import { planRichMenuSwitch, richMenuDeliveryKind } from '../data/rich-menu-switches'
import type { AppDeps } from '../env'
import { createPacer } from '../outbox/pacer'
import { createTimeoutSweep, type Timeout } from '../outbox/policy'
import { loadRichMenuIds, type RichMenuIds } from '../rich-menus/ids'

export interface ReconcileOptions {
  /**
   * Accounts checked per run. One GET each: 1,000 stay far inside a Worker invocation's subrequest limit (10,000 on
   * the paid plan, shared with the outbox drain of the same cron run) and, six at a time (a Worker's simultaneous
   * connections), take about 10–20 s at LINE's round trip. The cursor carries on from there the next day.
   */
  chunkSize?: number
  /** Requests at once (Workers allow 6 open connections per invocation). */
  concurrency?: number
  /** LINE allows 2,000 requests/s on this endpoint; the pacer stays under it. */
  ratePerSecond?: number
  timeoutMs?: number
}

export interface ReconcileReport {
  /** Accounts whose menu on LINE was read. */
  checked: number
  /** Of those, the ones that showed another menu than the database wants; each got a corrective row. */
  mismatched: number
  /** Failed or dead rich-menu rows planned again. */
  retried: number
  /** Reads that failed (LINE error or timeout); those accounts are checked again on the next pass. */
  errors: number
  /** The walk reached the last account and starts over next time. */
  wrapped: boolean
  /** Set when the menus were never set up: nothing to compare with. */
  notSetUp?: true
}

export const reconcileCursorKey = 'richMenuReconcileCursor'
const defaults = { chunkSize: 1000, concurrency: 6, ratePerSecond: 1950, timeoutMs: 15_000 }

/** What LINE shows the user: their own menu's id, or null for the default (guest) menu. */
async function shownMenu(deps: Pick<AppDeps, 'line'>, lineUserId: string, timeout: Timeout): Promise<string | null> {
  try {
    const { richMenuId } = await timeout(deps.line.messaging.getRichMenuIdOfUser(lineUserId))
    return richMenuId
  } catch (err) {
    if (err instanceof HTTPFetchError && err.status === 404) return null
    throw err
  }
}

function matches(wanted: LineAccount['richMenu'], shown: string | null, ids: RichMenuIds): boolean {
  return wanted === 'member' ? shown === ids.member : shown === null || shown === ids.guest
}

async function loadCursor(db: Database): Promise<string> {
  const row = await db.query.settings.findFirst({ where: eq(settings.key, reconcileCursorKey) })
  const after = (row?.value as { after?: unknown } | undefined)?.after
  return typeof after === 'string' ? after : ''
}

/** Re-plans rich-menu rows that failed for good (their next attempt is now), at most `limit` of them. */
async function retryGivenUp(db: Database, now: Date, limit: number): Promise<number> {
  const ids = db
    .select({ id: deliveries.id })
    .from(deliveries)
    .where(and(inArray(deliveries.status, ['failed', 'dead']), eq(deliveries.kind, richMenuDeliveryKind)))
    .limit(limit)
  const rows = await db
    .update(deliveries)
    .set({
      status: 'pending',
      attempts: 0,
      nextAttemptAt: now,
      lastError: null,
      retryKey: sql`lower(hex(randomblob(16)))`,
    })
    // Unary +: the picked rows by primary key, not a second walk of deliveries_due_idx (status, …) over every failed row.
    .where(and(inArray(deliveries.id, ids), sql`+${deliveries.status} IN ('failed', 'dead')`))
    .returning({ id: deliveries.id })
  return rows.length
}

export async function reconcileRichMenus(
  deps: Pick<AppDeps, 'db' | 'line'>,
  now: Date,
  options: ReconcileOptions = {},
): Promise<ReconcileReport> {
  const o = { ...defaults, ...options }
  const { db } = deps
  const report: ReconcileReport = { checked: 0, mismatched: 0, retried: 0, errors: 0, wrapped: false }
  const ids = await loadRichMenuIds(db)
  if (!ids) return { ...report, notSetUp: true }
  report.retried = await retryGivenUp(db, now, o.chunkSize)

  const after = await loadCursor(db)
  // Accounts with a switch still on its way are left alone: LINE is expected to differ until it is sent.
  const inFlight = sql`EXISTS (SELECT 1 FROM ${deliveries} WHERE ${deliveries.dedupeKey} = 'rich-menu:' || ${lineAccounts.lineUserId}
    AND ${deliveries.status} IN ('pending', 'sending'))`
  const accounts = await db
    .select({ lineUserId: lineAccounts.lineUserId, richMenu: lineAccounts.richMenu })
    .from(lineAccounts)
    .where(and(gt(lineAccounts.lineUserId, after), ne(lineAccounts.friendStatus, 'blocked'), not(inFlight)))
    .orderBy(asc(lineAccounts.lineUserId))
    .limit(o.chunkSize)

  const pacer = createPacer(o.ratePerSecond)
  // One timer for the pass's reads (policy.ts, createTimeoutSweep), as for the outbox's sends.
  const timeout = createTimeoutSweep(o.timeoutMs)
  const wrong: { lineUserId: string; richMenu: LineAccount['richMenu'] }[] = []
  let index = 0
  const worker = async () => {
    while (index < accounts.length) {
      const account = accounts[index++]!
      await pacer.take()
      try {
        const shown = await shownMenu(deps, account.lineUserId, timeout)
        report.checked++
        if (!matches(account.richMenu, shown, ids)) wrong.push(account)
      } catch (err) {
        report.errors++
        console.warn(`rich menu reconciliation: could not read the menu of ${account.lineUserId}`, err)
      }
    }
  }
  await Promise.all(Array.from({ length: o.concurrency }, worker))

  // Planned only if the wanted menu is still the one compared with: a link or unlink meanwhile planned its own row.
  const plans = wrong.map((a) =>
    planRichMenuSwitch(db, sql`la.line_user_id = ${a.lineUserId} AND la.rich_menu = ${a.richMenu}`, now),
  )
  for (let i = 0; i < plans.length; i += 50) {
    const chunk = plans.slice(i, i + 50)
    await db.batch(chunk as [(typeof chunk)[number], ...typeof chunk])
  }
  report.mismatched = wrong.length

  report.wrapped = accounts.length < o.chunkSize
  const cursor = report.wrapped ? '' : accounts.at(-1)!.lineUserId
  await db
    .insert(settings)
    .values({
      key: reconcileCursorKey,
      value: { after: cursor },
      updatedBy: 'system:rich-menu-reconciliation',
      updatedAt: now,
    })
    .onConflictDoUpdate({ target: settings.key, set: { value: { after: cursor }, updatedAt: now } })
  return report
}
