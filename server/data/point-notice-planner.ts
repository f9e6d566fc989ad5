// Plans point messages into the outbox: points about to expire, the monthly balance notice, rank changes.
// Each has a dedupe key tied to what it is about, so repeated or overlapping runs plan it once.
import { and, eq, gt, gte, isNotNull, isNull, lte, sql } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { coupons, domainEvents, lineAccounts, memberCoupons, members, pointLedger, reminderRules } from '../../db/schema'
import { messageLocale } from '../domain/message-locale'
import { consumeEvents } from './domain-events'
import { outsideQuietHours, type QuietHours } from '../domain/quiet-hours'
import { rankByKey, type RankTier } from '../domain/ranks'
import { localDate } from '../domain/time-zone'
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
  /** The LIFF app's coupons tab, which a rank message links to when a rank-up coupon came with the change. */
  couponsLink: string
  ranks: readonly RankTier[]
}

async function enabledRules(db: Database, kind: 'points_expiring' | 'balance_notice') {
  return db
    .select()
    .from(reminderRules)
    .where(and(eq(reminderRules.kind, kind), eq(reminderRules.enabled, true)))
}

/** A chunk of a planner: members with ids after `after`, at most `limit` of them. */
export interface MemberChunk {
  after: number
  limit: number
}

export interface PlannedChunk {
  planned: number
  /** The last member id looked at, to go on after; null once every member was. */
  next: number | null
}

/** The last member id of the chunk of `limit` members after `after`, or null when there are none. */
export async function chunkEnd(db: Database, { after, limit }: MemberChunk): Promise<number | null> {
  const row = await db.get<{ last: number | null }>(
    sql`SELECT max(id) AS last FROM (SELECT id FROM members WHERE id > ${after} ORDER BY id LIMIT ${limit})`,
  )
  return row?.last ?? null
}

async function inChunks(plan: (chunk: MemberChunk) => Promise<PlannedChunk>): Promise<number> {
  let planned = 0
  for (let after: number | null = 0; after !== null; ) {
    const chunk = await plan({ after, limit: memberChunk })
    planned += chunk.planned
    after = chunk.next
  }
  return planned
}

/** One message per member and expiry date, when points expire within the rule's offset (days). */
export async function planExpiryWarnings(db: Database, ctx: PointNoticeContext, now: Date): Promise<number> {
  return inChunks((chunk) => planExpiryWarningsChunk(db, ctx, now, chunk))
}

/** `planExpiryWarnings` for one chunk of members; planned keys are deduped, so a chunk run again plans nothing twice. */
export async function planExpiryWarningsChunk(db: Database, ctx: PointNoticeContext, now: Date, chunk: MemberChunk): Promise<PlannedChunk> {
  const rules = await enabledRules(db, 'points_expiring')
  if (rules.length === 0) return { planned: 0, next: null }
  const last = await chunkEnd(db, chunk)
  if (last === null) return { planned: 0, next: null }
  const days = Math.max(...rules.map((r) => r.offset))
  const rows = await db
    .select({
      memberId: pointLedger.memberId,
      name: members.name,
      language: members.language,
      lineUserId: lineAccounts.lineUserId,
      points: sql<number>`sum(${pointLedger.remaining})`,
      firstAt: sql<number>`min(${pointLedger.expiresAt})`,
    })
    .from(pointLedger)
    .innerJoin(members, eq(members.id, pointLedger.memberId))
    .innerJoin(lineAccounts, eq(lineAccounts.memberId, pointLedger.memberId))
    .where(
      and(
        gt(pointLedger.memberId, chunk.after),
        lte(pointLedger.memberId, last),
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
      messages: [
        pointsExpiringMessage({ name: r.name, points: Number(r.points), expiresAt, timeZone: ctx.timeZone, cardLink: ctx.cardLink, locale: messageLocale(r.language) }),
      ],
      notBefore,
    }
  })
  return { planned: await enqueueAll(db, messages, now), next: last }
}

/** From the rule's day of the month (offset, 1–28) on, each opted-in member with points gets that month's notice. */
export async function planBalanceNotices(db: Database, ctx: PointNoticeContext, now: Date): Promise<number> {
  return inChunks((chunk) => planBalanceNoticesChunk(db, ctx, now, chunk))
}

