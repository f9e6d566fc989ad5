import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { demo } from '../../../../db/seed'
import { auditLog, lineAccounts, linkAttempts } from '../../../../db/schema'
import { memberNumberFor } from '../../../../server/domain/member-number'
import { personaByKey } from '../../../../server/sandbox/personas'
import { bearer, json, testAppWithRichMenus, type TestApp } from '../../../support/test-app'

const newcomer = personaByKey('newcomer')!
const other = { lineUserId: 'U2000000000000000000000000000f001' }
const third = { lineUserId: 'U2000000000000000000000000000f002' }

describe('POST /api/link', () => {
  let t: TestApp
  let ids: { guest: string; member: string }
  beforeAll(async () => void ({ t, menus: ids } = await testAppWithRichMenus()))
  afterAll(() => t.close())
  beforeEach(async () => {
    await t.db
      .update(lineAccounts)
      .set({ memberId: null, linkedAt: null, linkMethod: null })
      .where(eq(lineAccounts.memberId, demo.unlinkedMemberId))
    await t.db.delete(linkAttempts)
  })

  const link = async (who: Parameters<TestApp['signIn']>[0], body: unknown) =>
    t.app.request('/api/link', {
      ...json(body),
      headers: { ...json(body).headers, ...bearer(await t.signIn(who)).headers },
    })

  it('links an existing membership with member number (full-width, hyphens) and birthday, and shows the member menu', async () => {
    const fullWidth = demo.unlinkedMemberNumber.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0))
    const res = await link('newcomer', {
      memberNumber: `${fullWidth.slice(0, 4)}-${fullWidth.slice(4)}`,
      birthday: '1985/4/12',
    })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({
      member: { memberNumber: demo.unlinkedMemberNumber, name: '佐藤 一郎' },
      linked: true,
    })
    const account = await t.db.query.lineAccounts.findFirst({ where: eq(lineAccounts.lineUserId, newcomer.lineUserId) })
    expect(account).toMatchObject({ memberId: demo.unlinkedMemberId, linkMethod: 'liff', richMenu: 'member' })
    expect(t.sandbox.messaging.record.userRichMenus.get(newcomer.lineUserId)).toBe(ids.member)
    const card = await t.app.request('/api/card', bearer(await t.signIn('newcomer')))
    expect(card.status).toBe(200)
    const entries = await t.db.select().from(auditLog).where(eq(auditLog.action, 'member.link'))
    expect(entries.at(-1)).toMatchObject({
      actor: `line:${newcomer.lineUserId}`,
      target: `member:${demo.unlinkedMemberId}`,
    })
    // Linking again to the same membership is a no-op, not an error.
    const again = await link('newcomer', { memberNumber: demo.unlinkedMemberNumber, birthday: demo.unlinkedBirthday })
    expect(await again.json()).toMatchObject({ linked: false })
  })

  it('rejects a wrong check digit with 400 and a wrong birthday with 401, without telling which part was wrong', async () => {
    const badDigit =
      demo.unlinkedMemberNumber.slice(0, -1) + String((Number(demo.unlinkedMemberNumber.at(-1)) + 1) % 10)
    const res = await link('newcomer', { memberNumber: badDigit, birthday: demo.unlinkedBirthday })
    expect(res.status).toBe(400)
    expect((await res.json()).error.code).toBe('member_number_invalid')
    const wrong = await link('newcomer', { memberNumber: demo.unlinkedMemberNumber, birthday: '1985-04-13' })
    expect(wrong.status).toBe(401)
    expect((await wrong.json()).error.code).toBe('link_credentials_invalid')
    const unknown = await link('newcomer', { memberNumber: memberNumberFor(999), birthday: demo.unlinkedBirthday })
    expect((await unknown.json()).error.code).toBe('link_credentials_invalid')
  })

  it('answers 400 invalid_request when neither birthday nor PIN is given', async () => {
    const res = await link('newcomer', { memberNumber: demo.unlinkedMemberNumber })
    expect(res.status).toBe(400)
    expect((await res.json()).error.code).toBe('invalid_request')
  })

  const wrongBirthday = { memberNumber: demo.unlinkedMemberNumber, birthday: '2000-01-01' }
  const rightBirthday = { memberNumber: demo.unlinkedMemberNumber, birthday: demo.unlinkedBirthday }
  const stranger = (i: number) => ({ lineUserId: `U30000000000000000000000000000${String(i).padStart(2, '0')}` })

  it('lets the owner link with the right birthday after 50 failures from 10 other LINE accounts, and alerts the shop once', async () => {
    for (let i = 0; i < 10; i++) {
      for (let k = 0; k < 5; k++) expect((await link(stranger(i), wrongBirthday)).status).toBe(401)
      const held = await link(stranger(i), wrongBirthday)
      expect(held.status).toBe(429)
      expect((await held.json()).error.code).toBe('link_wait')
    }
    const res = await link('newcomer', rightBirthday)
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ linked: true })
    const alerts = await t.db.select().from(auditLog).where(eq(auditLog.action, 'alert.link_guessing'))
    expect(alerts).toHaveLength(1)
    expect(alerts[0]).toMatchObject({ target: `member-number:${demo.unlinkedMemberNumber}`, detail: { accounts: 5 } })
    const admin = await t.app.request('/api/admin/audit?action=alert.', bearer(await t.signIn('admin')))
    expect((await admin.json()).entries.map((e: { action: string }) => e.action)).toContain('alert.link_guessing')
    t.clock.advance(60 * 60_000 + 1)
    await t.db.delete(auditLog).where(eq(auditLog.action, 'alert.link_guessing'))
  })

  it('makes one LINE account wait after 5 failures on a number, twice as long after each further failure', async () => {
    for (let k = 0; k < 5; k++) expect((await link('newcomer', wrongBirthday)).status).toBe(401)
    const waits: number[] = []
    for (const wait of [60, 120, 240]) {
      const held = await link('newcomer', rightBirthday)
      expect(held.status).toBe(429)
      expect(held.headers.get('retry-after')).toBe(String(wait))
      const { error } = await held.json()
      expect(error).toMatchObject({ code: 'link_wait', details: { retryAfterSeconds: wait } })
      waits.push(error.details.retryAfterSeconds)
      t.clock.advance(wait * 1000 - 1000)
      expect((await link('newcomer', rightBirthday)).status).toBe(429) // a second early is still too early
      t.clock.advance(1000)
      expect((await link('newcomer', wrongBirthday)).status).toBe(401)
    }
    expect(waits).toEqual([60, 120, 240])
    t.clock.advance(480_000)
    expect((await link('newcomer', rightBirthday)).status).toBe(200)
  })

  it('holds a LINE account that failed on 10 numbers for every number, answering link_locked with the wait', async () => {
    for (let n = 0; n < 10; n++)
      expect((await link('newcomer', { memberNumber: memberNumberFor(900 + n), birthday: '2000-01-01' })).status).toBe(
        401,
      )
    const held = await link('newcomer', rightBirthday)
    expect(held.status).toBe(429)
    expect(held.headers.get('retry-after')).toBe('60')
    expect((await held.json()).error).toMatchObject({ code: 'link_locked', details: { retryAfterSeconds: 60 } })
    // Another account is not held by this one's failures.
    expect((await link(other, { ...wrongBirthday })).status).toBe(401)
    t.clock.advance(60_000)
    expect((await link('newcomer', rightBirthday)).status).toBe(200)
  })

  it('lets only the allowed number of concurrent wrong attempts from one account through', async () => {
    const token = await t.signIn(third)
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        t.app.request('/api/link', {
          ...json(wrongBirthday),
          headers: { ...json(wrongBirthday).headers, ...bearer(token).headers },
        }),
      ),
    )
    const statuses = results.map((r) => r.status)
    expect(statuses.filter((s) => s === 401)).toHaveLength(5)
    expect(statuses.filter((s) => s === 429)).toHaveLength(15)
    const attempts = await t.db.select().from(linkAttempts).where(eq(linkAttempts.lineUserId, third.lineUserId))
    expect(attempts).toHaveLength(5)
    t.clock.advance(60 * 60_000)
  })

  it('refuses to take a membership linked to another LINE account (409), and refuses a second membership for one account', async () => {
    expect(
      (await link(other, { memberNumber: demo.unlinkedMemberNumber, birthday: demo.unlinkedBirthday })).status,
    ).toBe(200)
    const steal = await link('newcomer', { memberNumber: demo.unlinkedMemberNumber, birthday: demo.unlinkedBirthday })
    expect(steal.status).toBe(409)
    expect((await steal.json()).error.code).toBe('member_already_linked')
    const second = await link('customer', { memberNumber: demo.unlinkedMemberNumber, birthday: demo.unlinkedBirthday })
    expect(second.status).toBe(409)
  })

  it('lets exactly one of two LINE accounts linking the same membership concurrently win', async () => {
    const tokens = await Promise.all([t.signIn(other), t.signIn(third)])
    const body = { memberNumber: demo.unlinkedMemberNumber, birthday: demo.unlinkedBirthday }
    const results = await Promise.all(
      tokens.map((token) =>
        t.app.request('/api/link', { ...json(body), headers: { ...json(body).headers, ...bearer(token).headers } }),
      ),
    )
    expect(results.map((r) => r.status).sort()).toEqual([200, 409])
    const linked = await t.db.select().from(lineAccounts).where(eq(lineAccounts.memberId, demo.unlinkedMemberId))
    expect(linked).toHaveLength(1)
  })

  it('requires a session', async () => {
    expect(
      (
        await t.app.request(
          '/api/link',
          json({ memberNumber: demo.unlinkedMemberNumber, birthday: demo.unlinkedBirthday }),
        )
      ).status,
    ).toBe(401)
  })
})
