// Reads what the member card shows in one statement: the member, points about to expire, recent history and
// upcoming reservations, assembled as JSON by SQLite (the card is the most-opened page: one round trip to the DB).
import { and, eq, lt, sql } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { cardScans, lineAccounts, members, type LedgerEntry, type Member, type Reservation } from '../../db/schema'
import { reconsentNeeded } from './legal-documents'

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

export interface CardView {
  memberId: number
  memberNumber: string
  name: string
  rank: string
  balance: number
  expiring: { points: number; expiresAt: string } | null
  /** What the customer sees: no notes (a staff or admin reason stays internal). */
  history: { id: number; kind: LedgerEntry['kind']; points: number; at: string; storeName: string | null }[]
  reservations: { id: number; startsAt: string; storeName: string; partySize: number; status: Reservation['status'] }[]
  /** A version of the terms or privacy policy asking for consent again was published since the member agreed. */
  consentRequired: boolean
  /**
   * Until when (ms, exclusive) the clock alone cannot change this view: the first expiring lot expires, the next lot
   * enters the 30-day window, or the first reservation starts. Writes change it sooner (see card-view-cache.ts).
   */
  unchangedUntil: number
}

interface CardRow {
  memberId: number
  memberNumber: string
  name: string
  rank: string
  balance: number
  expiringPoints: number | null
  expiringAt: number | null
  nextLotExpiresAt: number | null
  history: string
  reservations: string
  consentRequired: number
}

const iso = (ms: number) => new Date(ms).toISOString()

/** The card of the active member linked to `lineUserId`, or undefined when there is none. */
export async function loadCardView(db: Database, lineUserId: string, now: Date): Promise<CardView | undefined> {
  const at = now.getTime()
  const horizon = at + expiringWindowDays * 86_400_000
  const [row] = await db.all<CardRow>(sql`
    SELECT m.id AS memberId, m.member_number AS memberNumber, m.name AS name, m.rank AS rank, m.balance AS balance,
      e.points AS expiringPoints, e.first_at AS expiringAt,
      (SELECT min(expires_at) FROM point_ledger
        WHERE member_id = m.id AND remaining > 0 AND expires_at > ${horizon}) AS nextLotExpiresAt,
      (SELECT json_group_array(json_object('id', id, 'kind', kind, 'points', points, 'at', created_at,
          'storeName', store_name))
        FROM (SELECT l.id, l.kind, l.points, l.created_at, s.name AS store_name
              FROM point_ledger l LEFT JOIN stores s ON s.id = l.store_id
              WHERE l.member_id = m.id ORDER BY l.id DESC LIMIT ${historyLimit})) AS history,
      (SELECT json_group_array(json_object('id', id, 'startsAt', starts_at, 'storeName', store_name,
          'partySize', party_size, 'status', status))
        FROM (SELECT r.id, r.starts_at, s.name AS store_name, r.party_size, r.status
              FROM reservations r JOIN stores s ON s.id = r.store_id
              WHERE r.member_id = m.id AND r.starts_at >= ${at} AND r.status IN ('booked', 'confirmed')
              ORDER BY r.starts_at LIMIT ${reservationLimit})) AS reservations,
      ${reconsentNeeded('m')} AS consentRequired
    FROM line_accounts a
    JOIN members m ON m.id = a.member_id
    LEFT JOIN (SELECT member_id, sum(remaining) AS points, min(expires_at) AS first_at FROM point_ledger
               WHERE remaining > 0 AND expires_at > ${at} AND expires_at <= ${horizon}
                 AND member_id = (SELECT member_id FROM line_accounts WHERE line_user_id = ${lineUserId})) e
      ON e.member_id = m.id
    WHERE a.line_user_id = ${lineUserId} AND m.status = 'active'`)
  if (!row) return undefined
  const history = JSON.parse(row.history) as (Omit<CardView['history'][number], 'at'> & { at: number })[]
  const reservations = JSON.parse(row.reservations) as (Omit<CardView['reservations'][number], 'startsAt'> & { startsAt: number })[]
  return {
    memberId: Number(row.memberId),
    memberNumber: row.memberNumber,
    name: row.name,
    rank: row.rank,
    balance: Number(row.balance),
    expiring: row.expiringPoints && row.expiringAt ? { points: Number(row.expiringPoints), expiresAt: iso(Number(row.expiringAt)) } : null,
    history: history.map((h) => ({ ...h, at: iso(h.at) })),
    reservations: reservations.map((r) => ({ ...r, startsAt: iso(r.startsAt) })),
    consentRequired: Boolean(row.consentRequired),
    unchangedUntil: Math.min(
      row.expiringAt === null ? Infinity : Number(row.expiringAt),
      row.nextLotExpiresAt === null ? Infinity : Number(row.nextLotExpiresAt) - expiringWindowDays * 86_400_000,
      reservations[0] ? reservations[0].startsAt + 1 : Infinity,
    ),
  }
}

/**
 * What a scanned card code's claims point at: the member, whether the code was already used, and the link that
 * showed it (one issued before an unlink, or a re-link, has none).
 */
export async function scannedCard(db: Database, claims: { memberId: number; tokenId: string; issuedAt: number }) {
  const [member, used, link] = await Promise.all([
    db.query.members.findFirst({ where: eq(members.id, claims.memberId) }),
    db.query.cardScans.findFirst({ where: eq(cardScans.tokenId, claims.tokenId) }),
    db.query.lineAccounts.findFirst({
      where: and(
        eq(lineAccounts.memberId, claims.memberId),
        lt(lineAccounts.linkedAt, new Date((claims.issuedAt + 1) * 1000)),
      ),
      columns: { lineUserId: true },
    }),
  ])
  return { member, used, link }
}
