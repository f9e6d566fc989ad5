// Webhook events already processed, by LINE's webhookEventId, so redeliveries are ignored.
import { sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { instant } from './columns'

export const webhookEvents = sqliteTable('webhook_events', {
  webhookEventId: text().primaryKey(),
  type: text().notNull(),
  receivedAt: instant().notNull(),
})
