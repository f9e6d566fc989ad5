// Stamp-card mode inside workerd on D1: a visit's stamp, the full card's reward coupon and a replay that adds nothing
// are written in the earn's own batch (its conditional statements read the batch's earlier writes on D1 too).
import { env } from 'cloudflare:workers'
import { and, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { openD1 } from '../../db/d1'
import { memberCoupons, stamps, type Staff } from '../../db/schema'
import { demo, seedDemoShop } from '../../db/seed'
import { saveSetting } from '../../server/data/settings'
import { openStamps } from '../../server/data/stamps'
import { memberNumberFor } from '../../server/domain/member-number'
import { earnPoints } from '../../server/usecases/earn'
import { defineCoupon } from '../support/coupons'
import { staffCashier } from '../../server/data/cashier'
import { useCaseContext } from './use-case-context'
import { seededClerk } from '../support/staff'

const db = openD1(env.DB)
let now = new Date('2026-04-01T01:00:00Z')
const clock = () => now
const ctx = useCaseContext(db, clock)
const memberId = demo.customerMemberId
let clerk: Staff

beforeAll(async () => {
  await seedDemoShop(db, now)
  clerk = await seededClerk(db)
})

describe('stamp cards on D1', () => {
  it('two visits on two days fill a two-stamp card: one reward coupon; a replay and a same-day visit add nothing', async () => {
    const reward = await defineCoupon(db, { title: 'D1 スタンプ特典' })
    await saveSetting(
      db,
      'stampCard',
      { enabled: true, stampsPerCard: 2, rewardCouponId: reward.id, onePerDay: true },
      'test',
      now,
    )
    ctx.settings.invalidate()
    const visit = (idempotencyKey: string) =>
      earnPoints(ctx, {
        memberNumber: memberNumberFor(memberId),
        cashier: staffCashier(clerk),
        storeId: clerk.storeId,
        purchaseAmount: 500,
        idempotencyKey,
      })
    expect(await visit('d1-stamp-1')).toMatchObject({ ok: true, replayed: false })
    expect(await visit('d1-stamp-1')).toMatchObject({ ok: true, replayed: true })
    expect(await visit('d1-stamp-2')).toMatchObject({ ok: true, replayed: false })
    expect(await openStamps(db, memberId)).toBe(1)
    now = new Date(now.getTime() + 86_400_000)
    expect(await visit('d1-stamp-3')).toMatchObject({ ok: true, replayed: false })
    const copies = await db
      .select()
      .from(memberCoupons)
      .where(and(eq(memberCoupons.couponId, reward.id), eq(memberCoupons.memberId, memberId)))
    expect(copies).toHaveLength(1)
    expect(copies[0]).toMatchObject({ source: 'stamps', status: 'issued' })
    expect(await openStamps(db, memberId)).toBe(0)
    expect(await db.$count(stamps, eq(stamps.memberCouponId, copies[0]!.id))).toBe(2)
  })
})
