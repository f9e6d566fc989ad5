// The shop cancelling a reservation: its status, its pending reminders, the audit entry and the customer's notice in
// LINE (through the outbox) written as one batch, so a repeat or a concurrent cancel changes and tells nothing twice.
import { and, eq, ne, sql } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { lineAccounts, members, reservations, stores, type Reservation } from '../../db/schema'
import { messageLocale } from '../domain/message-locale'
import { outsideQuietHours, type QuietHours } from '../domain/quiet-hours'
import { reservationCancelled } from '../messages/reservation-cancelled'
import { auditWhen } from './audit'
import { enqueueMessageWhen } from './outbox'
import { skipPendingReminders } from './reminder-planner'
import type { ReservationPatch } from './reservations'

export interface CancelOptions {
  quietHours: QuietHours | null
  /** The shop's booking page for a "book again" button; null for none. */
  rebookUrl: string | null
  /** Other fields an edit changes along with the cancellation (same statement; the notice names the visit as booked). */
  changes?: Omit<ReservationPatch, 'status'>
}

export interface CancelOutcome {
  reservation: Reservation
  /** False when it was already cancelled: nothing was written. */
  cancelled: boolean
  /** Whether a notice to the customer was planned (a linked, reachable LINE account and a visit still to come). */
  notified: boolean
}

/** Outside `reminderKeyRange`, so later edits of the reservation never skip the notice. */
export const cancelNoticeKey = (reservationId: number) => `reservation-cancel:${reservationId}`

/** Cancels reservation `id` for the shop and tells the customer; undefined when there is no such reservation. */
export async function cancelReservation(db: Database, id: number, actor: string, now: Date, options: CancelOptions): Promise<CancelOutcome | undefined> {
  const [row] = await db
    .select({
      reservation: reservations,
      store: { name: stores.name, timeZone: stores.timeZone },
      memberName: members.name,
      language: members.language,
      lineUserId: lineAccounts.lineUserId,
      friendStatus: lineAccounts.friendStatus,
    })
    .from(reservations)
    .innerJoin(stores, eq(stores.id, reservations.storeId))
    .innerJoin(members, eq(members.id, reservations.memberId))
    .leftJoin(lineAccounts, eq(lineAccounts.memberId, reservations.memberId))
    .where(eq(reservations.id, id))
    .limit(1)
  if (!row) return undefined
  const { reservation, store } = row
  if (reservation.status === 'cancelled') return { reservation, cancelled: false, notified: false }
  const at = now.getTime()
  const to = row.lineUserId && row.friendStatus !== 'blocked' && reservation.startsAt > now ? row.lineUserId : null
  // After quiet hours, unless the visit comes first: the customer must hear of it before setting out.
  const quietEnd = outsideQuietHours(now, options.quietHours, store.timeZone)
  const notBefore = quietEnd < reservation.startsAt ? quietEnd : now
  const applied = sql`EXISTS (SELECT 1 FROM reservations WHERE id = ${id} AND status = 'cancelled' AND updated_at = ${at})`
  const [updated] = await db.batch([
    db
      .update(reservations)
      .set({ ...options.changes, status: 'cancelled', updatedAt: now })
      .where(and(eq(reservations.id, id), ne(reservations.status, 'cancelled')))
      .returning(),
    skipPendingReminders(db, id, 'reservation cancelled'),
    auditWhen(
      db,
      {
        actor,
        action: 'reservation.cancelled',
        target: `reservation:${id}`,
        detail: {
          ...(options.changes && { changes: options.changes }),
          status: 'cancelled',
          startsAt: reservation.startsAt.toISOString(),
          customerNotified: to !== null,
        },
        storeId: reservation.storeId,
      },
      at,
      applied,
    ),
    ...(to
      ? [
          enqueueMessageWhen(
            db,
            {
              dedupeKey: cancelNoticeKey(id),
              kind: 'reservation_cancelled',
              lineUserId: to,
              messages: [
                reservationCancelled({
                  memberName: row.memberName,
                  startsAt: reservation.startsAt,
                  store,
                  rebookUrl: options.rebookUrl,
                  locale: messageLocale(row.language),
                }),
              ],
              notBefore,
            },
            now,
            applied,
          ),
        ]
      : []),
  ])
  const changed = updated[0]
  if (!changed) {
    const current = await db.query.reservations.findFirst({ where: eq(reservations.id, id) })
    return { reservation: current!, cancelled: false, notified: false }
  }
  return { reservation: changed, cancelled: true, notified: to !== null }
}
