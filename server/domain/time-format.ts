// Dates and times in a time zone as Japanese or English readers expect them: the formatting half of the one time
// module (server/domain/time-zone.ts), in a file of its own so the card's first paint carries only this small part.

/** A date style of `formatZoned`: Intl options without the zone. */
export type ZonedStyle = Readonly<Omit<Intl.DateTimeFormatOptions, 'timeZone'>>

/** 2026年11月24日(火) / Tue, November 24, 2026 */
export const longDateWithWeekday: ZonedStyle = { year: 'numeric', month: 'long', day: 'numeric', weekday: 'short' }
/** 2026年11月24日 / November 24, 2026 */
export const longDate: ZonedStyle = { year: 'numeric', month: 'long', day: 'numeric' }
/** 2026年11月24日 / Nov 24, 2026 */
export const shortDate: ZonedStyle = { year: 'numeric', month: 'short', day: 'numeric' }
/** 18:00 */
export const clockTime: ZonedStyle = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
/** 2026/11/24 18:00 / Nov 24, 2026, 6:00 PM */
export const mediumDateTime: ZonedStyle = { dateStyle: 'medium', timeStyle: 'short' }

/** The Intl locale of a reader's language. */
export const intlLocale = (locale: 'ja' | 'en') => (locale === 'ja' ? 'ja-JP' : 'en-US')

// Building an Intl.DateTimeFormat costs far more than formatting with one: one per locale, zone and style.
const formats = new Map<string, Intl.DateTimeFormat>()

/** The (cached) Intl formatter of `style` in `timeZone` for Japanese or English readers. */
export function zonedFormat(timeZone: string, locale: 'ja' | 'en', style: ZonedStyle): Intl.DateTimeFormat {
  const key = locale + timeZone + JSON.stringify(style)
  let f = formats.get(key)
  if (!f) formats.set(key, (f = new Intl.DateTimeFormat(intlLocale(locale), { ...style, timeZone })))
  return f
}

/** `at` as a Japanese or English reader expects it in `timeZone`, in one of the styles above. */
export function formatZoned(
  at: Date | number | string,
  timeZone: string,
  locale: 'ja' | 'en',
  style: ZonedStyle,
): string {
  return zonedFormat(timeZone, locale, style).format(new Date(at))
}
