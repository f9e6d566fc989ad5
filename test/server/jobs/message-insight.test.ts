import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { lineAccounts, lineRequests, members } from '../../../db/schema'
import { memberNumberFor } from '../../../server/domain/member-number'
import { runScheduledJobs } from '../../../server/jobs'
import { schemaCheck } from '../../../server/sandbox/line-openapi/schema-validator'
import { bearer, json, testAppPerSuite } from '../../support/test-app'

const hour = 3600_000
const day = 24 * hour
const userOf = (id: number) => `U${String(id).padStart(32, '0')}`

describe('LINE insight of multicasts: kept request ids, a daily job that asks until the figures are final', () => {
  // 12:00 JST, outside quiet hours; the sandbox still calculates for 36 h after a request.
  const t = testAppPerSuite({ now: new Date('2026-11-23T12:00:00+09:00'), sandboxOnTestClock: true })
  let requestId: string
  let sentAt: number
  const daily = async () => {
    const report = await runScheduledJobs(t.deps, t.clock.now, 'daily')
    return report.messageInsight as number
  }
  const row = async (id = requestId) =>
    (await t.db.select().from(lineRequests).where(eq(lineRequests.requestId, id)))[0]!
  const at = (ms: number) => {
    t.clock.now = new Date(sentAt + ms)
  }

  beforeAll(async () => {
    t.sandbox.messaging.limits.insightDelayMs = 36 * hour
    for (const id of [20, 21, 22]) {
      await t.db.insert(members).values({
        id,
        memberNumber: memberNumberFor(id),
        name: `会員 ${id}`,
        prefecture: '沖縄県',
        marketingOptIn: true,
      })
      await t.db
        .insert(lineAccounts)
        .values({ lineUserId: userOf(id), memberId: id, friendStatus: 'friend', linkMethod: 'liff' })
    }
    const admin = await t.signIn('admin')
    const created = await t.app.request(
      '/api/admin/campaigns',
      json(
        {
          name: '沖縄のお知らせ',
          segment: { prefectures: ['沖縄県'] },
          content: { template: 'text', text: '台風に備えて休業します' },
        },
        bearer(admin).headers,
      ),
    )
    expect(created.status).toBe(201)
    const { id } = (await created.json()) as { id: number }
    expect((await t.app.request(`/api/admin/campaigns/${id}/send`, { method: 'POST', ...bearer(admin) })).status).toBe(
      202,
    )
    await t.settle()
    await runScheduledJobs(t.deps, t.clock.now, 'frequent')
    const multicast = t.sandbox.messaging.record.requests.find((r) => r.kind === 'multicast')!
    requestId = multicast.requestId
    sentAt = t.clock.now.getTime()
  })

  it("keeps the multicast's X-Line-Request-Id with its source and recipients", async () => {
    expect(await row()).toMatchObject({
      source: expect.stringMatching(/^campaign:\d+$/),
      recipients: 3,
      insightStatus: 'pending',
    })
  })

  it('asks nothing before LINE has figures, then records "still calculating" and asks again the next day', async () => {
    at(12 * hour)
    expect(await daily()).toBe(0)
    at(day + hour)
    expect(await daily()).toBe(1)
    expect(await row()).toMatchObject({ insightStatus: 'pending', delivered: null, checkedAt: t.clock.now })
    // The same day again: not asked twice.
    at(day + 2 * hour)
    expect(await daily()).toBe(0)
  })

  it('keeps the figures once LINE has them, still pending while LINE may update them', async () => {
    at(2 * day + hour)
    expect(await daily()).toBe(1)
    const kept = await row()
    expect(kept).toMatchObject({ insightStatus: 'pending', delivered: 3 })
    expect(kept.uniqueImpression).toBeGreaterThanOrEqual(0)
    expect(kept.uniqueImpression).toBeLessThanOrEqual(3)
    expect(kept.uniqueClick).toBe(0)
  })

  it('leaves a request as it was when LINE fails, and asks again the next day', async () => {
    const before = await row()
    t.sandbox.messaging.faults.serverErrorRate = 1
    at(3 * day + hour)
    expect(await daily()).toBe(0)
    t.sandbox.messaging.faults.serverErrorRate = 0
    expect(await row()).toEqual(before)
  })

  it('marks the figures final after 14 days and never asks again', async () => {
    at(15 * day)
    expect(await daily()).toBe(1)
    expect(await row()).toMatchObject({ insightStatus: 'ready', delivered: 3 })
    const final = await row()
    at(16 * day)
    expect(await daily()).toBe(0)
    expect(await row()).toEqual(final)
  })

  it('marks a request LINE keeps no statistics for unavailable at once', async () => {
    await t.db
      .insert(lineRequests)
      .values({ requestId: 'not-a-request-of-ours', source: null, recipients: 2, sentAt: new Date(sentAt) })
    at(17 * day)
    expect(await daily()).toBe(1)
    expect(await row('not-a-request-of-ours')).toMatchObject({ insightStatus: 'unavailable' })
  })

  it('shows the figures in the report of the period', async () => {
    const admin = await t.signIn('admin')
    const res = await t.app.request('/api/admin/reports?from=2026-11-23&to=2026-11-23', bearer(admin))
    const { rows } = (await res.json()) as { rows: { source: { kind: string }; sent: number; insight: unknown }[] }
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ sent: 3, insight: { requests: 1, delivered: 3 } })
  })
})

describe('the sandbox insight endpoint', () => {
  const t = testAppPerSuite()
  const ask = (query: string) =>
    fetch(`${t.config.line.apiBaseUrl}/v2/bot/insight/message/event${query}`, {
      headers: { authorization: `Bearer ${t.config.line.channelAccessToken}` },
    })

  it('refuses a request without requestId as LINE would, and an unknown request with 404', async () => {
    const missing = await ask('')
    expect(missing.status).toBe(400)
    expect(await missing.json()).toMatchObject({ details: [{ property: 'requestId', message: 'must be specified' }] })
    expect((await ask('?requestId=')).status).toBe(400)
    expect((await ask('?requestId=nothing-like-it')).status).toBe(404)
  })

  it('answers calculating figures in the shape of insight.yml', async () => {
    await t.sandbox.messaging.app.request('/v2/bot/message/multicast', {
      method: 'POST',
      headers: { authorization: `Bearer ${t.config.line.channelAccessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ to: [userOf(1), userOf(2)], messages: [{ type: 'text', text: 'hi' }] }),
    })
    const { requestId } = t.sandbox.messaging.record.requests.at(-1)!
    const res = await ask(`?requestId=${requestId}`)
    expect(res.status).toBe(200)
    const body = await res.json()
    expect(schemaCheck('insight', 'GetMessageEventResponse')(body)).toEqual([])
    expect(body).toMatchObject({ overview: { requestId, uniqueImpression: null }, messages: [], clicks: [] })
    expect(body.overview.delivered).toBeUndefined()
  })
})
