// API keys for the shop's own systems (booking system, EC site); only a hash is stored.
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { createdAt, instant } from './columns'

export const apiKeys = sqliteTable('api_keys', {
  id: integer().primaryKey({ autoIncrement: true }),
  name: text().notNull(),
  /** SHA-256 (hex) of the key. */
  keyHash: text().notNull().unique(),
  /** First characters of the key, to tell keys apart in the console. */
  prefix: text().notNull(),
  createdBy: text().notNull(),
  createdAt: createdAt(),
  lastUsedAt: instant(),
  revokedAt: instant(),
})

export type ApiKey = typeof apiKeys.$inferSelect
