import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditLog, lineAccounts, members } from '../../../../db/schema'
import { defaultPolicyVersion } from '../../../../server/domain/consent'
import { normalizeMemberNumber } from '../../../../server/domain/member-number'
import { bearer, json, testAppWithRichMenus, type TestApp } from '../../../support/test-app'

const valid = {
  name: '高橋 美咲',
  nameKana: 'たかはし みさき',
  birthday: '１９９５-０３-０８',
  phone: '０９０－８７６５－４３２１',
  prefecture: '大阪府',
  marketingOptIn: true,
  termsVersion: defaultPolicyVersion,
  privacyVersion: defaultPolicyVersion,
  agreed: true,
}

describe('POST /api/register', () => {
  let t: TestApp
  let menus: { member: string }
  beforeAll(async () => void ({ t, menus } = await testAppWithRichMenus()))
  afterAll(() => t.close())

  const register = async (lineUserId: string, body: unknown) => {
    const token = await t.signIn({ lineUserId })
    return t.app.request('/api/register', {
      ...json(body),
      headers: { ...json(body).headers, ...bearer(token).headers },
    })
  }

  it('answers the current policy versions', async () => {
    const res = await t.app.request('/api/register/policies')
    const unpublished = { version: '2026-04', effectiveAt: null, requiresReconsent: false }
    expect(await res.json()).toEqual({
      terms: { ...unpublished, url: '/legal/terms' },
      privacy: { ...unpublished, url: '/legal/privacy' },
    })
    expect((await t.app.request('/legal/terms')).status).toBe(200)
  })

  it('creates a member with a valid number, normalised input and timestamped consent, linked with the member menu', async () => {
    const user = 'U4000000000000000000000000000r001'
    const res = await register(user, valid)
    expect(res.status).toBe(201)
    const { member } = await res.json()
    expect(normalizeMemberNumber(member.memberNumber)).toBe(member.memberNumber)
    const row = await t.db.query.members.findFirst({ where: eq(members.memberNumber, member.memberNumber) })
    expect(row).toMatchObject({
      nameKana: 'タカハシ ミサキ',
      birthday: '1995-03-08',
      phone: '09087654321',
      prefecture: '大阪府',
      marketingOptIn: true,
      termsVersion: '2026-04',
      privacyVersion: '2026-04',
      balance: 0,
      status: 'active',
    })
    expect(row!.termsAcceptedAt).toEqual(t.clock.now)
    const account = await t.db.query.lineAccounts.findFirst({ where: eq(lineAccounts.lineUserId, user) })
    expect(account).toMatchObject({ memberId: row!.id, linkMethod: 'register' })
    expect(t.sandbox.messaging.record.userRichMenus.get(user)).toBe(menus.member)
    const [entry] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'member.register'))
    expect(entry).toMatchObject({ actor: `line:${user}`, target: `member-number:${member.memberNumber}` })

    const again = await register(user, valid)
    expect(again.status).toBe(409)
    expect((await again.json()).error.code).toBe('line_already_linked')
  })

  it('registers once when the same LINE user submits twice at the same time', async () => {
    const user = 'U4000000000000000000000000000r002'
    const token = await t.signIn({ lineUserId: user })
    const send = () =>
      t.app.request('/api/register', { ...json(valid), headers: { ...json(valid).headers, ...bearer(token).headers } })
    const statuses = (await Promise.all([send(), send()])).map((r) => r.status).sort()
    expect(statuses).toEqual([201, 409])
  })

  it('rejects bad input field by field with 400 and writes nothing', async () => {
    const user = 'U4000000000000000000000000000r003'
    const before = (await t.db.select().from(members)).length
    for (const [field, value, code] of [
      ['nameKana', 'Takahashi', 'kana_invalid'],
      ['birthday', '1995-02-30', 'date_invalid'],
      ['phone', '12345', 'phone_invalid'],
      ['prefecture', 'Tokyo', 'invalid_request'],
      ['agreed', false, 'invalid_request'],
    ] as const) {
      const res = await register(user, { ...valid, [field]: value })
      expect(res.status, field).toBe(400)
      const { error } = await res.json()
      expect(error.code).toBe(code)
      expect(error.message).toContain(field)
    }
    const outdated = await register(user, { ...valid, termsVersion: '2020-01' })
    expect((await outdated.json()).error.code).toBe('policies_outdated')
    expect((await t.db.select().from(members)).length).toBe(before)
  })
})
