// Webhook forwards: each verified LINE request, as its exact bytes and signature, to send on to another tool's URL.
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { instant, leasedRetries } from './columns'

/** pending: to send (now or at `nextAttemptAt`); done: the target answered 2xx; failed: still refused after the last attempt. */
export const webhookForwardStatuses = ['pending', 'done', 'failed'] as const
export type WebhookForwardStatus = (typeof webhookForwardStatuses)[number]

export const webhookForwards = sqliteTable(
  'webhook_forwards',
  {
    id: text().primaryKey(),
    /** The URL it is sent to (from the admin's list when it was received). */
    target: text().notNull(),
    /** The request's webhookEventIds, comma-separated: a redelivered body is not forwarded twice to one target. */
    eventIds: text().notNull(),
    /** The events' types, comma-separated, for the console. */
    eventTypes: text().notNull(),
    /** LINE's timestamp of the first event. */
    eventAt: instant().notNull(),
    /** The raw body, base64: forwarded byte for byte so the target verifies the signature with the channel secret. */
    body: text().notNull(),
    /** `x-line-signature` as LINE sent it. */
    signature: text().notNull(),
    status: text({ enum: webhookForwardStatuses }).notNull().default('pending'),
    ...leasedRetries(),
    /** The target's last HTTP status (null: no answer, e.g. a timeout or a refused connection). */
    lastStatus: integer(),
    lastError: text(),
    receivedAt: instant().notNull(),
    sentAt: instant(),
  },
  (t) => [
    uniqueIndex('webhook_forwards_target_events_idx').on(t.target, t.eventIds),
    index('webhook_forwards_due_idx').on(t.status, t.nextAttemptAt),
  ],
)

export type WebhookForwardRow = typeof webhookForwards.$inferSelect
