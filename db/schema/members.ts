// A membership: the shop's customer record, linked to at most one LINE account.
import { sql } from 'drizzle-orm'
import { check, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { memberLineStatuses } from '../../server/domain/member-line-status'
import { createdAt, instant, rowId } from './columns'
import { stores } from './stores'

export const memberStatuses = ['active', 'deleted'] as const
export const memberLanguages = ['ja', 'en'] as const
/** `none` when no LINE account is linked, else the linked account's friend status. */
export { memberLineStatuses } from '../../server/domain/member-line-status'

export const members = sqliteTable(
  'members',
  {
    id: rowId(),
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
    /**
     * Copy of the linked `line_accounts.friend_status` (`none` when unlinked), kept current by triggers on
     * line_accounts (migration 0007), so segment counts need no join over a million accounts.
     */
    lineStatus: text({ enum: memberLineStatuses }).notNull().default('none'),
    /**
     * Earliest `expires_at` of the member's lots with points left (null when none), kept current by triggers on
     * point_ledger (migration 0012), so "points expiring within N days" is an index range, not a scan of lots.
     */
    nextExpiryAt: instant(),
    /** The language of the member's LINE messages (`ja` | `en`), from the LIFF app's; null when unknown: Japanese. */
    language: text({ enum: memberLanguages }),
    status: text({ enum: memberStatuses }).notNull().default('active'),
    createdAt: createdAt(),
    updatedAt: instant(),
  },
  (t) => {
    // The segment filters every segment index covers after its leading columns.
    const segmentFilters = [t.rank, t.prefecture, t.homeStoreId, t.birthday, t.lastVisitAt] as const
    return [
      check('members_balance_not_negative', sql`${t.balance} >= 0`),
      index('members_phone_idx').on(t.phone),
      // Covers every segment filter; reachability first, so a recipient count reads only reachable members' entries.
      index('members_segment_idx').on(t.status, t.lineStatus, t.marketingOptIn, ...segmentFilters),
      // Segments with a points-expiring filter: a range on next_expiry_at, covering the other segment filters too.
      index('members_next_expiry_idx').on(t.nextExpiryAt, t.status, t.lineStatus, t.marketingOptIn, ...segmentFilters),
      // Recipients of a points-expiring segment: reachable first, then the expiry range, so the count reads only the
      // reachable members in the window (members_next_expiry_idx read every member in it: 2.4× as many at 30 days).
      index('members_reachable_expiry_idx').on(
        t.status,
        t.lineStatus,
        t.marketingOptIn,
        t.nextExpiryAt,
        ...segmentFilters,
      ),
      // New members per day on the dashboard.
      index('members_created_idx').on(t.createdAt, t.status),
      index('members_name_kana_idx').on(t.nameKana),
      index('members_name_idx').on(t.name),
    ]
  },
)

export type Member = typeof members.$inferSelect
export type NewMember = typeof members.$inferInsert
