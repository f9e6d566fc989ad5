import { and, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { auditLog, deliveries, lineAccounts, members } from '../../../../db/schema'
import { planExpiryWarnings, type PointNoticeContext } from '../../../../server/data/point-notice-planner'
import { defaultPolicyVersion } from '../../../../server/domain/consent'
import { defaultRankTiers } from '../../../../server/domain/ranks'
import { drainOutbox } from '../../../../server/outbox/sender'
import { personaByKey } from '../../../../server/sandbox/personas'
import { type TestApp, testAppPerSuite, bearerRequest } from '../../../support/test-app'

const customer = personaByKey('customer')!.lineUserId

describe('/api/me/profile', () => {
  const t = testAppPerSuite()

  const call = async (method: string, path: string, who: Parameters<TestApp['signIn']>[0], body?: unknown) =>
    t.app.request(path, bearerRequest(method, await t.signIn(who), body))
  const patch = (body: unknown, who: Parameters<TestApp['signIn']>[0] = 'customer') =>
    call('PATCH', '/api/me/profile', who, body)
  const memberId = async () =>
    (await t.db.query.lineAccounts.findFirst({ where: eq(lineAccounts.lineUserId, customer) }))!.memberId!

  it('shows the customer their profile and consents, the seeded birthday not editable', async () => {
    const res = await call('GET', '/api/me/profile', 'customer')
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({
      name: '山田 花子',
      birthday: '1990-07-15',
      marketingOptIn: true,
      pointNotices: true,
      birthdayEditable: false,
    })
  })

  it('stores a corrected name and phone (canonical digits) and audits the old and new values of what changed', async () => {
    const id = await memberId()
    const res = await patch({ name: ' 山田 華子 ', nameKana: 'やまだ はなこ', phone: '+81 90-1111-2222' })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ name: '山田 華子', nameKana: 'ヤマダ ハナコ', phone: '09011112222' })
    const [entry] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'member.profile_updated'), eq(auditLog.target, `member:${id}`)))
    expect(entry!.actor).toBe(`line:${customer}`)
    expect(entry!.detail).toEqual({
      fields: ['name', 'phone'],
      before: { name: '山田 花子', phone: '09012345678' },
      after: { name: '山田 華子', phone: '09011112222' },
    })
  })

  it('writes nothing and audits nothing when no field changes', async () => {
    const before = await t.db.$count(auditLog, eq(auditLog.action, 'member.profile_updated'))
    const res = await patch({ name: '山田 華子', phone: '090-1111-2222' })
    expect(res.status).toBe(200)
    expect(await t.db.$count(auditLog, eq(auditLog.action, 'member.profile_updated'))).toBe(before)
  })

  it('refuses a birthday change once one is recorded (409 birthday_locked)', async () => {
    const res = await patch({ birthday: '1991-01-01' })
    expect(res.status).toBe(409)
    expect((await res.json()).error.code).toBe('birthday_locked')
    expect((await t.db.query.members.findFirst({ where: eq(members.id, await memberId()) }))!.birthday).toBe(
      '1990-07-15',
    )
  })

  it('lets a customer with no birthday set it once, then refuses a second change', async () => {
    const id = await memberId()
    await t.db.update(members).set({ birthday: null }).where(eq(members.id, id))
    expect((await (await call('GET', '/api/me/profile', 'customer')).json()).birthdayEditable).toBe(true)
    expect((await patch({ birthday: '１９９０年７月１５日' })).status).toBe(200)
    const again = await patch({ birthday: '1990-07-16' })
    expect((await again.json()).error.code).toBe('birthday_locked')
  })

  it('answers 404 not_linked to a LINE account with no membership', async () => {
    const res = await patch({ name: '佐藤' }, 'newcomer')
    expect(res.status).toBe(404)
    expect((await res.json()).error.code).toBe('not_linked')
  })

  it('refuses bad fields with their code, the limit for lengths, and writes nothing', async () => {
    const id = await memberId()
    const before = await t.db.query.members.findFirst({ where: eq(members.id, id) })
    for (const [body, code, limit] of [
      [{ name: 'あ'.repeat(41) }, 'text_too_long', 40],
      [{ name: '𠮷'.repeat(41) }, 'text_too_long', 40],
      [{ name: 'あ'.repeat(500) }, 'text_too_long', 40],
      [{ nameKana: 'ア'.repeat(41) }, 'text_too_long', 40],
      [{ phone: '0'.repeat(21) }, 'text_too_long', 20],
      [{ name: '   ' }, 'name_required', undefined],
      [{ name: '山田\u0000花子' }, 'control_characters', undefined],
      [{ name: '山田\u202e花子' }, 'control_characters', undefined],
      [{ name: '山田\n花子' }, 'control_characters', undefined],
      [{ nameKana: 'Yamada' }, 'kana_invalid', undefined],
      [{ phone: '12345' }, 'phone_invalid', undefined],
      [{ phone: '090-1234-567a' }, 'phone_invalid', undefined],
      [{ phone: '+1 415 555 0100' }, 'phone_invalid', undefined],
    ] as const) {
      const res = await patch(body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      const { error } = await res.json()
      expect(error.code, JSON.stringify(body)).toBe(code)
      if (limit) {
        expect(error.details[0]).toMatchObject({ code, limit })
        expect(error.message).toContain(`at most ${limit} characters`)
      }
    }
    expect(await t.db.query.members.findFirst({ where: eq(members.id, id) })).toEqual(before)
    expect((await patch({ name: '𠮷'.repeat(40) })).status).toBe(200)
  })

  it('accepts the phone spellings people type and stores digits only', async () => {
    for (const [typed, stored] of [
      ['０９０－２２２２－３３３３', '09022223333'],
      ['090 2222 3333', '09022223333'],
      ['(03) 1234-5678', '0312345678'],
      ['+81-3-1234-5678', '0312345678'],
    ] as const) {
      const res = await patch({ phone: typed })
      expect(res.status, typed).toBe(200)
      expect((await res.json()).phone).toBe(stored)
    }
  })

  it('keeps a member who withdrew marketing consent out of a campaign, even one already planned', async () => {
    const admin = await t.signIn('admin')
    const adminCall = (method: string, path: string, body?: unknown) =>
      t.app.request(path, bearerRequest(method, admin, body))
    const segment = { ranks: ['gold'] }
    const count = async () =>
      (
        (await (await adminCall('POST', '/api/admin/campaigns/segment-count', { segment })).json()) as {
          recipients: number
        }
      ).recipients
    expect(await count()).toBe(1)
    const create = async (name: string) =>
      (await (
        await adminCall('POST', '/api/admin/campaigns', {
          name,
          segment,
          content: { template: 'text', text: 'セールのお知らせ' },
        })
      ).json()) as { id: number }

    // Planned while the customer still consented, sent after they withdrew: skipped at send time.
    const planned = await create('予定済み')
    expect((await adminCall('POST', `/api/admin/campaigns/${planned.id}/send`, {})).status).toBe(202)
    await t.settle()
    expect(await t.db.$count(deliveries, eq(deliveries.campaignId, planned.id))).toBe(1)
    expect((await patch({ marketingOptIn: false })).status).toBe(200)
    await drainOutbox(t.deps)
    const [delivery] = await t.db.select().from(deliveries).where(eq(deliveries.campaignId, planned.id))
    expect(delivery!.status).toBe('skipped')

    // A campaign made after the withdrawal does not plan the customer at all.
    expect(await count()).toBe(0)
    const later = await create('あとから')
    await adminCall('POST', `/api/admin/campaigns/${later.id}/send`, {})
    await t.settle()
    expect(await t.db.$count(deliveries, eq(deliveries.campaignId, later.id))).toBe(0)

    // Consenting again brings them back.
    expect((await patch({ marketingOptIn: true })).status).toBe(200)
    expect(await count()).toBe(1)
  })
})

