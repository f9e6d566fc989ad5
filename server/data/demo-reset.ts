// Puts the demo shop back as first seeded (the sandbox's 「デモをリセット」): every row goes, then the seed, in one batch.
import { is, ne } from 'drizzle-orm'
import { getTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core'
import type { Database } from '../../db/client'
import * as schema from '../../db/schema'
import { demoShopStatements } from '../../db/seed'
import { richMenuSettingKey } from '../rich-menus/ids'

/** Every table, each before the tables it references, so deleting in this order never breaks a foreign key (D1). */
export function tablesChildrenFirst(): SQLiteTable[] {
  const left = (Object.values(schema) as unknown[]).filter((v): v is SQLiteTable => is(v, SQLiteTable))
  const parents = new Map(
    left.map((t) => [
      t,
      getTableConfig(t)
        .foreignKeys.map((fk) => fk.reference().foreignTable)
        .filter((p) => p !== t),
    ]),
  )
  const order: SQLiteTable[] = []
  while (left.length > 0) {
    // A table nothing left refers to can go now.
    const free = left.filter((t) => !left.some((other) => parents.get(other)!.includes(t)))
    if (free.length === 0) throw new Error('foreign keys form a cycle')
    for (const t of free) {
      order.push(t)
      left.splice(left.indexOf(t), 1)
    }
  }
  return order
}

/**
 * Deletes every row (but the rich menu ids: the menus belong to the LINE channel, which a reset keeps) and seeds the
 * demo shop anew with `now` as its day, atomically.
 */
export async function resetDemoShop(db: Database, now: Date): Promise<void> {
  const deletes = tablesChildrenFirst().map((t) =>
    t === schema.settings
      ? db.delete(schema.settings).where(ne(schema.settings.key, richMenuSettingKey))
      : db.delete(t),
  )
  await db.batch([...deletes, ...demoShopStatements(db, now)] as unknown as Parameters<Database['batch']>[0])
}
