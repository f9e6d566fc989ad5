// Reservations and the rules that plan reminder messages for them.
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { createdAt, instant, rowId, rowOf } from './columns'
import { members } from './members'
import { stores } from './stores'

export const reservationStatuses = ['booked', 'confirmed', 'cancelled', 'visited', 'no_show'] as const
export type ReservationStatus = (typeof reservationStatuses)[number]

export const reservations = sqliteTable(
  'reservations',
  {
    id: rowId(),
    memberId: rowOf(() => members.id),
    storeId: rowOf(() => stores.id),
    startsAt: instant().notNull(),
    partySize: integer().notNull().default(1),
    menu: text(),
    note: text(),
    status: text({ enum: reservationStatuses }).notNull().default('booked'),
    /** Id in the shop's booking system, for upserts through the integration API. */
    externalId: text().unique(),
    createdAt: createdAt(),
    updatedAt: instant(),
  },
  (t) => [index('reservations_starts_idx').on(t.startsAt), index('reservations_member_idx').on(t.memberId, t.startsAt)],
)

export const reminderKinds = ['reservation', 'points_expiring', 'balance_notice'] as const

export const reminderRules = sqliteTable('reminder_rules', {
  id: rowId(),
  kind: text({ enum: reminderKinds }).notNull(),
  /** Minutes before the reservation, or days before expiry, depending on kind. */
  offset: integer().notNull(),
  template: text(),
  enabled: integer({ mode: 'boolean' }).notNull().default(true),
})

export type Reservation = typeof reservations.$inferSelect
export type NewReservation = typeof reservations.$inferInsert
export type ReminderRule = typeof reminderRules.$inferSelect
