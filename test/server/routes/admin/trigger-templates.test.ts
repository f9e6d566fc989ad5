import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { auditLog } from '../../../../db/schema'
import { triggerKinds } from '../../../../server/domain/triggers/kinds'
import { memberNumberFor } from '../../../../server/domain/member-number'
import { drainOutbox } from '../../../../server/outbox/sender'
import { personaByKey } from '../../../../server/sandbox/personas'
import { ecSite, flexInbox } from '../../../support/commerce'
import { bearer, testAppPerSuite, json } from '../../../support/test-app'

describe('/api/admin/trigger-templates', () => {
  const t = testAppPerSuite()
  let admin: string
  beforeAll(async () => {
    admin = await t.signIn('admin')
  })
  const as = (token: string, init: RequestInit = {}) => ({
    ...init,
    headers: { ...(init.headers as Record<string, string>), ...bearer(token).headers },
  })
  const put = (kind: string, body: unknown) =>
    t.app.request(`/api/admin/trigger-templates/${kind}`, as(admin, { ...json(body), method: 'PUT' }))
  const texts = {
    ja: { title: '{orderId} 発送', body: '{name}様 追跡: {trackingUrl}', button: '追跡' },
    en: { title: '{orderId} shipped', body: 'Hi {name}', button: 'Track' },
  }

  it('lists every kind with its defaults and placeholders, for admins only', async () => {
    const res = await t.app.request('/api/admin/trigger-templates', as(admin))
    const { templates } = await res.json()
    expect(templates.map((x: { kind: string }) => x.kind)).toEqual(triggerKinds)
    expect(templates[1].placeholders).toEqual(['name', 'orderId', 'trackingUrl'])
    const customer = await t.signIn('customer')
    expect((await t.app.request('/api/admin/trigger-templates', as(customer))).status).toBe(403)
  })

  it('saves texts with an audit entry, and the next notice uses them', async () => {
    expect((await put('order_shipped', texts)).status).toBe(200)
    const [entry] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'trigger_template.updated'))
    expect(entry).toMatchObject({ target: 'trigger:order_shipped' })
    const ec = await ecSite(t)
    await ec.order('EC-7', {
      event: 'shipped',
      customer: { memberNumber: memberNumberFor(1) },
      trackingUrl: 'https://track.example.jp/7',
    })
    await drainOutbox(t.deps)
    const notice = flexInbox(t, personaByKey('customer')!.lineUserId).at(-1)!
    expect(notice.altText).toBe('EC-7 発送')
    expect(JSON.stringify(notice.contents)).toContain('追跡: https://track.example.jp/7')
  })

  it('refuses a placeholder the kind does not know, and over-long or control-character texts', async () => {
    const unknown = await put('order_placed', { ...texts, en: { ...texts.en, body: '{points}' } })
    expect(await unknown.json()).toMatchObject({
      error: { code: 'unknown_placeholder', details: { unknown: ['trackingUrl', 'points'] } },
    })
    expect((await put('order_placed', { ...texts, ja: { ...texts.ja, button: 'x'.repeat(21) } })).status).toBe(400)
    expect((await put('order_placed', { ...texts, ja: { ...texts.ja, title: 'a\nb' } })).status).toBe(400)
    expect((await put('nothing', texts)).status).toBe(400)
  })

  it('sends a test of draft texts to the admin’s own LINE account', async () => {
    const res = await t.app.request(
      '/api/admin/trigger-templates/cart_reminder/test',
      as(admin, json({ locale: 'en', texts: { title: 'Still there?', body: '{itemCount} items', button: 'See' } })),
    )
    expect(res.status).toBe(202)
    await drainOutbox(t.deps)
    const [test] = flexInbox(t, personaByKey('admin')!.lineUserId)
    expect(test!.altText).toBe('Still there?')
    expect(test!.contents.type).toBe('carousel')
  })

  it('sends every kind’s default message in both languages through the sandbox, which validates each against LINE’s spec', async () => {
    const { templates } = await (await t.app.request('/api/admin/trigger-templates', as(admin))).json()
    const adminUser = personaByKey('admin')!.lineUserId
    const before = flexInbox(t, adminUser).length
    for (const template of templates)
      for (const locale of ['ja', 'en'] as const) {
        const body = { locale, texts: template.defaults[locale] }
        const res = await t.app.request(`/api/admin/trigger-templates/${template.kind}/test`, as(admin, json(body)))
        expect(res.status).toBe(202)
      }
    const report = await drainOutbox(t.deps)
    expect(report).toMatchObject({ failed: 0 })
    expect(flexInbox(t, adminUser).length - before).toBe(templates.length * 2)
  })
})
