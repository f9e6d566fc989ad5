// A LINE user known to the shop: friend status, and the membership it is linked to (ID連携).
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { createdAt, instant } from './columns'
import { members } from './members'

export const friendStatuses = ['unknown', 'friend', 'blocked'] as const
export const linkMethods = ['liff', 'register', 'account_link', 'admin'] as const
export const richMenuKinds = ['guest', 'member'] as const

export const lineAccounts = sqliteTable('line_accounts', {
  lineUserId: text().primaryKey(),
  displayName: text(),
  pictureUrl: text(),
  /** Unique: one membership is linked to at most one LINE account. */
  memberId: integer()
    .unique()
    .references(() => members.id),
  linkedAt: instant(),
  linkMethod: text({ enum: linkMethods }),
  friendStatus: text({ enum: friendStatuses }).notNull().default('unknown'),
  richMenu: text({ enum: richMenuKinds }).notNull().default('guest'),
  createdAt: createdAt(),
  updatedAt: instant(),
})

export type LineAccount = typeof lineAccounts.$inferSelect
export type NewLineAccount = typeof lineAccounts.$inferInsert
