// Console formatting: numbers with separators, dates and times in the shop's time zone.

const formatters = new Map<string, Intl.DateTimeFormat>()
function dateTimeFormat(timeZone: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `${timeZone}:${withTime}`
  let f = formatters.get(key)
  if (!f) {
    f = new Intl.DateTimeFormat('ja-JP', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      ...(withTime ? { hour: '2-digit', minute: '2-digit' } : {}),
    })
    formatters.set(key, f)
  }
  return f
}

export const num = (n: number | null | undefined) => (n === null || n === undefined ? '—' : n.toLocaleString('ja-JP'))

export function dateTime(at: string | number | null | undefined, timeZone: string): string {
  if (at === null || at === undefined) return '—'
  return dateTimeFormat(timeZone, true).format(new Date(at))
}

export function date(at: string | number | null | undefined, timeZone: string): string {
  if (at === null || at === undefined) return '—'
  return dateTimeFormat(timeZone, false).format(new Date(at))
}

/** Local calendar date YYYY-MM-DD of an instant in `timeZone`. */
export function localDay(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at)
}

/** The instant of local `day` (YYYY-MM-DD) at `time` (HH:MM) in a zone without DST changes mid-day (Asia/Tokyo). */
export function zonedInstant(day: string, time: string, timeZone: string): Date {
  const guess = new Date(`${day}T${time}:00Z`)
  const parts = new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(guess)
  const shown = new Date(`${parts.replace(' ', 'T')}:00Z`)
  return new Date(guess.getTime() - (shown.getTime() - guess.getTime()))
}

export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = name
  a.click()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
