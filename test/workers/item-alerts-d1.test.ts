// The item alert job inside workerd on D1: a price drop for more savers than one invocation's budget covers is
// recorded by the use case at once and told over several invocations, with batches that fail now and then, each saver
// once, and their saved prices lowered.
import { env } from 'cloudflare:workers'
import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { openD1 } from '../../db/d1'
import { savedItems } from '../../db/schema'
import { seedDemoShop } from '../../db/seed'
import { loadConfig } from '../../server/config'
import { registerMember } from '../../server/data/linking'
import { planItemAlerts } from '../../server/jobs/item-alerts'
import { applyItemEvent } from '../../server/usecases/saved-items'
import { jobDeps, registration } from '../support/job-deps'
import { crashingBatches } from '../support/job-scale'

const db = openD1(env.DB)
const config = loadConfig(env as unknown as Record<string, unknown>)
const now = new Date('2026-12-02T12:00:00+09:00')
const deps = jobDeps(config, db, () => now)
const savers = 45
const item = { name: 'ランプ', priceYen: 3000, url: 'https://shop.example.jp/items/lamp' }

const count = async (query: ReturnType<typeof sql>) => (await db.all<{ n: number }>(query))[0]!.n

describe('item alert job on D1', () => {
  it('records a price drop at once and tells every saver once, across invocations and failed batches', async () => {
    await seedDemoShop(db, now)
    for (let i = 0; i < savers; i++) {
      const member = await registerMember(db, registration(`U${String(i).padStart(32, 'e')}`), now)
      if (!('memberId' in member)) throw new Error(member.message)
      await db.insert(savedItems).values({ itemId: 'lamp', memberId: member.memberId, ...item, createdAt: now })
    }
    const drop = { itemId: 'lamp', kind: 'price_drop' as const, eventId: 'sale-1', bodyHash: 'h', actor: 'apikey:1' }
    const applied = await applyItemEvent(deps, { ...drop, item: { ...item, priceYen: 2500 }, previousPriceYen: 3000 })
    expect(applied).toEqual({ ok: true, replayed: false, queued: true })
    expect(await count(sql`SELECT count(*) AS n FROM deliveries WHERE kind = 'item_alert'`)).toBe(0)

    const failing = crashingBatches(db, 3)
    let invocations = 0
    let crashed = 0
    for (let done = false; !done; invocations++) {
      try {
        done = (await planItemAlerts(failing, now, { steps: 2, rowsPerStep: 10 })).done
      } catch {
        crashed++
      }
    }
    expect(invocations).toBeGreaterThan(2)
    expect(crashed).toBeGreaterThan(0)
    expect(
      await count(sql`SELECT count(*) AS n FROM deliveries WHERE dedupe_key LIKE 'item:lamp:price_drop:sale-1:%'`),
    ).toBe(savers)
    expect(await count(sql`SELECT count(DISTINCT line_user_id) AS n FROM deliveries WHERE kind = 'item_alert'`)).toBe(
      savers,
    )
    expect(await count(sql`SELECT count(*) AS n FROM saved_items WHERE item_id = 'lamp' AND price_yen = 2500`)).toBe(
      savers,
    )
    expect(await count(sql`SELECT planned AS n FROM item_alerts WHERE done_at IS NOT NULL`)).toBe(savers)
    expect(
      await count(
        sql`SELECT json_extract(detail, '$.recipients') AS n FROM audit_log WHERE action = 'item.alert_planned'`,
      ),
    ).toBe(savers)
  })
})
