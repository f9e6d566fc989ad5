// Shop settings an admin can change (point rate, rounding, expiry, ranks, quiet hours...), one JSON value per key.
import { sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { instant } from './columns'

export const settings = sqliteTable('settings', {
  key: text().primaryKey(),
  value: text({ mode: 'json' }).notNull().$type<unknown>(),
  updatedBy: text(),
  updatedAt: instant(),
})

export type Setting = typeof settings.$inferSelect
