// Quiet hours: no messages between `start` and `end` (wall clock in the store's time zone, e.g. 21:00–09:00).
//
// The rule for a reminder whose planned time falls inside quiet hours:
//   1. move it later, to the end of the quiet period, if that is still at least `minLeadMs` before the reservation;
//   2. otherwise move it earlier, to the last minute before the quiet period began (the evening before);
//   3. if that moment has already passed when we plan (a reservation made late at night for the early morning), to
//      the end of the quiet period after all, however short the notice, as long as that is before the reservation;
//   4. only a reservation that starts before quiet hours end gets no reminder (never inside quiet hours).

export interface QuietHours {
  /** HH:MM, inclusive. */
  start: string
  /** HH:MM, exclusive. */
  end: string
}

const minute = 60_000
const day = 1440

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))

/** Minutes since local midnight of `at` in `timeZone`. */
const clocks = new Map<string, Intl.DateTimeFormat>()

export function localMinutes(at: Date, timeZone: string): number {
  let clock = clocks.get(timeZone)
  if (!clock)
    clocks.set(
      timeZone,
      (clock = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', hour: 'numeric', minute: 'numeric' })),
    )
  const parts = clock.formatToParts(at)
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0)
  return get('hour') * 60 + get('minute')
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
    const m = localMinutes(at, timeZone)
    const atMinute = Math.floor(at.getTime() / minute) * minute
    const untilEnd = (toMinutes(quiet!.end) - m + day) % day
    const sinceStart = (m - toMinutes(quiet!.start) + day) % day
    const end = new Date(atMinute + untilEnd * minute)
    const before = new Date(atMinute - (sinceStart + 1) * minute)
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
  const m = localMinutes(at, timeZone)
  return new Date(Math.floor(at.getTime() / minute) * minute + ((toMinutes(quiet!.end) - m + day) % day) * minute)
}
