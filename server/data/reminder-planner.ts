// Plans reservation reminders into the outbox: every run looks at a time window (so a missed run catches up) and
// each reminder has a dedupe key (so overlapping runs plan it once). Runs from the scheduled jobs.
import { messageLocale } from '../domain/message-locale'
import { and, asc, eq, gt, inArray, lte, sql } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { deliveries, lineAccounts, members, reminderRules, reservations, stores } from '../../db/schema'
import { reminderSendTime, type QuietHours } from '../domain/quiet-hours'
import { reservationReminder } from '../messages/reservation-reminder'
import { enqueueMessage, type OutgoingMessage } from './outbox'

/** Reminders due within this much of `now` are planned now, with `notBefore` at their time. */
export const planningLookaheadMs = 10 * 60_000
/** How far before its rule a reminder can move (to the evening before quiet hours). */
const quietShiftMs = 24 * 3_600_000
const insertChunk = 200

/** `reservation:<id>:<offset>m:<startsAt>`: a rescheduled reservation gets new reminders, a repeat run does not. */
export const reminderDedupeKey = (reservationId: number, offsetMinutes: number, startsAt: Date) =>
  `reservation:${reservationId}:${offsetMinutes}m:${startsAt.getTime()}`

/** Range of dedupe keys of one reservation's reminders (`reservation:42:` ≤ key < `reservation:42;`). */
export const reminderKeyRange = (reservationId: number) => [`reservation:${reservationId}:`, `reservation:${reservationId};`] as const

export interface PlanReport {
  planned: number
  /** Reminders that could only have gone out inside quiet hours. */
  quietSkipped: number
}

/** Already planned keys among `keys`, in one statement (keys bound as one JSON parameter). */
export async function existingKeys(db: Database, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set()
  const rows = await db
    .select({ key: deliveries.dedupeKey })
    .from(deliveries)
    .where(inArray(deliveries.dedupeKey, sql`(SELECT value FROM json_each(${JSON.stringify(keys)}))`))
  return new Set(rows.map((r) => r.key))
}

export async function enqueueAll(db: Database, messages: OutgoingMessage[], now: Date): Promise<number> {
  const fresh = await existingKeys(db, messages.map((m) => m.dedupeKey))
  const todo = messages.filter((m) => !fresh.has(m.dedupeKey))
  for (let i = 0; i < todo.length; i += insertChunk) {
    const [first, ...rest] = todo.slice(i, i + insertChunk).map((m) => enqueueMessage(db, m, now))
    await db.batch([first!, ...rest])
  }
  return todo.length
}

export async function planReservationReminders(db: Database, quiet: QuietHours | null, now: Date): Promise<PlanReport> {
  const rules = await db
    .select()
    .from(reminderRules)
    .where(and(eq(reminderRules.kind, 'reservation'), eq(reminderRules.enabled, true)))
  if (rules.length === 0) return { planned: 0, quietSkipped: 0 }
  const maxOffsetMs = Math.max(...rules.map((r) => r.offset)) * 60_000
  const candidates = await db
    .select({
      id: reservations.id,
      startsAt: reservations.startsAt,
      partySize: reservations.partySize,
      menu: reservations.menu,
      memberName: members.name,
      language: members.language,
      lineUserId: lineAccounts.lineUserId,
      store: { name: stores.name, timeZone: stores.timeZone, mapUrl: stores.mapUrl, address: stores.address },
    })
    .from(reservations)
    .innerJoin(members, eq(members.id, reservations.memberId))
    .innerJoin(lineAccounts, eq(lineAccounts.memberId, reservations.memberId))
    .innerJoin(stores, eq(stores.id, reservations.storeId))
    .where(
      and(
        inArray(reservations.status, ['booked', 'confirmed']),
        // Unary +: the window's reservations first (reservations_starts_idx), each member by primary key; not a walk of
        // every active member down members_reachable_expiry_idx (status, …).
        sql`+${members.status} = 'active'`,
        gt(reservations.startsAt, now),
        lte(reservations.startsAt, new Date(now.getTime() + maxOffsetMs + quietShiftMs + planningLookaheadMs)),
      ),
    )
    .orderBy(asc(reservations.startsAt))

  const horizon = now.getTime() + planningLookaheadMs
  const planned: OutgoingMessage[] = []
  let quietSkipped = 0
  for (const r of candidates) {
    // Of the rules already due, only the latest (smallest offset): a reservation made 3 h ahead gets its 2 h
    // reminder, not a stale 24 h one as well.
    let chosen: { rule: (typeof rules)[number]; at: Date } | null = null
    for (const rule of rules) {
      const wanted = new Date(r.startsAt.getTime() - rule.offset * 60_000)
      if (wanted.getTime() > horizon + quietShiftMs) continue
      const at = reminderSendTime(wanted, r.startsAt, quiet, r.store.timeZone, { now })
      if (!at) {
        if (wanted.getTime() <= horizon) quietSkipped++
        continue
      }
      if (at.getTime() > horizon) continue
      if (!chosen || rule.offset < chosen.rule.offset) chosen = { rule, at }
    }
    if (!chosen) continue
    planned.push({
      dedupeKey: reminderDedupeKey(r.id, chosen.rule.offset, r.startsAt),
      kind: 'reservation',
      lineUserId: r.lineUserId,
      messages: [
        reservationReminder({
          reservationId: r.id,
          memberName: r.memberName,
          startsAt: r.startsAt,
          partySize: r.partySize,
          menu: r.menu,
          store: r.store,
          template: chosen.rule.template,
          locale: messageLocale(r.language),
        }),
      ],
      notBefore: chosen.at,
    })
  }
  return { planned: await enqueueAll(db, planned, now), quietSkipped }
}

/** Reminders still waiting for a reservation that was cancelled or moved are not sent. */
export function skipPendingReminders(db: Database, reservationId: number, reason: string) {
  const [from, to] = reminderKeyRange(reservationId)
  return db
    .update(deliveries)
    .set({ status: 'skipped', lastError: reason })
    .where(and(eq(deliveries.status, 'pending'), sql`${deliveries.dedupeKey} >= ${from} AND ${deliveries.dedupeKey} < ${to}`))
}
