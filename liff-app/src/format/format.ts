// Number and date formatting for the card, always in the store's time zone (default Asia/Tokyo).

import type { Locale } from '../i18n/translate'

const intlLocale = (locale: Locale) => (locale === 'ja' ? 'ja-JP' : 'en-US')

// Building an Intl formatter costs far more than using one (~1 ms each on a slow phone), so each is built once.
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>()
function cached<F extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, build: () => F): F {
  let formatter = formatters.get(key) as F | undefined
  if (!formatter) formatters.set(key, (formatter = build()))
  return formatter
}

/** Thousands grouping for whole numbers: "," in both Japanese and English, so the card's first render needs no Intl. */
const groupDigits = (n: number) => String(n).replace(/\B(?=(\d{3})+$)/g, ',')

/** 12345 → "12,345"; signed adds "+" to positive amounts (history rows). */
export function formatPoints(points: number, locale: Locale, options: { signed?: boolean } = {}): string {
  const abs = Math.abs(points)
  const formatted = Number.isSafeInteger(abs)
    ? groupDigits(abs)
    : cached(`n:${locale}`, () => new Intl.NumberFormat(intlLocale(locale))).format(abs)
  if (points < 0) return `−${formatted}`
  return options.signed && points > 0 ? `+${formatted}` : formatted
}

/** Calendar date in the store's zone: "2026年7月31日" / "Jul 31, 2026". */
export function formatDate(iso: string, timeZone: string, locale: Locale): string {
  const formatter = cached(
    `d:${locale}:${timeZone}`,
    () => new Intl.DateTimeFormat(intlLocale(locale), { timeZone, year: 'numeric', month: 'short', day: 'numeric' }),
  )
  return formatter.format(new Date(iso))
}

/** Date and time with weekday in the store's zone: "7月31日(金) 18:30" / "Fri, Jul 31, 18:30". */
export function formatDateTime(iso: string, timeZone: string, locale: Locale): string {
  const formatter = cached(
    `dt:${locale}:${timeZone}`,
    () =>
      new Intl.DateTimeFormat(intlLocale(locale), {
        timeZone,
        month: locale === 'ja' ? 'numeric' : 'short',
        day: 'numeric',
        weekday: 'short',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }),
  )
  const parts = formatter.formatToParts(new Date(iso))
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? ''
  return locale === 'ja'
    ? `${part('month')}月${part('day')}日(${part('weekday')}) ${part('hour')}:${part('minute')}`
    : `${part('weekday')}, ${part('month')} ${part('day')}, ${part('hour')}:${part('minute')}`
}

/** True when `iso` falls within the next `days` days from `now` (inclusive of now, exclusive of the past). */
export function isWithinDays(iso: string, now: number, days: number): boolean {
  const at = Date.parse(iso)
  return at >= now && at - now <= days * 86_400_000
}
