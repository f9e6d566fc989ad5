// Clicks on campaign links (through /r/:code): one row per click, so a report counts clicks, unique clicks per
// delivery and link, and the last touch before a purchase.
import { index, integer, sqliteTable } from 'drizzle-orm/sqlite-core'
import { instant, rowId } from './columns'

export const campaignClicks = sqliteTable(
  'campaign_clicks',
  {
    id: rowId(),
    deliveryId: integer().notNull(),
    campaignId: integer().notNull(),
    memberId: integer().notNull(),
    /** Which of the campaign's distinct links (server/domain/click-links.ts). */
    linkIndex: integer().notNull(),
    clickedAt: instant().notNull(),
  },
  (t) => [
    // A campaign's report: clicks, and unique ones per delivery and link, from the index alone.
    index('campaign_clicks_campaign_idx').on(t.campaignId, t.deliveryId, t.linkIndex),
    // Attribution: a member's touches before a purchase.
    index('campaign_clicks_member_idx').on(t.memberId, t.clickedAt, t.campaignId),
  ],
)
