// When each reminder rule of a reservation will send, or why it will not: the planner's rules (quiet hours, only the
// latest of the rules due at once) applied ahead of time, for the console.
import { isQuiet, reminderSendTime, type QuietHours } from './quiet-hours'

/** Why a rule sends nothing: its time and the reservation's have passed, quiet hours last until the reservation, or a
 * later rule goes out at the same time or earlier (one reminder, not two at once). */
export type RuleSkipReason = 'too_late' | 'quiet_hours' | 'superseded'

export interface RulePlan {
  offsetMinutes: number
  /** The rule's own time (reservation minus offset). */
  dueAt: Date
  /** When it will go out; null with a `reason` when it will not. */
  sendAt: Date | null
  /** Quiet hours moved it away from `dueAt`. */
  moved: boolean
  reason: RuleSkipReason | null
}

export interface PlanInput {
  startsAt: Date
  offsetsMinutes: readonly number[]
  /** Offsets whose reminder for this start time is already in the outbox. */
  planned: ReadonlySet<number>
  quiet: QuietHours | null
  timeZone: string
  now: Date
}

export function planReminders(input: PlanInput): RulePlan[] {
  const { startsAt, quiet, timeZone, now } = input
  const plans = [...input.offsetsMinutes]
    .sort((a, b) => a - b)
    .map((offsetMinutes): RulePlan => {
      const dueAt = new Date(startsAt.getTime() - offsetMinutes * 60_000)
      const sendAt = reminderSendTime(dueAt, startsAt, quiet, timeZone, { now })
      if (sendAt) {
        const from = dueAt.getTime() < now.getTime() ? now : dueAt
        return { offsetMinutes, dueAt, sendAt, moved: sendAt.getTime() !== from.getTime(), reason: null }
      }
      const at = dueAt.getTime() < now.getTime() ? now : dueAt
      const reason = startsAt.getTime() > now.getTime() && isQuiet(at, quiet, timeZone) ? 'quiet_hours' : 'too_late'
      return { offsetMinutes, dueAt, sendAt: null, moved: false, reason }
    })
  // The planner sends, of the rules due at one run, only the smallest offset: a rule is superseded by a smaller one
  // that is already planned or goes out no later than it.
  return plans.map((plan, i) => {
    if (!plan.sendAt || input.planned.has(plan.offsetMinutes)) return plan
    const later = plans
      .slice(0, i)
      .some((p) => input.planned.has(p.offsetMinutes) || (p.sendAt && p.sendAt.getTime() <= plan.sendAt!.getTime()))
    return later ? { ...plan, sendAt: null, moved: false, reason: 'superseded' } : plan
  })
}
