// Admin reservations: list with reminder status, create, edit, cancel, CSV import. Admins only.
import { z } from '@hono/zod-openapi'
import { reservationStatuses } from '../../../db/schema'
import { reminderPlans } from '../../data/reminder-plans'
import { listReservations } from '../../data/reservations'
import { badRequest } from '../../errors'
import { createRouter, errorResponse, jsonBody, jsonResponse } from '../../openapi'
import { idParam, pathId } from '../path-id'
import { Instant, Reservation, ReservationFields, toReservationJson } from '../reservation-schemas'
import { staffActor } from '../../data/audit'
import { importReservations } from '../../usecases/import-reservations'
import { cancelReservation, createReservation, editReservation } from '../../usecases/reservations'
import { accepted } from '../refusals'
import { adminRoute } from '../guarded-routes'

const ReminderState = z.object({
  dedupeKey: z.string(),
  status: z.string(),
  nextAttemptAt: z.string(),
  sentAt: z.string().nullable(),
  lastError: z.string().nullable(),
})
export const ReminderPlan = z
  .object({
    reason: z
      .enum(['reservation_closed', 'started', 'not_linked', 'blocked', 'member_inactive'])
      .nullable()
      .openapi({ description: 'Why no reminder can reach the customer, whatever the rules say' }),
    rules: z.array(
      z.object({
        offsetMinutes: z.number(),
        dueAt: z.string(),
        sendAt: z.string().nullable().openapi({ description: 'When it goes (or went) out; null with a reason' }),
        movedForQuietHours: z.boolean(),
        reason: z.enum(['too_late', 'quiet_hours', 'superseded']).nullable(),
        status: z.string().nullable().openapi({ description: 'The outbox row’s status once planned' }),
        lastError: z.string().nullable(),
      }),
    ),
  })
  .openapi('ReminderPlan')
const ListedReservation = Reservation.extend({
  memberNumber: z.string(),
  memberName: z.string(),
  storeName: z.string(),
  timeZone: z.string(),
  lineLinked: z.boolean(),
  reminders: z.array(ReminderState),
  reminderPlan: ReminderPlan,
}).openapi('ListedReservation')

export const list = adminRoute('get', '/', {
  summary: 'Reservations in a time range, with each planned reminder’s state',
  request: {
    query: z.object({
      from: Instant.optional(),
      to: Instant.optional(),
      storeId: pathId('storeId', 'query').optional(),
    }),
  },
  responses: {
    200: jsonResponse('Reservations', z.object({ reservations: z.array(ListedReservation) })),
    400: errorResponse('Bad range'),
  },
})

const create = adminRoute('post', '/', {
  summary: 'Create a reservation',
  request: {
    body: jsonBody(z.object({ memberId: z.number().int().positive(), ...ReservationFields }).openapi('NewReservation')),
  },
  responses: {
    201: jsonResponse('Created', Reservation),
    400: errorResponse('Invalid input, unknown member or store'),
  },
})

const edit = adminRoute('patch', '/{id}', {
  summary: 'Edit a reservation (a new time plans new reminders)',
  request: {
    params: idParam,
    body: jsonBody(
      z
        .object({
          storeId: ReservationFields.storeId.optional(),
          startsAt: Instant.optional(),
          partySize: z.number().int().min(1).max(100).optional(),
          menu: ReservationFields.menu,
          note: ReservationFields.note,
          status: z.enum(reservationStatuses).optional(),
        })
        .openapi('ReservationPatch'),
    ),
  },
  responses: { 200: jsonResponse('Updated', Reservation), 404: errorResponse('No such reservation') },
})

const cancel = adminRoute('post', '/{id}/cancel', {
  summary: 'Cancel a reservation (reminders not yet sent are skipped) and tell the customer in LINE',
  description:
    'The customer gets a notice through the outbox (after quiet hours unless the visit comes first; with a "book again" ' +
    'button when `messaging.rebookUrl` is set) if their LINE account is linked and the visit is still to come. ' +
    'Cancelling a cancelled reservation changes and sends nothing.',
  request: { params: idParam },
  responses: {
    200: jsonResponse(
      'Cancelled',
      Reservation.extend({
        customerNotified: z.boolean().openapi({ description: 'A LINE notice to the customer was planned now' }),
      }).openapi('CancelledReservation'),
    ),
    404: errorResponse('No such reservation'),
  },
})

const ImportReport = z
  .object({ encoding: z.enum(['utf-8', 'shift_jis']), created: z.number(), updated: z.number() })
  .openapi('ReservationImport')
const importCsv = adminRoute('post', '/import', {
  summary: 'Import reservations from CSV (UTF-8 with or without BOM, or Shift_JIS); all rows or none',
  description:
    'Columns (header row, Japanese or English): 会員番号/member_number, 店舗コード/store_code, 日付/date (YYYY-MM-DD), 時刻/time (HH:MM, store time zone), 人数/party_size, メニュー/menu, メモ/note, 外部ID/external_id (upsert). A file with any bad row is not imported; the 400 lists every problem by line.',
  request: { body: { required: true, content: { 'text/csv': { schema: z.string().openapi({ format: 'binary' }) } } } },
  responses: {
    200: jsonResponse('Imported', ImportReport),
    400: errorResponse(
      'Problems by line (`csv_invalid`, details: [{ line, column, message }]), or malformed quoting (`csv_malformed`, details: { row, column })',
    ),
  },
})

export const adminReservations = createRouter()
  .openapi(list, async (c) => {
    const { db, clock } = c.var.shop
    const q = c.req.valid('query')
    const from = q.from ? new Date(q.from) : new Date(clock().getTime() - 86_400_000)
    const to = q.to ? new Date(q.to) : new Date(from.getTime() + 31 * 86_400_000)
    if (to <= from) throw badRequest('bad_range', '`to` must be after `from`')
    const [rows, settings] = await Promise.all([
      listReservations(db, { from, to, storeId: q.storeId }),
      c.var.shop.settings.load(),
    ])
    const plans = await reminderPlans(db, rows, settings.messaging.quietHours, clock())
    const reservations = rows.map((r) => ({ ...r, reminderPlan: plans.get(r.id)! }))
    return c.json({ reservations }, 200)
  })
  .openapi(create, async (c) => {
    const body = c.req.valid('json')
    const reservation = { ...body, startsAt: new Date(body.startsAt) }
    const done = accepted(await createReservation(c.var.shop, { actor: staffActor(c.var.staff), reservation }))
    return c.json(toReservationJson(done.reservation), 201)
  })
  .openapi(edit, async (c) => {
    const { id } = c.req.valid('param')
    const body = c.req.valid('json')
    const patch = { ...body, startsAt: body.startsAt ? new Date(body.startsAt) : undefined }
    const done = accepted(await editReservation(c.var.shop, { id, actor: staffActor(c.var.staff), patch }))
    return c.json(toReservationJson(done.reservation), 200)
  })
  .openapi(cancel, async (c) => {
    const { id } = c.req.valid('param')
    const done = accepted(await cancelReservation(c.var.shop, { id, actor: staffActor(c.var.staff) }))
    return c.json({ ...toReservationJson(done.reservation), customerNotified: done.customerNotified }, 200)
  })
  .openapi(importCsv, async (c) => {
    const bytes = new Uint8Array(await c.req.arrayBuffer())
    const done = accepted(await importReservations(c.var.shop, { actor: staffActor(c.var.staff), bytes }))
    return c.json({ encoding: done.encoding, created: done.created, updated: done.updated }, 200)
  })
