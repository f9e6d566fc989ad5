import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { demo } from '../../../../db/seed'
import {
  auditLog,
  carts,
  lineAccounts,
  members,
  memberTags,
  orders,
  pointLedger,
  savedItems,
} from '../../../../db/schema'
import { memberNumberFor } from '../../../../server/domain/member-number'
import { setUpRichMenus } from '../../../../server/rich-menus/setup'
import { personaByKey } from '../../../../server/sandbox/personas'
import { setMemberTag } from '../../../../server/usecases/member-tags'
import { ecSite, towel } from '../../../support/commerce'
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

  it('exports the member’s EC orders, carts, saved items and tags, and deleting leaves no EC row naming them', async () => {
    const ec = await ecSite(t)
    const customerRef = { memberNumber: memberNumberFor(1) }
    expect((await ec.order('EC-1', { event: 'placed', customer: customerRef })).status).toBe(201)
    expect((await ec.cart('c-1', { event: 'updated', customer: customerRef, items: [towel] })).status).toBe(200)
    expect((await ec.save('towel-1', { customer: customerRef, item: towel })).status).toBe(200)
    await setMemberTag(t.deps, { memberId: demo.customerMemberId, name: 'vip', value: 'gold', actor: 'apikey:1' })
    const data = await (await t.app.request('/api/me/export', bearer(await t.signIn('customer')))).json()
    expect(data.orders).toMatchObject([{ orderId: 'EC-1', status: 'placed' }])
    expect(data.carts).toMatchObject([{ cartId: 'c-1', status: 'open', items: [{ name: towel.name }] }])
    expect(data.savedItems).toMatchObject([{ itemId: 'towel-1', name: towel.name, priceYen: towel.priceYen }])
    expect(data.tags).toMatchObject([{ name: 'vip', value: 'gold' }])

    expect((await post('/api/me/delete', 'customer', { confirm: true })).status).toBe(200)
    const id = demo.customerMemberId
    expect(await t.db.$count(carts, eq(carts.memberId, id))).toBe(0)
    expect(await t.db.$count(savedItems, eq(savedItems.memberId, id))).toBe(0)
    expect(await t.db.$count(memberTags, eq(memberTags.memberId, id))).toBe(0)
    const naming = sql`${orders.memberId} = ${id} OR ${orders.lineUserId} = ${customer.lineUserId}`
    expect(await t.db.$count(orders, naming)).toBe(0)
    // The order stays for the shop's counts, naming no one.
    expect(await t.db.select().from(orders)).toMatchObject([
      { externalId: 'EC-1', memberId: null, lineUserId: null, trackingUrl: null },
    ])
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
