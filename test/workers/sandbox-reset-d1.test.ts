// The demo reset inside workerd on D1 (as `npm run dev:worker` serves it): every table emptied children first, so D1's
// enforced foreign keys hold, and the demo shop seeded again in the same batch; the sandbox on Node is reset over HTTP.
import { env, exports } from 'cloudflare:workers'
import { count, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { openD1 } from '../../db/d1'
import { ledgerAllocations, members, pointLedger, reservations } from '../../db/schema'
import { seedDemoShop } from '../../db/seed'
import { addPoints } from '../../server/data/ledger'

const db = openD1(env.DB)
const now = new Date('2026-04-01T00:00:00Z')

beforeAll(() => seedDemoShop(db, now))

describe('POST /api/sandbox/reset on D1', () => {
  it('puts the demo shop back as seeded after points, edits and deletions', async () => {
    await addPoints(
      db,
      { memberId: 1, points: 300, idempotencyKey: 'd1-reset', actor: 'staff:1', expiresAt: new Date('2027-04-01') },
      now,
    )
    await db.update(members).set({ name: '書き換え' }).where(eq(members.id, 2))
    await db.delete(reservations)

    const res = await exports.default.fetch('http://localhost/api/sandbox/reset', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ confirm: true }),
    })
    expect(res.status).toBe(200)
    expect(await db.query.members.findFirst({ where: eq(members.id, 1) })).toMatchObject({ balance: 1700 })
    expect(await db.query.members.findFirst({ where: eq(members.id, 2) })).toMatchObject({ name: '佐藤 一郎' })
    expect((await db.select({ n: count() }).from(pointLedger))[0]!.n).toBe(4)
    expect((await db.select({ n: count() }).from(ledgerAllocations))[0]!.n).toBe(1)
    expect((await db.select({ n: count() }).from(reservations))[0]!.n).toBe(3)
  })
})
