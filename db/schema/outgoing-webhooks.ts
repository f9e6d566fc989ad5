// Outgoing webhooks: the shop's endpoints (which events, the signing secret) and one delivery row per endpoint and
// event, planned from `domain_events` past the webhooks' own cursor and sent, signed, by the scheduled job.
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import type { OutgoingEventType } from '../../server/domain/outgoing-webhook'
import { createdAt, instant, leasedRetries } from './columns'

export const webhookEndpoints = sqliteTable('webhook_endpoints', {
  id: integer().primaryKey({ autoIncrement: true }),
  url: text().notNull(),
  /** The event types it receives (server/domain/outgoing-webhook.ts). */
  events: text({ mode: 'json' }).notNull().$type<OutgoingEventType[]>(),
  active: integer({ mode: 'boolean' }).notNull().default(true),
  /** Whether payloads name the member's LINE user id (off by default: the member number identifies them). */
  includeLineUserId: integer({ mode: 'boolean' }).notNull().default(false),
  /** The HMAC-SHA256 key of `X-Tsunagu-Signature`: kept to sign, shown to the admin only when made or rotated. */
  secret: text().notNull(),
  /** The secret's first characters, to tell secrets apart in the console. */
  secretPrefix: text().notNull(),
  createdBy: text().notNull(),
  createdAt: createdAt(),
  updatedAt: instant().notNull(),
  secretRotatedAt: instant(),
})

export type WebhookEndpoint = typeof webhookEndpoints.$inferSelect

/** pending: to send (now or at `nextAttemptAt`); delivered: answered 2xx; dead: refused for good or out of attempts. */
export const webhookDeliveryStatuses = ['pending', 'delivered', 'dead'] as const
export type WebhookDeliveryStatus = (typeof webhookDeliveryStatuses)[number]

export const webhookDeliveries = sqliteTable(
  'webhook_deliveries',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    endpointId: integer()
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    /** `<endpoint>:<domain event>` (or `<endpoint>:test:<uuid>`): a replayed or concurrent plan writes no second row. */
    dedupeKey: text().notNull().unique(),
    /** The payload's `id`, the same on every attempt: receivers dedupe by it. */
    eventId: text().notNull(),
    eventType: text().notNull(),
    /** The exact JSON body, built when planned; each attempt signs it afresh with the endpoint's current secret. */
    body: text().notNull(),
    status: text({ enum: webhookDeliveryStatuses }).notNull().default('pending'),
    ...leasedRetries(),
    /** The endpoint's last HTTP status (null: no answer, e.g. a timeout or a refused connection). */
    lastStatus: integer(),
    lastError: text(),
    createdAt: createdAt(),
    deliveredAt: instant(),
  },
  (t) => [
    index('webhook_deliveries_due_idx').on(t.status, t.nextAttemptAt),
    index('webhook_deliveries_endpoint_idx').on(t.endpointId, t.id),
    index('webhook_deliveries_status_idx').on(t.status, t.id),
  ],
)

export type WebhookDelivery = typeof webhookDeliveries.$inferSelect
