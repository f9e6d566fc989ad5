// What a message earned, defined once for the reports page and a campaign's own results (issue #18, item 6).
//
// - A purchase (an earn with a purchase amount, not reversed) counts once, for the last message the customer touched
//   among the messages delivered to them in the attribution window before it: the last one they clicked, else the
//   last one delivered. Every reported message counts as a touch (campaigns, scenario steps, triggers).
// - A block (unfollow) counts for the member's last message delivered within `blockWindowMs` before it.
// - A campaign's results are its row of the reports page for any period that holds its deliveries: `campaignSpan`.
// server/data/message-report.ts counts by these rules in SQL.

/** The attribution window when the shop set none (settings → messaging). */
export const defaultAttributionDays = 7
/** Unfollows within this long after a member's delivery count as blocks after that send. */
export const blockWindowMs = 48 * 3600_000

const dayMs = 86_400_000

export function attributionWindowMs(days: number): number {
  return days * dayMs
}

/** The hours of the block window, as the console states it. */
export const blockWindowHours = blockWindowMs / 3600_000

export interface DeliverySpan {
  /** When the first and last of the message's deliveries were planned, and when the last one went out (null: none yet). */
  firstPlannedAt: number | null
  lastPlannedAt: number | null
  lastSentAt: number | null
}

/**
 * The period [from, to) of planning instants whose report row holds all of a message's deliveries, purchases and
 * blocks: from its first planned delivery to just after its last planned or sent one (a delivery's purchases come
 * within the window after it was sent, and the report counts purchases up to the window after `to`). Null when the
 * message has no deliveries.
 */
export function campaignSpan(span: DeliverySpan): { from: number; to: number } | null {
  if (span.firstPlannedAt === null || span.lastPlannedAt === null) return null
  return { from: span.firstPlannedAt, to: Math.max(span.lastPlannedAt, span.lastSentAt ?? 0) + 1 }
}
