import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { demo } from '../../../../db/seed'
import { auditLog, lineAccounts, members, pointLedger } from '../../../../db/schema'
import { setUpRichMenus } from '../../../../server/rich-menus/setup'
import { personaByKey } from '../../../../server/sandbox/personas'
import { bearer, createTestApp, json, type TestApp } from '../../../support/test-app'

const customer = personaByKey('customer')!

describe('/api/me and admin unlink', () => {
  let t: TestApp
  beforeEach(async () => {
    await t?.close()
    t = await createTestApp()
    await setUpRichMenus(t.deps)
    await t.deps.line.messaging.linkRichMenuIdToUser(
      customer.lineUserId,
      (await t.deps.line.messaging.getRichMenuList()).richmenus.find((m) => m.name === 'tsunagu-member')!.richMenuId,
    )
  })
  afterAll(() => t.close())

  const post = async (path: string, who: Parameters<TestApp['signIn']>[0], body?: unknown) => {
    const auth = bearer(await t.signIn(who)).headers
    return t.app.request(
      path,
      body === undefined
        ? { method: 'POST', headers: auth }
        : { ...json(body), headers: { ...json(body).headers, ...auth } },
    )
  }

  it('unlinks the customer: guest state (card 404 not_linked), guest rich menu, audit entry; a second unlink is 404', async () => {
    const res = await post('/api/me/unlink', 'customer')
    expect(res.status).toBe(200)
    const card = await t.app.request('/api/card', bearer(await t.signIn('customer')))
    expect((await card.json()).error.code).toBe('not_linked')
    expect(t.sandbox.messaging.record.userRichMenus.has(customer.lineUserId)).toBe(false)
    const defaultMenu = t.sandbox.messaging.record.richMenus.get(t.sandbox.messaging.record.defaultRichMenuId!)
    expect(defaultMenu?.name).toBe('tsunagu-guest')
    const [entry] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'member.unlink'))
    expect(entry).toMatchObject({ actor: `line:${customer.lineUserId}`, target: `member:${demo.customerMemberId}` })
    expect((await t.db.query.members.findFirst({ where: eq(members.id, demo.customerMemberId) }))?.status).toBe(
      'active',
    )
    expect((await post('/api/me/unlink', 'customer')).status).toBe(404)
  })

  it('exports the member data as JSON without the PIN hash', async () => {
    const res = await t.app.request('/api/me/export', bearer(await t.signIn('customer')))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-disposition')).toContain('attachment')
    const data = await res.json()
    expect(data.member).toMatchObject({ name: '山田 花子', birthday: '1990-07-15', hasPin: false })
    expect(data.member.pinHash).toBeUndefined()
    expect(data.pointLedger.length).toBe(3)
    expect(data.reservations.length).toBeGreaterThan(0)
    expect(data.lineAccount.lineUserId).toBe(customer.lineUserId)
  })

  it('deletes the membership: points forfeited through the ledger, personal data erased, unlinked, audit-logged', async () => {
    expect((await post('/api/me/delete', 'customer', { confirm: false })).status).toBe(400)
    const res = await post('/api/me/delete', 'customer', { confirm: true })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ deleted: true, forfeitedPoints: 1700 })
    const member = await t.db.query.members.findFirst({ where: eq(members.id, demo.customerMemberId) })
    expect(member).toMatchObject({
      status: 'deleted',
      name: '（退会済み）',
      nameKana: null,
      birthday: null,
      phone: null,
      prefecture: null,
      balance: 0,
      marketingOptIn: false,
    })
    const [sum] = await t.db
      .select({ n: sql<number>`sum(${pointLedger.points})` })
      .from(pointLedger)
      .where(eq(pointLedger.memberId, demo.customerMemberId))
    expect(sum!.n).toBe(0)
    expect(
      (await t.db.query.lineAccounts.findFirst({ where: eq(lineAccounts.lineUserId, customer.lineUserId) }))?.memberId,
    ).toBeNull()
    expect(t.sandbox.messaging.record.userRichMenus.has(customer.lineUserId)).toBe(false)
    const [entry] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'member.delete'))
    expect(entry?.detail).toEqual({ forfeitedPoints: 1700 })
    // The deleted membership cannot be linked again.
    const relink = await post('/api/link', 'customer', { memberNumber: member!.memberNumber, birthday: '1990-07-15' })
    expect(relink.status).toBe(401)
  })

  it('lets an admin unlink a membership, and nobody else', async () => {
    expect((await post(`/api/admin/members/${demo.customerMemberId}/unlink`, 'staff')).status).toBe(403)
    expect((await post(`/api/admin/members/${demo.customerMemberId}/unlink`, 'customer')).status).toBe(403)
    const res = await post(`/api/admin/members/${demo.customerMemberId}/unlink`, 'admin')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ unlinked: true, lineUserId: customer.lineUserId })
    const [entry] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'member.unlink'))
    expect(entry?.actor).toMatch(/^staff:/)
    expect(entry?.detail).toMatchObject({ reason: 'admin' })
    expect((await post(`/api/admin/members/${demo.customerMemberId}/unlink`, 'admin')).status).toBe(404)
    expect((await post(`/api/admin/members/abc/unlink`, 'admin')).status).toBe(400)
  })
})
