// Dates, times and numbers as customers read them in messages (the member's language, the store's time zone).

import type { MessageLocale } from '../domain/message-locale'

// Building an Intl formatter costs far more than using one: keep one per time zone and style.
const formatters = new Map<string, Intl.DateTimeFormat>()
function formatter(kind: 'date' | 'time', timeZone: string, locale: MessageLocale): Intl.DateTimeFormat {
  const key = `${kind}:${timeZone}:${locale}`
  let f = formatters.get(key)
  if (!f) {
    const options: Intl.DateTimeFormatOptions =
      kind === 'date'
        ? { year: 'numeric', month: 'long', day: 'numeric', weekday: 'short' }
        : { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
    formatters.set(key, (f = new Intl.DateTimeFormat(locale === 'ja' ? 'ja-JP' : 'en-US', { timeZone, ...options })))
  }
  return f
}

export function formatDate(at: Date, timeZone: string, locale: MessageLocale = 'ja'): string {
  return formatter('date', timeZone, locale).format(at)
}

export function formatTime(at: Date, timeZone: string, locale: MessageLocale = 'ja'): string {
  return formatter('time', timeZone, locale).format(at)
}

export const formatPoints = (points: number) => `${points.toLocaleString('ja-JP')}pt`

/** Fills `{name}`-style placeholders of an admin-written template; unknown names are left as they are. */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole)
}
