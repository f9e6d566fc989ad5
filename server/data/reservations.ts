// Reservations: created and edited by admins, imported from CSV, upserted by booking systems, confirmed or
// cancelled by the customer from a reminder. Every change is one atomic batch with its audit entry.
import { and, asc, eq, gt, gte, inArray, lt, sql } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { deliveries, lineAccounts, members, reservations, stores, type Reservation, type ReservationStatus } from '../../db/schema'
import { audit, auditWhen } from './audit'
import { recordEvent } from './domain-events'
import { reminderKeyRange, skipPendingReminders } from './reminder-planner'

export interface ReservationInput {
  memberId: number
  storeId: number
  startsAt: Date
  partySize: number
  menu?: string | null
  note?: string | null
  externalId?: string | null
}

export type ReservationPatch = Partial<Omit<ReservationInput, 'externalId'>> & { status?: ReservationStatus }

export async function findReservation(db: Database, id: number): Promise<Reservation | undefined> {
  return db.query.reservations.findFirst({ where: eq(reservations.id, id) })
}

/** Which of the referenced members and stores exist (for clear 4xx answers before writing). */
export async function missingReferences(db: Database, memberIds: number[], storeIds: number[]) {
  const json = (ids: number[]) => sql`(SELECT value FROM json_each(${JSON.stringify([...new Set(ids)])}))`
  const [m, s] = await Promise.all([
    // Unary +: by primary key per id, not a walk of every active member down members_reachable_expiry_idx (status, …).
    db.select({ id: members.id }).from(members).where(and(inArray(members.id, json(memberIds)), sql`+${members.status} = 'active'`)),
    db.select({ id: stores.id }).from(stores).where(inArray(stores.id, json(storeIds))),
  ])
  const haveM = new Set(m.map((r) => r.id))
  const haveS = new Set(s.map((r) => r.id))
  return { members: memberIds.filter((id) => !haveM.has(id)), stores: storeIds.filter((id) => !haveS.has(id)) }
}

/** The reservation and its audit entry in one batch (the entry names the row just inserted: the batch's highest id). */
export async function createReservation(db: Database, input: ReservationInput, actor: string, now: Date): Promise<Reservation> {
  const detail = JSON.stringify({ startsAt: input.startsAt.toISOString() })
  const [[row]] = await db.batch([
    db.insert(reservations).values({ ...input, updatedAt: now }).returning(),
    db.run(sql`INSERT INTO audit_log (actor, action, target, detail, store_id, at)
      SELECT ${actor}, 'reservation.created', 'reservation:' || MAX(id), ${detail}, ${input.storeId}, ${now.getTime()}
      FROM reservations`),
  ])
  return row!
}

/** Applies a patch; a new time or a cancellation also stops reminders already planned for the old one. */
export async function updateReservation(db: Database, id: number, patch: ReservationPatch, actor: string, now: Date): Promise<Reservation | undefined> {
  const before = await findReservation(db, id)
  if (!before) return undefined
  const moved = patch.startsAt !== undefined && patch.startsAt.getTime() !== before.startsAt.getTime()
  const cancelled = patch.status === 'cancelled' && before.status !== 'cancelled'
  const [updated] = await db.batch([
    db.update(reservations).set({ ...patch, updatedAt: now }).where(eq(reservations.id, id)).returning(),
    ...(moved || cancelled ? [skipPendingReminders(db, id, cancelled ? 'reservation cancelled' : 'reservation moved')] : []),
    audit(db, { actor, action: cancelled ? 'reservation.cancelled' : 'reservation.updated', target: `reservation:${id}`, detail: { ...patch }, storeId: before.storeId }, now.getTime()),
    ...(patch.status === 'visited' && before.status !== 'visited' ? [recordEvent(db, 'reservation.visited', before.memberId, { reservationId: id }, now)] : []),
  ])
  return updated[0]
}

/**
 * Booking-system upsert by external id: one statement, so concurrent calls for one id never create two rows; the
 * skipped reminders of a moved or cancelled booking and the audit entry (naming the row by its external id) are in
 * the same batch.
 */
export async function upsertByExternalId(db: Database, input: ReservationInput & { externalId: string; status?: ReservationStatus }, actor: string, now: Date) {
  const before = await db.query.reservations.findFirst({ where: eq(reservations.externalId, input.externalId) })
  const values = { ...input, status: input.status ?? 'booked', updatedAt: now }
  const { externalId: _, ...changes } = values
  const detail = JSON.stringify({ externalId: input.externalId })
  const action = before ? 'reservation.updated' : 'reservation.created'
  const [rows] = await db.batch([
    db.insert(reservations).values(values).onConflictDoUpdate({ target: reservations.externalId, set: changes }).returning(),
    ...(before && (before.startsAt.getTime() !== input.startsAt.getTime() || values.status === 'cancelled')
      ? [skipPendingReminders(db, before.id, values.status === 'cancelled' ? 'reservation cancelled' : 'reservation moved')]
      : []),
    db.run(sql`INSERT INTO audit_log (actor, action, target, detail, store_id, at)
      SELECT ${actor}, ${action}, 'reservation:' || id, ${detail}, store_id, ${now.getTime()}
      FROM reservations WHERE external_id = ${input.externalId}`),
  ])
  return { reservation: rows[0]!, created: !before }
}

