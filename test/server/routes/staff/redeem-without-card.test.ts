import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { auditLog, pointLedger, redeemApprovals, staff } from '../../../../db/schema'
import { signCardToken } from '../../../../server/domain/card-token'
import { defaultSettings } from '../../../../server/data/settings'
import { ledgerViolations, noViolations } from '../../../support/ledger-invariants'
import { bearer, testAppPerSuite, json } from '../../../support/test-app'

describe('redeeming without the card', () => {
  const t = testAppPerSuite()
  let clerk: string
  let otherClerk: string
  let manager: string
  let managerId: number
  const key = () => `k-${crypto.randomUUID()}`
  const customer = '0000000018'
  beforeAll(async () => {
    const [, , m] = await t.db
      .insert(staff)
      .values([
        { lineUserId: 'U000000000000000000000000000s0002', displayName: '店員 オンライン', storeId: 2, role: 'staff' },
        { lineUserId: 'U000000000000000000000000000s0003', displayName: '店員 渋谷 2', storeId: 1, role: 'staff' },
        { lineUserId: 'U000000000000000000000000000m0001', displayName: '店長 渋谷', storeId: 1, role: 'manager' },
      ])
      .returning()
    managerId = m!.id
    ;[clerk, otherClerk, manager] = await Promise.all([
      t.signIn('staff'),
      t.signIn({ lineUserId: 'U000000000000000000000000000s0002' }),
      t.signIn({ lineUserId: 'U000000000000000000000000000m0001' }),
    ])
  })

  const redeem = (session: string, body: Record<string, unknown>) =>
    t.app.request(
      '/api/staff/checkout/redeem',
      json({ memberNumber: customer, points: 100, idempotencyKey: key(), ...body }, bearer(session).headers),
    )
  const approve = (session: string, body: Record<string, unknown>) =>
    t.app.request(
      '/api/staff/redeem-approvals',
      json({ memberNumber: customer, points: 100, ...body }, bearer(session).headers),
    )
  const alerts = () => t.db.select().from(auditLog).where(eq(auditLog.action, 'alert.redeem_without_card'))
  const errorCode = async (res: Response) => (await res.json()).error.code

  it('refuses staff of any store a redeem by typed number with 403 card_required, writing nothing', async () => {
    const before = await t.db.$count(pointLedger)
    for (const session of [clerk, otherClerk]) {
      const res = await redeem(session, {})
      expect(res.status).toBe(403)
      expect(await errorCode(res)).toBe('card_required')
    }
    expect(await t.db.$count(pointLedger)).toBe(before)
    expect(await alerts()).toEqual([])
  })

  it('redeems with the card as before, with no alert', async () => {
    const cardToken = (await signCardToken(t.config.cardKeys, 1, t.clock.now)).value
    const res = await redeem(clerk, { memberNumber: undefined, cardToken })
    expect(res.status).toBe(200)
    expect(await alerts()).toEqual([])
  })

  it('lets a manager redeem without the card, flagged in the audit entry and raising an alert in the same write', async () => {
    const res = await redeem(manager, {})
    expect(res.status).toBe(200)
    const { entry } = await res.json()
    const [audit] = await t.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'checkout.redeem'))
      .then((rows) => rows.filter((r) => r.detail?.entryId === entry.id))
    expect(audit!.detail).toMatchObject({ card: false, withoutCard: true, approvedBy: managerId })
    const [alert] = await alerts()
    expect(alert).toMatchObject({ actor: `staff:${managerId}`, target: 'member:1', storeId: 1 })
    expect(alert!.detail).toMatchObject({ entryId: entry.id, points: 100, approvedBy: managerId, staffRole: 'manager' })
  })

  it("lets staff redeem with a manager's one-time code for exactly that member, amount and store", async () => {
    expect(await errorCode(await approve(clerk, {}))).toBe('role_required')
    const issued = await approve(manager, {})
    expect(issued.status).toBe(200)
    const { code, expiresAt } = await issued.json()
    expect(code).toMatch(/^\d{6}$/)
    expect(new Date(expiresAt).getTime() - t.clock.now.getTime()).toBe(5 * 60_000)
    expect(await t.db.$count(auditLog, eq(auditLog.action, 'checkout.redeem_approval'))).toBe(1)

    const wrongCode = code === '000000' ? '000001' : '000000'
    for (const body of [{ approvalCode: wrongCode }, { approvalCode: code, points: 200 }]) {
      const res = await redeem(clerk, body)
      expect(res.status).toBe(403)
      expect(await errorCode(res)).toBe('approval_invalid')
    }
    // Store 2's till cannot use store 1's approval.
    expect(await errorCode(await redeem(otherClerk, { approvalCode: code }))).toBe('approval_invalid')

    const alertsBefore = (await alerts()).length
    const ok = await redeem(clerk, { approvalCode: code })
    expect(ok.status).toBe(200)
    const { entry } = await ok.json()
    const audit = (await t.db.select().from(auditLog).where(eq(auditLog.action, 'checkout.redeem'))).find(
      (r) => r.detail?.entryId === entry.id,
    )
    expect(audit).toMatchObject({ actor: 'staff:1' })
    expect(audit!.detail).toMatchObject({ withoutCard: true, approvedBy: managerId })
    expect(await alerts()).toHaveLength(alertsBefore + 1)
    const [used] = await t.db.select().from(redeemApprovals).where(eq(redeemApprovals.id, 1))
    expect(used).toMatchObject({ usedByStaffId: 1 })

    expect(await errorCode(await redeem(clerk, { approvalCode: code }))).toBe('approval_invalid')
  })

  it("takes an admin's approval that names no store at any store's till", async () => {
    const admin = await t.signIn('admin')
    const { code } = await (await approve(admin, {})).json()
    expect((await redeem(otherClerk, { approvalCode: code })).status).toBe(200)
  })

  it('uses an approval once when two tills send it at the same time, and not after it expired', async () => {
    const { code } = await (await approve(manager, {})).json()
    const thirdClerk = await t.signIn({ lineUserId: 'U000000000000000000000000000s0003' })
    const results = await Promise.all([
      redeem(clerk, { approvalCode: code }),
      redeem(thirdClerk, { approvalCode: code }),
    ])
    expect(results.map((r) => r.status).sort()).toEqual([200, 403])
    const late = await (await approve(manager, {})).json()
    t.clock.advance(5 * 60_000 + 1)
    expect(await errorCode(await redeem(clerk, { approvalCode: late.code }))).toBe('approval_invalid')
  })

  it('lets staff redeem by number where the shop turned the requirement off, still flagged and alerted', async () => {
    await t.changeSetting('checkout', { ...defaultSettings.checkout, requireCardToRedeem: false })
    const alertsBefore = (await alerts()).length
    const res = await redeem(clerk, {})
    expect(res.status).toBe(200)
    const { entry } = await res.json()
    const fresh = await alerts()
    expect(fresh).toHaveLength(alertsBefore + 1)
    expect(fresh.at(-1)!.detail).toMatchObject({ entryId: entry.id, approvedBy: null, staffRole: 'staff' })
    await t.changeSetting('checkout', defaultSettings.checkout)
    expect(await ledgerViolations(t.db)).toEqual(noViolations)
  })
})