/** `planBalanceNotices` for one chunk of members; the month's key makes a chunk run again plan nothing twice. */
export async function planBalanceNoticesChunk(db: Database, ctx: PointNoticeContext, now: Date, chunk: MemberChunk): Promise<PlannedChunk> {
  const [rule] = await enabledRules(db, 'balance_notice')
  const today = localDate(now, ctx.timeZone)
  if (!rule || Number(today.slice(8, 10)) < Math.min(28, Math.max(1, rule.offset))) return { planned: 0, next: null }
  const last = await chunkEnd(db, chunk)
  if (last === null) return { planned: 0, next: null }
  const month = today.slice(0, 7)
  const notBefore = outsideQuietHours(now, ctx.quiet, ctx.timeZone)
  const rows = await db
    .select({ id: members.id, name: members.name, language: members.language, balance: members.balance, lineUserId: lineAccounts.lineUserId })
    .from(members)
    .innerJoin(lineAccounts, eq(lineAccounts.memberId, members.id))
    .where(
      and(
        gt(members.id, chunk.after),
        lte(members.id, last),
        eq(members.status, 'active'),
        eq(members.pointNotices, true),
        gt(members.balance, 0),
      ),
    )
  const planned = await enqueueAll(
    db,
    rows.map((r) => ({
      dedupeKey: `balance_notice:${r.id}:${month}`,
      kind: 'balance_notice',
      lineUserId: r.lineUserId,
      messages: [
        balanceNoticeMessage({ name: r.name, balance: r.balance, month: Number(month.slice(5, 7)), cardLink: ctx.cardLink, locale: messageLocale(r.language) }),
      ],
      notBefore,
    })),
    now,
  )
  return { planned, next: last }
}

/**
 * A message for each pending `rank.changed` domain event of the last week (written with the change by checkout and
 * the daily refresh); the event is consumed once its message is planned. The dedupe key is the event's, so a run that
 * stops between planning and consuming plans nothing twice. A rank-up coupon (`couponRules.rankUp`) issued in the
 * change's batch (its copy's key names the rank and member, its time the event's) is named in the message.
 */
export async function planRankMessages(db: Database, ctx: PointNoticeContext, now: Date): Promise<number> {
  const rows = await db
    .select({
      id: domainEvents.id,
      payload: domainEvents.payload,
      name: members.name,
      language: members.language,
      lineUserId: lineAccounts.lineUserId,
      couponTitle: coupons.title,
    })
    .from(domainEvents)
    .innerJoin(members, eq(members.id, domainEvents.memberId))
    .innerJoin(lineAccounts, eq(lineAccounts.memberId, members.id))
    .leftJoin(
      memberCoupons,
      and(
        eq(memberCoupons.issueKey, sql`'rank-up:' || json_extract(${domainEvents.payload}, '$.to') || ':' || ${members.id}`),
        eq(memberCoupons.issuedAt, domainEvents.createdAt),
      ),
    )
    .leftJoin(coupons, eq(coupons.id, memberCoupons.couponId))
    .where(
      and(
        eq(domainEvents.kind, 'rank.changed'),
        isNull(domainEvents.consumedAt),
        gte(domainEvents.createdAt, new Date(now.getTime() - rankWindowMs)),
        lte(domainEvents.createdAt, now),
      ),
    )
  const notBefore = outsideQuietHours(now, ctx.quiet, ctx.timeZone)
  const order = (key: string) => ctx.ranks.findIndex((t) => t.key === key)
  const messages = rows.flatMap((r): OutgoingMessage[] => {
    const from = String(r.payload.from ?? '')
    const to = String(r.payload.to ?? '')
    if (!from || !to || from === to) return []
    const message = rankChangedMessage({
      name: r.name,
      fromLabel: rankByKey(from, ctx.ranks).label,
      toLabel: rankByKey(to, ctx.ranks).label,
      upgraded: order(to) > order(from),
      coupon: r.couponTitle === null ? null : { title: r.couponTitle, link: ctx.couponsLink },
      cardLink: ctx.cardLink,
      locale: messageLocale(r.language),
    })
    return [{ dedupeKey: `rank:${r.id}`, kind: 'rank', lineUserId: r.lineUserId, messages: [message], notBefore }]
  })
  const planned = await enqueueAll(db, messages, now)
  if (rows.length) await consumeEvents(db, rows.map((r) => r.id), now)
  return planned
}
