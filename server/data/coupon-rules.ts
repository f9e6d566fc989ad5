// Coupons issued by rule (settings `couponRules`): on registration (in the registration's batch), on reaching a rank
// (in the batch that writes the rank change and its domain event) and with the birthday message (in the planner's
// chunk). Each copy's issue key names the rule and what triggered it — `welcome:<member>`, `rank-up:<rank>:<member>`,
// `birthday:<member>:<year>` — so a rule never issues twice, however often its trigger is replayed.
import { sql, type SQL } from 'drizzle-orm'
import type { Database } from '../../db/client'
import type { Coupon } from '../../db/schema'
import type { Config } from '../config'
import type { RankTier } from '../domain/ranks'
import { auditWhen } from './audit'
import { couponIssuedMessage } from './coupon-copies'
import { enqueueMessageWhen } from './outbox'

const dayMs = 86_400_000

export interface RuleCopies {
  couponId: number
  /** A SELECT of the active members to issue to: their ids (column `id`) and what `key` needs. */
  candidates: SQL
  /** The issue key of a candidate's copy, from the candidate row (`${row}.id`...). */
  key: (row: SQL) => SQL
  /** Written on the copies this statement inserts, for later statements of its batch. */
  writeId?: string
}

/**
 * Issues the coupon to each candidate who has no copy under their key yet, while it is active and within its
 * per-member limit and (in member id order) its total limit; a copy ends as `copyExpiresAt` says. One statement.
 */
export function issueRuleCopies(db: Database, rule: RuleCopies, now: Date) {
  const at = now.getTime()
  const { couponId } = rule
  return db.run(sql`INSERT INTO member_coupons (coupon_id, member_id, issue_key, source, status, issued_at, expires_at,
      write_id)
    SELECT c.id, p.id, p.k, 'rule', 'issued', ${at},
      CASE WHEN c.valid_days IS NULL THEN c.valid_until
        WHEN c.valid_until IS NULL THEN ${at} + c.valid_days * ${dayMs}
        ELSE min(c.valid_until, ${at} + c.valid_days * ${dayMs}) END,
      ${rule.writeId ?? null}
    FROM (SELECT q.id, q.k, row_number() OVER (ORDER BY q.id) AS n
          FROM (SELECT cand.id, ${rule.key(sql.raw('cand'))} AS k FROM (${rule.candidates}) cand) q
          WHERE NOT EXISTS (SELECT 1 FROM member_coupons x WHERE x.issue_key = q.k)
            AND (SELECT count(*) FROM member_coupons x WHERE x.coupon_id = ${couponId} AND x.member_id = q.id
                 AND x.status != 'revoked') < (SELECT per_member_limit FROM coupons WHERE id = ${couponId})) p,
      coupons c
    WHERE c.id = ${couponId} AND c.status = 'active' AND (c.valid_until IS NULL OR c.valid_until > ${at})
      AND (c.total_limit IS NULL
           OR p.n + (SELECT count(*) FROM member_coupons x WHERE x.coupon_id = c.id AND x.status != 'revoked') <= c.total_limit)
    ON CONFLICT (issue_key) DO NOTHING`)
}

export const welcomeKey = (memberId: SQL) => sql`${'welcome:'} || ${memberId}`

/**
 * The welcome coupon for a registration, to go in its batch after the member is written: the copy, its audit entry
 * and the message telling the new member (in their language, `members.language` as the registration sets it), each
 * only if this attempt issued the copy.
 */
export function welcomeCouponWrites(
  db: Database,
  config: Config,
  coupon: Coupon,
  member: { id: SQL; memberNumber: string; lineUserId: string; language: string | null },
  now: Date,
) {
  const writeId = crypto.randomUUID()
  const key = welcomeKey(member.id)
  const written = sql`EXISTS (SELECT 1 FROM member_coupons WHERE issue_key = ${key} AND write_id = ${writeId})`
  return [
    issueRuleCopies(
      db,
      { couponId: coupon.id, candidates: sql`SELECT id FROM members WHERE id = ${member.id} AND status = 'active'`, key: (row) => welcomeKey(sql`${row}.id`), writeId },
      now,
    ),
    auditWhen(
      db,
      {
        actor: 'system:coupon-rule',
        action: 'coupon.issued',
        target: `member-number:${member.memberNumber}`,
        detail: { couponId: coupon.id, title: coupon.title, rule: 'welcome' },
      },
      now.getTime(),
      written,
    ),
    enqueueMessageWhen(
      db,
      {
        dedupeKey: sql`${'coupon-issued:'} || ${key}`,
        kind: 'coupon_issued',
        lineUserId: member.lineUserId,
        messages: [couponIssuedMessage(config, coupon, member.language)],
      },
      now,
      written,
    ),
  ] as const
}

export interface RankUpRule {
  rank: string
  couponId: number
}

export const rankUpKey = (rank: string) => (memberId: SQL) => sql`${`rank-up:${rank}:`} || ${memberId}`

/**
 * Rank-up coupons for the members a rank refresh moves up: `changed(target)` selects, from `members m` (and what
 * `from` adds), the members whose rank changes to `target`; each rule issues to those who reach its rank from a lower
 * one. To go in the refresh's batch before the update.
 */
export function rankUpCopies(
  db: Database,
  rules: readonly RankUpRule[],
  tiers: readonly RankTier[],
  select: { from: SQL; target: SQL; changed: SQL },
  now: Date,
) {
  return rules.flatMap((rule) => {
    const index = tiers.findIndex((t) => t.key === rule.rank)
    if (index <= 0) return []
    const lower = JSON.stringify(tiers.slice(0, index).map((t) => t.key))
    const candidates = sql`SELECT m.id FROM ${select.from} WHERE ${select.changed} AND ${select.target} = ${rule.rank}
      AND m.rank IN (SELECT value FROM json_each(${lower}))`
    const key = (row: SQL) => rankUpKey(rule.rank)(sql`${row}.id`)
    return [issueRuleCopies(db, { couponId: rule.couponId, candidates, key }, now)]
  })
}
