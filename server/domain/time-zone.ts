// Calendar arithmetic in the shop's time zone, with no dependency beyond Intl.

/** The instant at which `now`'s calendar day began in `timeZone`, e.g. 00:00 Asia/Tokyo as UTC. */
export function startOfDay(now: Date, timeZone: string): Date {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(now)
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0)
  const wallClock = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'))
  const offset = wallClock - Math.floor(now.getTime() / 1000) * 1000
  return new Date(Date.UTC(get('year'), get('month') - 1, get('day')) - offset)
}