describe('point-notice consent changed in the profile', () => {
  const jst = (iso: string) => new Date(`${iso}+09:00`)
  const ctx: PointNoticeContext = {
    quiet: { start: '21:00', end: '09:00' },
    timeZone: 'Asia/Tokyo',
    cardLink: 'https://liff.line.me/x',
    couponsLink: 'https://liff.line.me/x/coupons',
    ranks: defaultRankTiers,
  }
  // The seeded customer has 900 points expiring within the 30-day warning window.
  const t = testAppPerSuite({ now: jst('2026-11-23T12:00:00') })

  const setPointNotices = async (pointNotices: boolean) => {
    const res = await t.app.request('/api/me/profile', {
      method: 'PATCH',
      headers: { authorization: `Bearer ${await t.signIn('customer')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ pointNotices }),
    })
    expect(res.status).toBe(200)
  }

  it('stops expiry warnings from being planned, and skips one already planned, until consent is given again', async () => {
    await setPointNotices(false)
    expect(await planExpiryWarnings(t.db, ctx, jst('2026-11-23T12:00:00'))).toBe(0)
    await setPointNotices(true)
    expect(await planExpiryWarnings(t.db, ctx, jst('2026-11-23T12:00:00'))).toBe(1)
    await setPointNotices(false)
    await drainOutbox(t.deps)
    const [warning] = await t.db.select().from(deliveries).where(eq(deliveries.kind, 'points_expiring'))
    expect(warning).toMatchObject({ lineUserId: customer, status: 'skipped' })
  })
})

describe('POST /api/register birthday range', () => {
  // 00:30 on 2026-11-24 in Tokyo, still the 23rd in UTC: "today" is the shop's day.
  const t = testAppPerSuite({ now: new Date('2026-11-23T15:30:00Z') })

  const register = async (n: number, overrides: Record<string, unknown>) => {
    const token = await t.signIn({ lineUserId: `U50000000000000000000000000000${String(n).padStart(3, '0')}` })
    return t.app.request('/api/register', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: '高橋 美咲',
        nameKana: 'タカハシ ミサキ',
        birthday: '1995-03-08',
        phone: '090-8765-4321',
        prefecture: '大阪府',
        marketingOptIn: false,
        termsVersion: defaultPolicyVersion,
        privacyVersion: defaultPolicyVersion,
        agreed: true,
        ...overrides,
      }),
    })
  }

  it('accepts 1900-01-01 and today in the shop time zone, refuses 1899-12-31, tomorrow, 1850 and 2099', async () => {
    let n = 0
    for (const birthday of ['1899-12-31', '2026-11-25', '1850-01-01', '2099-01-01']) {
      const res = await register(++n, { birthday })
      expect(res.status, birthday).toBe(400)
      const { error } = await res.json()
      expect(error).toMatchObject({
        code: 'birthday_out_of_range',
        details: { path: 'birthday', min: '1900-01-01', max: '2026-11-24' },
      })
    }
    for (const birthday of ['1900-01-01', '2026-11-24']) {
      const res = await register(++n, { birthday })
      expect(res.status, birthday).toBe(201)
    }
  })

  it('refuses a 500-character name with text_too_long instead of cutting it, and accepts 40', async () => {
    const long = await register(20, { name: 'あ'.repeat(500) })
    expect(long.status).toBe(400)
    expect((await long.json()).error).toMatchObject({ code: 'text_too_long', details: [{ path: 'name', limit: 40 }] })
    expect(await t.db.$count(members, eq(members.name, 'あ'.repeat(40)))).toBe(0)
    expect((await register(21, { name: 'あ'.repeat(40) })).status).toBe(201)
  })
})
