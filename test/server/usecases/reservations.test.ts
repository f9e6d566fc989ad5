import { and, eq, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { auditLog, deliveries, lineAccounts, reservations } from '../../../db/schema'
import { memberNumberFor } from '../../../server/domain/member-number'
import { personaByKey } from '../../../server/sandbox/personas'
import { importReservations } from '../../../server/usecases/import-reservations'
import {
  cancelReservation,
  createReservation,
  editReservation,
  upsertBooking,
} from '../../../server/usecases/reservations'
import { withAuditFailing } from '../../support/audit-failure'
import { testAppPerSuite } from '../../support/test-app'

const jst = (iso: string) => new Date(`${iso}+09:00`)

describe('reservation use cases', () => {
  const t = testAppPerSuite({ now: jst('2026-11-23T12:00:00') })
  let memberId: number
  const actor = 'staff:1'
  beforeAll(async () => {
    const customer = personaByKey('customer')!.lineUserId
    memberId = (await t.db.query.lineAccounts.findFirst({ where: eq(lineAccounts.lineUserId, customer) }))!.memberId!
  })

  /** A booked visit of the linked customer, tomorrow evening. */
  async function booked(): Promise<number> {
    const reservation = { memberId, storeId: 1, startsAt: jst('2026-11-24T18:00:00'), partySize: 2 }
    const made = await createReservation(t.deps, { actor, reservation })
    if (!made.ok) throw new Error(made.message)
    return made.reservation.id
  }
  const statusOf = async (id: number) =>
    (await t.db.query.reservations.findFirst({ where: eq(reservations.id, id) }))!.status
  const notices = (id: number) => t.db.$count(deliveries, eq(deliveries.dedupeKey, `reservation-cancel:${id}`))
  const cancellations = (id: number) =>
    t.db.$count(auditLog, and(eq(auditLog.action, 'reservation.cancelled'), eq(auditLog.target, `reservation:${id}`)))

  it('creates the reservation with its audit entry naming it, or neither when the batch fails at that entry', async () => {
    const id = await booked()
    const [entry] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'reservation.created'), eq(auditLog.target, `reservation:${id}`)))
    expect(entry).toMatchObject({ actor, storeId: 1, detail: { startsAt: jst('2026-11-24T18:00:00').toISOString() } })
    const count = await t.db.$count(reservations)
    await withAuditFailing(t, 'reservation.created', () => booked())
    expect(await t.db.$count(reservations)).toBe(count)
  })

  it('cancels with its audit entry and the customer’s notice; a repeat changes and tells nothing', async () => {
    const id = await booked()
    expect(await cancelReservation(t.deps, { id, actor })).toMatchObject({
      ok: true,
      cancelled: true,
      customerNotified: true,
      reservation: { id, status: 'cancelled' },
    })
    expect(await cancelReservation(t.deps, { id, actor })).toMatchObject({
      ok: true,
      cancelled: false,
      customerNotified: false,
    })
    expect(await notices(id)).toBe(1)
    expect(await cancellations(id)).toBe(1)
  })

  it('tells the customer when an edit cancels, writing the edit’s other fields in the same statement', async () => {
    const id = await booked()
    const patch = { status: 'cancelled' as const, note: '店都合' }
    expect(await editReservation(t.deps, { id, actor, patch })).toMatchObject({
      ok: true,
      reservation: { status: 'cancelled', note: '店都合' },
    })
    expect(await notices(id)).toBe(1)
    expect(await cancellations(id)).toBe(1)
    const [entry] = await t.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.target, `reservation:${id}`))
      .orderBy(sql`id DESC`)
    expect(entry!.detail).toMatchObject({ changes: { note: '店都合' }, customerNotified: true })
    // Editing it again (still cancelled) only updates; no second notice.
    expect(await editReservation(t.deps, { id, actor, patch: { ...patch, note: '再編集' } })).toMatchObject({
      ok: true,
      reservation: { note: '再編集' },
    })
    expect(await notices(id)).toBe(1)
  })

  it('refuses unknown reservations, members and stores as values, writing nothing', async () => {
    const id = await booked()
    expect(await cancelReservation(t.deps, { id: 999_999, actor })).toMatchObject({
      ok: false,
      refusal: 'reservation_not_found',
    })
    expect(await editReservation(t.deps, { id: 999_999, actor, patch: { partySize: 3 } })).toMatchObject({
      ok: false,
      refusal: 'reservation_not_found',
    })
    expect(await editReservation(t.deps, { id, actor, patch: { storeId: 999 } })).toMatchObject({
      ok: false,
      refusal: 'unknown_store',
    })
    const reservation = { memberId: 999_999, storeId: 1, startsAt: jst('2026-11-25T18:00:00'), partySize: 1 }
    expect(await createReservation(t.deps, { actor, reservation })).toMatchObject({
      ok: false,
      refusal: 'unknown_member',
    })
    expect(await statusOf(id)).toBe('booked')
  })

  it('writes neither the status nor the notice when the batch fails at its audit entry; the retry writes all', async () => {
    const id = await booked()
    await withAuditFailing(t, 'reservation.cancelled', () => cancelReservation(t.deps, { id, actor }))
    expect(await statusOf(id)).toBe('booked')
    expect(await notices(id)).toBe(0)
    expect(await cancellations(id)).toBe(0)
    expect(await cancelReservation(t.deps, { id, actor })).toMatchObject({ ok: true, cancelled: true })
    expect(await statusOf(id)).toBe('cancelled')
    expect(await notices(id)).toBe(1)
    expect(await cancellations(id)).toBe(1)
  })

  const byExternal = (externalId: string) =>
    t.db.query.reservations.findFirst({ where: eq(reservations.externalId, externalId) })
  const audited = (action: string, id: number) =>
    t.db.$count(auditLog, and(eq(auditLog.action, action), eq(auditLog.target, `reservation:${id}`)))

  it('upserts a booking with its audit entry in one batch; a failure at the entry writes neither the row nor a change', async () => {
    const booking = {
      externalId: 'sys-1',
      memberNumber: memberNumberFor(memberId),
      storeCode: 'shibuya',
      startsAt: jst('2026-11-26T18:00:00'),
      partySize: 2,
    }
    await withAuditFailing(t, 'reservation.created', () => upsertBooking(t.deps, { actor, booking }))
    expect(await byExternal('sys-1')).toBeUndefined()
    const made = await upsertBooking(t.deps, { actor, booking })
    expect(made).toMatchObject({ ok: true, created: true, reservation: { externalId: 'sys-1', partySize: 2 } })
    const id = (await byExternal('sys-1'))!.id
    expect(await audited('reservation.created', id)).toBe(1)

    const moved = { ...booking, startsAt: jst('2026-11-27T18:00:00'), partySize: 4 }
    await withAuditFailing(t, 'reservation.updated', () => upsertBooking(t.deps, { actor, booking: moved }))
    expect(await byExternal('sys-1')).toMatchObject({ partySize: 2, startsAt: booking.startsAt })
    expect(await upsertBooking(t.deps, { actor, booking: moved })).toMatchObject({ ok: true, created: false })
    expect(await byExternal('sys-1')).toMatchObject({ id, partySize: 4 })
    expect(await audited('reservation.updated', id)).toBe(1)
  })

  it('refuses a booking for an unknown member number or store code as a value, writing nothing', async () => {
    const booking = {
      externalId: 'sys-unknown',
      memberNumber: memberNumberFor(999_999),
      storeCode: 'shibuya',
      startsAt: jst('2026-11-26T18:00:00'),
      partySize: 1,
    }
    expect(await upsertBooking(t.deps, { actor, booking })).toMatchObject({ ok: false, refusal: 'unknown_member' })
    const elsewhere = { ...booking, memberNumber: memberNumberFor(memberId), storeCode: 'nowhere' }
    expect(await upsertBooking(t.deps, { actor, booking: elsewhere })).toMatchObject({
      ok: false,
      refusal: 'unknown_store',
    })
    expect(await byExternal('sys-unknown')).toBeUndefined()
  })

  const csv = (...rows: string[]) =>
    new TextEncoder().encode(['会員番号,店舗コード,日付,時刻,人数,外部ID', ...rows].join('\r\n'))

  it('imports a CSV with its audit entry in one batch; a failure at the entry imports no row', async () => {
    const number = memberNumberFor(memberId)
    const bytes = csv(`${number},shibuya,2026-12-01,10:00,1,imp-1`, `${number},shibuya,2026-12-01,11:00,2,imp-2`)
    const count = await t.db.$count(reservations)
    await withAuditFailing(t, 'reservation.imported', () => importReservations(t.deps, { actor, bytes }))
    expect(await t.db.$count(reservations)).toBe(count)
    expect(await importReservations(t.deps, { actor, bytes })).toMatchObject({ ok: true, created: 2, updated: 0 })
    expect(await t.db.$count(reservations)).toBe(count + 2)
    expect(await t.db.$count(auditLog, eq(auditLog.action, 'reservation.imported'))).toBe(1)
  })

  it('refuses an empty CSV or one with problems as csv_invalid, listing them by line, importing nothing', async () => {
    const count = await t.db.$count(reservations)
    const empty = await importReservations(t.deps, { actor, bytes: new Uint8Array() })
    expect(empty).toMatchObject({ ok: false, refusal: 'csv_invalid' })
    const bad = csv(
      `${memberNumberFor(memberId)},shibuya,2026-12-01,10:00,1,imp-3`,
      `${memberNumberFor(memberId)},nowhere,2026-12-01,10:00,1,imp-4`,
    )
    expect(await importReservations(t.deps, { actor, bytes: bad })).toMatchObject({
      ok: false,
      refusal: 'csv_invalid',
      details: [{ line: 3, column: 'store_code' }],
    })
    expect(await t.db.$count(reservations)).toBe(count)
  })
})
