// The one time module of server and LIFF app: wall-clock times in an IANA time zone to UTC instants and back, local
// days and months; dates for Japanese or English readers are formatted by its sibling time-format.ts. Plain Intl (Node,
// workerd and browsers alike); no other file builds a zone-aware Intl.DateTimeFormat or adds a fixed offset (+09:00).
//
// One rule for wall-clock times that do not name exactly one instant (Temporal's 'compatible' disambiguation):
// - a time skipped by a daylight-saving change (a gap) moves forward by the gap's length: 02:30 on the day New York's
//   clocks go from 02:00 to 03:00 is 03:30 EDT; on Lord Howe Island (a 30-minute change) 02:15 is 02:45;
// - a time that happens twice (an overlap, clocks going back) is the earlier instant, the one with the offset from
//   before the change: 01:30 on the day New York goes from 02:00 back to 01:00 is 01:30 EDT.

/** A wall-clock time: month 1–12, day 1–31, hour 0–23. */
export interface WallClock {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second?: number
}

export type ZonedParts = Required<WallClock>

const day = 86_400_000

// Building an Intl.DateTimeFormat costs far more than formatting with one (~0.2 ms each): one per zone and style.
const partsFormats = new Map<string, Intl.DateTimeFormat>()
function partsFormat(timeZone: string): Intl.DateTimeFormat {
  let f = partsFormats.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
    partsFormats.set(timeZone, f)
  }
  return f
}

/** True for a time zone name this runtime knows (an IANA name such as `Asia/Tokyo`, or `UTC`). */
export function isTimeZone(name: string): boolean {
  if (!name || name.length > 64) return false
  try {
    partsFormat(name)
    return true
  } catch {
    return false
  }
}

/** The wall clock of `at` in `timeZone`. */
export function zonedParts(at: Date | number, timeZone: string): ZonedParts {
  const p: Record<string, number> = {}
  for (const { type, value } of partsFormat(timeZone).formatToParts(at)) p[type] = Number(value)
  return { year: p.year!, month: p.month!, day: p.day!, hour: p.hour!, minute: p.minute!, second: p.second! }
}

const wallMs = (w: WallClock) => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second ?? 0)

/** How far `timeZone`'s clocks are ahead of UTC at `at`, in ms (Asia/Tokyo: +9 h; whole seconds). */
export function offsetMs(at: Date | number, timeZone: string): number {
  const t = typeof at === 'number' ? at : at.getTime()
  return wallMs(zonedParts(t, timeZone)) - Math.floor(t / 1000) * 1000
}

/**
 * The instant a wall clock in `timeZone` shows `wall` (fields out of range roll over, as with Date.UTC), with the
 * module's one disambiguation rule (above). Assumes at most one offset change within a day of `wall`, as in tzdata.
 */
export function wallToInstant(wall: WallClock, timeZone: string): Date {
  const local = wallMs(wall)
  const before = offsetMs(local - day, timeZone)
  const after = offsetMs(local + day, timeZone)
  const earlier = local - before
  const later = local - after
  const shows = (t: number) => t + offsetMs(t, timeZone) === local
  // Overlap: both candidates show the wall clock (the earlier wins); one offset all day: both are the same instant.
  if (shows(earlier)) return new Date(Math.min(earlier, shows(later) ? later : earlier))
  if (shows(later)) return new Date(later)
  // Gap: read the wall clock with the offset from before the change, which moves it forward by the gap.
  return new Date(earlier)
}

/** `YYYY-MM-DD` (or `YYYY/M/D`) as year, month and day; null unless it names a real calendar date. */
export function parseDate(date: string): { year: number; month: number; day: number } | null {
  const d = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(date.trim())
  if (!d) return null
  const [year, month, dayOfMonth] = [Number(d[1]), Number(d[2]), Number(d[3])]
  const check = new Date(Date.UTC(year, month - 1, dayOfMonth))
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== dayOfMonth) {
    return null
  }
  return { year, month, day: dayOfMonth }
}

/** `2026-11-24` + `18:00` in `timeZone` → the UTC instant; null when the date or time is not a real one. */
export function zonedDateTime(date: string, time: string, timeZone: string): Date | null {
  const d = parseDate(date)
  const t = /^(\d{1,2}):(\d{2})$/.exec(time.trim())
  if (!d || !t) return null
  const [hour, min] = [Number(t[1]), Number(t[2])]
  if (hour > 23 || min > 59) return null
  return wallToInstant({ ...d, hour, minute: min }, timeZone)
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

/** `YYYY-MM-DD` of a wall clock (or of a year, month and day). */
export const isoDate = (w: { year: number; month: number; day: number }) =>
  `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`

/** The calendar date `YYYY-MM-DD` of `at` in `timeZone`. */
export function localDate(at: Date | number, timeZone: string): string {
  return isoDate(zonedParts(at, timeZone))
}

/** `YYYY-MM-DD` and `HH:MM` of `at` in `timeZone`. */
export function localParts(at: Date | number, timeZone: string): { date: string; time: string } {
  const p = zonedParts(at, timeZone)
  return { date: isoDate(p), time: `${pad(p.hour)}:${pad(p.minute)}` }
}

/** Minutes since local midnight of `at` in `timeZone` (what the wall clock shows, 0–1439). */
export function localMinutes(at: Date | number, timeZone: string): number {
  const p = zonedParts(at, timeZone)
  return p.hour * 60 + p.minute
}

/** The instant at which `at`'s calendar day began in `timeZone`, e.g. 00:00 Asia/Tokyo as UTC. */
export function startOfDay(at: Date | number, timeZone: string): Date {
  const p = zonedParts(at, timeZone)
  return wallToInstant({ year: p.year, month: p.month, day: p.day, hour: 0, minute: 0 }, timeZone)
}

/** The instant at which `at`'s calendar month began in `timeZone`. */
export function startOfMonth(at: Date | number, timeZone: string): Date {
  const p = zonedParts(at, timeZone)
  return wallToInstant({ year: p.year, month: p.month, day: 1, hour: 0, minute: 0 }, timeZone)
}

/** The calendar date `days` after `date` (`YYYY-MM-DD`; negative goes back). */
export function addDaysToDate(date: string, days: number): string {
  const d = parseDate(date)
  if (!d) throw new RangeError(`not a date: ${date}`)
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + days))
  return isoDate({ year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() })
}

/**
 * The same wall-clock time `days` local days after `at` (negative goes back): across a daylight-saving change that is
 * 23 or 25 hours a day, not 24.
 */
export function addLocalDays(at: Date | number, days: number, timeZone: string): Date {
  const t = typeof at === 'number' ? at : at.getTime()
  const p = zonedParts(t, timeZone)
  // The wall clock has whole seconds: carry the milliseconds over, or 0 days after 00:00:00.001 would be earlier.
  const ms = t - Math.floor(t / 1000) * 1000
  return new Date(wallToInstant({ ...p, day: p.day + days }, timeZone).getTime() + ms)
}
