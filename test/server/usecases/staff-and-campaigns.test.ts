import { and, eq, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { auditLog, campaigns, type Staff } from '../../../db/schema'
import { createCampaign } from '../../../server/data/campaigns'
import { sendCampaign } from '../../../server/usecases/send-campaign'
import { changeStaffRole, issueStaffInvite, joinWithInvite } from '../../../server/usecases/staff-invites'
import { testAppPerSuite } from '../../support/test-app'
import { addStaff, seededAdmin } from '../../support/staff'

const t = testAppPerSuite()
let admin: Staff
let manager: Staff
const background: Promise<unknown>[] = []

beforeAll(async () => {
  admin = await seededAdmin(t.db)
  manager = await addStaff(t.db, 'manager', 1, '店長')
})

const audits = (action: string) => t.db.$count(auditLog, eq(auditLog.action, action))

describe('staff invites', () => {
  it('issues an invite with its audit entry; the invitee joins once, and a retry by them is answered again', async () => {
    const before = await audits('staff.invited')
    const invited = await issueStaffInvite(t.deps, { actor: admin, storeId: 1, role: 'staff', expiresInHours: 2 })
    expect(invited).toMatchObject({ ok: true, invite: { storeId: 1, role: 'staff' } })
    expect(await audits('staff.invited')).toBe(before + 1)
    if (!invited.ok) return
    const lineUserId = 'U0000000000000000000000000000j01'
    const joined = await joinWithInvite(t.deps, { code: invited.code, lineUserId })
    expect(joined).toMatchObject({ ok: true, staff: { lineUserId, storeId: 1, role: 'staff', active: true } })
    expect(await joinWithInvite(t.deps, { code: invited.code, lineUserId })).toMatchObject({ ok: true })
    expect(
      await joinWithInvite(t.deps, { code: invited.code, lineUserId: 'U0000000000000000000000000000j02' }),
    ).toMatchObject({ ok: false, refusal: 'invite_used' })
    expect(await joinWithInvite(t.deps, { code: 'no-such-code-at-all', lineUserId })).toMatchObject({
      ok: false,
      refusal: 'invite_not_found',
    })
  })

  it('refuses a manager inviting to another store or as manager, and an unknown store', async () => {
    expect(
      await issueStaffInvite(t.deps, { actor: manager, storeId: 2, role: 'staff', expiresInHours: 2 }),
    ).toMatchObject({ ok: false, refusal: 'other_store' })
    expect(
      await issueStaffInvite(t.deps, { actor: manager, storeId: 1, role: 'manager', expiresInHours: 2 }),
    ).toMatchObject({ ok: false, refusal: 'other_store' })
    expect(
      await issueStaffInvite(t.deps, { actor: admin, storeId: 999, role: 'staff', expiresInHours: 2 }),
    ).toMatchObject({ ok: false, refusal: 'store_not_found' })
  })

  it('changes a role with its audit entry, and refuses one’s own role, a store-less manager and an unknown person', async () => {
    expect(await changeStaffRole(t.deps, { actor: admin, staffId: manager.id, role: 'staff', storeId: 1 })).toEqual({
      ok: true,
      staffId: manager.id,
      storeId: 1,
    })
    expect(
      await t.db.$count(
        auditLog,
        and(eq(auditLog.action, 'staff.role_changed'), eq(auditLog.target, `staff:${manager.id}`)),
      ),
    ).toBe(1)
    expect(await changeStaffRole(t.deps, { actor: admin, staffId: admin.id, role: 'staff', storeId: 1 })).toMatchObject(
      { refusal: 'cannot_change_own_role' },
    )
    expect(
      await changeStaffRole(t.deps, { actor: admin, staffId: manager.id, role: 'manager', storeId: null }),
    ).toMatchObject({ refusal: 'store_required' })
    expect(await changeStaffRole(t.deps, { actor: admin, staffId: 999_999, role: 'staff', storeId: 1 })).toMatchObject({
      refusal: 'staff_not_found',
    })
  })
})

describe('sendCampaign', () => {
  const ctx = () => ({ ...t.deps, background: (work: Promise<unknown>) => void background.push(work) })
  const draft = async (segment: Record<string, unknown>) => {
    const created = await createCampaign(
      t.db,
      {
        name: `c-${crypto.randomUUID()}`,
        segment,
        content: { template: 'text', text: 'こんにちは' },
        scheduledAt: null,
      },
      `admin:${admin.id}`,
      t.clock.now,
    )
    if (!('id' in created)) throw new Error(created.message)
    return created
  }

  it('claims the campaign with its audit entry and queues its deliveries; sending it again is refused', async () => {
    const campaign = await draft({})
    const input = { campaignId: campaign.id, actor: `admin:${admin.id}`, quietHoursOverride: null }
    const sending = await sendCampaign(ctx(), input)
    expect(sending).toMatchObject({ ok: true, campaign: { id: campaign.id, status: 'sending' } })
    await Promise.all(background.splice(0))
    expect(
      await t.db.$count(
        auditLog,
        and(eq(auditLog.action, 'campaign.sent'), eq(auditLog.target, `campaign:${campaign.id}`)),
      ),
    ).toBe(1)
    const [row] = await t.db.all<{ n: number }>(
      sql`SELECT count(*) AS n FROM deliveries WHERE campaign_id = ${campaign.id}`,
    )
    expect(row!.n).toBeGreaterThan(0)
    expect(await sendCampaign(ctx(), input)).toMatchObject({ ok: false, refusal: 'campaign_not_sendable' })
    expect(await sendCampaign(ctx(), { ...input, campaignId: 999_999 })).toMatchObject({
      ok: false,
      refusal: 'campaign_not_found',
    })
  })

  it('refuses a segment no one in it can receive, leaving the draft as it was', async () => {
    const campaign = await draft({ prefectures: ['沖縄県'], ranks: ['platinum'] })
    const refused = await sendCampaign(ctx(), { campaignId: campaign.id, actor: 'admin:1', quietHoursOverride: null })
    expect(refused).toMatchObject({ ok: false, refusal: 'no_recipients' })
    expect((await t.db.query.campaigns.findFirst({ where: eq(campaigns.id, campaign.id) }))!.status).toBe('draft')
  })
})
