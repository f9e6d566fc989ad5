import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isNotNull } from 'drizzle-orm'
import { auditLog, lineAccounts, members, staff } from '../../../../db/schema'
import { signedInTestApp, type TestApp } from '../../../support/test-app'

describe('GET /api/admin/audit', () => {
  let t: TestApp
  let admin: string
  const get = async (path: string) =>
    (await t.app.request(path, { headers: { authorization: `Bearer ${admin}` } })).json()

  beforeAll(async () => void ({ t, session: admin } = await signedInTestApp('admin')))
  afterAll(() => t.close())

  it('names the actor and the target member of an adjustment', async () => {
    const res = await t.app.request('/api/admin/members/1/adjust', {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ points: 120, reason: '来店お礼', idempotencyKey: 'audit-names-1' }),
    })
    expect(res.status).toBe(200)
    const [member] = await t.db.select().from(members).limit(1)
    const admins = await t.db.select().from(staff)
    const body = await get('/api/admin/audit?action=points.adjusted')
    const entry = body.entries[0]
    const acting = admins.find((s) => `staff:${s.id}` === entry.actor)!
    expect(acting.role).toBe('admin')
    expect(entry).toMatchObject({ actorName: acting.displayName, actorRole: 'admin' })
    expect(entry).toMatchObject({ target: 'member:1', targetName: `${member!.memberNumber} ${member!.name}` })
  })

  it('names a LINE user by the member they are linked to, and leaves unknown references unnamed', async () => {
    const [linked] = await t.db.select().from(lineAccounts).where(isNotNull(lineAccounts.memberId)).limit(1)
    const [member] = await t.db.select().from(members).limit(1)
    await t.db.insert(auditLog).values([
      { actor: `line:${linked!.lineUserId}`, action: 'member.consent', target: 'member:1', at: new Date() },
      { actor: 'system', action: 'alert.link_guessing', target: 'member:999999', at: new Date() },
    ])
    const body = await get('/api/admin/audit')
    const [system, customer] = body.entries
    expect(system).toMatchObject({ actor: 'system', actorName: null, targetName: null })
    expect(customer.actorName).toMatch(/^\d{10} /)
    expect(customer.targetName).toBe(`${member!.memberNumber} ${member!.name}`)
  })
  it('filters by one person on the staff, by customers, and by member number', async () => {
    const [member] = await t.db.select().from(members).limit(1)
    const byNumber = await get(`/api/admin/audit?target=${member!.memberNumber}`)
    expect(byNumber.entries.length).toBeGreaterThan(0)
    expect(byNumber.entries.every((e: { target: string }) => e.target === 'member:1')).toBe(true)
    const adjusted = (await get('/api/admin/audit?action=points.adjusted')).entries[0]
    const staffId = Number(adjusted.actor.split(':')[1])
    const mine = await get(`/api/admin/audit?staffId=${staffId}`)
    expect(mine.entries.map((e: { id: number }) => e.id)).toContain(adjusted.id)
    const customers = await get('/api/admin/audit?actor=line:')
    expect(customers.entries.length).toBeGreaterThan(0)
    expect(customers.entries.every((e: { actor: string }) => e.actor.startsWith('line:'))).toBe(true)
  })
})
