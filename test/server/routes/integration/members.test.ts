import { and, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { auditLog, memberCoupons, memberTags } from '../../../../db/schema'
import { createApiKey } from '../../../../server/data/api-keys'
import { countSegment } from '../../../../server/data/segments'
import { memberNumberFor } from '../../../../server/domain/member-number'
import { defineCoupon } from '../../../support/coupons'
import { testAppPerSuite, bearerRequest } from '../../../support/test-app'

describe('/api/integration/members', () => {
  const t = testAppPerSuite()
  let key: string
  let actor: string
  const number = memberNumberFor(1)
  beforeAll(async () => {
    const made = await createApiKey(t.db, 'EC site', 'test', {
      scopes: ['members:read', 'tags', 'coupons'],
      rateTier: 'high',
    })
    key = made.key
    actor = `apikey:${made.row.id}`
  })

  const call = (method: string, path: string, body?: unknown, apiKey = key) =>
    t.app.request(`/api/integration/members/${path}`, bearerRequest(method, apiKey, body))

  it('sets, changes and removes tags with one audit entry per change, and shows them on the member', async () => {
    expect(await (await call('PUT', `${number}/tags/vip`, {})).json()).toEqual({
      name: 'vip',
      value: '',
      changed: true,
    })
    expect((await (await call('PUT', `${number}/tags/vip`, {})).json()).changed).toBe(false)
    t.clock.advance(1000)
    await call('PUT', `${number}/tags/favorite_category`, { value: 'コーヒー' })
    const read = await (await call('GET', number)).json()
    expect(read).toMatchObject({ memberNumber: number, balance: 1700 })
    expect(read.tags.map((g: { name: string; value: string }) => [g.name, g.value])).toEqual([
      ['favorite_category', 'コーヒー'],
      ['vip', ''],
    ])
    const coffee = { tags: [{ name: 'favorite_category', value: 'コーヒー' }] }
    expect((await countSegment(t.db, coffee, t.clock.now)).members).toBe(1)
    expect(
      (await countSegment(t.db, { tags: [{ name: 'favorite_category', value: '紅茶' }] }, t.clock.now)).members,
    ).toBe(0)
    expect((await countSegment(t.db, { tags: [...coffee.tags, { name: 'vip' }] }, t.clock.now)).members).toBe(1)
    t.clock.advance(1000)
    expect((await (await call('DELETE', `${number}/tags/vip`)).json()).changed).toBe(true)
    expect((await (await call('DELETE', `${number}/tags/vip`)).json()).changed).toBe(false)
    expect(await t.db.$count(memberTags, eq(memberTags.memberId, 1))).toBe(1)
    const audits = await t.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.actor, actor))
    expect(audits.map((a) => a.action).sort()).toEqual(['member.tag_removed', 'member.tag_set', 'member.tag_set'])
  })

  it('refuses bad tag names, unknown members and keys without the scope, with their codes', async () => {
    expect((await (await call('PUT', `${number}/tags/Bad Name`, {})).json()).error.code).toBe('invalid_request')
    const unknown = await call('PUT', `${memberNumberFor(999)}/tags/vip`, {})
    expect([unknown.status, (await unknown.json()).error.code]).toEqual([404, 'member_not_found'])
    const posOnly = await createApiKey(t.db, 'POS', 'test', { scopes: ['purchases'], rateTier: 'standard' })
    const refused = await call('PUT', `${number}/tags/vip`, {}, posOnly.key)
    expect([refused.status, (await refused.json()).error.code]).toEqual([403, 'api_key_scope_missing'])
  })

  it('issues a coupon through the coupon use case, once per key', async () => {
    const coupon = await defineCoupon(t.db, { title: '10%オフ' })
    const body = { couponId: coupon.id, idempotencyKey: 'ec-welcome-0001' }
    const first = await (await call('POST', `${number}/coupons`, body)).json()
    expect(first).toMatchObject({ replayed: false })
    expect(await (await call('POST', `${number}/coupons`, body)).json()).toEqual({ ...first, replayed: true })
    const copies = await t.db
      .select()
      .from(memberCoupons)
      .where(and(eq(memberCoupons.memberId, 1), eq(memberCoupons.couponId, coupon.id)))
    expect(copies).toHaveLength(1)
    expect(copies[0]).toMatchObject({ source: 'api' })
    expect(await t.db.$count(auditLog, and(eq(auditLog.action, 'coupon.issued'), eq(auditLog.actor, actor)))).toBe(1)
  })
})
