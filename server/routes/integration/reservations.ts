// Booking-system integration: PUT /api/integration/reservations/{externalId} upserts by the system's own id.
import { z } from '@hono/zod-openapi'
import { apiKeyActor } from '../../data/audit'
import { singleLine } from '../../domain/free-text'
import { createRouter, errorResponse, jsonBody, jsonResponse } from '../../openapi'
import { apiKeyRoute } from './guard'
import { upsertBooking } from '../../usecases/reservations'
import { accepted } from '../refusals'
import { Reservation, ReservationFields, toReservationJson } from '../reservation-schemas'

const upsert = apiKeyRoute('reservations', 'put', '/{externalId}', {
  summary: 'Create or update a reservation by the booking system’s id (API key)',
  request: {
    params: z.object({
      externalId: singleLine(z.string().min(1).max(100)).openapi({ param: { name: 'externalId', in: 'path' } }),
    }),
    body: jsonBody(
      z
        .object({
          memberNumber: singleLine(z.string().min(1).max(20)),
          storeCode: singleLine(z.string().min(1).max(50)),
          startsAt: ReservationFields.startsAt,
          partySize: ReservationFields.partySize,
          menu: ReservationFields.menu,
          note: ReservationFields.note,
          status: z.enum(['booked', 'confirmed', 'cancelled', 'visited', 'no_show']).optional(),
        })
        .openapi('ReservationUpsert'),
    ),
  },
  responses: {
    200: jsonResponse('Updated', Reservation),
    201: jsonResponse('Created', Reservation),
    400: errorResponse('Invalid input, unknown member or store'),
  },
})

export const integrationReservations = createRouter().openapi(upsert, async (c) => {
  const { externalId } = c.req.valid('param')
  const body = c.req.valid('json')
  const booking = { ...body, externalId, startsAt: new Date(body.startsAt) }
  const actor = apiKeyActor(c.var.apiKey)
  const { reservation, created } = accepted(await upsertBooking(c.var.shop, { actor, booking }))
  return c.json(toReservationJson(reservation), created ? 201 : 200)
})
