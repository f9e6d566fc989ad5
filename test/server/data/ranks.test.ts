import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { auditLog, domainEvents, members } from '../../../db/schema'
import { addPoints, reverseEntry } from '../../../server/data/ledger'
import { refreshAllRanks, refreshMemberRank } from '../../../server/data/ranks'
import { defaultRankTiers } from '../../../server/domain/ranks'
import { testAppPerTest } from '../../support/test-app'

const day = 86_400_000

describe('ranks', () => {
  const t = testAppPerTest()

  const rankOf = async (id: number) => (await t.db.query.members.findFirst({ where: eq(members.id, id) }))!.rank
  const purchase = (key: string, memberId: number, amount: number) =>
    addPoints(t.db, { memberId, idempotencyKey: key, actor: 'staff:1', points: 1, purchaseAmount: amount, expiresAt: new Date(t.clock.now.getTime() + 300 * day) }, t.clock.now)

  it('promotes a member when 12-month spend crosses a tier, and records the change', async () => {
    await purchase('p1', 2, 29_000) // member 2's seed points were migrated, not bought
    expect(await refreshMemberRank(t.db, 2, defaultRankTiers, t.clock.now)).toBeNull()
    await purchase('p2', 2, 1_000)
    expect(await refreshMemberRank(t.db, 2, defaultRankTiers, t.clock.now)).toEqual({ from: 'regular', to: 'silver' })
    expect(await rankOf(2)).toBe('silver')
    const [entry] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'rank.changed'))
    expect(entry).toMatchObject({ target: 'member:2', detail: { from: 'regular', to: 'silver' } })
    const events = await t.db.select().from(domainEvents)
    expect(events).toMatchObject([{ kind: 'rank.changed', memberId: 2, payload: { from: 'regular', to: 'silver' }, consumedAt: null }])
    // Refreshes that change nothing write no second event (the event copies the audit entry its batch just wrote).
    expect(await refreshMemberRank(t.db, 2, defaultRankTiers, t.clock.now)).toBeNull()
    await purchase('p3', 2, 1_000)
    expect(await refreshMemberRank(t.db, 2, defaultRankTiers, t.clock.now)).toBeNull()
    expect(await t.db.$count(domainEvents)).toBe(1)
  })

  it('does not count reversed purchases', async () => {
    const p = await purchase('p1', 2, 40_000)
    await reverseEntry(t.db, { entryId: p.entry.id, idempotencyKey: 'r1', actor: 'staff:2' }, t.clock.now)
    await refreshMemberRank(t.db, 2, defaultRankTiers, t.clock.now)
    expect(await rankOf(2)).toBe('regular')
  })

  it('demotes everyone whose spend left the 12-month window in the daily run', async () => {
    // Seed: member 1 is gold with ¥80,000 + ¥53,400 of purchases, but the ¥80,000 one is 345 days old.
    expect(await refreshAllRanks(t.db, defaultRankTiers, t.clock.now)).toBe(0)
    t.clock.advance(21 * day)
    expect(await refreshAllRanks(t.db, defaultRankTiers, t.clock.now)).toBe(1)
    expect(await rankOf(1)).toBe('silver')
    expect(await refreshAllRanks(t.db, defaultRankTiers, t.clock.now)).toBe(0)
    const events = await t.db.select().from(domainEvents)
    expect(events).toMatchObject([{ kind: 'rank.changed', memberId: 1, payload: { from: 'gold', to: 'silver' } }])
  })
})
