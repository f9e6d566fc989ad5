import { and, eq, isNull } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { auditLog, memberCoupons, members, stamps, type Staff } from '../../../db/schema'
import { memberNumberFor } from '../../../server/domain/member-number'
import { openStamps } from '../../../server/data/stamps'
import { earnPoints } from '../../../server/usecases/earn'
import { reverseTransaction } from '../../../server/usecases/reverse'
import { defineCoupon } from '../../support/coupons'
import { testAppPerSuite } from '../../support/test-app'
import { staffCashier } from '../../../server/data/cashier'
import { seededAdmin, seededClerk } from '../../support/staff'

describe('stamp-card mode', () => {
  const t = testAppPerSuite()
  let clerk: Staff
  let admin: Staff
  let rewardId: number
  const day = 86_400_000
  const key = () => crypto.randomUUID()
  beforeAll(async () => {
    clerk = await seededClerk(t.db)
    admin = await seededAdmin(t.db)
    await t.db
      .insert(members)
      .values([3, 4, 5].map((id) => ({ id, memberNumber: memberNumberFor(id), name: `会員 ${id}`, homeStoreId: 1 })))
    rewardId = (
      await defineCoupon(t.db, {
        title: 'ドリンク1杯無料',
        benefitKind: 'free_item',
        freeItem: 'ドリンク',
        benefitValue: null,
      })
    ).id
  })

  const useStampCard = async (stampCard: { stampsPerCard: number; onePerDay: boolean; enabled?: boolean }) => {
    await t.changeSetting('stampCard', { enabled: true, rewardCouponId: rewardId, ...stampCard })
  }
  const numberOf = async (id: number) =>
    (await t.db.query.members.findFirst({ where: eq(members.id, id) }))!.memberNumber
  const visit = async (memberId: number, idempotencyKey = key(), by = clerk) =>
    earnPoints(t.deps, {
      memberNumber: await numberOf(memberId),
      cashier: staffCashier(by),
      storeId: by.storeId,
      purchaseAmount: 1000,
      idempotencyKey,
    })
  const rewards = (memberId: number) =>
    t.db.$count(memberCoupons, and(eq(memberCoupons.memberId, memberId), eq(memberCoupons.couponId, rewardId)))

  it('gives no stamp while the mode is off (the default)', async () => {
    expect(await visit(2)).toMatchObject({ ok: true })
    expect(await t.db.$count(stamps)).toBe(0)
  })

  it('N visits on N days give N stamps and one reward coupon, closing the card', async () => {
    await useStampCard({ stampsPerCard: 3, onePerDay: true })
    for (let i = 0; i < 3; i++) {
      expect(await rewards(1)).toBe(0)
      expect(await visit(1)).toMatchObject({ ok: true, replayed: false })
      t.clock.advance(day)
    }
    expect(await rewards(1)).toBe(1)
    expect(await openStamps(t.db, 1)).toBe(0)
    const closed = await t.db.select().from(stamps).where(eq(stamps.memberId, 1))
    expect(closed).toHaveLength(3)
    const [copy] = await t.db.select().from(memberCoupons).where(eq(memberCoupons.couponId, rewardId))
    expect(copy).toMatchObject({ memberId: 1, source: 'stamps', status: 'issued' })
    expect(new Set(closed.map((s) => s.memberCouponId))).toEqual(new Set([copy!.id]))
    expect(await t.db.$count(auditLog, eq(auditLog.actor, 'system:stamps'))).toBe(1)
    // The next visit starts a new card.
    expect(await visit(1)).toMatchObject({ ok: true })
    expect(await openStamps(t.db, 1)).toBe(1)
  })

  it('a second visit the same day at the same store earns points but no stamp', async () => {
    await useStampCard({ stampsPerCard: 10, onePerDay: true })
    t.clock.advance(day)
    expect(await visit(3)).toMatchObject({ ok: true })
    const second = await visit(3)
    expect(second).toMatchObject({ ok: true, replayed: false, entry: { points: expect.any(Number) } })
    expect(await openStamps(t.db, 3)).toBe(1)
    t.clock.advance(day)
    expect(await visit(3)).toMatchObject({ ok: true })
    expect(await openStamps(t.db, 3)).toBe(2)
  })

  it('without the daily limit every visit stamps; a replayed receipt gives no extra stamp or coupon', async () => {
    await useStampCard({ stampsPerCard: 2, onePerDay: false })
    const k = key()
    expect(await visit(4, k)).toMatchObject({ replayed: false })
    expect(await visit(4, k)).toMatchObject({ ok: true, replayed: true })
    expect(await openStamps(t.db, 4)).toBe(1)
    const filling = key()
    expect(await visit(4, filling)).toMatchObject({ replayed: false })
    expect(await visit(4, filling)).toMatchObject({ replayed: true })
    expect(await rewards(4)).toBe(1)
    expect(await openStamps(t.db, 4)).toBe(0)
  })

  it('reversing a visit takes its stamp back while the card is open; an issued reward coupon stands', async () => {
    await useStampCard({ stampsPerCard: 2, onePerDay: true })
    t.clock.advance(day)
    const first = await visit(5)
    if (!first.ok) throw new Error('no earn')
    const reversal = { cashier: staffCashier(admin), reason: '打ち間違い', idempotencyKey: key() }
    expect(await reverseTransaction(t.deps, { ...reversal, entryId: first.entry.id })).toMatchObject({ ok: true })
    expect(await openStamps(t.db, 5)).toBe(0)
    // The day's stamp is free again: a corrected visit the same day stamps.
    expect(await visit(5)).toMatchObject({ ok: true })
    t.clock.advance(day)
    const filling = await visit(5)
    if (!filling.ok) throw new Error('no earn')
    expect(await rewards(5)).toBe(1)
    expect(
      await reverseTransaction(t.deps, { ...reversal, idempotencyKey: key(), entryId: filling.entry.id }),
    ).toMatchObject({ ok: true })
    expect(await rewards(5)).toBe(1)
    expect(await t.db.$count(stamps, and(eq(stamps.memberId, 5), isNull(stamps.memberCouponId)))).toBe(0)
    expect(await t.db.$count(stamps, eq(stamps.memberId, 5))).toBe(2)
  })
})
