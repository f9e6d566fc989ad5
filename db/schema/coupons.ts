// Coupons and rewards: what an admin defines (`coupons`), the copies members hold (`member_coupons`) and each use
// at the till (`coupon_redemptions`). A reward is a coupon with a points price, bought from the points ledger.
import { sql } from 'drizzle-orm'
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { createdAt, instant, rowId, rowOf } from './columns'
import { members } from './members'
import { pointLedger } from './point-ledger'
import { stores } from './stores'

export const couponBenefitKinds = ['discount_yen', 'discount_percent', 'free_item'] as const
export const couponStatuses = ['active', 'archived'] as const

export const coupons = sqliteTable(
  'coupons',
  {
    id: rowId(),
    title: text().notNull(),
    imageUrl: text(),
    terms: text().notNull().default(''),
    benefitKind: text({ enum: couponBenefitKinds }).notNull(),
    /** Yen off (discount_yen) or percent off (discount_percent); null for a free item. */
    benefitValue: integer(),
    /** What is given for free (free_item). */
    freeItem: text(),
    /** Set for a reward: the points a member pays for one in the LIFF app. */
    pointsPrice: integer(),
    /** Issued and usable from / until (a window); either may be open. */
    validFrom: instant(),
    validUntil: instant(),
    /** Usable for this many days after issue (the earlier of this and `validUntil` ends a copy). */
    validDays: integer(),
    perMemberLimit: integer().notNull().default(1),
    /** Copies that may ever be issued; null for no limit. */
    totalLimit: integer(),
    /** Stores where it can be used, as a JSON array of store ids; null for every store. */
    storeIds: text({ mode: 'json' }).$type<number[]>(),
    status: text({ enum: couponStatuses }).notNull().default('active'),
    createdBy: text().notNull(),
    createdAt: createdAt(),
    updatedAt: instant(),
  },
  (t) => [
    check('coupons_points_price_positive', sql`${t.pointsPrice} IS NULL OR ${t.pointsPrice} > 0`),
    check('coupons_limits_positive', sql`${t.perMemberLimit} > 0 AND (${t.totalLimit} IS NULL OR ${t.totalLimit} > 0)`),
  ],
)

export const memberCouponStatuses = ['issued', 'used', 'expired', 'revoked'] as const

export const memberCoupons = sqliteTable(
  'member_coupons',
  {
    id: rowId(),
    couponId: rowOf(() => coupons.id),
    memberId: rowOf(() => members.id),
    /** Never issued twice under one key (e.g. `campaign:4:17`, `exchange:17:<client key>`, `admin:1:<key>`). */
    issueKey: text().notNull().unique(),
    /** How it was issued: `admin`, `exchange`, `campaign`, `api`. */
    source: text().notNull(),
    campaignId: integer(),
    /** The points ledger entry that paid for it (a reward bought with points). */
    ledgerEntryId: integer().references(() => pointLedger.id),
    status: text({ enum: memberCouponStatuses }).notNull().default('issued'),
    issuedAt: instant().notNull(),
    /** Not usable from this instant; null for no end. */
    expiresAt: instant(),
    /** First shown as a QR in the LIFF app (the report's "viewed"). */
    viewedAt: instant(),
    /** Set by the one redemption that stands; cleared when that redemption is reversed. */
    usedAt: instant(),
    /** Fresh per write attempt that changed the row: later statements of its batch apply only if it did. */
    writeId: text(),
  },
  (t) => [
    index('member_coupons_member_idx').on(t.memberId, t.id),
    index('member_coupons_coupon_idx').on(t.couponId, t.memberId),
    index('member_coupons_expiring_idx')
      .on(t.expiresAt)
      .where(sql`${t.status} = 'issued'`),
  ],
)

export const couponRedemptions = sqliteTable(
  'coupon_redemptions',
  {
    id: rowId(),
    memberCouponId: rowOf(() => memberCoupons.id),
    storeId: integer().references(() => stores.id),
    staffId: integer(),
    /** The scanned coupon QR (single use). */
    tokenId: text().unique(),
    /** The till's key, scoped to the staff member: a retried scan is answered with this redemption. */
    idempotencyKey: text().notNull().unique(),
    redeemedAt: instant().notNull(),
    reversedAt: instant(),
    reversedBy: integer(),
    reverseReason: text(),
  },
  (t) => [index('coupon_redemptions_at_idx').on(t.redeemedAt, t.storeId)],
)

export type Coupon = typeof coupons.$inferSelect
export type NewCoupon = typeof coupons.$inferInsert
export type MemberCoupon = typeof memberCoupons.$inferSelect
export type CouponRedemption = typeof couponRedemptions.$inferSelect

/**
 * Stamp-card mode (`stampCard` settings): one row per stamp a visit (an earn at the till) gave. A stamp is open until
 * a full card turns it into the reward coupon (`memberCouponId`, the copy issued); `dailyKey` (`<store id or 0>:<local
 * date>`, set when stamps are limited to one per member, store and day) makes a second stamp that day impossible.
 */
export const stamps = sqliteTable(
  'stamps',
  {
    id: rowId(),
    memberId: rowOf(() => members.id),
    /** The earn that gave it: a reversal of that earn takes an open stamp back. */
    entryId: rowOf(() => pointLedger.id).unique(),
    storeId: integer().references(() => stores.id),
    dailyKey: text(),
    memberCouponId: integer().references(() => memberCoupons.id),
    createdAt: instant().notNull(),
  },
  (t) => [
    index('stamps_open_idx').on(t.memberId, t.memberCouponId),
    uniqueIndex('stamps_daily_idx').on(t.memberId, t.dailyKey),
  ],
)

export type Stamp = typeof stamps.$inferSelect
