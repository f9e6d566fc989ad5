// Card tokens already used for a transaction: a token is accepted once.
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { instant } from './columns'
import { members } from './members'

export const cardScans = sqliteTable('card_scans', {
  tokenId: text().primaryKey(),
  memberId: integer()
    .notNull()
    .references(() => members.id),
  staffId: integer(),
  usedAt: instant().notNull(),
})

export type CardScan = typeof cardScans.$inferSelect
