// Number and date formatting for the card, always in the store's time zone (default Asia/Tokyo), through the one time
// module (server/domain/time-zone.ts).

import { clockTime, formatZoned, intlLocale, shortDate } from '../../../server/domain/time-format'
import type { Locale } from '../i18n/translate'

/** Thousands grouping for whole numbers: "," in both Japanese and English, so the card's first render needs no Intl. */
const groupDigits = (n: number) => String(n).replace(/\B(?=(\d{3})+$)/g, ',')

/** 12345 → "12,345"; signed adds "+" to positive amounts (history rows). */
export function formatPoints(points: number, locale: Locale, options: { signed?: boolean } = {}): string {
  const abs = Math.abs(points)
  const formatted = Number.isSafeInteger(abs) ? groupDigits(abs) : abs.toLocaleString(intlLocale(locale))
  if (points < 0) return `−${formatted}`
  return options.signed && points > 0 ? `+${formatted}` : formatted
}

/** Calendar date in the store's zone: "2026年7月31日" / "Jul 31, 2026". */
export function formatDate(iso: string, timeZone: string, locale: Locale): string {
  return formatZoned(iso, timeZone, locale, shortDate)
}

/** Date and time with weekday in the store's zone: "7月31日(金) 18:30" / "Fri, Jul 31, 18:30". */
export function formatDateTime(iso: string, timeZone: string, locale: Locale): string {
  // Japanese "long" months read 7月, so both languages are one Intl pattern.
  const month = locale === 'ja' ? 'long' : 'short'
  return formatZoned(iso, timeZone, locale, { month, day: 'numeric', weekday: 'short', ...clockTime })
}

/** True when `iso` falls within the next `days` days from `now` (inclusive of now, exclusive of the past). */
export function isWithinDays(iso: string, now: number, days: number): boolean {
  const at = Date.parse(iso)
  return at >= now && at - now <= days * 86_400_000
}
