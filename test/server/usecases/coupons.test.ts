import { and, eq, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { auditLog, deliveries, memberCoupons, pointLedger, type Staff } from '../../../db/schema'
import { signCouponToken } from '../../../server/domain/coupon'
import { exchangeReward } from '../../../server/usecases/coupon-exchange'
import { expireCoupons } from '../../../server/usecases/coupon-expire'
import { issueCoupon } from '../../../server/usecases/coupon-issue'
import { redeemCoupon } from '../../../server/usecases/coupon-redeem'
import { reverseCouponRedemption } from '../../../server/usecases/coupon-reverse'
import { couponViolations, noCouponViolations } from '../../support/coupon-invariants'
import { defineCoupon } from '../../support/coupons'
import { ledgerViolations, noViolations } from '../../support/ledger-invariants'
import { testAppPerSuite } from '../../support/test-app'
import { seededAdmin, seededClerk } from '../../support/staff'
import { memberBalance } from '../../support/ledger-reads'

describe('coupon use cases', () => {
  const t = testAppPerSuite()
  let clerk: Staff
  let admin: Staff
  const key = () => crypto.randomUUID()
  beforeAll(async () => {
    clerk = await seededClerk(t.db)
    admin = await seededAdmin(t.db)
  })

  const balance = (id = 1) => memberBalance(t.db, id)
  const issue = (couponId: number, memberId = 1, issueKey = `admin:1:${key()}`) =>
    issueCoupon(t.deps, { couponId, memberId, issueKey, source: 'admin', actor: 'admin:1' })
  const token = (copyId: number) => signCouponToken(t.config.cardKeys, copyId, t.clock.now).value
  const redeem = (copyId: number, by: Staff = clerk, idempotencyKey = key()) =>
    redeemCoupon(t.deps, { token: token(copyId), staff: by, storeId: by.storeId, idempotencyKey })

  it('issues a copy once per key, with its audit entry and a LINE message linking to it', async () => {
    const coupon = await defineCoupon(t.db, { validDays: 30, perMemberLimit: 2 })
    const issueKey = `admin:1:${key()}`
    const first = await issue(coupon.id, 1, issueKey)
    const again = await issue(coupon.id, 1, issueKey)
    expect(first).toMatchObject({ ok: true, replayed: false, copy: { status: 'issued', memberId: 1 } })
    expect(again).toMatchObject({ ok: true, replayed: true })
    expect(first.ok && first.copy.expiresAt?.getTime()).toBe(t.clock.now.getTime() + 30 * 86_400_000)
    expect(await t.db.$count(memberCoupons, eq(memberCoupons.issueKey, issueKey))).toBe(1)
    expect(await t.db.$count(auditLog, eq(auditLog.action, 'coupon.issued'))).toBe(1)
    const [message] = await t.db
      .select()
      .from(deliveries)
      .where(eq(deliveries.dedupeKey, `coupon-issued:${issueKey}`))
    expect(JSON.stringify(message!.messages)).toContain(`/coupons?c=${coupon.id}`)
    expect(message!.holdInQuietHours).toBe(true)
  })

  it('refuses past the per-member and total limits with their codes', async () => {
    const perMember = await defineCoupon(t.db, { perMemberLimit: 1 })
    expect(await issue(perMember.id)).toMatchObject({ ok: true })
    expect(await issue(perMember.id)).toMatchObject({ ok: false, refusal: 'coupon_limit_reached' })
    const scarce = await defineCoupon(t.db, { totalLimit: 1 })
    expect(await issue(scarce.id, 1)).toMatchObject({ ok: true })
    expect(await issue(scarce.id, 2)).toMatchObject({ ok: false, refusal: 'coupon_sold_out' })
    const ended = await defineCoupon(t.db, { validUntil: new Date(t.clock.now.getTime() - 1) })
    expect(await issue(ended.id)).toMatchObject({ ok: false, refusal: 'coupon_inactive' })
    expect(await issue(99_999)).toMatchObject({ ok: false, refusal: 'coupon_not_found' })
  })

  it('redeems a copy once when many scans arrive at the same time, and a reversal makes it usable again', async () => {
    const coupon = await defineCoupon(t.db)
    const issued = await issue(coupon.id)
    if (!issued.ok) throw new Error('not issued')
    const scans = await Promise.all(Array.from({ length: 8 }, () => redeem(issued.copy.id)))
    const won = scans.filter((s) => s.ok)
    expect(won).toHaveLength(1)
    expect(scans.filter((s) => !s.ok).map((s) => !s.ok && s.refusal)).toEqual(Array(7).fill('coupon_used'))
    expect(await couponViolations(t.db)).toEqual(noCouponViolations)
    const redemption = won[0]!.ok ? won[0]!.redemption : null
    const reversed = await reverseCouponRedemption(t.deps, {
      redemptionId: redemption!.id,
      staff: admin,
      reason: '誤操作',
    })
    expect(reversed).toMatchObject({ ok: true, copy: { status: 'issued', usedAt: null } })
    expect(
      await reverseCouponRedemption(t.deps, { redemptionId: redemption!.id, staff: admin, reason: 'x' }),
    ).toMatchObject({ ok: false, refusal: 'coupon_already_reversed' })
    expect(await redeem(issued.copy.id)).toMatchObject({ ok: true, copy: { status: 'used' } })
    expect(await couponViolations(t.db)).toEqual(noCouponViolations)
  })

  it('answers a retried scan with its first redemption, and refuses a QR already used', async () => {
    const coupon = await defineCoupon(t.db, { perMemberLimit: 5 })
    const issued = await issue(coupon.id)
    if (!issued.ok) throw new Error('not issued')
    const qr = token(issued.copy.id)
    const k = key()
    const first = await redeemCoupon(t.deps, { token: qr, staff: clerk, storeId: clerk.storeId, idempotencyKey: k })
    const retry = await redeemCoupon(t.deps, { token: qr, staff: clerk, storeId: clerk.storeId, idempotencyKey: k })
    expect(first).toMatchObject({ ok: true, replayed: false })
    expect(retry).toMatchObject({ ok: true, replayed: true })
    expect(first.ok && retry.ok && retry.redemption.id === first.redemption.id).toBe(true)
    if (first.ok)
      await reverseCouponRedemption(t.deps, { redemptionId: first.redemption.id, staff: admin, reason: 'r' })
    const reused = await redeemCoupon(t.deps, {
      token: qr,
      staff: clerk,
      storeId: clerk.storeId,
      idempotencyKey: key(),
    })
    expect(reused).toMatchObject({ ok: false, refusal: 'coupon_used' })
  })

  it('refuses a card QR, a coupon of another store, and an expired coupon', async () => {
    const card = await redeemCoupon(t.deps, {
      token: 'k1.AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA',
      staff: clerk,
      storeId: clerk.storeId,
      idempotencyKey: key(),
    })
    expect(card).toMatchObject({ ok: false, refusal: 'coupon_token_invalid' })
    const elsewhere = await defineCoupon(t.db, { storeIds: [999] })
    const copy = await issue(elsewhere.id)
    expect(copy.ok && (await redeem(copy.copy.id))).toMatchObject({ ok: false, refusal: 'coupon_other_store' })
    const short = await defineCoupon(t.db, { validDays: 1 })
    const held = await issue(short.id)
    if (!held.ok) throw new Error('not issued')
    t.clock.advance(2 * 86_400_000)
    try {
      expect(await redeem(held.copy.id)).toMatchObject({ ok: false, refusal: 'coupon_expired' })
      expect((await expireCoupons(t.deps)).expired).toBeGreaterThanOrEqual(1)
      expect((await t.db.query.memberCoupons.findFirst({ where: eq(memberCoupons.id, held.copy.id) }))!.status).toBe(
        'expired',
      )
    } finally {
      t.clock.advance(-2 * 86_400_000)
    }
  })

  it('exchanges points for a reward: the points and the coupon together, once per key', async () => {
    const reward = await defineCoupon(t.db, {
      title: 'ドリンク無料',
      benefitKind: 'free_item',
      freeItem: 'ドリンク',
      pointsPrice: 300,
    })
    const before = await balance()
    const k = key()
    const first = await exchangeReward(t.deps, { memberId: 1, couponId: reward.id, idempotencyKey: k })
    const again = await exchangeReward(t.deps, { memberId: 1, couponId: reward.id, idempotencyKey: k })
    expect(first).toMatchObject({
      ok: true,
      replayed: false,
      balance: before - 300,
      entry: { kind: 'redeem', points: -300 },
    })
    expect(again).toMatchObject({ ok: true, replayed: true })
    expect(first.ok && first.copy.ledgerEntryId).toBe(first.ok && first.entry.id)
    expect(await balance()).toBe(before - 300)
    expect(await t.db.$count(memberCoupons, eq(memberCoupons.couponId, reward.id))).toBe(1)
    expect(await exchangeReward(t.deps, { memberId: 1, couponId: reward.id, idempotencyKey: key() })).toMatchObject({
      ok: false,
      refusal: 'coupon_limit_reached',
    })
    expect(await ledgerViolations(t.db)).toEqual(noViolations)
  })

  it('writes neither the points nor the coupon when the batch fails at the coupon, nor when points are short', async () => {
    const reward = await defineCoupon(t.db, { pointsPrice: 100, perMemberLimit: 10 })
    const before = await balance()
    const ledgerRows = await t.db.$count(pointLedger)
    await t.db.run(sql`CREATE TRIGGER fail_coupon_copy BEFORE INSERT ON member_coupons
      BEGIN SELECT RAISE(ABORT, 'injected failure'); END`)
    try {
      await expect(exchangeReward(t.deps, { memberId: 1, couponId: reward.id, idempotencyKey: key() })).rejects.toThrow(
        /injected failure/,
      )
    } finally {
      await t.db.run(sql`DROP TRIGGER fail_coupon_copy`)
    }
    expect(await balance()).toBe(before)
    expect(await t.db.$count(pointLedger)).toBe(ledgerRows)
    expect(await t.db.$count(memberCoupons, eq(memberCoupons.couponId, reward.id))).toBe(0)
    const dear = await defineCoupon(t.db, { pointsPrice: before + 1 })
    await expect(
      exchangeReward(t.deps, { memberId: 1, couponId: dear.id, idempotencyKey: key() }),
    ).resolves.toMatchObject({ ok: false, refusal: 'insufficient_points' })
    expect(await t.db.$count(memberCoupons, eq(memberCoupons.couponId, dear.id))).toBe(0)
    expect(await ledgerViolations(t.db)).toEqual(noViolations)
  })

  it('sells the last reward to exactly one of two members exchanging at once, and only that one pays', async () => {
    const reward = await defineCoupon(t.db, { pointsPrice: 100, totalLimit: 1 })
    const [a, b] = await Promise.all(
      [1, 2].map((memberId) => exchangeReward(t.deps, { memberId, couponId: reward.id, idempotencyKey: key() })),
    )
    expect([a, b].filter((r) => r!.ok)).toHaveLength(1)
    expect([a, b].find((r) => !r!.ok)).toMatchObject({ refusal: 'coupon_sold_out' })
    const paid = await t.db.$count(
      pointLedger,
      and(eq(pointLedger.kind, 'redeem'), eq(pointLedger.note, `coupon:${reward.id}`)),
    )
    expect(paid).toBe(1)
    expect(await ledgerViolations(t.db)).toEqual(noViolations)
    expect(await couponViolations(t.db)).toEqual(noCouponViolations)
  })
})
