// The EC site's side of messaging (issue #18, item 4): orders and their events, carts waiting for a reminder, items
// customers saved, and the admin-editable texts of the messages these trigger.
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { createdAt, instant, rowId, rowOf } from './columns'
import { members } from './members'
import { orderEvents, triggerKinds, type ShopItem, type TriggerTexts } from '../../server/domain/triggers/kinds'

/** An order as the EC site reported it: the latest status, by the site's own order id. */
export const orders = sqliteTable(
  'orders',
  {
    id: rowId(),
    externalId: text().notNull().unique(),
    memberId: integer().references(() => members.id),
    lineUserId: text(),
    status: text({ enum: orderEvents }).notNull(),
    totalYen: integer(),
    trackingUrl: text(),
    createdAt: createdAt(),
    updatedAt: instant().notNull(),
  },
  // A member's orders and their LINE account's, for the export and erasure (server/data/member-commerce-data.ts).
  (t) => [index('orders_member_idx').on(t.memberId), index('orders_line_user_idx').on(t.lineUserId)],
)

/**
 * Integration events applied once: `order:<id>:<event>`, `item:<id>:<kind>:<event id>`. A replay with the same body
 * answers what the first did; another body under the same key is refused (`idempotency_key_reused`).
 */
export const commerceEvents = sqliteTable('commerce_events', {
  id: rowId(),
  key: text().notNull().unique(),
  bodyHash: text().notNull(),
  /** Which attempt wrote it: a concurrent replay finds another attempt's id. */
  writeId: text().notNull(),
  createdAt: createdAt(),
})

export const cartStatuses = ['open', 'reminded', 'ordered', 'emptied'] as const
export type CartStatus = (typeof cartStatuses)[number]

/** A customer's cart: `open` until its reminder is planned at `remindAt`, an order arrives or it is emptied. */
export const carts = sqliteTable(
  'carts',
  {
    id: rowId(),
    externalId: text().notNull().unique(),
    memberId: rowOf(() => members.id),
    items: text({ mode: 'json' }).notNull().$type<ShopItem[]>(),
    cartUrl: text(),
    status: text({ enum: cartStatuses }).notNull(),
    /** Grows with every change of the items: each version is reminded of at most once. */
    version: integer().notNull().default(1),
    remindAt: instant().notNull(),
    createdAt: createdAt(),
    updatedAt: instant().notNull(),
  },
  (t) => [index('carts_due_idx').on(t.status, t.remindAt), index('carts_member_idx').on(t.memberId, t.status)],
)

/** An item a customer saved (a wish list): told when its price drops below what they saw or it is back in stock. */
export const savedItems = sqliteTable(
  'saved_items',
  {
    itemId: text().notNull(),
    memberId: rowOf(() => members.id),
    name: text().notNull(),
    imageUrl: text(),
    url: text().notNull(),
    /** The price the customer last saw: a price drop is told only below it. */
    priceYen: integer().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.itemId, t.memberId] }),
    // A member's saved items, for the export and erasure (server/data/member-commerce-data.ts).
    index('saved_items_member_idx').on(t.memberId, t.createdAt),
  ],
)

export const itemAlertKinds = ['restock', 'price_drop'] as const

/**
 * An item's restock or price drop, recorded by the API call and told to its savers by the frequent job in chunks
 * (server/jobs/item-alerts.ts): `cursor` is the last saver's member id planned, `doneAt` set once all were.
 */
export const itemAlerts = sqliteTable(
  'item_alerts',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    /** The event's key (`item:<id>:<kind>:<event id>`), the prefix of each saver's dedupe key. */
    key: text().notNull().unique(),
    itemId: text().notNull(),
    kind: text({ enum: itemAlertKinds }).notNull(),
    item: text({ mode: 'json' }).notNull().$type<ShopItem>(),
    previousPriceYen: integer(),
    cursor: integer().notNull().default(0),
    /** Messages planned so far. */
    planned: integer().notNull().default(0),
    doneAt: instant(),
    createdAt: createdAt(),
  },
  (t) => [index('item_alerts_pending_idx').on(t.doneAt, t.id)],
)

/** An admin's texts of a trigger message, replacing the defaults (server/domain/trigger-templates.ts). */
export const triggerTemplates = sqliteTable('trigger_templates', {
  kind: text({ enum: triggerKinds }).primaryKey(),
  texts: text({ mode: 'json' }).notNull().$type<{ ja: TriggerTexts; en: TriggerTexts }>(),
  updatedBy: text().notNull(),
  updatedAt: instant().notNull(),
})

export type Order = typeof orders.$inferSelect
export type Cart = typeof carts.$inferSelect
export type SavedItem = typeof savedItems.$inferSelect
export type ItemAlert = typeof itemAlerts.$inferSelect
