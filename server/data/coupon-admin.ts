// The console's writes to coupon definitions: create and edit, each with its audit entry in the same batch.
import { eq, inArray, sql } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { coupons, stores, type Coupon, type NewCoupon } from '../../db/schema'
import { refuse, type Refusal } from '../domain/refusal'
import { audit, auditWhen } from './audit'

export type CouponValues = Omit<NewCoupon, 'id' | 'createdBy' | 'createdAt' | 'updatedAt'>

/**
 * 404 `store_not_found` for a coupon limited to a store that does not exist: saved, no till could ever redeem it. A store
 * removed later leaves the coupons that name it as they are.
 */
async function unknownStore(db: Database, storeIds: number[] | null | undefined): Promise<Refusal | null> {
  if (!storeIds?.length) return null
  const known = new Set(
    (await db.select({ id: stores.id }).from(stores).where(inArray(stores.id, storeIds))).map((s) => s.id),
  )
  const missing = storeIds.find((id) => !known.has(id))
  return missing === undefined ? null : refuse('store_not_found', `No store ${missing}`, { storeId: missing })
}

export async function createCoupon(
  db: Database,
  values: CouponValues,
  actor: string,
  now: Date,
): Promise<Coupon | Refusal> {
  const refused = await unknownStore(db, values.storeIds)
  if (refused) return refused
  const [rows] = await db.batch([
    db
      .insert(coupons)
      .values({ ...values, createdBy: actor, createdAt: now })
      .returning(),
    audit(db, { actor, action: 'coupon.created', target: `coupon-title:${values.title}` }, now.getTime()),
  ])
  return rows[0]!
}

/** Edits a definition; copies already issued keep the end they were given. 404 `coupon_not_found`, `store_not_found`. */
export async function updateCoupon(
  db: Database,
  id: number,
  values: CouponValues,
  actor: string,
  now: Date,
): Promise<Coupon | Refusal> {
  const refused = await unknownStore(db, values.storeIds)
  if (refused) return refused
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
