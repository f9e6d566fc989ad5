import { and, eq, sql } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import { auditLog, campaigns, deliveries, lineAccounts } from '../../../../db/schema'
import { memberNumberFor } from '../../../../server/domain/member-number'
import { runScheduledJobs } from '../../../../server/jobs'
import { personaByKey } from '../../../../server/sandbox/personas'
import { testAppPerTest, bearerRequest } from '../../../support/test-app'

/** A Tokyo wall-clock time as a UTC instant (quiet hours are the default 21:00–09:00 in Asia/Tokyo). */
const jst = (iso: string) => new Date(`${iso}+09:00`)
const customer = personaByKey('customer')!.lineUserId

describe('admin campaigns: schedules, quiet hours, placeholders', () => {
  const t = testAppPerTest({ now: jst('2026-11-23T12:00:00') })
  let admin: string
  const call = (method: string, path: string, body?: unknown) => t.app.request(path, bearerRequest(method, admin, body))
  const inbox = (user: string) => t.sandbox.messaging.record.inbox.get(user) ?? []
  /** Text messages received (the seeded reservation's reminder is a Flex message, and may come at 09:00 too). */
  const texts = (user: string) =>
    inbox(user).flatMap((m) => (m.message.type === 'text' ? [String(m.message.text)] : []))
  const create = async (content: unknown, extra: Record<string, unknown> = {}) => {
    const res = await call('POST', '/api/admin/campaigns', {
      name: 'お知らせ',
      segment: { prefectures: ['東京都'] },
      content,
      ...extra,
    })
    expect(res.status).toBe(201)
    return (await res.json()) as { id: number; status: string; sendsAt: string | null; personalised: boolean }
  }
  /** The frequent job as the runners call it: dispatch, plan, drain (with the shop's quiet hours). */
  const runJobs = () => runScheduledJobs(t.deps, t.clock.now, 'frequent')
  /** Moves the clock to a Tokyo time, signed in again (a session lasts 30 minutes). */
  const at = async (iso: string) => {
    t.clock.now = jst(iso)
    admin = await t.signIn('admin')
  }

  beforeEach(async () => {
    admin = await t.signIn('admin')
  })

  it('refuses a schedule in the past with 422 schedule_in_past and writes nothing', async () => {
    const res = await call('POST', '/api/admin/campaigns', {
      name: '昨日の配信',
      segment: {},
      content: { template: 'text', text: 'こんにちは' },
      scheduledAt: jst('2026-11-22T10:00:00').toISOString(),
    })
    expect(res.status).toBe(422)
    expect((await res.json()).error.code).toBe('schedule_in_past')
    expect(await t.db.$count(campaigns)).toBe(0)

    const draft = await create({ template: 'text', text: 'こんにちは' })
    const edit = await call('PUT', `/api/admin/campaigns/${draft.id}`, {
      name: 'お知らせ',
      segment: {},
      content: { template: 'text', text: 'こんにちは' },
      scheduledAt: jst('2026-11-23T11:59:00').toISOString(),
    })
    expect(edit.status).toBe(422)
    expect((await t.db.query.campaigns.findFirst({ where: eq(campaigns.id, draft.id) }))!.status).toBe('draft')
    await runJobs()
    expect(inbox(customer)).toHaveLength(0)
  })

  it('defers "send now" inside quiet hours to their end, and sends it then', async () => {
    await at('2026-11-23T23:33:00')
    const draft = await create({ template: 'text', text: '週末セールのお知らせ' })
    const sent = await call('POST', `/api/admin/campaigns/${draft.id}/send`)
    expect(sent.status).toBe(202)
    expect((await sent.json()).sendsAt).toBe(jst('2026-11-24T09:00:00').toISOString())
    await t.settle()

    await runJobs()
    await at('2026-11-24T08:33:00')
    await runJobs()
    expect(inbox(customer)).toHaveLength(0)
    const [row] = await t.db.select().from(deliveries).where(eq(deliveries.campaignId, draft.id))
    expect(row).toMatchObject({ status: 'pending', holdInQuietHours: true, nextAttemptAt: jst('2026-11-24T09:00:00') })
    const { progress } = await (await call('GET', `/api/admin/campaigns/${draft.id}`)).json()
    expect(progress.nextAttemptAt).toBe(jst('2026-11-24T09:00:00').toISOString())

    await at('2026-11-24T09:00:00')
    await runJobs()
    expect(texts(customer)).toEqual(['週末セールのお知らせ'])
  })

  it('holds a campaign that came due just before quiet hours when the sender first reaches it inside them', async () => {
    await at('2026-11-23T20:58:00')
    const draft = await create({ template: 'text', text: '本日のお知らせ' })
    expect((await call('POST', `/api/admin/campaigns/${draft.id}/send`)).status).toBe(202)
    await t.settle()
    // The next run is after 21:00 (the Workers cron runs every 5 minutes): the outbox holds it at the claim.
    t.clock.now = jst('2026-11-23T21:01:00')
    const report = (await runJobs()).messaging as { outbox: { heldForQuietHours: number; sent: number } }
    expect(report.outbox).toMatchObject({ heldForQuietHours: 1, sent: 0 })
    expect(inbox(customer)).toHaveLength(0)
    t.clock.now = jst('2026-11-24T09:00:00')
    await runJobs()
    expect(texts(customer)).toEqual(['本日のお知らせ'])
  })

  it('sends an urgent notice inside quiet hours with an explicit override, and audits it', async () => {
    await at('2026-11-23T23:33:00')
    const draft = await create({ template: 'text', text: '台風のため明日は臨時休業します' })
    const empty = await call('POST', `/api/admin/campaigns/${draft.id}/send`, { quietHoursOverride: { reason: '' } })
    expect(empty.status).toBe(400)
    const sent = await call('POST', `/api/admin/campaigns/${draft.id}/send`, {
      quietHoursOverride: { reason: '台風による臨時休業' },
    })
    expect(sent.status).toBe(202)
    const body = await sent.json()
    expect(body).toMatchObject({ quietHoursOverride: '台風による臨時休業', sendsAt: t.clock.now.toISOString() })
    await t.settle()
    await runJobs()
    expect(texts(customer)).toEqual(['台風のため明日は臨時休業します'])
    const entries = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'campaign.quiet_hours_overridden'), eq(auditLog.target, `campaign:${draft.id}`)))
    expect(entries).toHaveLength(1)
    expect(entries[0]!.actor).toMatch(/^staff:/)
    expect(entries[0]!.detail).toMatchObject({ reason: '台風による臨時休業', recipients: 1 })
  })

  it('refuses unknown placeholders at save time with unknown_placeholder', async () => {
    const res = await call('POST', '/api/admin/campaigns', {
      name: 'x',
      segment: {},
      content: { template: 'text', text: '{name}さん、{coupon}をどうぞ' },
    })
    expect(res.status).toBe(400)
    const { error } = await res.json()
    expect(error).toMatchObject({ code: 'unknown_placeholder', details: { unknown: ['coupon'] } })
    const preview = await call('POST', '/api/admin/campaigns/preview', {
      content: { template: 'news', title: '{nmae}様', body: 'x' },
    })
    expect((await preview.json()).error.code).toBe('unknown_placeholder')
  })

  it('previews a real member’s rendering and sends each member their own values as pushes', async () => {
    // A second Tokyo member who is reachable, with a name that looks like a placeholder and a line break.
    await t.db.run(
      sql`INSERT INTO members (id, member_number, name, prefecture, rank, balance, marketing_opt_in, created_at)
        VALUES (20, ${memberNumberFor(20)}, ${'{points}\n鈴木'}, '東京都', 'silver', 250, 1, 0)`,
    )
    const other = `U${'20'.padStart(32, '0')}`
    await t.db
      .insert(lineAccounts)
      .values({ lineUserId: other, memberId: 20, friendStatus: 'friend', linkedAt: new Date(0) })
    const content = {
      template: 'text',
      text: '{name}様（{rank}）残高 {points}pt、うち {expiringPoints}pt は {expiryDate} に失効します。{date}',
    }
    const preview = await (await call('POST', '/api/admin/campaigns/preview', { content, memberId: 1 })).json()
    expect(preview.messages).toEqual([
      {
        type: 'text',
        text: '山田 花子様（ゴールド）残高 1,700pt、うち 900pt は 2026年12月13日 に失効します。2026年11月23日',
      },
    ])
    expect((await call('POST', '/api/admin/campaigns/preview', { content, memberId: 999 })).status).toBe(404)

    const campaign = await create(content)
    expect(campaign.personalised).toBe(true)
    expect((await call('POST', `/api/admin/campaigns/${campaign.id}/send`)).status).toBe(202)
    await t.settle()
    const report = (await runJobs()).messaging as { outbox: { pushRequests: number; multicastRequests: number } }
    expect(report.outbox).toMatchObject({ pushRequests: 2, multicastRequests: 0 })
    expect(texts(customer)).toEqual([preview.messages[0].text])
    expect(texts(other)).toEqual(['{points} 鈴木様（シルバー）残高 250pt、うち 0pt は — に失効します。2026年11月23日'])
    const rows = await t.db.select().from(deliveries).where(eq(deliveries.campaignId, campaign.id))
    expect(rows.map((r) => r.dedupeKey).sort()).toEqual([`campaign:${campaign.id}:1`, `campaign:${campaign.id}:20`])
    expect(new Set(rows.map((r) => r.retryKey)).size).toBe(2)
    expect(rows.every((r) => r.contentHash === null)).toBe(true)
  })

  it('still sends identical content as one multicast', async () => {
    await t.db.run(
      sql`INSERT INTO members (id, member_number, name, prefecture, marketing_opt_in, created_at)
        VALUES (21, ${memberNumberFor(21)}, '田中', '東京都', 1, 0)`,
    )
    await t.db
      .insert(lineAccounts)
      .values({ lineUserId: `U${'21'.padStart(32, '0')}`, memberId: 21, friendStatus: 'friend', linkedAt: new Date(0) })
    const campaign = await create({ template: 'text', text: 'みなさまへ' })
    expect(campaign.personalised).toBe(false)
    await call('POST', `/api/admin/campaigns/${campaign.id}/send`)
    await t.settle()
    const report = (await runJobs()).messaging as { outbox: { pushRequests: number; multicastRequests: number } }
    expect(report.outbox).toMatchObject({ pushRequests: 0, multicastRequests: 1 })
    expect(texts(customer)).toEqual(['みなさまへ'])
  })
})
