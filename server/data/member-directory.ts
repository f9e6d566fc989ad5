// The admin's member directory: search (member number, phone, kana, name) and a member's detail.
import { desc, eq, sql, type SQL } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { lineAccounts, members, pointLedger, reservations, stores } from '../../db/schema'
import { normalizeMemberNumber } from '../domain/member-number'
import { normalizeKana, normalizePhone, toAsciiDigits } from '../domain/japanese-input'
import { refuse } from '../domain/refusal'

/** Spellings a phone number may be stored in: digits only, and the usual hyphenations. */
export function phoneSpellings(digits: string): string[] {
  const out = [digits]
  if (digits.length === 11) out.push(`${digits.slice(0, 3)}-${digits.slice(3, 7)}-${digits.slice(7)}`)
  if (digits.length === 10) {
    for (const a of [2, 3, 4]) out.push(`${digits.slice(0, a)}-${digits.slice(a, 6)}-${digits.slice(6)}`)
  }
  return out
}

/** Rows whose `column` starts with `prefix`, as an index range (works with the column's plain index). */
const startsWith = (column: SQL, prefix: string) => sql`(${column} >= ${prefix} AND ${column} < ${`${prefix}\u{10FFFF}`})`

/** How a search box query is read: a full member number, a phone number, a number prefix, kana, or a name. */
export function searchCondition(query: string): { kind: string; where: SQL } {
  const q = query.trim()
  const number = normalizeMemberNumber(q)
  if (number) return { kind: 'member_number', where: sql`m.member_number = ${number}` }
  const phone = normalizePhone(q)
  if (phone) return { kind: 'phone', where: sql`m.phone IN (SELECT value FROM json_each(${JSON.stringify(phoneSpellings(phone))}))` }
  const digits = toAsciiDigits(q).replace(/[\s-]/g, '')
  if (/^\d+$/.test(digits)) return { kind: 'member_number_prefix', where: startsWith(sql`m.member_number`, digits) }
  const kana = normalizeKana(q)
  if (kana) return { kind: 'kana', where: sql`(${startsWith(sql`m.name_kana`, kana)} OR ${startsWith(sql`m.name_kana`, kana.replace(/ /g, ''))})` }
  return { kind: 'name', where: sql`(${startsWith(sql`m.name`, q)} OR ${startsWith(sql`m.name`, q.replace(/\s+/g, ' '))})` }
}

export interface MemberRow {
  id: number
  memberNumber: string
  name: string
  nameKana: string | null
  phone: string | null
  rank: string
  balance: number
  lineStatus: string
  status: string
  lastVisitAt: number | null
  createdAt: number
}

const rowColumns = sql`m.id, m.member_number AS memberNumber, m.name, m.name_kana AS nameKana, m.phone, m.rank, m.balance,
  m.line_status AS lineStatus, m.status, m.last_visit_at AS lastVisitAt, m.created_at AS createdAt`

/** A page of members matching `query` (all members, newest first, when empty) and the total. */
export async function searchMembers(db: Database, query: string, limit: number, offset: number) {
  const q = query.trim()
  const where = q ? searchCondition(q).where : sql`1 = 1`
  const [rows, total] = await Promise.all([
    db.all<MemberRow>(sql`SELECT ${rowColumns} FROM members m WHERE ${where} ORDER BY m.id DESC LIMIT ${limit} OFFSET ${offset}`),
    db.all<{ n: number }>(sql`SELECT count(*) AS n FROM members m WHERE ${where}`),
  ])
  return { members: rows, total: total[0]?.n ?? 0, kind: q ? searchCondition(q).kind : 'all' }
}

/** A member with their LINE link, recent ledger and reservations (each with its reminders' outcome). */
export async function memberDetail(db: Database, memberId: number) {
  const member = await db.query.members.findFirst({ where: eq(members.id, memberId) })
  if (!member) return refuse('member_not_found', 'No member with this id')
  const [account, ledger, bookings] = await Promise.all([
    db.query.lineAccounts.findFirst({ where: eq(lineAccounts.memberId, memberId) }),
    db
      .select({ id: pointLedger.id, kind: pointLedger.kind, points: pointLedger.points, remaining: pointLedger.remaining, expiresAt: pointLedger.expiresAt, purchaseAmount: pointLedger.purchaseAmount, storeName: stores.name, actor: pointLedger.actor, note: pointLedger.note, createdAt: pointLedger.createdAt })
      .from(pointLedger)
      .leftJoin(stores, eq(stores.id, pointLedger.storeId))
      .where(eq(pointLedger.memberId, memberId))
      .orderBy(desc(pointLedger.id))
      .limit(100),
    db
      .select({ id: reservations.id, startsAt: reservations.startsAt, storeName: stores.name, partySize: reservations.partySize, menu: reservations.menu, status: reservations.status })
      .from(reservations)
      .innerJoin(stores, eq(stores.id, reservations.storeId))
      .where(eq(reservations.memberId, memberId))
      .orderBy(desc(reservations.startsAt))
      .limit(50),
  ])
  const { pinHash, ...profile } = member
  return { member: { ...profile, hasPin: pinHash !== null }, lineAccount: account ?? null, ledger, reservations: bookings }
}
