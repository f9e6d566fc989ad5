// The webhook inbox: every verified LINE event, stored before LINE gets its 200, then handled with retries.
import { sql } from 'drizzle-orm'
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { instant } from './columns'

/**
 * pending: to handle (now or at `nextAttemptAt`); done: its handler succeeded (or it has none); failed: refused for
 * good (a final LINE error, a wrong destination); dead: still failing after the last retry; standby: received while
 * another channel is active (`mode: "standby"`), kept and never acted on.
 */
export const webhookEventStatuses = ['pending', 'done', 'failed', 'dead', 'standby'] as const
export type WebhookEventStatus = (typeof webhookEventStatuses)[number]

export const webhookEvents = sqliteTable(
  'webhook_events',
  {
    webhookEventId: text().primaryKey(),
    type: text().notNull(),
    /** The bot user id LINE sent the body to. */
    destination: text(),
    /** The event object as LINE sent it. */
    event: text({ mode: 'json' }).$type<Record<string, unknown>>(),
    // Rows stored before the inbox existed had already been handled: the column's default is `done` for them.
    status: text({ enum: webhookEventStatuses }).notNull().default('done'),
    attempts: integer().notNull().default(0),
    nextAttemptAt: instant()
      .notNull()
      .default(sql`0`),
    /** Set while a processor runs the handler; another may claim the event only after it has passed. */
    leaseUntil: instant(),
    lastError: text(),
    receivedAt: instant().notNull(),
    handledAt: instant(),
  },
  (t) => [
    index('webhook_events_due_idx').on(t.status, t.nextAttemptAt),
    // Blocks right after a send (message reports): unfollows by time.
    index('webhook_events_type_idx').on(t.type, t.receivedAt),
  ],
)

export type WebhookEventRow = typeof webhookEvents.$inferSelect
