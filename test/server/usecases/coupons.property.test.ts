import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { openLibsql } from '../../../db/client'
import { restoreMigrated } from '../../support/migrated-template'
import { seedDemoShop } from '../../../db/seed'
import { loadConfig } from '../../../server/config'
import { signCouponToken } from '../../../server/domain/coupon'
import { exchangeReward } from '../../../server/usecases/coupon-exchange'
import { expireCoupons } from '../../../server/usecases/coupon-expire'
import { issueCoupon } from '../../../server/usecases/coupon-issue'
import { redeemCoupon } from '../../../server/usecases/coupon-redeem'
import { reverseCouponRedemption } from '../../../server/usecases/coupon-reverse'
import { couponViolations, noCouponViolations } from '../../support/coupon-invariants'
import { defineCoupon } from '../../support/coupons'
import { ledgerViolations, noViolations } from '../../support/ledger-invariants'

const day = 86_400_000
const op = fc.oneof(
  fc.record({
    kind: fc.constant('issue' as const),
    member: fc.constantFrom(1, 2),
    key: fc.integer({ min: 0, max: 5 }),
  }),
  fc.record({
    kind: fc.constant('exchange' as const),
    member: fc.constantFrom(1, 2),
    key: fc.integer({ min: 0, max: 5 }),
  }),
  fc.record({ kind: fc.constant('redeem' as const), copy: fc.nat(8), scans: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant('reverse' as const), nth: fc.nat(8) }),
  fc.record({ kind: fc.constant('wait' as const), days: fc.integer({ min: 1, max: 4 }) }),
)

describe('coupons for any sequence of issues, exchanges, concurrent scans, reversals and expiry', () => {
  it('keeps the limits, one standing redemption per used copy and none otherwise, and the ledger invariants', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 20 }), async (ops) => {
        let now = new Date('2026-11-23T03:00:00Z').getTime()
        const database = openLibsql(':memory:')
        await restoreMigrated(database.db)
        await seedDemoShop(database.db, new Date(now))
        const db = database.db
        const ctx = { db, config: loadConfig({ LINE_SANDBOX: 'on' }), clock: () => new Date(now) }
        const staff = (await db.query.staff.findMany()).find((s) => s.role === 'admin')!
        const coupon = await defineCoupon(db, { perMemberLimit: 2, totalLimit: 3, validDays: 5 })
        const reward = await defineCoupon(db, { pointsPrice: 150, perMemberLimit: 2, totalLimit: 3 })
        const redemptions: number[] = []
        try {
          for (const o of ops) {
            if (o.kind === 'issue') {
              const issueKey = `p:${o.member}:${o.key}`
              await issueCoupon(ctx, {
                couponId: coupon.id,
                memberId: o.member,
                issueKey,
                source: 'admin',
                actor: 'admin:1',
              })
            } else if (o.kind === 'exchange') {
              const input = { memberId: o.member, couponId: reward.id, idempotencyKey: `p-${o.key}` }
              await exchangeReward(ctx, input).catch((err: { code?: string }) => {
                if (err.code !== 'insufficient_points') throw err
              })
            } else if (o.kind === 'redeem') {
              const copies = await db.query.memberCoupons.findMany()
              const copy = copies[o.copy % Math.max(1, copies.length)]
              if (!copy) continue
              const token = signCouponToken(ctx.config.cardKeys, copy.id, new Date(now)).value
              const scans = await Promise.all(
                Array.from({ length: o.scans }, () =>
                  redeemCoupon(ctx, { token, staff, storeId: null, idempotencyKey: crypto.randomUUID() }),
                ),
              )
              const won = scans.filter((s) => s.ok)
              expect(won.length).toBeLessThanOrEqual(1)
              for (const w of won) if (w.ok) redemptions.push(w.redemption.id)
            } else if (o.kind === 'reverse') {
              const id = redemptions[o.nth % Math.max(1, redemptions.length)]
              if (id !== undefined) await reverseCouponRedemption(ctx, { redemptionId: id, staff, reason: 'p' })
            } else {
              now += o.days * day
              await expireCoupons(ctx)
            }
            expect(await couponViolations(db)).toEqual(noCouponViolations)
          }
          expect(await ledgerViolations(db)).toEqual(noViolations)
        } finally {
          database.close()
        }
      }),
      { numRuns: 25 },
    )
  })
})
