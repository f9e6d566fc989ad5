// What the default terms and privacy policy are filled from: the shop's name, its first store, its settings.
import { asc } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { stores } from '../../db/schema'
import { loadSettings, type ShopSettings } from '../data/settings'

export interface ShopFacts {
  shopName: string
  /** The first store: its address and phone stand in for the operator's until the shop writes its own. */
  store: { name: string; address: string | null; phone: string | null } | null
  settings: ShopSettings
}

export async function loadShopFacts(db: Database, shopName: string): Promise<ShopFacts> {
  const [settings, [store]] = await Promise.all([
    loadSettings(db),
    db
      .select({ name: stores.name, address: stores.address, phone: stores.phone })
      .from(stores)
      .orderBy(asc(stores.id))
      .limit(1),
  ])
  return { shopName, store: store ?? null, settings }
}
