// A campaign that carries a coupon: each recipient on a page of the segment is issued a copy (issue key
// `campaign:<id>:<memberId>`, the delivery's dedupe key too) within the coupon's limits, and only members who hold
// their copy get the message, which ends with a link to the coupon in their language.
import { sql, type SQL } from 'drizzle-orm'
import type { Database } from '../../db/client'
import type { Coupon } from '../../db/schema'
import { benefitText, copyExpiresAt } from '../domain/coupon'
import type { MessageLocale } from '../domain/message-locale'

/**
 * Issues copies to the members `ids` (a JSON array) who are active and under the per-member limit, in id order while
 * the total limit lasts; a page already issued is skipped by its keys. The unary + finds the page by primary key
 * (SQLite, with no statistics, would walk every active member down members_reachable_expiry_idx (status, …)).
 */
export function issueCampaignCopies(db: Database, campaignId: number, coupon: Coupon, ids: string, now: Date) {
  const at = now.getTime()
  const prefix = `campaign:${campaignId}:`
  const expiresAt = copyExpiresAt(coupon, now)?.getTime() ?? null
  return db.run(sql`INSERT INTO member_coupons (coupon_id, member_id, issue_key, source, campaign_id, status, issued_at,
      expires_at)
    SELECT c.id, p.id, ${prefix} || p.id, 'campaign', ${campaignId}, 'issued', ${at}, ${expiresAt}
    FROM (SELECT m.id, row_number() OVER (ORDER BY m.id) AS n FROM members m
          WHERE m.id IN (SELECT value FROM json_each(${ids})) AND +m.status = 'active'
            AND NOT EXISTS (SELECT 1 FROM member_coupons x WHERE x.issue_key = ${prefix} || m.id)
            AND (SELECT count(*) FROM member_coupons x WHERE x.coupon_id = ${coupon.id} AND x.member_id = m.id
                 AND x.status != 'revoked') < ${coupon.perMemberLimit}) p,
      coupons c
    WHERE c.id = ${coupon.id} AND c.status = 'active' AND (c.valid_until IS NULL OR c.valid_until > ${at})
      AND (c.total_limit IS NULL
           OR p.n + (SELECT count(*) FROM member_coupons x WHERE x.coupon_id = c.id AND x.status != 'revoked') <= c.total_limit)
    ON CONFLICT (issue_key) DO NOTHING`)
}

/** True when the member `memberIdSql` holds their copy from campaign `campaignId`. */
export const holdsCampaignCopy = (campaignId: number, memberIdSql: SQL) =>
  sql`EXISTS (SELECT 1 FROM member_coupons WHERE issue_key = ${`campaign:${campaignId}:`} || ${memberIdSql})`

/** The message that ends a coupon campaign: what the coupon gives and the link to it. */
export function couponLinkMessage(coupon: Coupon, couponsUrl: string, locale: MessageLocale) {
  const benefit = benefitText(coupon, locale)
  const url = `${couponsUrl}?c=${coupon.id}`
  return {
    type: 'text',
    text:
      locale === 'ja'
        ? `🎟 クーポン「${coupon.title}」（${benefit}）をお届けしました。\nクーポンを見る：${url}`
        : `🎟 Your coupon "${coupon.title}" (${benefit}) is ready.\nSee your coupon: ${url}`,
  }
}

/** SQL choosing `en` for members whose LIFF app showed English, else `ja` (as `messageLocale`). */
export const byLanguage = (language: SQL, ja: string, en: string) =>
  sql`CASE WHEN lower(coalesce(${language}, '')) LIKE 'en%' THEN ${en} ELSE ${ja} END`
