import { and, eq, sql } from 'drizzle-orm'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { auditLog } from '../../../../db/schema'
import { personaByKey } from '../../../../server/sandbox/personas'
import { bearer, testAppPerSuite } from '../../../support/test-app'
import { seededAdmin } from '../../../support/staff'

describe('personal-data access log (member.view, member.export)', () => {
  const t = testAppPerSuite()
  let admin: string
  let adminActor: string
  beforeAll(async () => {
    admin = await t.signIn('admin')
    adminActor = `staff:${(await seededAdmin(t.db)).id}`
  })
  afterEach(() => t.db.run(sql`DROP TRIGGER IF EXISTS audit_down`))

  const entries = (action: string) =>
    t.db.select().from(auditLog).where(eq(auditLog.action, action)).orderBy(auditLog.id)
  /** The audit log refuses writes, as a full disk or a lost database connection would. */
  const breakAuditLog = () =>
    t.db.run(sql`CREATE TRIGGER audit_down BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'audit log down'); END`)

  it("logs an admin's view of a member, every time, and nothing for a member that does not exist", async () => {
    expect((await t.app.request('/api/admin/members/1', bearer(admin))).status).toBe(200)
    expect((await t.app.request('/api/admin/members/1', bearer(admin))).status).toBe(200)
    expect((await t.app.request('/api/admin/members/999', bearer(admin))).status).toBe(404)
    expect(await entries('member.view')).toEqual([
      expect.objectContaining({ actor: adminActor, target: 'member:1', detail: null }),
      expect.objectContaining({ actor: adminActor, target: 'member:1', detail: null }),
    ])
  })

  it('logs the CSV export with its filter and the number of rows it holds', async () => {
    const res = await t.app.request('/api/admin/members/export.csv', bearer(admin))
    expect(res.status).toBe(200)
    const lines = (await res.text()).split('\r\n').filter((l) => l !== '')
    const [entry] = await entries('member.export')
    expect(entry).toMatchObject({
      actor: adminActor,
      target: 'members',
      detail: { format: 'csv', filter: { status: 'active' }, rows: lines.length - 1 },
    })
    expect(lines.length - 1).toBeGreaterThan(1)
  })

  it("logs a customer's download of their own data, and the download lists it", async () => {
    const customer = personaByKey('customer')!.lineUserId
    const res = await t.app.request('/api/me/export', bearer(await t.signIn('customer')))
    expect(res.status).toBe(200)
    const data = (await res.json()) as { member: { id: number }; activity: { action: string }[] }
    const [entry] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'member.export'), eq(auditLog.actor, `line:${customer}`)))
    expect(entry).toMatchObject({ target: `member:${data.member.id}`, detail: { format: 'json', rows: 1 } })
    expect(data.activity.map((a) => a.action)).toContain('member.export')
  })

  it('answers no personal data when the access cannot be logged', async () => {
    const customer = await t.signIn('customer')
    await breakAuditLog()
    const detail = await t.app.request('/api/admin/members/1', bearer(admin))
    const csv = await t.app.request('/api/admin/members/export.csv', bearer(admin))
    const own = await t.app.request('/api/me/export', bearer(customer))
    for (const res of [detail, csv, own]) {
      expect(res.status).toBe(500)
      const text = await res.text()
      expect(text).not.toContain('山田')
      expect(JSON.parse(text)).toMatchObject({ error: { code: 'internal' } })
    }
  })
})
