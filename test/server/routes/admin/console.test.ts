import Encoding from 'encoding-japanese'
import { eq, sql } from 'drizzle-orm'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { auditLog, deliveries, lineAccounts, members, staff } from '../../../../db/schema'
import { memberNumberFor } from '../../../../server/domain/member-number'
import { drainOutbox } from '../../../../server/outbox/sender'
import { defineCoupon } from '../../../support/coupons'
import { testAppPerSuite, bearerRequest } from '../../../support/test-app'

const managerUserId = 'U20000000000000000000000000000m01'
const adminRoutes: [method: string, path: string, body?: unknown][] = [
  ['GET', '/api/admin/dashboard'],
  ['GET', '/api/admin/members?q=山田'],
  ['GET', '/api/admin/members/1'],
  ['GET', '/api/admin/members/export.csv'],
  ['POST', '/api/admin/members/1/adjust', { points: 100, reason: 'x', idempotencyKey: 'abcdefgh-1' }],
  ['POST', '/api/admin/members/1/unlink'],
  ['POST', '/api/admin/campaigns/segment-count', { segment: {} }],
  ['POST', '/api/admin/campaigns', { name: 'x', segment: {}, content: { template: 'text', text: 'hi' } }],
  ['GET', '/api/admin/campaigns'],
  ['POST', '/api/admin/campaigns/1/send'],
  ['GET', '/api/admin/settings'],
  ['PUT', '/api/admin/settings', {}],
  ['GET', '/api/admin/audit'],
  ['GET', '/api/admin/stores'],
  ['POST', '/api/admin/staff/1/role', { role: 'manager', storeId: 1 }],
  ['POST', '/api/admin/imports/members'],
]

