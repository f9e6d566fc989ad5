// The reports page's days: what the messages planned on each shop day of a period earned, added up from the
// quarter-hour slots the report statement counts by (every time zone's offset is a whole number of quarter hours).
import { addDaysToDate, localDate } from './time-zone'

export const slotMs = 900_000

/**
 * One slot's counts as the statement answers them: `planned` (a: sent, b: delivered), `clicked` (a: deliveries with a
 * click), `bought` (a: purchases, b: their amount) by when the message was planned; `opened` (a: LINE's unique
 * impressions) by when the multicast went out.
 */
export interface ReportSlot {
  metric: 'planned' | 'clicked' | 'bought' | 'opened'
  slot: number
  a: number
  b: number | null
}

export interface ReportDay {
  /** The shop day, YYYY-MM-DD. */
  date: string
  sent: number
  delivered: number
  clicked: number
  /** Opened as LINE counted it (its insight of multicasts); null when LINE gave no figure for the day. */
  opened: number | null
  purchases: number
  revenue: number
}

/** Every shop day from `from` to `to` (inclusive) with the slots' counts added up; a slot outside them goes to the nearest. */
export function reportDays(from: string, to: string, slots: ReportSlot[], timeZone: string): ReportDay[] {
  const days: ReportDay[] = []
  const byDate = new Map<string, ReportDay>()
  for (let date = from; date <= to; date = addDaysToDate(date, 1)) {
    const day: ReportDay = { date, sent: 0, delivered: 0, clicked: 0, opened: null, purchases: 0, revenue: 0 }
    days.push(day)
    byDate.set(date, day)
  }
  if (days.length === 0) return days
  for (const s of slots) {
    const local = localDate(Number(s.slot) * slotMs, timeZone)
    const day = byDate.get(local < from ? from : local > to ? to : local)!
    const a = Number(s.a)
    const b = Number(s.b ?? 0)
    if (s.metric === 'planned') {
      day.sent += a
      day.delivered += b
    } else if (s.metric === 'clicked') day.clicked += a
    else if (s.metric === 'bought') {
      day.purchases += a
      day.revenue += b
    } else day.opened = (day.opened ?? 0) + a
  }
  return days
}
