// The outbox: every message to LINE is a row here first, and is sent only from here.
import { sql } from 'drizzle-orm'
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { createdAt, instant, leasedRetries, rowId } from './columns'
import { richMenuKinds } from './line-accounts'

export const deliveryStatuses = ['pending', 'sending', 'sent', 'failed', 'dead', 'skipped'] as const
export type DeliveryStatus = (typeof deliveryStatuses)[number]

export const deliveries = sqliteTable(
  'deliveries',
  {
    id: rowId(),
    /** What this message is for, e.g. `reservation:42:24h`; planned once. */
    dedupeKey: text().notNull().unique(),
    kind: text().notNull(),
    lineUserId: text().notNull(),
    /** JSON array of Messaging API message objects (empty for a `rich_menu` row). */
    messages: text({ mode: 'json' }).notNull().$type<unknown[]>(),
    /** A `rich_menu` row: the menu the user must see; LINE shows it once the row is `sent`. */
    richMenu: text({ enum: richMenuKinds }),
    /** Identical content may be grouped into one multicast. */
    contentHash: text(),
    /**
     * UUID sent as X-Line-Retry-Key on every attempt. A `rich_menu` row sends none (its calls are idempotent): there
     * the key names the latest intent, replaced whenever the user's wanted menu is planned again.
     */
    retryKey: text().notNull(),
    status: text({ enum: deliveryStatuses }).notNull().default('pending'),
    ...leasedRetries(),
    lastError: text(),
    campaignId: integer(),
    /**
     * What the message reports under (server/domain/message-source.ts): `campaign:<id>`, `step:<scenario>:<step key>`,
     * `trigger:<kind>`. Null for service messages (receipts, reminders). Links of a row with a source are counted.
     */
    source: text(),
    /**
     * Held while the shop's quiet hours last (campaigns, point notices): the sender does not release it inside them.
     * Reminders have a deadline and are placed outside quiet hours by their planner instead; an urgent campaign sent
     * with the audited override is not held.
     */
    holdInQuietHours: integer({ mode: 'boolean' }).notNull().default(false),
    sentAt: instant(),
    createdAt: createdAt(),
  },
  (t) => [
    index('deliveries_due_idx').on(t.status, t.nextAttemptAt),
    // The sender claims and retries multicast groups by their shared retry key.
    index('deliveries_retry_key_idx').on(t.retryKey),
    // A campaign's progress and delivery report count its rows by status (only campaign rows: a receipt adds no entry).
    index('deliveries_campaign_idx')
      .on(t.campaignId, t.status)
      .where(sql`${t.campaignId} IS NOT NULL`),
    // Reports: a source's deliveries by when they were planned (server/data/message-report.ts).
    index('deliveries_source_idx')
      .on(t.source, t.createdAt, t.status)
      .where(sql`${t.source} IS NOT NULL`),
    // Attribution and blocks: the reported messages a LINE user was sent, by time.
    index('deliveries_user_source_idx')
      .on(t.lineUserId, t.sentAt, t.source)
      .where(sql`${t.source} IS NOT NULL`),
    // Erasing a member finds all their messages. The user alone: an entry written once, when the row is planned. With
    // sent_at in it (deliveries_user_source_idx made full), every send rewrote an entry at a random place in the
    // index, and the Workers consumer's CPU a request went from 0.47 to 0.72 ms (worker-fanout, BENCHMARKS.md).
    index('deliveries_user_idx').on(t.lineUserId),
  ],
)

export type Delivery = typeof deliveries.$inferSelect
export type NewDelivery = typeof deliveries.$inferInsert
