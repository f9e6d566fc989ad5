// Request and response schemas shared by the admin and integration reservation APIs.
import { z } from '@hono/zod-openapi'
import { reservationStatuses } from '../../db/schema'
import { multiLine, singleLine } from '../domain/free-text'

export const Instant = z.iso.datetime({ offset: true }).openapi({ example: '2026-11-24T18:00:00+09:00' })

export const Reservation = z
  .object({
    id: z.number(),
    memberId: z.number(),
    storeId: z.number(),
    startsAt: z.string(),
    partySize: z.number(),
    menu: z.string().nullable(),
    note: z.string().nullable(),
    status: z.enum(reservationStatuses),
    externalId: z.string().nullable(),
  })
  .openapi('Reservation')

export const ReservationFields = {
  storeId: z.number().int().positive(),
  startsAt: Instant,
  partySize: z.number().int().min(1).max(100).default(1),
  menu: singleLine(z.string().trim().max(200)).nullish(),
  note: multiLine(z.string().trim().max(1000)).nullish(),
}

export const toReservationJson = (r: {
  id: number
  memberId: number
  storeId: number
  startsAt: Date
  partySize: number
  menu: string | null
  note: string | null
  status: (typeof reservationStatuses)[number]
  externalId: string | null
}) => ({
  id: r.id,
  memberId: r.memberId,
  storeId: r.storeId,
  startsAt: r.startsAt.toISOString(),
  partySize: r.partySize,
  menu: r.menu,
  note: r.note,
  status: r.status,
  externalId: r.externalId,
})
