// What `npm run dev:worker` does to wrangler's local D1, against a real one in a temporary --persist-to directory.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { count, eq } from 'drizzle-orm'
import { afterAll, describe, expect, it } from 'vitest'
import * as schema from '../../../db/schema'
import { demo, seedDemoShop } from '../../../db/seed'
import { migrateLocalD1, openLocalD1 } from '../../../server/cli/local-d1'

const persistTo = mkdtempSync(join(tmpdir(), 'tsunagu-local-d1-'))
afterAll(() => rmSync(persistTo, { recursive: true, force: true }))

describe('local D1 for wrangler dev', () => {
  it('takes the migrations through wrangler and the demo shop through the platform proxy, once', async () => {
    await migrateLocalD1({ persistTo })
    const local = await openLocalD1({ persistTo })
    try {
      expect(await seedDemoShop(local.db, new Date('2026-12-01T00:00:00Z'))).toBe(true)
      expect(await seedDemoShop(local.db)).toBe(false)
      const customer = await local.db.query.members.findFirst({ where: eq(schema.members.id, demo.customerMemberId) })
      expect(customer?.balance).toBe(1700)
      const [stores] = await local.db.select({ n: count() }).from(schema.stores)
      expect(stores?.n).toBe(2)
    } finally {
      await local.dispose()
    }
  }, 120_000)
})
