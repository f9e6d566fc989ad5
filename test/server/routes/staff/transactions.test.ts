import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { auditLog, deliveries, members, pointLedger, staff } from '../../../../db/schema'
import { defaultSettings } from '../../../../server/data/settings'
import { ledgerViolations, noViolations } from '../../../support/ledger-invariants'
import { bearer, testAppPerSuite, json } from '../../../support/test-app'

describe('store transactions and reversals', () => {
  const t = testAppPerSuite()
  let clerk: string
  let manager: string
  let otherManager: string
  let admin: string
  const key = () => `k-${crypto.randomUUID()}`
  beforeAll(async () => {
    await t.db.insert(staff).values([
      { lineUserId: 'U000000000000000000000000000m0001', displayName: '店長 渋谷', storeId: 1, role: 'manager' },
      { lineUserId: 'U000000000000000000000000000m0002', displayName: '店長 オンライン', storeId: 2, role: 'manager' },
    ])
    ;[clerk, manager, otherManager, admin] = await Promise.all([
      t.signIn('staff'),
      t.signIn({ lineUserId: 'U000000000000000000000000000m0001' }),
      t.signIn({ lineUserId: 'U000000000000000000000000000m0002' }),
      t.signIn('admin'),
    ])
  })

  const earn = async (session: string, amount: number, storeId?: number) => {
    const res = await t.app.request(
      '/api/staff/checkout/earn',
      json(
        { memberNumber: '0000000018', purchaseAmount: amount, idempotencyKey: key(), storeId },
        bearer(session).headers,
      ),
    )
    expect(res.status).toBe(200)
    return (await res.json()).entry.id as number
  }
  const reverse = (session: string, id: number, body: Record<string, unknown> = {}) =>
    t.app.request(
      `/api/staff/transactions/${id}/reverse`,
      json({ reason: '金額の入力ミス', idempotencyKey: key(), ...body }, bearer(session).headers),
    )

  it("lists the store's recent transactions, newest first, with the member", async () => {
    const id = await earn(clerk, 1000)
    const res = await t.app.request('/api/staff/transactions?limit=2', bearer(clerk))
    const { transactions } = await res.json()
    expect(transactions).toHaveLength(2)
    expect(transactions[0]).toMatchObject({
      id,
      kind: 'earn',
      points: 20,
      purchaseAmount: 1000,
      memberName: '山田 花子',
      reversed: false,
      storeId: 1,
    })
  })

  it('lets only managers and admins reverse, and staff of store A cannot reverse store B (admins can)', async () => {
    const inStore1 = await earn(clerk, 1000)
    const inStore2 = await earn(admin, 1000, 2)
    const byClerk = await reverse(clerk, inStore1)
    expect(byClerk.status).toBe(403)
    expect((await byClerk.json()).error.code).toBe('role_required')
    const crossStore = await reverse(manager, inStore2)
    expect(crossStore.status).toBe(403)
    expect((await crossStore.json()).error.code).toBe('other_store')
    expect((await reverse(otherManager, inStore1)).status).toBe(403)
    const own = await reverse(manager, inStore1)
    expect(own.status).toBe(200)
    const ownBody = await own.json()
    expect(ownBody.entry).toMatchObject({ kind: 'reverse', points: -20, note: '金額の入力ミス' })
    const byAdmin = await reverse(admin, inStore2)
    expect(byAdmin.status).toBe(200)
    const again = await reverse(admin, inStore2)
    expect(again.status).toBe(409)
    expect((await again.json()).error.code).toBe('already_reversed')
    const { transactions } = await (await t.app.request('/api/staff/transactions', bearer(manager))).json()
    expect(transactions.find((x: { id: number }) => x.id === inStore1).reversed).toBe(true)
    const audits = await t.db.select().from(auditLog).where(eq(auditLog.action, 'checkout.reverse'))
    expect(audits.map((a) => a.detail?.reason)).toEqual(['金額の入力ミス', '金額の入力ミス'])
    expect(await t.db.$count(deliveries, eq(deliveries.dedupeKey, `receipt:${ownBody.entry.id}`))).toBe(1)
    expect(await ledgerViolations(t.db)).toEqual(noViolations)
  })

  it('is idempotent by key, and requires a reason', async () => {
    const id = await earn(clerk, 1000)
    const body = { idempotencyKey: key() }
    const [a, b] = await Promise.all([reverse(manager, id, body), reverse(manager, id, body)])
    expect([a.status, b.status]).toEqual([200, 200])
    expect((await a.json()).entry.id).toBe((await b.json()).entry.id)
    expect((await reverse(manager, id, { reason: '  ' })).status).toBe(400)
    expect((await reverse(manager, 999_999)).status).toBe(404)
  })

  it('answers 409 idempotency_key_reused when a reversal key is sent again for another transaction', async () => {
    const [first, second] = [await earn(clerk, 1000), await earn(clerk, 1000)]
    const body = { idempotencyKey: key() }
    expect((await reverse(manager, first, body)).status).toBe(200)
    const res = await reverse(manager, second, body)
    expect(res.status).toBe(409)
    expect((await res.json()).error.code).toBe('idempotency_key_reused')
    expect(await t.db.$count(pointLedger, eq(pointLedger.reversesId, second))).toBe(0)
  })

  it('flags a staff member who reverses more than the hourly limit', async () => {
    await t.changeSetting('checkout', { ...defaultSettings.checkout, dailyEarnCap: null, alertReversalsPerHour: 2 })
    for (let i = 0; i < 3; i++) expect((await reverse(manager, await earn(clerk, 500))).status).toBe(200)
    const alerts = await t.db.select().from(auditLog).where(eq(auditLog.action, 'alert.reversals'))
    expect(alerts).toHaveLength(1)
    expect(alerts[0]!.actor).toBe('staff:3')
    const member = await t.db.query.members.findFirst({ where: eq(members.id, 1) })
    expect(member!.rank).toBe('gold')
  })
})
