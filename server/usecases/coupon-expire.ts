// Marking members' unused coupons past their end as expired, a chunk at a time: the copies and one audit entry
// naming them in one batch. Resumable without a cursor: the copies still due are where the next run goes on.
import { sql } from 'drizzle-orm'
import { audit } from '../data/audit'
import type { UseCaseContext } from './context'

export const couponExpiryChunk = 500

/** Expires up to `chunk` due copies; returns how many, and whether more are due. */
export async function expireCoupons(ctx: Pick<UseCaseContext, 'db' | 'clock'>, chunk = couponExpiryChunk) {
  const { db } = ctx
  const at = ctx.clock().getTime()
  const due = await db.all<{ id: number }>(sql`SELECT id FROM member_coupons
    WHERE status = 'issued' AND expires_at <= ${at} ORDER BY expires_at LIMIT ${chunk}`)
  if (due.length === 0) return { expired: 0, more: false }
  const ids = due.map((r) => r.id)
  await db.batch([
    db.run(sql`UPDATE member_coupons SET status = 'expired'
      WHERE id IN (SELECT value FROM json_each(${JSON.stringify(ids)})) AND status = 'issued' AND expires_at <= ${at}`),
    audit(db, { actor: 'system:coupon-expiry', action: 'coupon.expired', target: 'coupons', detail: { ids } }, at),
  ])
  return { expired: ids.length, more: ids.length === chunk }
}
