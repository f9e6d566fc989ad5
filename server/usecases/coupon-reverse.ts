// Reversing a coupon redemption (a manager of its store, or an admin): the copy is usable again, the redemption is
// marked reversed and audited, in one batch; once per redemption.
import { eq, sql } from 'drizzle-orm'
import { wroteRow } from '../../db/affected-rows'
import { couponRedemptions, type CouponRedemption, type MemberCoupon, type Staff } from '../../db/schema'
import { auditWhen } from '../data/audit'
import { staffActor } from '../data/audit'
import { copyWritten, findCopy } from '../data/coupon-copies'
import { recordEvent } from '../data/domain-events'
import { refuse, type Refusal } from '../domain/refusal'
import type { UseCaseContext } from './context'

export interface ReverseCouponInput {
  redemptionId: number
  staff: Staff
  reason: string
}

export interface CouponReversed {
  ok: true
  redemption: CouponRedemption
  copy: MemberCoupon
}

export async function reverseCouponRedemption(
  ctx: UseCaseContext,
  input: ReverseCouponInput,
): Promise<CouponReversed | Refusal> {
  const { db } = ctx
  const at = ctx.clock().getTime()
  const byId = () => db.query.couponRedemptions.findFirst({ where: eq(couponRedemptions.id, input.redemptionId) })
  const redemption = await byId()
  if (!redemption) return refuse('coupon_redemption_not_found', 'No coupon redemption with this id')
  if (input.staff.storeId !== null && redemption.storeId !== input.staff.storeId) {
    return refuse('other_store', "Only an admin or the store's own manager can reverse this redemption")
  }
  if (redemption.reversedAt) return refuse('coupon_already_reversed', 'This redemption has already been reversed')
  const copy = (await findCopy(db, redemption.memberCouponId))!
  const writeId = crypto.randomUUID()
  const written = copyWritten({ id: copy.id }, writeId)
  const [restore] = await db.batch([
    db.run(sql`UPDATE member_coupons SET status = 'issued', used_at = NULL, write_id = ${writeId}
      WHERE id = ${copy.id} AND status = 'used'
        AND EXISTS (SELECT 1 FROM coupon_redemptions WHERE id = ${redemption.id} AND reversed_at IS NULL)`),
    db.run(sql`UPDATE coupon_redemptions SET reversed_at = ${at}, reversed_by = ${input.staff.id},
        reverse_reason = ${input.reason}
      WHERE id = ${redemption.id} AND ${written}`),
    auditWhen(
      db,
      {
        actor: staffActor(input.staff),
        action: 'coupon.redemption_reversed',
        target: `member:${copy.memberId}`,
        detail: { couponId: copy.couponId, memberCouponId: copy.id, redemptionId: redemption.id, reason: input.reason },
        storeId: redemption.storeId,
      },
      at,
      written,
    ),
    recordEvent(
      db,
      'coupon.reversed',
      copy.memberId,
      { couponId: copy.couponId, memberCouponId: copy.id, redemptionId: redemption.id, storeId: redemption.storeId },
      new Date(at),
      written,
    ),
  ])
  if (!wroteRow(restore)) return refuse('coupon_already_reversed', 'This redemption has already been reversed')
  return { ok: true, redemption: (await byId())!, copy: (await findCopy(db, copy.id))! }
}
