// Items customers saved, as batchable statements: save or forget one (the savers an alert is told to, and the prices
// a drop lowers, are read and written by server/data/item-alerts.ts).
import { and, eq } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { savedItems } from '../../db/schema'
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
