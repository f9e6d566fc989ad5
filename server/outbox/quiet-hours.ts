// Quiet hours at the outbox: which messages wait for them to end, and the moment a held message may be released.
import { outsideQuietHours, type QuietHours } from '../domain/quiet-hours'

/** The shop's quiet hours and the time zone they are read in. */
export interface QuietWindow {
  hours: QuietHours | null
  timeZone: string
}

/**
 * Kinds held while quiet hours last: messages with no deadline. Reservation reminders have one, so their planner
 * places them outside quiet hours instead; receipts and replies answer what the customer just did.
 */
const heldKinds = new Set(['campaign', 'points_expiring', 'balance_notice', 'rank', 'birthday'])

export const holdsInQuietHours = (kind: string) => heldKinds.has(kind)

/** The end of the quiet period `now` falls in, or null when messages may go out now. */
export function quietUntil(now: Date, quiet: QuietWindow | null | undefined): Date | null {
  if (!quiet?.hours) return null
  const end = outsideQuietHours(now, quiet.hours, quiet.timeZone)
  return end.getTime() > now.getTime() ? end : null
}
