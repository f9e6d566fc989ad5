import { eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { pointLedger } from '../../../db/schema'
import { reverseEntry, spendPoints } from '../../../server/data/ledger'
import { expireDueLots } from '../../../server/data/point-expiry'
import { ledgerViolations, noViolations } from '../../support/ledger-invariants'
import { createTestApp, testAppPerSuite } from '../../support/test-app'
import { memberBalance } from '../../support/ledger-reads'

describe('expireDueLots', () => {
  const t = testAppPerSuite()

  const balanceOf = (id: number) => memberBalance(t.db, id)
  const ledgerSum = async (id: number) =>
    Number((await t.db.select({ s: sql<number>`sum(${pointLedger.points})` }).from(pointLedger).where(eq(pointLedger.memberId, id)))[0]!.s)

  it('does nothing before a lot expires', async () => {
    expect(await expireDueLots(t.db, t.clock.now)).toEqual({ lots: 0, points: 0 })
  })

  it('expires what is left of each due lot once, even when runs overlap', async () => {
    const at = new Date(t.clock.now.getTime() + 21 * 86_400_000)
    const runs = await Promise.all([expireDueLots(t.db, at), expireDueLots(t.db, at), expireDueLots(t.db, at)])
    expect(runs.reduce((n, r) => n + r.lots, 0)).toBeGreaterThanOrEqual(1)
    const expiries = await t.db.select().from(pointLedger).where(eq(pointLedger.kind, 'expire'))
    expect(expiries).toHaveLength(1)
    expect(expiries[0]).toMatchObject({ memberId: 1, points: -900, idempotencyKey: expect.stringMatching(/^expire:1:[0-9a-f-]{36}$/) })
    expect(await balanceOf(1)).toBe(800)
    expect(await ledgerSum(1)).toBe(800)
    expect(await expireDueLots(t.db, at)).toEqual({ lots: 0, points: 0 })
  })
})

describe('expireDueLots after a reversal puts points back into an expired lot', () => {
  it('expires the returned points too, keeping the balance equal to the ledger', async () => {
    const t = await createTestApp()
    try {
      const redeem = await spendPoints(t.db, { memberId: 1, idempotencyKey: 'r-1', actor: 'staff:1', points: 1 }, t.clock.now)
      const at = new Date(t.clock.now.getTime() + 21 * 86_400_000)
      await expireDueLots(t.db, at)
      await reverseEntry(t.db, { entryId: redeem.entry.id, idempotencyKey: 'rev-1', actor: 'staff:2' }, at)
      expect(await expireDueLots(t.db, at)).toEqual({ lots: 1, points: 1 })
      expect(await t.db.$count(pointLedger, eq(pointLedger.kind, 'expire'))).toBe(2)
      expect(await ledgerViolations(t.db)).toEqual(noViolations)
    } finally {
      await t.close()
    }
  })
})
