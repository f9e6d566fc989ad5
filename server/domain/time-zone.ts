// Calendar arithmetic in the shop's time zone: wall-clock date and time to a UTC instant and back, start of the
// day; with Intl only (Node and workerd alike).

// Building an Intl.DateTimeFormat costs far more than formatting with one (~0.2 ms each): one per zone and use.
const formats = new Map<string, Intl.DateTimeFormat>()
function format(use: 'wall' | 'local', timeZone: string): Intl.DateTimeFormat {
  const key = `${use} ${timeZone}`
  let f = formats.get(key)
  if (!f) {
    f =
      use === 'wall'
        ? new Intl.DateTimeFormat('en-US', {
            timeZone,
            hourCycle: 'h23',
            year: 'numeric',
            month: 'numeric',
            day: 'numeric',
            hour: 'numeric',
            minute: 'numeric',
          })
        : new Intl.DateTimeFormat('sv-SE', { timeZone, dateStyle: 'short', timeStyle: 'short' })
    formats.set(key, f)
  }
  return f
}

function offsetMs(at: number, timeZone: string): number {
  const parts = format('wall', timeZone).formatToParts(new Date(at))
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0)
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'))
  return wall - Math.floor(at / 60_000) * 60_000
}

/** `2026-11-24` + `18:00` in `timeZone` → the UTC instant; null when the date or time is not a real one. */
export function zonedDateTime(date: string, time: string, timeZone: string): Date | null {
  const d = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(date.trim())
  const t = /^(\d{1,2}):(\d{2})$/.exec(time.trim())
  if (!d || !t) return null
  const [y, mo, da, h, mi] = [Number(d[1]), Number(d[2]), Number(d[3]), Number(t[1]), Number(t[2])]
  if (h > 23 || mi > 59) return null
  const wall = Date.UTC(y, mo - 1, da, h, mi)
  const check = new Date(wall)
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== da) return null
  const first = wall - offsetMs(wall, timeZone)
  return new Date(wall - offsetMs(first, timeZone))
}

/** `YYYY-MM-DD` and `HH:MM` of `at` in `timeZone`. */
export function localParts(at: Date, timeZone: string): { date: string; time: string } {
  const [date, time] = format('local', timeZone).format(at).split(' ')
  return { date: date!, time: time! }
}

/** The instant at which `now`'s calendar day began in `timeZone`, e.g. 00:00 Asia/Tokyo as UTC. */
export function startOfDay(now: Date, timeZone: string): Date {
  return zonedDateTime(localParts(now, timeZone).date, '00:00', timeZone)!
}
