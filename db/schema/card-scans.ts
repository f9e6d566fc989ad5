// Card tokens already used for a transaction: a token is accepted once.
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { instant, rowOf } from './columns'
import { members } from './members'

export const cardScans = sqliteTable('card_scans', {
  tokenId: text().primaryKey(),
  memberId: rowOf(() => members.id),
  staffId: integer(),
  usedAt: instant().notNull(),
})

export type CardScan = typeof cardScans.$inferSelect
