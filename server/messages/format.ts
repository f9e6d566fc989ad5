// Dates, times and numbers as customers read them in messages (the member's language, the store's time zone).

import type { MessageLocale } from '../domain/message-locale'
import { clockTime, formatZoned, longDateWithWeekday } from '../domain/time-format'

/** 2026年11月24日(火) / Tue, November 24, 2026 */
export function formatDate(at: Date, timeZone: string, locale: MessageLocale = 'ja'): string {
  return formatZoned(at, timeZone, locale, longDateWithWeekday)
}

/** 18:00 */
export function formatTime(at: Date, timeZone: string, locale: MessageLocale = 'ja'): string {
  return formatZoned(at, timeZone, locale, clockTime)
}

export const formatPoints = (points: number) => `${points.toLocaleString('ja-JP')}pt`

/** Fills `{name}`-style placeholders of an admin-written template; unknown names are left as they are. */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole)
}
