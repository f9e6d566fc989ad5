// The console's writes to coupon definitions: create and edit, each with its audit entry in the same batch.
import { eq, sql } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { coupons, type Coupon, type NewCoupon } from '../../db/schema'
import { refuse, type Refusal } from '../domain/refusal'
import { audit, auditWhen } from './audit'

export type CouponValues = Omit<NewCoupon, 'id' | 'createdBy' | 'createdAt' | 'updatedAt'>

export async function createCoupon(db: Database, values: CouponValues, actor: string, now: Date): Promise<Coupon> {
  const [rows] = await db.batch([
    db
      .insert(coupons)
      .values({ ...values, createdBy: actor, createdAt: now })
      .returning(),
    audit(db, { actor, action: 'coupon.created', target: `coupon-title:${values.title}` }, now.getTime()),
  ])
  return rows[0]!
}

/** Edits a definition; copies already issued keep the end they were given. 404 `coupon_not_found`. */
export async function updateCoupon(
  db: Database,
  id: number,
  values: CouponValues,
  actor: string,
  now: Date,
): Promise<Coupon | Refusal> {
  const [rows] = await db.batch([
    db
      .update(coupons)
      .set({ ...values, updatedAt: now })
      .where(eq(coupons.id, id))
      .returning(),
    auditWhen(
      db,
      { actor, action: 'coupon.updated', target: `coupon:${id}`, detail: { status: values.status } },
      now.getTime(),
      sql`EXISTS (SELECT 1 FROM coupons WHERE id = ${id})`,
    ),
  ])
  if (!rows[0]) return refuse('coupon_not_found', 'No coupon with this id')
  return rows[0]
}
