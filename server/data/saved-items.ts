// Items customers saved, as reads and batchable statements: save or forget one, the savers an item's restock or price
// drop is told to, and the price they saw moved down with the drop.
import { and, eq, gt, sql } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { lineAccounts, members, savedItems } from '../../db/schema'
import type { ShopItem } from '../domain/triggers/kinds'

export function saveItem(db: Database, memberId: number, itemId: string, item: ShopItem, now: Date) {
  const values = { name: item.name, imageUrl: item.imageUrl ?? null, url: item.url, priceYen: item.priceYen }
  return db
    .insert(savedItems)
    .values({ itemId, memberId, ...values, createdAt: now })
    .onConflictDoUpdate({ target: [savedItems.itemId, savedItems.memberId], set: values })
}

export const forgetItem = (db: Database, memberId: number, itemId: string) =>
  db.delete(savedItems).where(and(eq(savedItems.itemId, itemId), eq(savedItems.memberId, memberId)))

/**
 * Active members who saved `itemId` and can be messaged: all of them for a restock, for a price drop those who saw
 * a higher price than `priceYen`.
 */
export function itemSavers(db: Database, itemId: string, priceDropTo: number | null) {
  return db
    .select({ memberId: members.id, name: members.name, language: members.language, lineUserId: lineAccounts.lineUserId })
    .from(savedItems)
    .innerJoin(members, and(eq(members.id, savedItems.memberId), eq(members.status, 'active')))
    .innerJoin(lineAccounts, eq(lineAccounts.memberId, members.id))
    .where(
      and(eq(savedItems.itemId, itemId), priceDropTo === null ? undefined : gt(savedItems.priceYen, priceDropTo)),
    )
}

/** After a price drop the savers' price is the new one, so only a further drop is told again. */
export const lowerSavedPrice = (db: Database, itemId: string, priceYen: number) =>
  db
    .update(savedItems)
    .set({ priceYen: sql`min(${savedItems.priceYen}, ${priceYen})` })
    .where(eq(savedItems.itemId, itemId))
