import { beforeAll, describe, expect, it } from 'vitest'
import { personaByKey } from '../../../server/sandbox/personas'
import type { MyCoupons } from '../../../server/routes/customer/coupons'
import type { z } from '@hono/zod-openapi'
import { testAppPerSuite, bearerRequest } from '../../support/test-app'
import { memberBalance } from '../../support/ledger-reads'

type Held = z.infer<typeof MyCoupons>['coupons'][number]
/** The JSON of an answer; each test reads the fields it expects. */
type Answer = { [field: string]: unknown }
const codeOf = (body: Answer) => (body.error as { code: string }).code
const heldIn = (body: Answer) => body.coupons as Held[]

describe('coupons through the API: admin issues, the customer shows the QR, staff redeem, a reversal restores', () => {
  const t = testAppPerSuite()
  let admin: string
  let customer: string
  let clerk: string
  const call = async (token: string, method: string, path: string, body?: unknown) => {
    const res = await t.app.request(path, bearerRequest(method, token, body))
    return { status: res.status, body: (await res.json()) as Answer }
  }
  const key = () => `k-${crypto.randomUUID()}`
  beforeAll(async () => {
    ;[admin, customer, clerk] = await Promise.all([t.signIn('admin'), t.signIn('customer'), t.signIn('staff')])
  })

  const define = async (input: Record<string, unknown>) => {
    const res = await call(admin, 'POST', '/api/admin/coupons', input)
    expect(res.status).toBe(201)
    return res.body as { id: number }
  }

  it('takes one of many concurrent scans, and shows used, then valid again after the reversal', async () => {
    const coupon = await define({
      title: 'ケーキ100円引き',
      benefitKind: 'discount_yen',
      benefitValue: 100,
      validDays: 30,
    })
    const issued = await call(admin, 'POST', `/api/admin/coupons/${coupon.id}/issue`, {
      memberId: 1,
      idempotencyKey: key(),
    })
    expect(issued).toMatchObject({ status: 200, body: { replayed: false } })
    expect(t.sandbox.messaging.record.inbox.get(personaByKey('customer')!.lineUserId)).toBeUndefined()

    const mine = await call(customer, 'GET', '/api/coupons')
    const held = heldIn(mine.body).find((c) => c.coupon.id === coupon.id)!
    expect(held).toMatchObject({ state: 'issued', coupon: { title: 'ケーキ100円引き', benefitKind: 'discount_yen' } })
    const qr = await call(customer, 'POST', `/api/coupons/${held.id}/token`)
    expect(qr.status).toBe(200)

    const check = await call(clerk, 'POST', '/api/staff/coupons/verify', { token: qr.body.value as string })
    expect(check).toMatchObject({
      status: 200,
      body: { coupon: { title: 'ケーキ100円引き' }, member: { name: '山田 花子' } },
    })
    const scans = await Promise.all(
      Array.from({ length: 6 }, () =>
        call(clerk, 'POST', '/api/staff/coupons/redeem', { token: qr.body.value as string, idempotencyKey: key() }),
      ),
    )
    expect(scans.filter((s) => s.status === 200)).toHaveLength(1)
    expect(scans.filter((s) => s.status === 409).map((s) => codeOf(s.body))).toEqual(Array(5).fill('coupon_used'))
    const redemptionId = scans.find((s) => s.status === 200)!.body.redemptionId as number
    const stateNow = async () =>
      heldIn((await call(customer, 'GET', '/api/coupons')).body).find((c) => c.id === held.id)!.state
    expect(await stateNow()).toBe('used')

    expect(
      (await call(clerk, 'POST', `/api/staff/coupons/redemptions/${redemptionId}/reverse`, { reason: 'x' })).status,
    ).toBe(403)
    const reversed = await call(admin, 'POST', `/api/staff/coupons/redemptions/${redemptionId}/reverse`, {
      reason: '打ち間違い',
    })
    expect(reversed.status).toBe(200)
    expect(await stateNow()).toBe('issued')
    // The till's list shows the use, reversed, and whose scan it was; a second reversal is refused with its code.
    const recent = await call(clerk, 'GET', '/api/staff/coupons/redemptions')
    expect(recent.status).toBe(200)
    expect((recent.body.redemptions as Answer[]).find((r) => r.id === redemptionId)).toMatchObject({
      couponTitle: 'ケーキ100円引き',
      memberName: '山田 花子',
      mine: true,
      reversedAt: expect.any(String),
    })
    const again = await call(admin, 'POST', `/api/staff/coupons/redemptions/${redemptionId}/reverse`, { reason: 'y' })
    expect([again.status, codeOf(again.body)]).toEqual([409, 'coupon_already_reversed'])
    expect((await call(customer, 'GET', '/api/coupons')).body.stampCard).toBeNull()

    const report = await call(admin, 'GET', `/api/admin/coupons/${coupon.id}/report`)
    expect(report.body).toMatchObject({ issued: 1, viewed: 1, redeemed: 0 })
  })

  it('reports redemptions by store and by shop day', async () => {
    const coupon = await define({ title: '無料ドリンク', benefitKind: 'free_item', freeItem: 'ドリンク' })
    const issued = await call(admin, 'POST', `/api/admin/coupons/${coupon.id}/issue`, {
      memberId: 1,
      idempotencyKey: key(),
    })
    const qr = await call(customer, 'POST', `/api/coupons/${issued.body.memberCouponId as number}/token`)
    expect(
      (
        await call(clerk, 'POST', '/api/staff/coupons/redeem', {
          token: qr.body.value as string,
          idempotencyKey: key(),
        })
      ).status,
    ).toBe(200)
    const report = await call(admin, 'GET', `/api/admin/coupons/${coupon.id}/report`)
    expect(report.body).toMatchObject({
      issued: 1,
      viewed: 1,
      redeemed: 1,
      byStore: [{ storeId: 1, redeemed: 1 }],
      byDay: [{ day: '2026-11-23', issued: 1, redeemed: 1 }],
    })
    const list = await call(admin, 'GET', '/api/admin/coupons')
    expect((list.body.coupons as { id: number }[]).find((c) => c.id === coupon.id)).toMatchObject({
      issued: 1,
      redeemed: 1,
    })
  })

  it('sells a reward for points in the LIFF app and refuses bad input with stable codes', async () => {
    const before = await memberBalance(t.db, 1)
    const reward = await define({
      title: '500pt特典',
      benefitKind: 'discount_percent',
      benefitValue: 10,
      pointsPrice: 500,
    })
    const offer = await call(customer, 'GET', '/api/coupons')
    expect((offer.body.rewards as { id: number }[]).map((r) => r.id)).toContain(reward.id)
    const k = key()
    const bought = await call(customer, 'POST', '/api/coupons/exchange', { couponId: reward.id, idempotencyKey: k })
    expect(bought).toMatchObject({
      status: 200,
      body: { balance: before - 500, replayed: false, coupon: { state: 'issued' } },
    })
    const again = await call(customer, 'POST', '/api/coupons/exchange', { couponId: reward.id, idempotencyKey: k })
    expect(again).toMatchObject({ status: 200, body: { balance: before - 500, replayed: true } })
    const over = await call(customer, 'POST', '/api/coupons/exchange', { couponId: reward.id, idempotencyKey: key() })
    expect(over).toMatchObject({ status: 409, body: { error: { code: 'coupon_limit_reached' } } })
    const notReward = await define({ title: 'x', benefitKind: 'discount_yen', benefitValue: 1 })
    const exchange = await call(customer, 'POST', '/api/coupons/exchange', {
      couponId: notReward.id,
      idempotencyKey: key(),
    })
    expect(codeOf(exchange.body)).toBe('coupon_not_reward')
    expect(codeOf((await call(customer, 'POST', '/api/coupons/99999/token')).body)).toBe('coupon_not_found')
    expect(codeOf((await call(clerk, 'POST', '/api/staff/coupons/verify', { token: 'garbage' })).body)).toBe(
      'coupon_token_invalid',
    )
    const bad = await call(admin, 'POST', '/api/admin/coupons', {
      title: 'x',
      benefitKind: 'discount_percent',
      benefitValue: 150,
    })
    expect(bad.status).toBe(400)
  })

  it('refuses a coupon limited to a store that does not exist, on create and on edit, and writes nothing', async () => {
    const count = async () => ((await call(admin, 'GET', '/api/admin/coupons')).body.coupons as unknown[]).length
    const before = await count()
    const input = { title: '渋谷店限定', benefitKind: 'discount_yen', benefitValue: 100 }
    const created = await call(admin, 'POST', '/api/admin/coupons', { ...input, storeIds: [1, 999_999] })
    expect([created.status, codeOf(created.body)]).toEqual([404, 'store_not_found'])
    expect(await count()).toBe(before)
    const coupon = await define({ ...input, storeIds: [1] })
    const edited = await call(admin, 'PUT', `/api/admin/coupons/${coupon.id}`, { ...input, storeIds: [999_999] })
    expect([edited.status, codeOf(edited.body)]).toEqual([404, 'store_not_found'])
    const kept = (await call(admin, 'GET', '/api/admin/coupons')).body.coupons as { id: number; storeIds: number[] }[]
    expect(kept.find((c) => c.id === coupon.id)!.storeIds).toEqual([1])
  })
})
