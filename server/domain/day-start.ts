// The start of the local day an instant falls in, remembered per time zone until that day ends: every earn under a
// daily cap asks for it, and working it out (`startOfDay`) takes several Intl formatToParts calls.
import { startOfDay } from './time-zone'

/** Past the end of any local day (23–25 hours), short of the end of the next one. */
const intoNextDayMs = 30 * 3_600_000

const days = new Map<string, { start: number; end: number }>()

/** `startOfDay(at, timeZone)`, without Intl while `at` stays within the day asked about last in that zone. */
export function dayStartOf(at: Date, timeZone: string): Date {
  const t = at.getTime()
  let day = days.get(timeZone)
  if (!day || t < day.start || t >= day.end) {
    const start = startOfDay(t, timeZone).getTime()
    day = { start, end: startOfDay(start + intoNextDayMs, timeZone).getTime() }
    days.set(timeZone, day)
  }
  return new Date(day.start)
}
