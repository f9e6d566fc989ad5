// When a scenario step is due: a plain wait (minutes and hours are elapsed time, days keep the wall-clock time across
// daylight-saving changes), or a time of day N calendar days later, both in the shop's time zone.
import type { StepWait } from './scenario'
import { addDaysToDate, addLocalDays, localDate, zonedDateTime } from './time-zone'

const unitMs = { minutes: 60_000, hours: 3_600_000 } as const

/** The instant a step with `wait` is due, counted from `anchor` (the previous step's due time or the start event). */
export function stepDueAt(anchor: Date, wait: StepWait, timeZone: string): Date {
  if (wait.kind === 'after') {
    return wait.unit === 'days'
      ? addLocalDays(anchor, wait.amount, timeZone)
      : new Date(anchor.getTime() + wait.amount * unitMs[wait.unit])
  }
  const on = (days: number) => zonedDateTime(addDaysToDate(localDate(anchor, timeZone), days), wait.time, timeZone)!
  const due = on(wait.days)
  // "Today at 10:00" once 10:00 has passed (even by a second) means tomorrow: a step never falls before its anchor.
  return wait.days === 0 && due.getTime() < anchor.getTime() ? on(1) : due
}

/** Every step's due time for a run started at `start`: each step counts from the one before. */
export function runSchedule(start: Date, waits: readonly StepWait[], timeZone: string): Date[] {
  const out: Date[] = []
  let anchor = start
  for (const wait of waits) {
    anchor = stepDueAt(anchor, wait, timeZone)
    out.push(anchor)
  }
  return out
}
