import { beforeEach, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { campaignClicks, campaigns, lineAccounts, members } from '../../../db/schema'
import { signCardToken } from '../../../server/domain/card-token'
import { signClickCode } from '../../../server/domain/click-links'
import { memberNumberFor } from '../../../server/domain/member-number'
import { runScheduledJobs } from '../../../server/jobs'
import { schemaCheck } from '../../../server/sandbox/line-openapi/schema-validator'
import { bearer, json, testAppPerTest } from '../../support/test-app'

/** A Tokyo wall-clock time as a UTC instant. */
const jst = (iso: string) => new Date(`${iso}+09:00`)
const day = 86_400_000
const userOf = (id: number) => `U${String(id).padStart(32, '0')}`
const target = 'https://shop.example/sale?from=line'

describe('campaign links: counted clicks, and purchases attributed to the campaign', () => {
  const t = testAppPerTest({ now: jst('2026-11-23T12:00:00') })
  let admin: string
  const call = (method: string, path: string, body?: unknown) =>
    t.app.request(
      path,
      body === undefined ? { method, ...bearer(admin) } : { ...json(body, bearer(admin).headers), method },
    )

  beforeEach(async () => {
    admin = await t.signIn('admin')
    for (const id of [10, 11]) {
      await t.db.insert(members).values({
        id,
        memberNumber: memberNumberFor(id),
        name: `会員 ${id}`,
        prefecture: '大阪府',
        marketingOptIn: true,
      })
      await t.db.insert(lineAccounts).values({
        lineUserId: userOf(id),
        memberId: id,
        friendStatus: 'friend',
        linkedAt: new Date(t.clock.now.getTime() - day),
        linkMethod: 'liff',
      })
    }
  })

  /** Creates and sends a news campaign with a button to `target` to both members; answers its id. */
  async function sendCampaign() {
    const created = await call('POST', '/api/admin/campaigns', {
      name: 'セール告知',
      segment: { prefectures: ['大阪府'] },
      content: { template: 'news', title: '冬のセール', body: '本日から', url: target, buttonLabel: '見る' },
    })
    expect(created.status).toBe(201)
    const { id } = (await created.json()) as { id: number }
    expect((await call('POST', `/api/admin/campaigns/${id}/send`)).status).toBe(202)
    await t.settle()
    await runScheduledJobs(t.deps, t.clock.now, 'frequent')
    return id
  }
  /** The link the member's delivered message carries, as the sandbox inbox received it. */
  function deliveredLink(memberId: number): string {
    const [received] = (t.sandbox.messaging.record.inbox.get(userOf(memberId)) ?? []).filter(
      (m) => m.message.type === 'flex',
    )
    expect(schemaCheck('messaging-api', 'Message')(received!.message)).toEqual([])
    const uri = /"uri":"([^"]+)"/.exec(JSON.stringify(received!.message))![1]!
    return uri
  }
  /** The campaign's results, signed in again (the clock moves past a session's 30 minutes). */
  async function results(id: number) {
    admin = await t.signIn('admin')
    const res = await call('GET', `/api/admin/campaigns/${id}`)
    expect(res.status).toBe(200)
    return ((await res.json()) as { results: Record<string, number> }).results
  }
  async function earn(memberId: number, purchaseAmount: number) {
    const staff = await t.signIn('staff')
    const cardToken = (await signCardToken(t.config.cardKeys, memberId, t.clock.now)).value
    const res = await t.app.request(
      '/api/staff/checkout/earn',
      json({ cardToken, purchaseAmount, idempotencyKey: crypto.randomUUID() }, bearer(staff).headers),
    )
    expect(res.status, await res.clone().text()).toBe(200)
  }

  it('delivers each member its own redirect link, counts clicks once per delivery and link, and redirects', async () => {
    const id = await sendCampaign()
    const link = deliveredLink(10)
    expect(link).toMatch(new RegExp(`^${t.config.publicUrl}/r/[A-Za-z0-9_-]{14,40}$`))
    expect(deliveredLink(11)).not.toBe(link)
    expect(link).not.toContain('shop.example')
    const path = new URL(link).pathname
    for (let i = 0; i < 2; i++) {
      const res = await t.app.request(path)
      expect(res.status).toBe(302)
      expect(res.headers.get('location')).toBe(target)
    }
    expect(await results(id)).toMatchObject({ sent: 2, delivered: 2, clicks: 2, clicked: 1, purchasesAfterClick: 0 })
  })

  it('attributes a purchase within the window after the click, and not one after it', async () => {
    const id = await sendCampaign()
    expect((await t.app.request(new URL(deliveredLink(10)).pathname)).status).toBe(302)
    t.clock.now = new Date(t.clock.now.getTime() + 2 * day)
    await earn(10, 5400)
    t.clock.now = new Date(t.clock.now.getTime() + 6 * day)
    // Eight days after the delivery and the click: outside the default 7-day window.
    await earn(10, 3000)
    await earn(11, 2000)
    expect(await results(id)).toMatchObject({
      delivered: 2,
      clicked: 1,
      purchasesAfterClick: 1,
      revenueAfterClick: 5400,
      purchasesAfterDelivery: 0,
      attributionDays: 7,
      blockHours: 48,
    })
  })

  it('gives the last touch the purchase: a later campaign to the same member takes it', async () => {
    const first = await sendCampaign()
    t.clock.now = new Date(t.clock.now.getTime() + day)
    admin = await t.signIn('admin')
    const second = await sendCampaign()
    t.clock.now = new Date(t.clock.now.getTime() + 3600_000)
    await earn(11, 1200)
    expect(await results(first)).toMatchObject({ purchasesAfterClick: 0, purchasesAfterDelivery: 0 })
    expect(await results(second)).toMatchObject({ purchasesAfterDelivery: 1, revenueAfterDelivery: 1200 })
  })

  it("shows the same figures as the campaign's row of the reports page, for any period holding its send", async () => {
    /** The campaign's row of the reports page for the shop days [from, to], without its names. */
    async function reportRow(id: number, from: string, to: string) {
      admin = await t.signIn('admin')
      const res = await call('GET', `/api/admin/reports?from=${from}&to=${to}`)
      expect(res.status).toBe(200)
      const body = (await res.json()) as {
        attributionDays: number
        blockHours: number
        rows: Record<string, unknown>[]
      }
      const row = body.rows.find(
        (r) => JSON.stringify(r.source) === JSON.stringify({ kind: 'campaign', campaignId: id }),
      )
      const { source: _source, name: _name, stepNumber: _step, ...figures } = row!
      return { ...figures, attributionDays: body.attributionDays, blockHours: body.blockHours }
    }
    const first = await sendCampaign()
    expect((await t.app.request(new URL(deliveredLink(10)).pathname)).status).toBe(302)
    t.clock.now = new Date(t.clock.now.getTime() + day)
    await earn(10, 5400)
    await earn(11, 800)
    t.clock.now = new Date(t.clock.now.getTime() + 3600_000)
    admin = await t.signIn('admin')
    const second = await sendCampaign()
    t.clock.now = new Date(t.clock.now.getTime() + 3600_000)
    expect((await t.sandbox.webhook.unfollow(userOf(11))).status).toBe(200)
    await t.settle()
    await earn(10, 1200)
    t.clock.now = new Date(t.clock.now.getTime() + 3 * day)
    const own = await results(first)
    expect(own).toMatchObject({ delivered: 2, clicked: 1, purchasesAfterClick: 2, revenueAfterClick: 6600 })
    expect(own).toMatchObject({ purchasesAfterDelivery: 1, revenueAfterDelivery: 800, blocks: 0 })
    expect(await reportRow(first, '2026-11-23', '2026-11-23')).toEqual(own)
    expect(await reportRow(first, '2026-11-01', '2026-11-27')).toEqual(own)
    const later = await results(second)
    expect(later).toMatchObject({ delivered: 2, blocks: 1, purchasesAfterClick: 0, purchasesAfterDelivery: 0 })
    expect(await reportRow(second, '2026-11-24', '2026-11-24')).toEqual(later)
  })

  it('counts a block within 48 h after the send', async () => {
    const id = await sendCampaign()
    t.clock.now = new Date(t.clock.now.getTime() + 30 * 3600_000)
    expect((await t.sandbox.webhook.unfollow(userOf(11))).status).toBe(200)
    await t.settle()
    expect(await results(id)).toMatchObject({ blocks: 1 })
  })

  it('answers a tampered, foreign or unknown code with a 404 page and counts nothing', async () => {
    const id = await sendCampaign()
    const code = new URL(deliveredLink(10)).pathname.slice('/r/'.length)
    const flipped = code.slice(0, 3) + (code[3] === 'A' ? 'B' : 'A') + code.slice(4)
    const secret = t.config.sessionSecret
    for (const bad of [
      flipped,
      code.slice(0, -1),
      'x',
      signClickCode('another-secret-of-at-least-32-characters', { campaignId: id, memberId: 10, linkIndex: 0 }),
      signClickCode(secret, { campaignId: id, memberId: 999, linkIndex: 0 }),
      signClickCode(secret, { campaignId: id, memberId: 10, linkIndex: 5 }),
      signClickCode(secret, { campaignId: id + 1, memberId: 10, linkIndex: 0 }),
    ]) {
      const res = await t.app.request(`/r/${bad}`)
      expect(res.status, bad).toBe(404)
      expect(res.headers.get('content-type')).toContain('text/html')
    }
    expect(await results(id)).toMatchObject({ clicks: 0 })
  })

  it('keeps no answer for a campaign not yet sent: its links redirect as soon as it is', async () => {
    const id = await sendCampaign()
    const path = new URL(deliveredLink(10)).pathname
    await t.db.update(campaigns).set({ status: 'sending' }).where(eq(campaigns.id, id))
    expect((await t.app.request(path)).status).toBe(404)
    await t.db.update(campaigns).set({ status: 'sent' }).where(eq(campaigns.id, id))
    expect((await t.app.request(path)).status).toBe(302)
    expect(await results(id)).toMatchObject({ clicks: 1 })
  })

  it('records each of many concurrent clicks exactly once, and refuses the unknown ones among them without a write', async () => {
    const id = await sendCampaign()
    const paths = [10, 11].map((m) => new URL(deliveredLink(m)).pathname)
    const unknown = `/r/${signClickCode(t.config.sessionSecret, { campaignId: id, memberId: 999, linkIndex: 0 })}`
    // Started in one turn of the event loop: on Node their clicks are written together, as one group.
    const asked = Array.from({ length: 60 }, (_, i) => (i % 3 === 2 ? unknown : paths[i % 3]!))
    const answers = await Promise.all(asked.map((path) => t.app.request(path)))
    expect(answers.map((res) => res.status)).toEqual(asked.map((path) => (path === unknown ? 404 : 302)))
    const clicks = await t.db.select().from(campaignClicks).where(eq(campaignClicks.campaignId, id))
    expect(clicks.filter((c) => c.memberId === 10)).toHaveLength(20)
    expect(clicks.filter((c) => c.memberId === 11)).toHaveLength(20)
    expect(clicks).toHaveLength(40)
    expect(new Set(clicks.map((c) => c.id)).size).toBe(40)
    expect(await results(id)).toMatchObject({ clicks: 40, clicked: 2 })
  })
})
