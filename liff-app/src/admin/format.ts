// Console formatting: numbers with separators, dates and times in the shop's time zone (server/domain/time-zone.ts).
import { localDate, zonedDateTime } from '../../../server/domain/time-zone'
import { formatZoned, type ZonedStyle } from '../../../server/domain/time-format'

const numericDate: ZonedStyle = { year: 'numeric', month: '2-digit', day: '2-digit' }
const numericDateTime: ZonedStyle = { ...numericDate, hour: '2-digit', minute: '2-digit' }

export const num = (n: number | null | undefined) => (n === null || n === undefined ? '—' : n.toLocaleString('ja-JP'))

/** 2026/11/24 18:00 */
export function dateTime(at: string | number | null | undefined, timeZone: string): string {
  if (at === null || at === undefined) return '—'
  return formatZoned(at, timeZone, 'ja', numericDateTime)
}

/** 2026/11/24 */
export function date(at: string | number | null | undefined, timeZone: string): string {
  if (at === null || at === undefined) return '—'
  return formatZoned(at, timeZone, 'ja', numericDate)
}

/** Local calendar date YYYY-MM-DD of an instant in `timeZone`. */
export const localDay = (at: Date, timeZone: string) => localDate(at, timeZone)

/** The instant of local `day` (YYYY-MM-DD) at `time` (HH:MM) in `timeZone` (gaps forward, overlaps earlier); an
 * Invalid Date when the day or time is not a real one. */
export const zonedInstant = (day: string, time: string, timeZone: string) =>
  zonedDateTime(day, time, timeZone) ?? new Date(NaN)

export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = name
  a.click()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
