import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditLog, staff, staffInvites } from '../../../../db/schema'
import { bearer, json, signedInTestApp, type TestApp } from '../../../support/test-app'

describe('staff onboarding', () => {
  let t: TestApp
  let admin: string
  beforeAll(async () => void ({ t, session: admin } = await signedInTestApp('admin')))
  afterAll(() => t.close())

  const invite = (body: Record<string, unknown>, session = admin) =>
    t.app.request('/api/admin/staff-invites', json(body, bearer(session).headers))
  const join = (code: string, session: string) =>
    t.app.request('/api/staff/join', json({ code }, bearer(session).headers))
  const person = (n: number) => ({ lineUserId: `U00000000000000000000000000j${String(n).padStart(4, '0')}` })

  it('lets an admin invite; the code is shown once, only its hash stored; the invitee becomes staff under their own LINE id', async () => {
    const res = await invite({ storeId: 1, role: 'manager' })
    expect(res.status).toBe(201)
    const body = await res.json()
    expect(body.url).toBe(`${t.config.publicUrl}/staff/join?code=${encodeURIComponent(body.code)}`)
    const rows = await t.db.select().from(staffInvites)
    expect(JSON.stringify(rows)).not.toContain(body.code)
    const session = await t.signIn(person(1))
    expect((await t.app.request('/api/staff/transactions', bearer(session))).status).toBe(403)
    const joined = await join(body.code, session)
    expect(joined.status).toBe(200)
    expect((await joined.json()).staff).toMatchObject({ storeId: 1, role: 'manager' })
    expect((await t.app.request('/api/staff/transactions', bearer(session))).status).toBe(200)
    expect(await t.db.$count(auditLog, eq(auditLog.action, 'staff.joined'))).toBe(1)
    // The same person retrying gets the same answer; anyone else is refused.
    expect((await join(body.code, session)).status).toBe(200)
    const other = await join(body.code, await t.signIn(person(2)))
    expect(other.status).toBe(409)
    expect((await other.json()).error.code).toBe('invite_used')
  })

  it('lets exactly one of many people racing with one code join', async () => {
    const { code } = await (await invite({ storeId: 1, role: 'staff' })).json()
    const sessions = await Promise.all([3, 4, 5, 6, 7, 8].map((n) => t.signIn(person(n))))
    const results = await Promise.all(sessions.map((s) => join(code, s)))
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409, 409])
    const [row] = await t.db.select().from(staffInvites).where(eq(staffInvites.id, 2))
    expect(row!.usedByStaffId).not.toBeNull()
  })

  it('refuses expired and unknown codes, and existing staff', async () => {
    const { code } = await (await invite({ storeId: 1, role: 'staff', expiresInHours: 1 })).json()
    t.clock.advance(2 * 3_600_000)
    const session = await t.signIn(person(9))
    const expired = await join(code, session)
    expect(expired.status).toBe(410)
    expect((await expired.json()).error.code).toBe('invite_expired')
    expect((await join('no-such-code-at-all', session)).status).toBe(404)
    admin = await t.signIn('admin')
    const fresh = await (await invite({ storeId: 1, role: 'staff' })).json()
    const already = await join(fresh.code, await t.signIn('staff'))
    expect((await already.json()).error.code).toBe('already_staff')
  })

  it('keeps invites and deactivation to admins and managers of the store; a deactivated person loses access', async () => {
    const clerk = await t.signIn('staff')
    expect((await invite({ storeId: 1, role: 'staff' }, clerk)).status).toBe(403)
    expect((await invite({ storeId: 1, role: 'staff' }, await t.signIn('customer'))).status).toBe(403)
    expect((await invite({ storeId: 99, role: 'staff' })).status).toBe(404)
    expect((await invite({ storeId: 1, role: 'admin' })).status).toBe(400)
    const manager = await t.signIn(person(1))
    expect((await invite({ storeId: 2, role: 'staff' }, manager)).status).toBe(403)
    expect((await invite({ storeId: 1, role: 'staff' }, manager)).status).toBe(201)
    const clerkRow = await t.db.query.staff.findFirst({ where: eq(staff.storeId, 1) })
    const res = await t.app.request(`/api/admin/staff/${clerkRow!.id}/deactivate`, {
      method: 'POST',
      ...bearer(manager),
    })
    expect(res.status).toBe(200)
    expect((await t.app.request('/api/staff/transactions', bearer(clerk))).status).toBe(403)
    const list = await (await t.app.request('/api/admin/staff', bearer(manager))).json()
    expect(list.staff.every((s: { storeId: number }) => s.storeId === 1)).toBe(true)
    expect(list.staff.find((s: { id: number }) => s.id === clerkRow!.id).active).toBe(false)
  })
})
