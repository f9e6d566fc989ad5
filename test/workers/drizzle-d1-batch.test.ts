// Contract of db/driver/drizzle-d1-batch.ts with the pinned drizzle-orm: its D1 batch still breaks on raw items (so the
// adapter is still needed), and with the adapter a batch of raw and built items runs as one unit.
import { env } from 'cloudflare:workers'
import { sql } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/d1'
import { describe, expect, it } from 'vitest'
import { bindRawBatchItems } from '../../db/driver/drizzle-d1-batch'

describe('drizzle D1 batch adapter', () => {
  it('is still needed: drizzle alone cannot bind a raw item in a D1 batch (drizzle-team/drizzle-orm#2277)', async () => {
    const db = drizzle(env.DB)
    const table = sql.raw('contract_unpatched')
    await db.run(sql`CREATE TABLE IF NOT EXISTS ${table} (n INTEGER NOT NULL)`)
    await expect(db.batch([db.run(sql`INSERT INTO ${table} (n) VALUES (${1})`)])).rejects.toThrow(/bind/)
  })

  it('runs raw items with their parameters, and rolls the whole batch back when one item fails', async () => {
    const db = bindRawBatchItems(drizzle(env.DB), env.DB)
    const table = sql.raw('contract_patched')
    await db.run(sql`CREATE TABLE IF NOT EXISTS ${table} (n INTEGER NOT NULL CHECK (n > 0))`)
    await db.run(sql`DELETE FROM ${table}`)
    await db.batch([
      db.run(sql`INSERT INTO ${table} (n) VALUES (${1})`),
      db.run(sql`INSERT INTO ${table} (n) VALUES (${2})`),
    ])
    await expect(
      db.batch([
        db.run(sql`INSERT INTO ${table} (n) VALUES (${3})`),
        db.run(sql`INSERT INTO ${table} (n) VALUES (${0})`),
      ]),
    ).rejects.toThrow()
    const rows = await db.all<{ n: number }>(sql`SELECT n FROM ${table} ORDER BY n`)
    expect(rows.map((r) => r.n)).toEqual([1, 2])
  })
})
