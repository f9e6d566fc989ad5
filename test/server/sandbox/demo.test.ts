import { count, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { lineAccounts, members, reservations, settings } from '../../../db/schema'
import { createApp } from '../../../server/app'
import { loadConfig } from '../../../server/config'
import { richMenuSettingKey, type RichMenuIds } from '../../../server/rich-menus/ids'
import { personaByKey, type Persona } from '../../../server/sandbox/personas'
import { json, testAppWithRichMenus, type TestApp } from '../../support/test-app'

const customer = personaByKey('customer')!
const newcomer = personaByKey('newcomer')!

let t: TestApp
let ids: RichMenuIds
const record = () => t.sandbox.messaging.record

beforeAll(async () => void ({ t, menus: ids } = await testAppWithRichMenus()))
afterAll(() => t.close())

async function addNewcomer(): Promise<Persona> {
  const res = await t.sandbox.app.request('/login/personas', json({}))
  expect(res.status).toBe(201)
  await t.settle()
  return res.json()
}

const inboxPage = async (userId: string) => (await t.sandbox.app.request(`/inbox?user=${userId}`)).text()

describe('sandbox newcomers (新しいお客さまを追加)', () => {
  it('adds as many newcomers as asked, each a fresh LINE user who follows the account and can sign in', async () => {
    const first = await addNewcomer()
    const second = await addNewcomer()
    expect(first).toMatchObject({ key: 'newcomer-2', lineUserId: expect.stringMatching(/^U[0-9a-f]{32}$/) })
    expect(second.key).toBe('newcomer-3')
    expect(new Set([first.lineUserId, second.lineUserId, newcomer.lineUserId]).size).toBe(3)
    expect(second.displayName).not.toBe(first.displayName)

    const listed = (await (await t.sandbox.app.request('/login/personas')).json()) as Persona[]
    expect(listed.map((p) => p.key)).toEqual(['customer', 'newcomer', 'staff', 'admin', 'newcomer-2', 'newcomer-3'])
    const account = await t.db.query.lineAccounts.findFirst({ where: eq(lineAccounts.lineUserId, first.lineUserId) })
    expect(account).toMatchObject({ friendStatus: 'friend', memberId: null })
    expect(record().users.get(first.lineUserId)?.displayName).toBe(first.displayName)
    await expect(t.signIn({ lineUserId: second.lineUserId })).resolves.toEqual(expect.any(String))
  })

  it('adds a newcomer from the inbox page and opens their chat', async () => {
    const res = await t.sandbox.app.request('/inbox/newcomer', {
      method: 'POST',
      headers: { origin: 'http://localhost', 'sec-fetch-site': 'same-origin' },
      body: new URLSearchParams({}),
    })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toMatch(/^\/inbox\?user=U[0-9a-f]{32}$/)
  })

  it('refuses to add a newcomer for a form another site posts', async () => {
    const form = await t.sandbox.app.request('/login/personas', { method: 'POST', body: new URLSearchParams({}) })
    expect(form.status).toBe(415)
    const crossSite = await t.sandbox.app.request('/inbox/newcomer', {
      method: 'POST',
      headers: { origin: 'https://evil.test', 'sec-fetch-site': 'cross-site' },
      body: new URLSearchParams({}),
    })
    expect(crossSite.status).toBe(403)
  })
})

describe('sandbox rich menu view', () => {
  it('shows a user their linked member menu, others the default guest menu, with areas that open the app as them', async () => {
    record().userRichMenus.set(customer.lineUserId, ids.member)
    const member = await inboxPage(customer.lineUserId)
    expect(member).toContain(`data-rich-menu-id="${ids.member}"`)
    expect(member).toContain(`href="${t.config.publicUrl}/?persona=customer"`)
    expect(member).toContain(`<img src="/inbox/richmenu/${ids.member}"`)

    const guest = await inboxPage(newcomer.lineUserId)
    expect(guest).toContain(`data-rich-menu-id="${ids.guest}"`)
    expect(guest).toContain(`href="${t.config.publicUrl}/register?persona=newcomer"`)

    const image = await t.sandbox.app.request(`/inbox/richmenu/${ids.member}`)
    expect(image.status).toBe(200)
    expect(image.headers.get('content-type')).toBe('image/png')
    expect(new Uint8Array(await image.arrayBuffer()).slice(1, 4)).toEqual(new TextEncoder().encode('PNG'))
  })

  it('switches the shown menu on a richmenuswitch tap and tells the server with a postback', async () => {
    record().richMenuAliases.set('to-member', ids.member)
    const res = await t.sandbox.app.request('/inbox', {
      method: 'POST',
      body: new URLSearchParams({ user: newcomer.lineUserId, kind: 'richmenuswitch', alias: 'to-member', data: 'm' }),
    })
    expect(res.status).toBe(303)
    expect(await inboxPage(newcomer.lineUserId)).toContain(`data-rich-menu-id="${ids.member}"`)
    record().richMenuAliases.delete('to-member')
  })
})

describe('POST /api/sandbox/reset', () => {
  it('puts the demo shop back as seeded, clears the sandbox and shows the seeded member their menu again', async () => {
    const added = await addNewcomer()
    await t.db.update(members).set({ name: '書き換え', balance: 0 }).where(eq(members.id, 1))
    await t.db.delete(reservations)
    await t.sandbox.webhook.text(customer.lineUserId, 'ポイント')
    await t.settle()
    expect(record().inbox.get(customer.lineUserId)?.length).toBeGreaterThan(0)
    record().userRichMenus.delete(customer.lineUserId)

    const res = await t.app.request('/api/sandbox/reset', json({ confirm: true }))
    expect(res.status).toBe(200)
    expect(await t.db.query.members.findFirst({ where: eq(members.id, 1) })).toMatchObject({
      name: '山田 花子',
      balance: 1700,
    })
    expect((await t.db.select({ n: count() }).from(members))[0]!.n).toBe(2)
    expect((await t.db.select({ n: count() }).from(reservations))[0]!.n).toBe(3)
    expect(await t.db.query.lineAccounts.findFirst({ where: eq(lineAccounts.lineUserId, added.lineUserId) })).toBe(
      undefined,
    )
    expect(await t.db.query.settings.findFirst({ where: eq(settings.key, richMenuSettingKey) })).toMatchObject({
      value: ids,
    })

    expect(record().inbox.size).toBe(0)
    expect(record().users.has(added.lineUserId)).toBe(false)
    expect(((await (await t.sandbox.app.request('/login/personas')).json()) as Persona[]).length).toBe(4)
    expect([...record().richMenus.keys()].sort()).toEqual([ids.guest, ids.member].sort())
    expect(record().userRichMenus.get(customer.lineUserId)).toBe(ids.member)
    expect(await inboxPage(customer.lineUserId)).not.toContain('class="bubble"')
  })

  it('resets from the inbox only after its confirmation', async () => {
    const ask = await (await t.sandbox.app.request('/inbox?confirm=reset')).text()
    expect(ask).toContain('デモを最初の状態に戻しますか？')
    expect(ask).toContain('action="/inbox/reset"')
    const res = await t.sandbox.app.request('/inbox/reset', {
      method: 'POST',
      headers: { origin: 'http://localhost', 'sec-fetch-site': 'same-origin' },
      body: new URLSearchParams({}),
    })
    expect(res.status).toBe(303)
    expect(decodeURIComponent(res.headers.get('location')!)).toContain('デモを最初の状態に戻しました')
  })

  it('refuses a reset that is not a confirmed JSON request, changing nothing', async () => {
    await t.db.update(members).set({ name: '変更' }).where(eq(members.id, 2))
    const form = await t.app.request('/api/sandbox/reset', { method: 'POST', body: new URLSearchParams({}) })
    expect(form.status).toBe(415)
    expect(await form.json()).toMatchObject({ error: { code: 'unsupported_media_type' } })
    const unconfirmed = await t.app.request('/api/sandbox/reset', json({}))
    expect(unconfirmed.status).toBe(400)
    expect(await unconfirmed.json()).toMatchObject({ error: { code: 'reset_not_confirmed' } })
    expect(await t.db.query.members.findFirst({ where: eq(members.id, 2) })).toMatchObject({ name: '変更' })
  })

  it('does not exist when the sandbox is off', async () => {
    const config = loadConfig({
      LINE_LOGIN_CHANNEL_ID: '2001234567',
      LINE_LOGIN_CHANNEL_SECRET: 'login-secret',
      LIFF_ID: '2001234567-AbCdEfGh',
      LINE_CHANNEL_ACCESS_TOKEN: 'token',
      LINE_CHANNEL_SECRET: 'messaging-secret',
      CARD_TOKEN_KEYS: 'k1:0123456789abcdef0123456789abcdef',
      SESSION_SECRET: 'x'.repeat(32),
    })
    expect(config.sandbox).toBe(false)
    const app = createApp({ ...t.deps, config })
    expect((await app.request('/api/sandbox/reset', json({ confirm: true }))).status).toBe(404)
  })
})
