// A member's EC data (issue #18 commerce tables) under the data rights: what the export lists (orders, carts, saved
// items, tags) and the statements that erase it on deletion (carts, saved items and tags go; orders stay for the
// shop's counts but no longer name the member or their LINE account).
import { asc, eq, or, sql, type SQL } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { carts, memberTags, orders, savedItems } from '../../db/schema'

/** The member's orders (also those the EC site reported for their LINE account), carts, saved items and tags. */
export async function commerceDataOf(db: Database, memberId: number, lineUserId: string) {
  const [orderRows, cartRows, saved, tags] = await Promise.all([
    db
      .select({
        orderId: orders.externalId,
        status: orders.status,
        totalYen: orders.totalYen,
        trackingUrl: orders.trackingUrl,
        createdAt: orders.createdAt,
        updatedAt: orders.updatedAt,
      })
      .from(orders)
      .where(or(eq(orders.memberId, memberId), eq(orders.lineUserId, lineUserId)))
      .orderBy(asc(orders.id)),
    db
      .select({
        cartId: carts.externalId,
        items: carts.items,
        cartUrl: carts.cartUrl,
        status: carts.status,
        createdAt: carts.createdAt,
        updatedAt: carts.updatedAt,
      })
      .from(carts)
      .where(eq(carts.memberId, memberId))
      .orderBy(asc(carts.id)),
    db
      .select({
        itemId: savedItems.itemId,
        name: savedItems.name,
        url: savedItems.url,
        imageUrl: savedItems.imageUrl,
        priceYen: savedItems.priceYen,
        createdAt: savedItems.createdAt,
      })
      .from(savedItems)
      .where(eq(savedItems.memberId, memberId))
      .orderBy(asc(savedItems.createdAt)),
    db
      .select({ name: memberTags.name, value: memberTags.value, setAt: memberTags.setAt })
      .from(memberTags)
      .where(eq(memberTags.memberId, memberId))
      .orderBy(asc(memberTags.name)),
  ])
  return { orders: orderRows, carts: cartRows, savedItems: saved, tags }
}

/**
 * Erasing the member's EC data, each statement applying only when `active` holds (the deletion's own condition). Goes
 * before the deletion unlinks their LINE accounts: orders reported for those accounts are found through them.
 */
export function commerceErasure(db: Database, memberId: number, active: SQL, at: number) {
  return [
    db.run(sql`UPDATE orders SET member_id = NULL, line_user_id = NULL, tracking_url = NULL, updated_at = ${at}
      WHERE (member_id = ${memberId}
        OR line_user_id IN (SELECT line_user_id FROM line_accounts WHERE member_id = ${memberId})) AND ${active}`),
    db.run(sql`DELETE FROM carts WHERE member_id = ${memberId} AND ${active}`),
    db.run(sql`DELETE FROM saved_items WHERE member_id = ${memberId} AND ${active}`),
    // Tags and attributes the shop's systems set are personal data too.
    db.run(sql`DELETE FROM member_tags WHERE member_id = ${memberId} AND ${active}`),
  ] as const
}
