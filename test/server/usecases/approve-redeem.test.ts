import { and, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { auditLog, members, redeemApprovals, type Staff } from '../../../db/schema'
import { findRedeemApproval } from '../../../server/data/redeem-approvals'
import { defaultSettings } from '../../../server/data/settings'
import { approveRedeem } from '../../../server/usecases/approve-redeem'
import { withAuditFailing } from '../../support/audit-failure'
import { testAppPerSuite } from '../../support/test-app'
import { addStaff } from '../../support/staff'

describe('approveRedeem', () => {
  const t = testAppPerSuite()
  let manager: Staff
  let memberNumber: string
  beforeAll(async () => {
    manager = await addStaff(t.db, 'manager', 1, '店長 3')
    memberNumber = (await t.db.query.members.findFirst({ where: eq(members.id, 1) }))!.memberNumber
    await t.changeSetting('points', { ...defaultSettings.points, redeemUnit: 100 })
  })

  const approvals = () => t.db.$count(redeemApprovals, eq(redeemApprovals.approvedBy, manager.id))
  const audits = () =>
    t.db.$count(
      auditLog,
      and(eq(auditLog.action, 'checkout.redeem_approval'), eq(auditLog.actor, `staff:${manager.id}`)),
    )
  const scope = (points: number) => ({ memberId: 1, points, storeId: 1 })

  it('stores the approval for this member, amount and store with its audit entry; the code grants that redeem', async () => {
    const before = { approvals: await approvals(), audits: await audits() }
    const approved = await approveRedeem(t.deps, { manager, storeId: 1, memberNumber, points: 200 })
    expect(approved).toMatchObject({ ok: true, code: expect.stringMatching(/^\d{6}$/), member: { id: 1 } })
    if (!approved.ok) return
    expect(approved.expiresAt.getTime()).toBe(t.clock.now.getTime() + 5 * 60_000)
    expect(await approvals()).toBe(before.approvals + 1)
    expect(await audits()).toBe(before.audits + 1)
    expect(await findRedeemApproval(t.db, approved.code, scope(200), t.clock.now)).toMatchObject({
      approvedBy: manager.id,
    })
    expect(await findRedeemApproval(t.db, approved.code, scope(300), t.clock.now)).toMatchObject({
      refusal: 'approval_invalid',
    })
  })

  it('answers a repeated request with a new code of its own, each with its entry, both good until used', async () => {
    const before = { approvals: await approvals(), audits: await audits() }
    const input = { manager, storeId: 1, memberNumber, points: 100 }
    const [a, b] = [await approveRedeem(t.deps, input), await approveRedeem(t.deps, input)]
    expect(await approvals()).toBe(before.approvals + 2)
    expect(await audits()).toBe(before.audits + 2)
    for (const approved of [a, b]) {
      expect(approved.ok && (await findRedeemApproval(t.db, approved.code, scope(100), t.clock.now))).toMatchObject({
        approvedBy: manager.id,
      })
    }
  })

  it('refuses an amount off the redeem unit, an unknown member and a malformed number, as values, writing nothing', async () => {
    const before = { approvals: await approvals(), audits: await audits() }
    expect(await approveRedeem(t.deps, { manager, storeId: 1, memberNumber, points: 150 })).toMatchObject({
      ok: false,
      refusal: 'invalid_redeem_unit',
      message: 'Points are redeemed in steps of 100',
    })
    expect(await approveRedeem(t.deps, { manager, storeId: 1, memberNumber: '9999999999', points: 100 })).toMatchObject(
      { ok: false, refusal: 'member_not_found' },
    )
    expect(await approveRedeem(t.deps, { manager, storeId: 1, memberNumber: 'abc', points: 100 })).toMatchObject({
      ok: false,
      refusal: 'invalid_member_number',
    })
    expect(await approvals()).toBe(before.approvals)
    expect(await audits()).toBe(before.audits)
  })

  it('stores no approval when the batch fails at its audit entry, and the retry stores one with its entry', async () => {
    const before = { approvals: await approvals(), audits: await audits() }
    const input = { manager, storeId: 1, memberNumber, points: 100 }
    await withAuditFailing(t, 'checkout.redeem_approval', () => approveRedeem(t.deps, input))
    expect(await approvals()).toBe(before.approvals)
    expect(await audits()).toBe(before.audits)
    expect(await approveRedeem(t.deps, input)).toMatchObject({ ok: true })
    expect(await approvals()).toBe(before.approvals + 1)
    expect(await audits()).toBe(before.audits + 1)
  })
})
