// Customers' carts as reads and batchable statements: a change (new version, reminder due after the shop's delay),
// the end of open carts when an order comes, and the chunk of due reminders the job plans.
import { and, asc, eq, gt, lte, sql, type SQL } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { carts, lineAccounts, members } from '../../db/schema'
import type { ShopItem } from '../domain/triggers/kinds'

export const findCart = (db: Database, externalId: string) =>
  db.query.carts.findFirst({ where: eq(carts.externalId, externalId) })

export interface CartValues {
  externalId: string
  memberId: number
  items: ShopItem[]
  cartUrl: string | null
  remindAt: Date
}

/** Creates the cart or replaces its items as a new version: `open` with items (reminder due anew), else `emptied`. */
export function writeCart(db: Database, v: CartValues, now: Date) {
  const status = v.items.length > 0 ? 'open' : 'emptied'
  return db
    .insert(carts)
    .values({ ...v, status, remindAt: v.remindAt, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({
      target: carts.externalId,
      set: {
        items: v.items,
        cartUrl: v.cartUrl,
        status,
        remindAt: v.remindAt,
        version: sql`${carts.version} + 1`,
        updatedAt: now,
      },
    })
}

/** Ends a member's open carts (an order came): their reminders are not planned any more. */
export function closeOpenCarts(db: Database, memberId: number, now: Date, condition: SQL) {
  return db.run(sql`UPDATE carts SET status = 'ordered', updated_at = ${now.getTime()}
    WHERE member_id = ${memberId} AND status = 'open' AND ${condition}`)
}

/** Open carts whose reminder is due, after id `after`, with where the reminder goes and in which language. */
export function dueCarts(db: Database, now: Date, after: number, limit: number) {
  return db
    .select({
      id: carts.id,
      externalId: carts.externalId,
      version: carts.version,
      items: carts.items,
      cartUrl: carts.cartUrl,
      memberId: carts.memberId,
      name: members.name,
      language: members.language,
      lineUserId: lineAccounts.lineUserId,
    })
    .from(carts)
    .innerJoin(members, eq(members.id, carts.memberId))
    .leftJoin(lineAccounts, eq(lineAccounts.memberId, carts.memberId))
    .where(and(eq(carts.status, 'open'), lte(carts.remindAt, now), gt(carts.id, after)))
    .orderBy(asc(carts.id))
    .limit(limit)
}

/** Marks version `version` of a cart reminded, unless it changed or closed since it was read. */
export function markReminded(db: Database, id: number, version: number, now: Date) {
  return db.run(sql`UPDATE carts SET status = 'reminded', updated_at = ${now.getTime()}
    WHERE id = ${id} AND version = ${version} AND status = 'open'`)
}

/** True inside the batch once version `version` of the cart is the reminded one. */
export const remindedNow = (id: number, version: number): SQL =>
  sql`EXISTS (SELECT 1 FROM carts WHERE id = ${id} AND version = ${version} AND status = 'reminded')`
