// Campaigns: one message to a segment of members, sent now or at a scheduled time through the outbox.
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { createdAt, instant, rowId } from './columns'

export const campaignStatuses = ['draft', 'scheduled', 'sending', 'sent', 'cancelled'] as const

export const campaigns = sqliteTable('campaigns', {
  id: rowId(),
  name: text().notNull(),
  /** Segment definition (rank, birthday month, prefecture, store, last visit, ...), as JSON. */
  segment: text({ mode: 'json' }).notNull().$type<Record<string, unknown>>(),
  /** Messaging API message objects. */
  messages: text({ mode: 'json' }).notNull().$type<unknown[]>(),
  /** What the composer edits (template and fields); `messages` is built from it. */
  content: text({ mode: 'json' }).$type<Record<string, unknown>>(),
  /** Why the last send did not start (e.g. the monthly quota), shown in the console. */
  lastError: text(),
  status: text({ enum: campaignStatuses }).notNull().default('draft'),
  scheduledAt: instant(),
  /** Set when an admin sent it inside quiet hours on purpose (an urgent notice): the reason they gave, audited. */
  quietHoursOverride: text(),
  recipients: integer().notNull().default(0),
  /** A coupon each recipient is issued with the message (`coupons.id`); the message links to it. */
  couponId: integer(),
  createdBy: text().notNull(),
  createdAt: createdAt(),
  sentAt: instant(),
})

export type Campaign = typeof campaigns.$inferSelect
export type NewCampaign = typeof campaigns.$inferInsert
