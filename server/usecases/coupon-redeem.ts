// Using a member's coupon at the till: the staff scan its QR, and one conditional UPDATE (`used_at IS NULL`) claims
// the copy; the redemption row, audit entry and the member's LINE notice follow in the same batch only if that
// UPDATE changed the row, so of concurrent scans exactly one succeeds. Once per staff member and key.
import { eq, sql } from 'drizzle-orm'
import { wroteRow } from '../../db/affected-rows'
import type { Database } from '../../db/client'
import {
  couponRedemptions,
  members,
  type Coupon,
  type CouponRedemption,
  type Member,
  type MemberCoupon,
  type Staff,
} from '../../db/schema'
import { auditWhen } from '../data/audit'
import { recordEvent } from '../data/domain-events'
import { staffActor } from '../data/audit'
import { ledgerKey, receiptRecipient } from '../data/checkout'
import { staffCashier } from '../data/cashier'
import { copyWritten, findCopy, findCoupon } from '../data/coupon-copies'
import { keyReused } from '../data/ledger'
import { enqueueMessageWhen } from '../data/outbox'
import { benefitText, copyState, usableAtStore, verifyCouponToken } from '../domain/coupon'
import { messageLocale } from '../domain/message-locale'
import { refuse, type Refusal } from '../domain/refusal'
import type { Config } from '../config'
import type { UseCaseContext } from './context'

export interface CouponAtTill {
  ok: true
  copy: MemberCoupon
  coupon: Coupon
  member: Member
  /** The scanned QR's single-use id. */
  tokenId: string
}

const stateRefusals = {
  used: ['coupon_used', 'This coupon has already been used'],
  expired: ['coupon_expired', 'This coupon has expired'],
  revoked: ['coupon_revoked', 'This coupon has been withdrawn'],
  not_yet_valid: ['coupon_not_yet_valid', 'This coupon cannot be used yet'],
} as const

/** What a scanned coupon QR stands for, if it can be used now at `storeId`; else why not. */
export async function couponAtTill(
  db: Database,
  config: Config,
  token: string,
  storeId: number | null,
  now: Date,
): Promise<CouponAtTill | Refusal> {
  const verified = verifyCouponToken(config.cardKeys, token, now)
  if (!verified.ok) {
    return verified.reason === 'expired'
      ? refuse('coupon_token_expired', 'This coupon code has expired: ask the customer to reopen the coupon')
      : refuse('coupon_token_invalid', 'This is not a valid coupon code', { reason: verified.reason })
  }
  const { tokenId, memberId: copyId } = verified.claims
  const copy = await findCopy(db, copyId)
  if (!copy) return refuse('coupon_not_found', 'No coupon with this code')
  const [coupon, member, used] = await Promise.all([
    findCoupon(db, copy.couponId),
    db.query.members.findFirst({ where: eq(members.id, copy.memberId) }),
    db.query.couponRedemptions.findFirst({ where: eq(couponRedemptions.tokenId, tokenId) }),
  ])
  if (!member || member.status !== 'active') return refuse('member_inactive', 'This membership is no longer active')
  if (used) return refuse('coupon_used', stateRefusals.used[1])
  const state = copyState(copy, coupon!, now)
  if (state !== 'issued') return refuse(stateRefusals[state][0], stateRefusals[state][1])
  if (!usableAtStore(coupon!, storeId)) return refuse('coupon_other_store', 'This coupon cannot be used at this store')
  return { ok: true, copy, coupon: coupon!, member, tokenId }
}

export interface RedeemCouponInput {
  token: string
  staff: Staff
  /** The store the staff member acts for (`storeOf`). */
  storeId: number | null
  /** The till's key; scoped to the staff member (`ledgerKey`). */
  idempotencyKey: string
}

export interface CouponRedeemed {
  ok: true
  redemption: CouponRedemption
  copy: MemberCoupon
  coupon: Coupon
  member: Member
  replayed: boolean
}

