// A physical shop (or the EC site) where points are earned and reservations are made.
import { sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { createdAt, rowId } from './columns'

export const stores = sqliteTable('stores', {
  id: rowId(),
  code: text().notNull().unique(),
  name: text().notNull(),
  timeZone: text().notNull().default('Asia/Tokyo'),
  address: text(),
  phone: text(),
  mapUrl: text(),
  createdAt: createdAt(),
})

export type Store = typeof stores.$inferSelect
export type NewStore = typeof stores.$inferInsert
