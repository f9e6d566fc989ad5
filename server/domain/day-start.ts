// The start of the local day an instant falls in, remembered per time zone until that day ends: every earn under a
// daily cap asks for it, and working it out (`startOfDay`) takes several Intl formatToParts calls.
import { createCache } from '../cache'
import { startOfDay } from './time-zone'

/** Past the end of any local day (23–25 hours), short of the end of the next one. */
const intoNextDayMs = 30 * 3_600_000

interface Day {
  start: number
  end: number
}

/**
 * The day asked about last in each zone. A pure memo (the same answer for every shop, at any time), so it needs no
 * clock: an instant outside the kept day invalidates it.
 */
const days = createCache<string, Day>({})

function dayAround(t: number, timeZone: string): Day {
  const start = startOfDay(t, timeZone).getTime()
  return { start, end: startOfDay(start + intoNextDayMs, timeZone).getTime() }
}

/** `startOfDay(at, timeZone)`, without Intl while `at` stays within the day asked about last in that zone. */
export function dayStartOf(at: Date, timeZone: string): Date {
  const t = at.getTime()
  let day = days.get(timeZone, () => dayAround(t, timeZone))
  if (t < day.start || t >= day.end) {
    days.invalidate(timeZone)
    day = days.get(timeZone, () => dayAround(t, timeZone))
  }
  return new Date(day.start)
}
