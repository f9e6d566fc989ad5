// An admin creating, editing and cancelling reservations, and a booking system upserting them by its own id. A cancellation — by the cancel action or by an edit that sets
// the status — writes the status, the skipped reminders, the audit entry and the customer's LINE notice (outbox) in one
// batch (data/reservation-cancel.ts); a repeat changes and tells nothing. Unknown rows are refusals, as values.
import type { Reservation } from '../../db/schema'
import { cancelReservation as cancelInBatch } from '../data/reservation-cancel'
import {
  bookingReferences,
  createReservation as insertReservation,
  findReservation,
  missingReferences,
  updateReservation,
  upsertByExternalId,
  type ReservationInput,
  type ReservationPatch,
} from '../data/reservations'
import { normalizeMemberNumber } from '../domain/member-number'
import { refuse, type Refusal } from '../domain/refusal'
import type { SettingsUseCaseContext, UseCaseContext } from './context'

export interface ReservationWritten {
  ok: true
  reservation: Reservation
}

export interface ReservationCancelled extends ReservationWritten {
  /** False when it was cancelled already: nothing was written. */
  cancelled: boolean
  /** Whether a LINE notice to the customer was planned now. */
  customerNotified: boolean
}

const notFound = (id: number) => refuse('reservation_not_found', `No reservation ${id}`)

async function unknownReferences(ctx: UseCaseContext, memberIds: number[], storeIds: number[]) {
  const missing = await missingReferences(ctx.db, memberIds, storeIds)
  if (missing.members.length) return refuse('unknown_member', `No active member with id ${missing.members.join(', ')}`)
  if (missing.stores.length) return refuse('unknown_store', `No store with id ${missing.stores.join(', ')}`)
  return null
}

export async function createReservation(
  ctx: UseCaseContext,
  input: { actor: string; reservation: ReservationInput },
): Promise<ReservationWritten | Refusal> {
  const { memberId, storeId } = input.reservation
  const unknown = await unknownReferences(ctx, [memberId], [storeId])
  if (unknown) return unknown
  return { ok: true, reservation: await insertReservation(ctx.db, input.reservation, input.actor, ctx.clock()) }
}

export async function cancelReservation(
  ctx: SettingsUseCaseContext,
  input: { id: number; actor: string; changes?: Omit<ReservationPatch, 'status'> },
): Promise<ReservationCancelled | Refusal> {
  const { messaging } = await ctx.settings.load()
  const outcome = await cancelInBatch(ctx.db, input.id, input.actor, ctx.clock(), {
    quietHours: messaging.quietHours,
    rebookUrl: messaging.rebookUrl ?? null,
    changes: input.changes,
  })
  if (!outcome) return notFound(input.id)
  return {
    ok: true,
    reservation: outcome.reservation,
    cancelled: outcome.cancelled,
    customerNotified: outcome.notified,
  }
}

/** Applies an admin's edit; one that cancels is the cancellation above, with the other fields in its statement. */
export async function editReservation(
  ctx: SettingsUseCaseContext,
  input: { id: number; actor: string; patch: ReservationPatch },
): Promise<ReservationWritten | Refusal> {
  const { id, actor, patch } = input
  if (patch.storeId !== undefined) {
    const unknown = await unknownReferences(ctx, [], [patch.storeId])
    if (unknown) return unknown
  }
  const before = await findReservation(ctx.db, id)
  if (!before) return notFound(id)
  const { status, ...changes } = patch
  if (status === 'cancelled' && before.status !== 'cancelled') {
    const done = await cancelReservation(ctx, { id, actor, changes })
    // Cancelled by someone else meanwhile: the other fields are still this edit's to apply.
    if (!done.ok || done.cancelled || Object.keys(changes).length === 0) return done
  }
  const updated = await updateReservation(ctx.db, id, patch, actor, ctx.clock())
  return updated ? { ok: true, reservation: updated } : notFound(id)
}

export interface BookingUpsert extends Omit<ReservationInput, 'memberId' | 'storeId'> {
  externalId: string
  memberNumber: string
  storeCode: string
  status?: ReservationPatch['status']
}

/**
 * A booking system's create-or-update by its own id (`created` when the id is new): the row, its skipped reminders
 * and audit entry in one batch.
 */
export async function upsertBooking(
  ctx: UseCaseContext,
  input: { actor: string; booking: BookingUpsert },
): Promise<(ReservationWritten & { created: boolean }) | Refusal> {
  const { memberNumber, storeCode, ...booking } = input.booking
  const { member, store } = await bookingReferences(ctx.db, normalizeMemberNumber(memberNumber), storeCode)
  if (!member) return refuse('unknown_member', `No active member with number ${memberNumber}`)
  if (!store) return refuse('unknown_store', `No store with code ${storeCode}`)
  const values = { ...booking, memberId: member.id, storeId: store.id }
  const { reservation, created } = await upsertByExternalId(ctx.db, values, input.actor, ctx.clock())
  return { ok: true, reservation, created }
}