export type CustomerAction = 'confirm' | 'cancel'
export type CustomerActionResult =
  | { outcome: 'done' | 'already'; reservation: Reservation }
  | { outcome: 'not_found' }
  | { outcome: 'not_allowed'; reservation: Reservation }

/**
 * The customer confirms or cancels their own reservation (from a reminder's buttons). Idempotent: a repeat answers
 * `already`. Only upcoming booked/confirmed reservations of `memberId` change; anyone else's is `not_found`.
 */
export async function customerSetStatus(db: Database, reservationId: number, memberId: number, action: CustomerAction, actor: string, now: Date): Promise<CustomerActionResult> {
  const target = action === 'confirm' ? 'confirmed' : 'cancelled'
  const from: ReservationStatus[] = action === 'confirm' ? ['booked'] : ['booked', 'confirmed']
  const mine = and(eq(reservations.id, reservationId), eq(reservations.memberId, memberId))
  const at = now.getTime()
  const [changed] = await db.batch([
    db
      .update(reservations)
      .set({ status: target, updatedAt: now })
      .where(and(mine, inArray(reservations.status, from), gt(reservations.startsAt, now)))
      .returning(),
    ...(action === 'cancel' ? [skipPendingReminders(db, reservationId, 'reservation cancelled')] : []),
    auditWhen(db, { actor, action: `reservation.${target}`, target: `reservation:${reservationId}` }, at, sql`EXISTS (SELECT 1 FROM reservations WHERE id = ${reservationId} AND member_id = ${memberId} AND status = ${target} AND updated_at = ${at})`),
  ])
  if (changed[0]) return { outcome: 'done', reservation: changed[0] }
  const row = await db.query.reservations.findFirst({ where: mine })
  if (!row) return { outcome: 'not_found' }
  if (row.status === target) return { outcome: 'already', reservation: row }
  return { outcome: 'not_allowed', reservation: row }
}

/** The member's next upcoming booked or confirmed reservation, with its store. */
export async function nextReservation(db: Database, memberId: number, now: Date) {
  const [row] = await db
    .select({ id: reservations.id, startsAt: reservations.startsAt, partySize: reservations.partySize, menu: reservations.menu, status: reservations.status, store: { name: stores.name, timeZone: stores.timeZone, mapUrl: stores.mapUrl, address: stores.address } })
    .from(reservations)
    .innerJoin(stores, eq(stores.id, reservations.storeId))
    .where(and(eq(reservations.memberId, memberId), inArray(reservations.status, ['booked', 'confirmed']), gt(reservations.startsAt, now)))
    .orderBy(asc(reservations.startsAt))
    .limit(1)
  return row
}

export interface ReminderState {
  dedupeKey: string
  status: string
  nextAttemptAt: string
  sentAt: string | null
  lastError: string | null
}

/** Reservations starting in [from, to), with member, store, LINE link and each planned reminder's state. */
export async function listReservations(db: Database, range: { from: Date; to: Date; storeId?: number }) {
  const rows = await db
    .select({
      id: reservations.id,
      startsAt: reservations.startsAt,
      partySize: reservations.partySize,
      menu: reservations.menu,
      note: reservations.note,
      status: reservations.status,
      externalId: reservations.externalId,
      memberId: members.id,
      memberNumber: members.memberNumber,
      memberName: members.name,
      storeId: stores.id,
      storeName: stores.name,
      timeZone: stores.timeZone,
      lineLinked: sql<number>`${lineAccounts.lineUserId} IS NOT NULL`,
    })
    .from(reservations)
    .innerJoin(members, eq(members.id, reservations.memberId))
    .innerJoin(stores, eq(stores.id, reservations.storeId))
    .leftJoin(lineAccounts, eq(lineAccounts.memberId, members.id))
    .where(and(gte(reservations.startsAt, range.from), lt(reservations.startsAt, range.to), range.storeId ? eq(reservations.storeId, range.storeId) : undefined))
    .orderBy(asc(reservations.startsAt))
    .limit(1000)
  const reminders = new Map<number, ReminderState[]>()
  for (const r of rows) {
    const [lo, hi] = reminderKeyRange(r.id)
    const planned = await db
      .select({ dedupeKey: deliveries.dedupeKey, status: deliveries.status, nextAttemptAt: deliveries.nextAttemptAt, sentAt: deliveries.sentAt, lastError: deliveries.lastError })
      .from(deliveries)
      .where(sql`${deliveries.dedupeKey} >= ${lo} AND ${deliveries.dedupeKey} < ${hi}`)
      .orderBy(asc(deliveries.id))
    reminders.set(
      r.id,
      planned.map((p) => ({ ...p, nextAttemptAt: p.nextAttemptAt.toISOString(), sentAt: p.sentAt?.toISOString() ?? null })),
    )
  }
  return rows.map((r) => ({ ...r, startsAt: r.startsAt.toISOString(), lineLinked: Boolean(r.lineLinked), reminders: reminders.get(r.id) ?? [] }))
}

/** The active member with this (normalized) member number, and the store with this code, for a booking system's upsert. */
export async function bookingReferences(db: Database, memberNumber: string | null, storeCode: string) {
  const [member, store] = await Promise.all([
    memberNumber ? db.query.members.findFirst({ where: eq(members.memberNumber, memberNumber) }) : undefined,
    db.query.stores.findFirst({ where: eq(stores.code, storeCode) }),
  ])
  return { member: member?.status === 'active' ? member : undefined, store }
}
