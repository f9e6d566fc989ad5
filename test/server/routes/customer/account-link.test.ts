import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { demo } from '../../../../db/seed'
import { accountLinkNonces, auditLog, deliveries, lineAccounts, linkAttempts } from '../../../../db/schema'
import { hashNonce } from '../../../../server/linking/nonce'
import { personaByKey } from '../../../../server/sandbox/personas'
import { bearer, testAppWithRichMenus, type TestApp } from '../../../support/test-app'

const newcomer = personaByKey('newcomer')!

describe('account-link flow (Messaging API)', () => {
  let t: TestApp
  let menus: { member: string }
  beforeAll(async () => void ({ t, menus } = await testAppWithRichMenus()))
  afterAll(() => t.close())
  beforeEach(async () => {
    await t.db.update(lineAccounts).set({ memberId: null }).where(eq(lineAccounts.memberId, demo.unlinkedMemberId))
    await t.db.delete(linkAttempts)
  })

  async function start(who: Parameters<TestApp['signIn']>[0] = 'newcomer') {
    const res = await t.app.request('/api/account-link', { method: 'POST', ...bearer(await t.signIn(who)) })
    expect(res.status).toBe(200)
    const { url } = await res.json()
    return new URL(url)
  }

  async function submit(ticket: string, fields: Record<string, string>) {
    return t.app.request('/account-link/login', {
      method: 'POST',
      body: new URLSearchParams({ ticket, ...fields }),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
  }

  async function login(fields = { memberNumber: demo.unlinkedMemberNumber, birthday: demo.unlinkedBirthday }) {
    const page = await start()
    const ticket = page.searchParams.get('ticket')!
    expect((await t.app.request(`${page.pathname}${page.search}`)).status).toBe(200)
    const res = await submit(ticket, fields)
    expect(res.status).toBe(302)
    const dialog = new URL(res.headers.get('location')!)
    return { linkToken: dialog.searchParams.get('linkToken')!, nonce: dialog.searchParams.get('nonce')!, dialog }
  }

  const account = () => t.db.query.lineAccounts.findFirst({ where: eq(lineAccounts.lineUserId, newcomer.lineUserId) })

  it('issues a link token, checks the member on the login page, stores only a hashed 256-bit nonce, and links on the ok event', async () => {
    const { linkToken, nonce, dialog } = await login()
    expect(dialog.pathname).toBe(new URL(`${t.config.sandboxUrl}/account-link/dialog`).pathname)
    expect(t.sandbox.messaging.record.linkTokens.get(linkToken)?.lineUserId).toBe(newcomer.lineUserId)
    expect(Buffer.from(nonce, 'base64url').length).toBeGreaterThanOrEqual(16)
    const [row] = await t.db.select().from(accountLinkNonces)
    expect(row!.nonceHash).toBe(await hashNonce(nonce))
    expect(JSON.stringify(row)).not.toContain(nonce)
    expect((await account())?.memberId).toBeNull()

    await t.sandbox.webhook.accountLink(newcomer.lineUserId, 'ok', nonce)
    await t.settle()
    expect(await account()).toMatchObject({ memberId: demo.unlinkedMemberId, linkMethod: 'account_link' })
    expect(t.sandbox.messaging.record.userRichMenus.get(newcomer.lineUserId)).toBe(menus.member)
    const queued = await t.db.select().from(deliveries).where(eq(deliveries.lineUserId, newcomer.lineUserId))
    expect(queued.some((d) => d.kind === 'account_link')).toBe(true)

    // A replayed nonce (new event id) changes nothing and is audit-logged.
    await t.db.update(lineAccounts).set({ memberId: null }).where(eq(lineAccounts.lineUserId, newcomer.lineUserId))
    await t.sandbox.webhook.accountLink(newcomer.lineUserId, 'ok', nonce)
    await t.settle()
    expect((await account())?.memberId).toBeNull()
    const rejected = await t.db.select().from(auditLog).where(eq(auditLog.action, 'account_link.rejected'))
    expect(rejected.at(-1)?.detail).toMatchObject({ reason: 'nonce_replayed' })
  })

  it('does not link on a failed result, an unknown nonce, an expired nonce, or a nonce sent for another user', async () => {
    const failed = await login()
    await t.sandbox.webhook.accountLink(newcomer.lineUserId, 'failed', failed.nonce)
    await t.sandbox.webhook.accountLink(newcomer.lineUserId, 'ok', 'never-issued-nonce')
    const stolen = await login()
    await t.sandbox.webhook.accountLink('U5000000000000000000000000000e001', 'ok', stolen.nonce)
    const late = await login()
    t.clock.advance(10 * 60_000 + 1)
    await t.sandbox.webhook.accountLink(newcomer.lineUserId, 'ok', late.nonce)
    await t.settle()
    expect((await account())?.memberId).toBeNull()
    const reasons = (await t.db.select().from(auditLog).where(eq(auditLog.action, 'account_link.rejected'))).map(
      (r) => r.detail?.reason,
    )
    expect(reasons).toEqual(
      expect.arrayContaining(['line_failed', 'nonce_unknown', 'nonce_other_user', 'nonce_expired']),
    )
  })

  it('shows the login form again with a clear error for wrong credentials, and refuses forged or expired tickets', async () => {
    const page = await start()
    const ticket = page.searchParams.get('ticket')!
    const wrong = await submit(ticket, { memberNumber: demo.unlinkedMemberNumber, birthday: '1999-01-01' })
    expect(wrong.status).toBe(401)
    const text = await wrong.text()
    expect(text).toContain('一致しません')
    expect(text).toContain('name="memberNumber"')
    expect(
      (await submit(`${ticket}x`, { memberNumber: demo.unlinkedMemberNumber, birthday: demo.unlinkedBirthday })).status,
    ).toBe(400)
    t.clock.advance(11 * 60_000)
    expect((await t.app.request(`/account-link/login?ticket=${ticket}`)).status).toBe(400)
  })

  it('lets the owner log in with the right birthday after 50 failures from 10 other LINE accounts, and shows the others their wait', async () => {
    const wrong = { memberNumber: demo.unlinkedMemberNumber, birthday: '1999-01-01' }
    for (let i = 0; i < 10; i++) {
      const page = await start({ lineUserId: `U40000000000000000000000000000${String(i).padStart(2, '0')}` })
      const ticket = page.searchParams.get('ticket')!
      for (let k = 0; k < 5; k++) expect((await submit(ticket, wrong)).status).toBe(401)
      const held = await submit(ticket, wrong)
      expect(held.status).toBe(429)
      expect(held.headers.get('retry-after')).toBe('60')
      const text = await held.text()
      expect(text).toContain('1分ほど待ってから')
      expect(text).toContain('try again in 1 minute')
    }
    const { nonce } = await login()
    await t.sandbox.webhook.accountLink(newcomer.lineUserId, 'ok', nonce)
    await t.settle()
    expect(await account()).toMatchObject({ memberId: demo.unlinkedMemberId })
    const alerts = await t.db.select().from(auditLog).where(eq(auditLog.action, 'alert.link_guessing'))
    expect(alerts).toHaveLength(1)
    t.clock.advance(60 * 60_000 + 1)
  })

  it('refuses to start for an account that is already linked', async () => {
    const res = await t.app.request('/api/account-link', { method: 'POST', ...bearer(await t.signIn('customer')) })
    expect(res.status).toBe(409)
  })
})