describe('admin console API', () => {
  const t = testAppPerSuite()
  let admin: string
  const call = (method: string, path: string, token: string, body?: unknown) =>
    t.app.request(path, bearerRequest(method, token, body))

  beforeAll(async () => {
    await t.db.insert(staff).values({ lineUserId: managerUserId, displayName: '店長', storeId: 1, role: 'manager' })
  })
  beforeEach(async () => {
    admin = await t.signIn('admin')
  })

  it('answers 403 to customer, staff and manager sessions and 401 without a session, on every admin route', async () => {
    const sessions = {
      customer: await t.signIn('customer'),
      staff: await t.signIn('staff'),
      manager: await t.signIn({ lineUserId: managerUserId }),
    }
    for (const [method, path, body] of adminRoutes) {
      for (const [who, token] of Object.entries(sessions)) {
        const res = await call(method, path, token, body)
        expect([who, method, path, res.status]).toEqual([who, method, path, 403])
      }
      expect((await t.app.request(path, { method })).status).toBe(401)
    }
  })

  it('makes the LINE user who opens an admin invite an admin (npm run admin:invite)', async () => {
    const { createInvite } = await import('../../../../server/data/staff-invites')
    const { code } = await createInvite(
      t.db,
      {
        storeId: null,
        role: 'admin',
        createdBy: 'cli:admin-invite',
        expiresAt: new Date(t.clock.now.getTime() + 3_600_000),
      },
      t.clock.now,
    )
    const newcomer = await t.signIn('newcomer')
    expect((await call('GET', '/api/admin/dashboard', newcomer)).status).toBe(403)
    expect((await call('POST', '/api/staff/join', newcomer, { code })).status).toBe(200)
    expect((await call('GET', '/api/admin/dashboard', newcomer)).status).toBe(200)
    expect((await call('POST', '/api/staff/join', await t.signIn('customer'), { code })).status).toBe(409)
    await t.db.update(staff).set({ active: false }).where(eq(staff.lineUserId, 'U1000000000000000000000000000c002'))
  })

  it('finds members by member number, phone, kana and name', async () => {
    const search = async (q: string) =>
      (await (await call('GET', `/api/admin/members?q=${encodeURIComponent(q)}`, admin)).json()) as {
        members: { id: number }[]
        kind: string
      }
    expect(await search(memberNumberFor(1))).toMatchObject({ kind: 'member_number', members: [{ id: 1 }] })
    expect(await search('０９０１２３４５６７８')).toMatchObject({ kind: 'phone', members: [{ id: 1 }] })
    expect(await search('さとう')).toMatchObject({ kind: 'kana', members: [{ id: 2 }] })
    expect(await search('山田')).toMatchObject({ kind: 'name', members: [{ id: 1 }] })
    expect((await search('')).members.length).toBe(2)
  })

  it('adjusts points with a reason once per idempotency key, and audits it', async () => {
    const body = { points: 250, reason: '誕生日ボーナス', idempotencyKey: 'adjust-test-1' }
    const first = await (await call('POST', '/api/admin/members/2/adjust', admin, body)).json()
    const again = await (await call('POST', '/api/admin/members/2/adjust', admin, body)).json()
    expect(first).toMatchObject({ balance: 750, replayed: false })
    expect(again).toMatchObject({ balance: 750, replayed: true, entryId: first.entryId })
    const take = await call('POST', '/api/admin/members/2/adjust', admin, {
      points: -10_000,
      reason: '誤付与',
      idempotencyKey: 'adjust-test-2',
    })
    expect(take.status).toBe(422)
    const audits = await t.db.select().from(auditLog).where(eq(auditLog.action, 'points.adjusted'))
    expect(audits).toHaveLength(1)
    expect(audits[0]).toMatchObject({ target: 'member:2', detail: { points: 250, reason: '誕生日ボーナス' } })
    const detail = await (await call('GET', '/api/admin/members/2', admin)).json()
    expect(detail.ledger[0]).toMatchObject({
      kind: 'adjust',
      points: 250,
      note: '誕生日ボーナス',
      actorName: '田中 管理者',
    })
    expect(
      (
        await call('POST', '/api/admin/members/2/adjust', admin, {
          points: 0,
          reason: 'x',
          idempotencyKey: 'adjust-test-3',
        })
      ).status,
    ).toBe(400)
  })

  it('imports a Shift_JIS CSV with row-level errors, issuing numbers where missing', async () => {
    const csv = [
      '会員番号,氏名,フリガナ,生年月日,電話番号,都道府県,ポイント',
      `${memberNumberFor(500)},高橋 美咲,たかはし みさき,1988/3/9,090-1111-2222,大阪府,300`,
      ',伊藤 健,イトウ ケン,1975-11-30,,北海道,0',
      '1234567890,間違い 番号,,,,,',
      `${memberNumberFor(1)},重複 太郎,,,,,`,
      `${memberNumberFor(501)},日付 不正,,1990-02-30,,,`,
    ].join('\r\n')
    const sjis = new Uint8Array(Encoding.convert(Encoding.stringToCode(csv), { to: 'SJIS', from: 'UNICODE' }))
    const upload = (bytes: Uint8Array, dryRun = false) =>
      t.app.request(`/api/admin/imports/members?dryRun=${dryRun}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'text/csv' },
        body: bytes as Uint8Array<ArrayBuffer>,
      })
    const dry = await (await upload(sjis, true)).json()
    expect(dry).toMatchObject({ encoding: 'shift_jis', rows: 5, imported: 0, dryRun: true })
    const res = await upload(sjis)
    expect(res.status).toBe(200)
    const report = await res.json()
    expect(report).toMatchObject({ encoding: 'shift_jis', rows: 5, imported: 2 })
    expect(report.errors.map((e: { row: number; column: string }) => [e.row, e.column])).toEqual([
      [4, 'member_number'],
      [5, 'member_number'],
      [6, 'birthday'],
    ])
    expect(report.issued).toHaveLength(1)
    const imported = await t.db.query.members.findFirst({ where: eq(members.memberNumber, memberNumberFor(500)) })
    expect(imported).toMatchObject({
      name: '高橋 美咲',
      nameKana: 'タカハシ ミサキ',
      birthday: '1988-03-09',
      phone: '09011112222',
      balance: 300,
    })
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('name,phone\n"小林, 花",03-1234-0000\n')])
    expect(await (await upload(bom)).json()).toMatchObject({ encoding: 'utf-8', imported: 1, errors: [] })
  })

  it('exports members as CSV with a BOM', async () => {
    const res = await call('GET', '/api/admin/members/export.csv', admin)
    expect(res.headers.get('content-type')).toContain('text/csv')
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = new TextDecoder().decode(bytes)
    expect(text.startsWith('member_number,name')).toBe(true)
    expect(text).toContain(`${memberNumberFor(1)},山田 花子`)
  })

  it('sends a campaign to Gold members only, through the outbox, and reports the outcome', async () => {
    // Three more Gold members: one linked friend, one blocked, one not opted in.
    for (const [id, status, optIn] of [
      [10, 'friend', 1],
      [11, 'blocked', 1],
      [12, 'friend', 0],
    ] as const) {
      await t.db.run(
        sql`INSERT INTO members (id, member_number, name, rank, marketing_opt_in, created_at) VALUES (${id}, ${memberNumberFor(id)}, ${`ゴールド ${id}`}, 'gold', ${optIn}, 0)`,
      )
      await t.db.insert(lineAccounts).values({
        lineUserId: `U${String(id).padStart(32, '0')}`,
        memberId: id,
        friendStatus: status,
        linkedAt: new Date(0),
      })
    }
    const segment = { ranks: ['gold'] }
    expect(await (await call('POST', '/api/admin/campaigns/segment-count', admin, { segment })).json()).toEqual({
      members: 4,
      recipients: 2,
    })
    const created = await call('POST', '/api/admin/campaigns', admin, {
      name: 'ゴールド会員さま限定',
      segment,
      content: { template: 'coupon', title: '10%OFF', description: 'ご来店時にご提示ください', code: 'GOLD10' },
    })
    expect(created.status).toBe(201)
    const campaign = await created.json()
    expect(campaign.status).toBe('draft')
    expect((await call('POST', `/api/admin/campaigns/${campaign.id}/test`, admin)).status).toBe(202)
    const sent = await call('POST', `/api/admin/campaigns/${campaign.id}/send`, admin)
    expect(sent.status).toBe(202)
    await t.settle()
    expect((await call('POST', `/api/admin/campaigns/${campaign.id}/send`, admin)).status).toBe(409)
    const rows = await t.db.select().from(deliveries).where(eq(deliveries.campaignId, campaign.id))
    expect(rows.map((r) => r.lineUserId).sort()).toEqual(
      ['U1000000000000000000000000000c001', `U${'10'.padStart(32, '0')}`].sort(),
    )
    expect(new Set(rows.map((r) => r.contentHash)).size).toBe(1)
    await drainOutbox(t.deps)
    const { campaign: after, progress } = await (await call('GET', `/api/admin/campaigns/${campaign.id}`, admin)).json()
    expect(after).toMatchObject({ status: 'sent', recipients: 2 })
    expect(progress.byStatus).toMatchObject({ sent: 2, failed: 0, skipped: 0 })
  })

  it('schedules a campaign that the frequent job sends when due', async () => {
    const at = new Date(t.clock.now.getTime() + 3_600_000).toISOString()
    const created = await (
      await call('POST', '/api/admin/campaigns', admin, {
        name: '予約配信',
        segment: { prefectures: ['東京都'] },
        content: { template: 'text', text: 'お知らせ' },
        scheduledAt: at,
      })
    ).json()
    expect(created.status).toBe('scheduled')
    const { dispatchDueCampaigns } = await import('../../../../server/data/campaigns')
    expect(await dispatchDueCampaigns(t.deps, t.clock.now)).toMatchObject({ started: 0 })
    t.clock.advance(3_600_000)
    expect(await dispatchDueCampaigns(t.deps, t.clock.now)).toMatchObject({ started: 1 })
    expect(await t.db.$count(deliveries, eq(deliveries.campaignId, created.id))).toBe(1)
  })

  it('shows the dashboard with quota, and without it when LINE is unreachable', async () => {
    const ok = await (await call('GET', '/api/admin/dashboard?days=7', admin)).json()
    expect(ok.days).toHaveLength(7)
    expect(ok.friends).toMatchObject({ friends: expect.any(Number), linked: expect.any(Number) })
    expect(ok.quota.available).toBe(true)
    const original = t.deps.line.messaging.getMessageQuota
    t.deps.line.messaging.getMessageQuota = () => Promise.reject(new Error('ECONNREFUSED'))
    try {
      const down = await call('GET', '/api/admin/dashboard', admin)
      expect(down.status).toBe(200)
      expect((await down.json()).quota).toEqual({ available: false, limit: null, used: null })
    } finally {
      t.deps.line.messaging.getMessageQuota = original
    }
  })

  it('refuses invalid settings and campaign input with 400, not 500', async () => {
    expect(
      (
        await call('PUT', '/api/admin/settings', admin, {
          points: { validityDays: 0, redeemUnit: 1, rounding: 'floor' },
        })
      ).status,
    ).toBe(400)
    expect(
      (
        await call('POST', '/api/admin/campaigns', admin, {
          name: 'x',
          segment: { birthdayMonths: [13] },
          content: { template: 'text', text: 'a' },
        })
      ).status,
    ).toBe(400)
    expect((await call('GET', '/api/admin/audit?from=yesterday', admin)).status).toBe(400)
    const saved = await call('PUT', '/api/admin/settings', admin, {
      messaging: { quietHours: { start: '22:00', end: '08:00' }, expiryWarningDays: 14 },
    })
    expect(saved.status).toBe(200)
    const audit = await (await call('GET', '/api/admin/audit?action=settings.', admin)).json()
    expect(audit.entries[0]).toMatchObject({ action: 'settings.updated', actor: expect.stringMatching(/^staff:/) })
  })

  it('refuses more ranks than a segment can name (20), and keeps the ranks it had', async () => {
    const ranks = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ key: `r${i}`, label: `R${i}`, minSpend: i * 1000, pointsPer100Yen: 1 }))
    const before = (await (await call('GET', '/api/admin/settings', admin)).json()).settings.ranks
    const tooMany = await call('PUT', '/api/admin/settings', admin, { ranks: ranks(21) })
    expect([tooMany.status, (await tooMany.json()).error.details[0].path]).toEqual([400, 'ranks'])
    expect((await (await call('GET', '/api/admin/settings', admin)).json()).settings.ranks).toEqual(before)
    // The bound leaves the ranks' own rules in place.
    const unordered = await call('PUT', '/api/admin/settings', admin, { ranks: ranks(2).reverse() })
    expect(unordered.status).toBe(400)
    const twenty = await call('PUT', '/api/admin/settings', admin, { ranks: ranks(20) })
    expect(twenty.status).toBe(200)
    expect((await twenty.json()).settings.ranks).toHaveLength(20)
    await call('PUT', '/api/admin/settings', admin, { ranks: before })
  })

  it('refuses coupon rules and a stamp card naming a coupon that does not exist, and writes nothing', async () => {
    const coupon = await defineCoupon(t.db, { title: 'ようこそ100円引き' })
    const before = (await (await call('GET', '/api/admin/settings', admin)).json()).settings
    const audits = await t.db.$count(auditLog)
    const rules = (couponId: number) => ({ welcome: null, birthday: null, rankUp: [{ rank: 'gold', couponId }] })
    const stampCard = (rewardCouponId: number) => ({
      enabled: true,
      stampsPerCard: 10,
      rewardCouponId,
      onePerDay: true,
    })
    for (const body of [
      { couponRules: { ...rules(coupon.id), welcome: 999_999 } },
      { couponRules: rules(999_999) },
      { stampCard: stampCard(999_999) },
      // One section right does not save the other.
      { couponRules: rules(coupon.id), stampCard: stampCard(999_999) },
    ]) {
      const res = await call('PUT', '/api/admin/settings', admin, body)
      expect([res.status, (await res.json()).error.code]).toEqual([404, 'coupon_not_found'])
    }
    expect((await (await call('GET', '/api/admin/settings', admin)).json()).settings).toEqual(before)
    expect(await t.db.$count(auditLog)).toBe(audits)
    const saved = await call('PUT', '/api/admin/settings', admin, { couponRules: rules(coupon.id) })
    expect(saved.status).toBe(200)
    await call('PUT', '/api/admin/settings', admin, { couponRules: before.couponRules })
  })
})