const redemptionByKey = (db: Database, key: string) =>
  db.query.couponRedemptions.findFirst({ where: eq(couponRedemptions.idempotencyKey, key) })

async function replayOf(db: Database, prior: CouponRedemption): Promise<CouponRedeemed> {
  const copy = (await findCopy(db, prior.memberCouponId))!
  const [coupon, member] = await Promise.all([
    findCoupon(db, copy.couponId),
    db.query.members.findFirst({ where: eq(members.id, copy.memberId) }),
  ])
  return { ok: true, redemption: prior, copy, coupon: coupon!, member: member!, replayed: true }
}

export async function redeemCoupon(ctx: UseCaseContext, input: RedeemCouponInput): Promise<CouponRedeemed | Refusal> {
  const { db, config } = ctx
  const now = ctx.clock()
  const at = now.getTime()
  const key = ledgerKey(staffCashier(input.staff), input.idempotencyKey)
  const prior = await redemptionByKey(db, key)
  if (prior) return replayOf(db, prior)
  const found = await couponAtTill(db, config, input.token, input.storeId, now)
  if (!found.ok) return found
  const { copy, coupon, member, tokenId } = found
  const recipient = await receiptRecipient(db, member.id)
  const writeId = crypto.randomUUID()
  const written = copyWritten({ id: copy.id }, writeId)
  const locale = messageLocale(recipient.language)
  const benefit = benefitText(coupon, locale)
  const [claim] = await db.batch([
    db.run(sql`UPDATE member_coupons SET status = 'used', used_at = ${at}, write_id = ${writeId}
      WHERE id = ${copy.id} AND used_at IS NULL AND status = 'issued' AND (expires_at IS NULL OR expires_at > ${at})
        AND NOT EXISTS (SELECT 1 FROM coupon_redemptions WHERE token_id = ${tokenId} OR idempotency_key = ${key})`),
    db.run(sql`INSERT INTO coupon_redemptions (member_coupon_id, store_id, staff_id, token_id, idempotency_key, redeemed_at)
      SELECT ${copy.id}, ${input.storeId}, ${input.staff.id}, ${tokenId}, ${key}, ${at} WHERE ${written}`),
    auditWhen(
      db,
      {
        actor: staffActor(input.staff),
        action: 'coupon.redeemed',
        target: `member:${member.id}`,
        detail: { couponId: coupon.id, memberCouponId: copy.id, title: coupon.title },
        storeId: input.storeId,
      },
      at,
      written,
    ),
    recordEvent(
      db,
      'coupon.used',
      member.id,
      { couponId: coupon.id, memberCouponId: copy.id, storeId: input.storeId },
      now,
      written,
    ),
    ...(recipient.to
      ? [
          enqueueMessageWhen(
            db,
            {
              dedupeKey: `coupon-redeemed:${key}`,
              kind: 'receipt',
              lineUserId: recipient.to,
              messages: [
                {
                  type: 'text',
                  text:
                    locale === 'ja'
                      ? `クーポンを使用しました：${coupon.title}（${benefit}）`
                      : `Coupon used: ${coupon.title} (${benefit})`,
                },
              ],
            },
            now,
            written,
          ),
        ]
      : []),
  ])
  if (wroteRow(claim)) {
    const redemption = (await redemptionByKey(db, key))!
    return { ok: true, redemption, copy: (await findCopy(db, copy.id))!, coupon, member, replayed: false }
  }
  // Lost the race: the same key's other attempt (a replay), or another scan that used the coupon first.
  const raced = await redemptionByKey(db, key)
  if (raced) {
    if (raced.memberCouponId !== copy.id) throw keyReused()
    return replayOf(db, raced)
  }
  const again = await couponAtTill(db, config, input.token, input.storeId, now)
  return again.ok ? refuse('coupon_used', stateRefusals.used[1]) : again
}
