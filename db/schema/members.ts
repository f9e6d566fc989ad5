// A membership: the shop's customer record, linked to at most one LINE account.
import { sql } from 'drizzle-orm'
import { check, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { createdAt, instant } from './columns'
import { stores } from './stores'

export const memberStatuses = ['active', 'deleted'] as const

export const members = sqliteTable(
  'members',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    /** Printed on cards and receipts: digits with a trailing check digit. */
    memberNumber: text().notNull().unique(),
    name: text().notNull(),
    nameKana: text(),
    /** Calendar date, YYYY-MM-DD. */
    birthday: text(),
    phone: text(),
    prefecture: text(),
    /** Hash of the optional PIN used as the second factor when linking. */
    pinHash: text(),
    rank: text().notNull().default('regular'),
    /** Cached SUM(point_ledger.points); kept equal by every ledger write. */
    balance: integer().notNull().default(0),
    marketingOptIn: integer({ mode: 'boolean' }).notNull().default(false),
    /** Monthly balance notices and expiry warnings; the member can opt out. */
    pointNotices: integer({ mode: 'boolean' }).notNull().default(true),
    /** Last earn or redeem at a till or online: for segments. */
    lastVisitAt: instant(),
    termsVersion: text(),
    termsAcceptedAt: instant(),
    privacyVersion: text(),
    privacyAcceptedAt: instant(),
    homeStoreId: integer().references(() => stores.id),
    status: text({ enum: memberStatuses }).notNull().default('active'),
    createdAt: createdAt(),
    updatedAt: instant(),
  },
  (t) => [
    check('members_balance_not_negative', sql`${t.balance} >= 0`),
    index('members_phone_idx').on(t.phone),
  ],
)

export type Member = typeof members.$inferSelect
export type NewMember = typeof members.$inferInsert
