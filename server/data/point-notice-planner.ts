// Plans point messages into the outbox: points about to expire, the monthly balance notice, rank changes.
// Each has a dedupe key tied to what it is about, so repeated or overlapping runs plan it once.
import { and, eq, gt, gte, isNotNull, lte, sql } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { auditLog, lineAccounts, members, pointLedger, reminderRules } from '../../db/schema'
import { outsideQuietHours, type QuietHours } from '../domain/quiet-hours'
import { rankByKey, type RankTier } from '../domain/ranks'
import { balanceNoticeMessage, pointsExpiringMessage, rankChangedMessage } from '../messages/point-notices'
import { enqueueAll } from './reminder-planner'
import type { OutgoingMessage } from './outbox'

const day = 86_400_000
/** Rank changes this recent are still announced (a run that was missed catches up). */
const rankWindowMs = 7 * day
const memberChunk = 1000

export interface PointNoticeContext {
  quiet: QuietHours | null
  timeZone: string
  cardLink: string
  ranks: readonly RankTier[]
}

const localDate = (at: Date, timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone }).format(at)

async function enabledRules(db: Database, kind: 'points_expiring' | 'balance_notice') {
  return db
    .select()
    .from(reminderRules)
    .where(and(eq(reminderRules.kind, kind), eq(reminderRules.enabled, true)))
}

/** One message per member and expiry date, when points expire within the rule's offset (days). */
export async function planExpiryWarnings(db: Database, ctx: PointNoticeContext, now: Date): Promise<number> {
  const rules = await enabledRules(db, 'points_expiring')
  if (rules.length === 0) return 0
  const days = Math.max(...rules.map((r) => r.offset))
  const rows = await db
    .select({
      memberId: pointLedger.memberId,
      name: members.name,
      lineUserId: lineAccounts.lineUserId,
      points: sql<number>`sum(${pointLedger.remaining})`,
      firstAt: sql<number>`min(${pointLedger.expiresAt})`,
    })
    .from(pointLedger)
    .innerJoin(members, eq(members.id, pointLedger.memberId))
    .innerJoin(lineAccounts, eq(lineAccounts.memberId, pointLedger.memberId))
    .where(
      and(
        gt(pointLedger.remaining, 0),
        isNotNull(pointLedger.expiresAt),
        gt(pointLedger.expiresAt, now),
        lte(pointLedger.expiresAt, new Date(now.getTime() + days * day)),
        eq(members.status, 'active'),
        eq(members.pointNotices, true),
      ),
    )
    .groupBy(pointLedger.memberId)
  const notBefore = outsideQuietHours(now, ctx.quiet, ctx.timeZone)
  const messages: OutgoingMessage[] = rows.map((r) => {
    const expiresAt = new Date(Number(r.firstAt))
    return {
      dedupeKey: `points_expiring:${r.memberId}:${localDate(expiresAt, ctx.timeZone)}`,
      kind: 'points_expiring',
      lineUserId: r.lineUserId,
      messages: [pointsExpiringMessage({ name: r.name, points: Number(r.points), expiresAt, timeZone: ctx.timeZone, cardLink: ctx.cardLink })],
      notBefore,
    }
  })
  return enqueueAll(db, messages, now)
}

/** From the rule's day of the month (offset, 1–28) on, each opted-in member with points gets that month's notice. */
export async function planBalanceNotices(db: Database, ctx: PointNoticeContext, now: Date): Promise<number> {
  const [rule] = await enabledRules(db, 'balance_notice')
  const today = localDate(now, ctx.timeZone)
  if (!rule || Number(today.slice(8, 10)) < Math.min(28, Math.max(1, rule.offset))) return 0
  const month = today.slice(0, 7)
  const monthLabel = `${Number(month.slice(5, 7))}月`
  const notBefore = outsideQuietHours(now, ctx.quiet, ctx.timeZone)
  let planned = 0
  for (let after = 0; ; ) {
    const rows = await db
      .select({ id: members.id, name: members.name, balance: members.balance, lineUserId: lineAccounts.lineUserId })
      .from(members)
      .innerJoin(lineAccounts, eq(lineAccounts.memberId, members.id))
      .where(and(gt(members.id, after), eq(members.status, 'active'), eq(members.pointNotices, true), gt(members.balance, 0)))
      .orderBy(members.id)
      .limit(memberChunk)
    if (rows.length === 0) return planned
    after = rows[rows.length - 1]!.id
    planned += await enqueueAll(
      db,
      rows.map((r) => ({
        dedupeKey: `balance_notice:${r.id}:${month}`,
        kind: 'balance_notice',
        lineUserId: r.lineUserId,
        messages: [balanceNoticeMessage({ name: r.name, balance: r.balance, month: monthLabel, cardLink: ctx.cardLink })],
        notBefore,
      })),
      now,
    )
  }
}

/** A message for each `rank.changed` audit entry of the last week (written by checkout and the daily refresh). */
export async function planRankMessages(db: Database, ctx: PointNoticeContext, now: Date): Promise<number> {
  const rows = await db
    .select({ id: auditLog.id, target: auditLog.target, detail: auditLog.detail, name: members.name, lineUserId: lineAccounts.lineUserId })
    .from(auditLog)
    .innerJoin(members, sql`'member:' || ${members.id} = ${auditLog.target}`)
    .innerJoin(lineAccounts, eq(lineAccounts.memberId, members.id))
    .where(and(eq(auditLog.action, 'rank.changed'), gte(auditLog.at, new Date(now.getTime() - rankWindowMs)), lte(auditLog.at, now)))
  const notBefore = outsideQuietHours(now, ctx.quiet, ctx.timeZone)
  const order = (key: string) => ctx.ranks.findIndex((t) => t.key === key)
  const messages = rows.flatMap((r): OutgoingMessage[] => {
    const from = String(r.detail?.from ?? '')
    const to = String(r.detail?.to ?? '')
    if (!from || !to || from === to) return []
    const message = rankChangedMessage({
      name: r.name,
      fromLabel: rankByKey(from, ctx.ranks).label,
      toLabel: rankByKey(to, ctx.ranks).label,
      upgraded: order(to) > order(from),
      cardLink: ctx.cardLink,
    })
    return [{ dedupeKey: `rank:${r.id}`, kind: 'rank', lineUserId: r.lineUserId, messages: [message], notBefore }]
  })
  return enqueueAll(db, messages, now)
}
