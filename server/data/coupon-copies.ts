// Members' copies of coupons as batchable statements: issue one under a key when the coupon's limits allow, and the
// conditions and messages the coupon use cases share. Each statement applies only when its condition holds.
import { eq, sql, type SQL } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { coupons, memberCoupons, type Coupon } from '../../db/schema'
import type { Config } from '../config'
import { benefitText, copyExpiresAt } from '../domain/coupon'
import { messageLocale } from '../domain/message-locale'
import { liffUrl } from '../liff-url'

/** True while coupon `couponId` is active, not ended, and under its per-member (for `memberId`) and total limits. */
export function couponIssuable(couponId: number, memberId: number | SQL, at: number): SQL {
  return sql`EXISTS (SELECT 1 FROM coupons c WHERE c.id = ${couponId} AND c.status = 'active'
    AND (c.valid_until IS NULL OR c.valid_until > ${at})
    AND (SELECT count(*) FROM member_coupons WHERE coupon_id = c.id AND member_id = ${memberId}
         AND status != 'revoked') < c.per_member_limit
    AND (c.total_limit IS NULL
         OR (SELECT count(*) FROM member_coupons WHERE coupon_id = c.id AND status != 'revoked') < c.total_limit))`
}

export interface CopyValues {
  coupon: Coupon
  memberId: number
  issueKey: string
  source: 'admin' | 'exchange' | 'campaign' | 'api' | 'scenario' | 'stamps'
  campaignId?: number | null
  /** The ledger entry that paid for it (SQL: the entry written in the same batch). */
  ledgerEntryId?: SQL
}

/** Inserts the copy when `condition` holds; this attempt's row is found by `copyWritten(issueKey, writeId)`. */
export function insertCopy(db: Database, v: CopyValues, writeId: string, now: Date, condition: SQL) {
  const expiresAt = copyExpiresAt(v.coupon, now)?.getTime() ?? null
  return db.run(sql`INSERT INTO member_coupons (coupon_id, member_id, issue_key, source, campaign_id, ledger_entry_id,
      status, issued_at, expires_at, write_id)
    SELECT ${v.coupon.id}, ${v.memberId}, ${v.issueKey}, ${v.source}, ${v.campaignId ?? null}, ${v.ledgerEntryId ?? null},
      'issued', ${now.getTime()}, ${expiresAt}, ${writeId}
    WHERE ${condition}
    ON CONFLICT (issue_key) DO NOTHING`)
}

/** True inside the batch only if this attempt inserted (or last changed) the copy. */
export const copyWritten = (where: { issueKey: string } | { id: number }, writeId: string) =>
  'id' in where
    ? sql`EXISTS (SELECT 1 FROM member_coupons WHERE id = ${where.id} AND write_id = ${writeId})`
    : sql`EXISTS (SELECT 1 FROM member_coupons WHERE issue_key = ${where.issueKey} AND write_id = ${writeId})`

export const findCoupon = (db: Database, id: number) => db.query.coupons.findFirst({ where: eq(coupons.id, id) })

export const copyByKey = (db: Database, issueKey: string) =>
  db.query.memberCoupons.findFirst({ where: eq(memberCoupons.issueKey, issueKey) })

export const findCopy = (db: Database, id: number) =>
  db.query.memberCoupons.findFirst({ where: eq(memberCoupons.id, id) })

/** Why a coupon cannot be issued to a member now, or null if it can. */
export async function notIssuableBecause(db: Database, coupon: Coupon, memberId: number, now: Date) {
  if (coupon.status !== 'active' || (coupon.validUntil && coupon.validUntil.getTime() <= now.getTime())) {
    return 'coupon_inactive' as const
  }
  const [row] = await db.all<{ mine: number; all: number }>(sql`SELECT
      (SELECT count(*) FROM member_coupons WHERE coupon_id = ${coupon.id} AND member_id = ${memberId} AND status != 'revoked') AS mine,
      (SELECT count(*) FROM member_coupons WHERE coupon_id = ${coupon.id} AND status != 'revoked') AS "all"`)
  if ((row?.mine ?? 0) >= coupon.perMemberLimit) return 'coupon_limit_reached' as const
  if (coupon.totalLimit !== null && (row?.all ?? 0) >= coupon.totalLimit) return 'coupon_sold_out' as const
  return null
}

/** Where a member opens their coupons (`couponId`: the one the message is about). */
export const couponsUrl = (config: Pick<Config, 'sandbox' | 'publicUrl' | 'line'>, couponId?: number) =>
  liffUrl(config, couponId === undefined ? '/coupons' : `/coupons?c=${couponId}`)

/** The LINE message that tells a member a coupon is theirs, with the link to it. */
export function couponIssuedMessage(config: Config, coupon: Coupon, language: string | null) {
  const locale = messageLocale(language)
  const benefit = benefitText(coupon, locale)
  const url = couponsUrl(config, coupon.id)
  const text =
    locale === 'ja'
      ? `クーポンが届きました：${coupon.title}（${benefit}）\nクーポンを見る：${url}`
      : `You have a new coupon: ${coupon.title} (${benefit})\nSee your coupon: ${url}`
  return { type: 'text', text }
}
