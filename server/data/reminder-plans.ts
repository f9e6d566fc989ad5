// For the console: each listed reservation's reminders, when they will be sent or why not (closed, unreachable
// customer, too late, quiet hours, a later rule instead), next to what the outbox already holds for them.
import { and, eq, inArray, sql } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { lineAccounts, members, reminderRules } from '../../db/schema'
import { isQuiet, type QuietHours } from '../domain/quiet-hours'
import { planReminders, type RuleSkipReason } from '../domain/reminder-plan'
import { reminderDedupeKey } from './reminder-planner'

/** Why no reminder of the reservation can reach the customer, whatever the rules say. */
export type ReservationSkipReason = 'reservation_closed' | 'started' | 'not_linked' | 'blocked' | 'member_inactive'

export interface RulePlanView {
  offsetMinutes: number
  dueAt: string
  /** When it will go out (or went out, or is due to), or null with a `reason`. */
  sendAt: string | null
  movedForQuietHours: boolean
  reason: RuleSkipReason | null
  /** The outbox row's status once planned (`pending`, `sent`, `skipped`, ...), else null. */
  status: string | null
  lastError: string | null
}

export interface ReminderPlanView {
  reason: ReservationSkipReason | null
  rules: RulePlanView[]
}

interface Listed {
  id: number
  startsAt: string
  status: string
  memberId: number
  timeZone: string
  reminders: { dedupeKey: string; status: string; nextAttemptAt: string; sentAt: string | null; lastError: string | null }[]
}

export async function reminderPlans(db: Database, rows: readonly Listed[], quiet: QuietHours | null, now: Date): Promise<Map<number, ReminderPlanView>> {
  const plans = new Map<number, ReminderPlanView>()
  if (rows.length === 0) return plans
  const memberIds = JSON.stringify([...new Set(rows.map((r) => r.memberId))])
  const [rules, reach] = await Promise.all([
    db.select({ offset: reminderRules.offset }).from(reminderRules).where(and(eq(reminderRules.kind, 'reservation'), eq(reminderRules.enabled, true))),
    db
      .select({ memberId: members.id, status: members.status, friendStatus: lineAccounts.friendStatus })
      .from(members)
      .leftJoin(lineAccounts, eq(lineAccounts.memberId, members.id))
      .where(inArray(members.id, sql`(SELECT value FROM json_each(${memberIds}))`)),
  ])
  const reachBy = new Map(reach.map((r) => [r.memberId, r]))
  const offsets = [...new Set(rules.map((r) => r.offset))]
  for (const r of rows) {
    const startsAt = new Date(r.startsAt)
    const member = reachBy.get(r.memberId)
    const reason: ReservationSkipReason | null =
      r.status !== 'booked' && r.status !== 'confirmed'
        ? 'reservation_closed'
        : startsAt.getTime() <= now.getTime()
          ? 'started'
          : member?.status !== 'active'
            ? 'member_inactive'
            : !member.friendStatus
              ? 'not_linked'
              : member.friendStatus === 'blocked'
                ? 'blocked'
                : null
    const byKey = new Map(r.reminders.map((d) => [d.dedupeKey, d]))
    const planned = new Set(offsets.filter((o) => byKey.has(reminderDedupeKey(r.id, o, startsAt))))
    const rulePlans = planReminders({ startsAt, offsetsMinutes: offsets, planned, quiet, timeZone: r.timeZone, now })
    plans.set(r.id, {
      reason,
      rules: rulePlans.map((p) => {
        const delivery = byKey.get(reminderDedupeKey(r.id, p.offsetMinutes, startsAt))
        const base = { offsetMinutes: p.offsetMinutes, dueAt: p.dueAt.toISOString() }
        if (delivery) {
          return {
            ...base,
            sendAt: delivery.sentAt ?? delivery.nextAttemptAt,
            movedForQuietHours:
              isQuiet(p.dueAt, quiet, r.timeZone) && Math.abs(Date.parse(delivery.nextAttemptAt) - p.dueAt.getTime()) >= 60_000,
            reason: null,
            status: delivery.status,
            lastError: delivery.lastError,
          }
        }
        const blocked = reason !== null && p.sendAt !== null
        return {
          ...base,
          sendAt: blocked ? null : (p.sendAt?.toISOString() ?? null),
          movedForQuietHours: !blocked && p.moved,
          reason: p.reason,
          status: null,
          lastError: null,
        }
      }),
    })
  }
  return plans
}
