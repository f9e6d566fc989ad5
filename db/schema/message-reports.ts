// What messages earned beyond campaigns (issue #18, item 6): clicks on the links of scenario steps and trigger
// messages (campaign links keep their own `campaign_clicks`), and LINE's insight of each multicast request.
import { sql } from 'drizzle-orm'
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { instant } from './columns'

export const messageClicks = sqliteTable(
  'message_clicks',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    deliveryId: integer().notNull(),
    /** The delivery's source (`step:…`, `trigger:…`), copied so reports count clicks without reading deliveries. */
    source: text().notNull(),
    /** The member linked to the LINE user when they clicked (null for a friend with no membership). */
    memberId: integer(),
    /** Which of the delivery's distinct links (server/domain/click-links.ts). */
    linkIndex: integer().notNull(),
    clickedAt: instant().notNull(),
  },
  (t) => [
    // A source's clicks, and unique ones per delivery, from the index alone.
    index('message_clicks_source_idx').on(t.source, t.deliveryId, t.clickedAt),
    // Attribution: a member's clicks before a purchase.
    index('message_clicks_member_idx').on(t.memberId, t.clickedAt, t.source),
  ],
)

export const insightStatuses = ['pending', 'ready', 'unavailable'] as const
export type InsightStatus = (typeof insightStatuses)[number]

/** A multicast request LINE accepted (its `X-Line-Request-Id`), and the statistics LINE gave for it later. */
export const lineRequests = sqliteTable(
  'line_requests',
  {
    requestId: text().primaryKey(),
    source: text(),
    recipients: integer().notNull(),
    sentAt: instant().notNull(),
    /** `pending` until LINE answered final figures (`ready`) or keeps none for it (`unavailable`). */
    insightStatus: text({ enum: insightStatuses }).notNull().default('pending'),
    checkedAt: instant(),
    delivered: integer(),
    uniqueImpression: integer(),
    uniqueClick: integer(),
    uniqueMediaPlayed: integer(),
    /** Sums over the request's bubbles and URLs. */
    impressions: integer(),
    clicks: integer(),
  },
  (t) => [
    index('line_requests_pending_idx')
      .on(t.sentAt)
      .where(sql`${t.insightStatus} = 'pending'`),
    index('line_requests_source_idx').on(t.source, t.sentAt),
  ],
)

export type LineRequest = typeof lineRequests.$inferSelect
