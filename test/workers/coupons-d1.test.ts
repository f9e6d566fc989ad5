// Coupons inside workerd on D1: of concurrent scans one redeems (the conditional UPDATE's change count, as D1
// reports it), a reversal restores the coupon, and a points exchange is atomic with the ledger.
import { env } from 'cloudflare:workers'
import { eq, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { openD1 } from '../../db/d1'
import { memberCoupons, pointLedger, type Staff } from '../../db/schema'
import { demo, seedDemoShop } from '../../db/seed'
import { loadConfig } from '../../server/config'
import { signCouponToken } from '../../server/domain/coupon'
import { exchangeReward } from '../../server/usecases/coupon-exchange'
import { issueCoupon } from '../../server/usecases/coupon-issue'
import { redeemCoupon } from '../../server/usecases/coupon-redeem'
import { reverseCouponRedemption } from '../../server/usecases/coupon-reverse'
import { couponViolations, noCouponViolations } from '../support/coupon-invariants'
import { defineCoupon } from '../support/coupons'
import { seededAdmin, seededClerk } from '../support/staff'
import { memberBalance } from '../support/ledger-reads'

const db = openD1(env.DB)
const now = new Date('2026-04-01T00:00:00Z')
const ctx = { db, config: loadConfig(env), clock: () => now }
const memberId = demo.customerMemberId
let clerk: Staff
let admin: Staff

beforeAll(async () => {
  await seedDemoShop(db, now)
  clerk = await seededClerk(db)
  admin = await seededAdmin(db)
})

describe('coupons on D1', () => {
  it('redeems once under concurrent scans, and the reversal makes the coupon usable again', async () => {
    const coupon = await defineCoupon(db)
    const issued = await issueCoupon(ctx, {
      couponId: coupon.id,
      memberId,
      issueKey: 'd1-issue-1',
      source: 'admin',
      actor: 'admin:1',
    })
    if (!issued.ok) throw new Error(issued.message)
    const token = signCouponToken(ctx.config.cardKeys, issued.copy.id, now).value
    const scans = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        redeemCoupon(ctx, { token, staff: clerk, storeId: clerk.storeId, idempotencyKey: `d1-scan-${i}` }),
      ),
    )
    const won = scans.filter((s) => s.ok)
    expect(won).toHaveLength(1)
    expect(scans.filter((s) => !s.ok).map((s) => !s.ok && s.refusal)).toEqual(Array(4).fill('coupon_used'))
    const redemptionId = won[0]!.ok ? won[0]!.redemption.id : 0
    expect(await reverseCouponRedemption(ctx, { redemptionId, staff: admin, reason: '誤操作' })).toMatchObject({
      ok: true,
      copy: { status: 'issued' },
    })
    const fresh = signCouponToken(ctx.config.cardKeys, issued.copy.id, now).value
    expect(
      await redeemCoupon(ctx, { token: fresh, staff: clerk, storeId: clerk.storeId, idempotencyKey: 'd1-scan-9' }),
    ).toMatchObject({ ok: true })
    expect(await couponViolations(db)).toEqual(noCouponViolations)
  })

  it('exchanges points for a reward atomically: a failure at the coupon writes no ledger row', async () => {
    const reward = await defineCoupon(db, { pointsPrice: 200 })
    const balance = () => memberBalance(db, memberId)
    const start = await balance()
    const rows = await db.$count(pointLedger)
    await db.run(
      sql`CREATE TRIGGER fail_copy BEFORE INSERT ON member_coupons BEGIN SELECT RAISE(ABORT, 'injected failure'); END`,
    )
    try {
      await expect(exchangeReward(ctx, { memberId, couponId: reward.id, idempotencyKey: 'd1-x-1' })).rejects.toThrow()
    } finally {
      await db.run(sql`DROP TRIGGER fail_copy`)
    }
    expect(await balance()).toBe(start)
    expect(await db.$count(pointLedger)).toBe(rows)
    expect(await exchangeReward(ctx, { memberId, couponId: reward.id, idempotencyKey: 'd1-x-1' })).toMatchObject({
      ok: true,
      balance: start - 200,
    })
    expect(await db.$count(memberCoupons, eq(memberCoupons.couponId, reward.id))).toBe(1)
  })
})
