// Quiet hours: no messages between `start` and `end` (wall clock in the store's time zone, e.g. 21:00–09:00).
//
// The rule for a reminder whose planned time falls inside quiet hours:
//   1. move it later, to the end of the quiet period, if that is still at least `minLeadMs` before the reservation;
//   2. otherwise move it earlier, to the last minute before the quiet period began (the evening before);
//   3. if that moment has already passed when we plan (a reservation made late at night for the early morning), to
//      the end of the quiet period after all, however short the notice, as long as that is before the reservation;
//   4. only a reservation that starts before quiet hours end gets no reminder (never inside quiet hours).

import { localMinutes, wallToInstant, zonedParts } from './time-zone'

export interface QuietHours {
  /** HH:MM, inclusive. */
  start: string
  /** HH:MM, exclusive. */
  end: string
}

const minute = 60_000

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))

/**
 * The first instant after `at` (direction 1), or the last at or before it (-1), at which the wall clock in
 * `timeZone` shows `hhmm`; a time skipped by a daylight-saving change moves forward (server/domain/time-zone.ts).
 */
function wallTimeNear(at: Date, hhmm: string, timeZone: string, direction: 1 | -1): Date {
  const p = zonedParts(at, timeZone)
  const on = (days: number) =>
    wallToInstant({ year: p.year, month: p.month, day: p.day + days, hour: 0, minute: toMinutes(hhmm) }, timeZone)
  const today = on(0)
  if (direction === 1) return today.getTime() > at.getTime() ? today : on(1)
  return today.getTime() <= at.getTime() ? today : on(-1)
}

export function isQuiet(at: Date, quiet: QuietHours | null, timeZone: string): boolean {
  if (!quiet) return false
  const start = toMinutes(quiet.start)
  const end = toMinutes(quiet.end)
  if (start === end) return false
  const m = localMinutes(at, timeZone)
  return start < end ? m >= start && m < end : m >= start || m < end
}

/** The reminder's send time after the quiet-hours rule above, or null when it cannot be sent outside them. */
export function reminderSendTime(
  planned: Date,
  startsAt: Date,
  quiet: QuietHours | null,
  timeZone: string,
  options: { now: Date; minLeadMs?: number },
): Date | null {
  const minLeadMs = options.minLeadMs ?? 30 * minute
  let at = planned.getTime() < options.now.getTime() ? options.now : planned
  if (isQuiet(at, quiet, timeZone)) {
    const end = wallTimeNear(at, quiet!.end, timeZone, 1)
    const before = new Date(wallTimeNear(at, quiet!.start, timeZone, -1).getTime() - minute)
    if (end.getTime() <= startsAt.getTime() - minLeadMs) at = end
    else if (before.getTime() >= options.now.getTime()) at = before
    else if (end.getTime() < startsAt.getTime()) at = end
    else return null
  }
  return at.getTime() < startsAt.getTime() ? at : null
}

/** `at`, or the end of the quiet period `at` falls in: when a message with no deadline may go out. */
export function outsideQuietHours(at: Date, quiet: QuietHours | null, timeZone: string): Date {
  if (!isQuiet(at, quiet, timeZone)) return at
  return wallTimeNear(at, quiet!.end, timeZone, 1)
}
