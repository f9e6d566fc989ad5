// Reads what the member card shows: the member, points about to expire, recent history, upcoming reservations.
import { and, asc, desc, eq, gt, gte, inArray, isNotNull, lte, sql } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { lineAccounts, members, pointLedger, reservations, stores, type Member } from '../../db/schema'

export const expiringWindowDays = 30
const historyLimit = 10
const reservationLimit = 3

/** The active membership linked to a LINE user, if any. */
export async function findLinkedMember(db: Database, lineUserId: string): Promise<Member | undefined> {
  const [row] = await db
    .select({ member: members })
    .from(lineAccounts)
    .innerJoin(members, eq(members.id, lineAccounts.memberId))
    .where(and(eq(lineAccounts.lineUserId, lineUserId), eq(members.status, 'active')))
    .limit(1)
  return row?.member
}

export async function loadCardView(db: Database, memberId: number, now: Date) {
  const horizon = new Date(now.getTime() + expiringWindowDays * 86_400_000)
  const [expiring, history, upcoming] = await Promise.all([
    db
      .select({ points: sql<number>`coalesce(sum(${pointLedger.remaining}), 0)`, firstAt: sql<number | null>`min(${pointLedger.expiresAt})` })
      .from(pointLedger)
      .where(
        and(
          eq(pointLedger.memberId, memberId),
          isNotNull(pointLedger.expiresAt),
          gt(pointLedger.remaining, 0),
          gt(pointLedger.expiresAt, now),
          lte(pointLedger.expiresAt, horizon),
        ),
      ),
    db
      .select({
        id: pointLedger.id,
        kind: pointLedger.kind,
        points: pointLedger.points,
        at: pointLedger.createdAt,
        storeName: stores.name,
        note: pointLedger.note,
      })
      .from(pointLedger)
      .leftJoin(stores, eq(stores.id, pointLedger.storeId))
      .where(eq(pointLedger.memberId, memberId))
      .orderBy(desc(pointLedger.id))
      .limit(historyLimit),
    db
      .select({
        id: reservations.id,
        startsAt: reservations.startsAt,
        storeName: stores.name,
        partySize: reservations.partySize,
        status: reservations.status,
      })
      .from(reservations)
      .innerJoin(stores, eq(stores.id, reservations.storeId))
      .where(
        and(
          eq(reservations.memberId, memberId),
          gte(reservations.startsAt, now),
          inArray(reservations.status, ['booked', 'confirmed']),
        ),
      )
      .orderBy(asc(reservations.startsAt))
      .limit(reservationLimit),
  ])
  const soon = expiring[0]
  return {
    expiring:
      soon && soon.points > 0 && soon.firstAt !== null
        ? { points: Number(soon.points), expiresAt: new Date(Number(soon.firstAt)).toISOString() }
        : null,
    history: history.map((h) => ({ ...h, at: h.at.toISOString() })),
    reservations: upcoming.map((r) => ({ ...r, startsAt: r.startsAt.toISOString() })),
  }
}
