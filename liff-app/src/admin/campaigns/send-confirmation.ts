// Quiet hours in the campaign editor: when "send now" or a schedule would really go out, and what the admin confirms.

import { outsideQuietHours, type QuietHours } from '../../../../server/domain/quiet-hours'

export interface QuietDelay {
  /** 'scheduled': the schedule falls in quiet hours; 'now': sending now would. */
  kind: 'scheduled' | 'now'
  /** When the messages would go out instead. */
  release: Date
}

/** How quiet hours move a send at `scheduledAt` (null: now), or null when they do not. */
export function quietDelay(
  quiet: QuietHours | null,
  scheduledAt: Date | null,
  now: Date,
  timeZone: string,
): QuietDelay | null {
  if (!quiet) return null
  const at = scheduledAt ?? now
  const release = outsideQuietHours(at, quiet, timeZone)
  return release.getTime() > at.getTime() ? { kind: scheduledAt ? 'scheduled' : 'now', release } : null
}

/** The admin overrides quiet hours only for a send now that they would hold, having ticked the override. */
export const overridesQuietHours = (ticked: boolean, delay: QuietDelay | null): boolean =>
  ticked && delay?.kind === 'now'

/** The lines of the send-now confirmation: the recipients, then the quiet-hours hold unless it is overridden. */
export function sendConfirmLines(recipientsLine: string, quietLine: string, overriding: boolean): string[] {
  return quietLine && !overriding ? [recipientsLine, quietLine] : [recipientsLine]
}
