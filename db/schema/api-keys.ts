// API keys for the shop's own systems (booking system, EC site); only a hash is stored.
import { sql } from 'drizzle-orm'
import { sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { apiKeyRateTierNames, legacyApiScopes, type ApiScope } from '../../server/domain/api-scopes'
import { createdAt, instant, rowId } from './columns'

export const apiKeys = sqliteTable('api_keys', {
  id: rowId(),
  name: text().notNull(),
  /** SHA-256 (hex) of the key. */
  keyHash: text().notNull().unique(),
  /** First characters of the key, to tell keys apart in the console. */
  prefix: text().notNull(),
  /** What the key may do (server/domain/api-scopes.ts); keys made before scopes keep `reservations`. */
  scopes: text({ mode: 'json' })
    .notNull()
    .$type<ApiScope[]>()
    .default(sql`'${sql.raw(JSON.stringify(legacyApiScopes))}'`),
  /** Requests per minute, as a tier (`apiKeyRateTiers`). */
  rateTier: text({ enum: apiKeyRateTierNames }).notNull().default('standard'),
  createdBy: text().notNull(),
  createdAt: createdAt(),
  lastUsedAt: instant(),
  revokedAt: instant(),
})

export type ApiKey = typeof apiKeys.$inferSelect
