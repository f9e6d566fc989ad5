import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { messageClicks, type Staff } from '../../../../db/schema'
import { staffCashier } from '../../../../server/data/cashier'
import { runScheduledJobs } from '../../../../server/jobs'
import { earnPoints } from '../../../../server/usecases/earn'
import { registerMembership } from '../../../../server/usecases/register'
import { createScenario } from '../../../../server/usecases/scenarios'
import { ecSite } from '../../../support/commerce'
import { registrationForm } from '../../../support/registration'
import { bearer, testAppPerSuite } from '../../../support/test-app'
import { seededClerk } from '../../../support/staff'

const hour = 3600_000
const news = 'https://shop.example.jp/news/winter'
const orderPage = 'https://shop.example.jp/orders/EC-9'

/** A report row's figures, without its names. */
type Row = Record<string, unknown> & { source: { kind: string; trigger?: string } }

describe('message reports: clicks, purchases and blocks per scenario step and trigger', () => {
  // 12:00 JST, outside the demo shop's quiet hours.
  const t = testAppPerSuite({ now: new Date('2026-11-23T12:00:00+09:00') })
  let clerk: Staff
  const users = { a: `U${'a'.repeat(32)}`, b: `U${'b'.repeat(32)}`, c: `U${'c'.repeat(32)}` }
  const memberIds: Record<string, number> = {}
  const numbers: Record<number, string> = {}

  const run = async () => {
    await runScheduledJobs(t.deps, t.clock.now)
    await t.settle()
  }
  const texts = (lineUserId: string) =>
    (t.sandbox.messaging.record.inbox.get(lineUserId) ?? []).map((m) => JSON.stringify(m.message))
  /** The redirect path of the first tracked link in the newest message of `lineUserId` that has one. */
  const trackedPath = (lineUserId: string) => {
    const text = texts(lineUserId).findLast((m) => m.includes('/r/'))!
    return new URL(/https?:\/\/[^"\s\\]+\/r\/[A-Za-z0-9_-]+/.exec(text)![0]).pathname
  }
  async function register(lineUserId: string, name: string) {
    const registered = await registerMembership(t.deps, { ...(await registrationForm(t.db, lineUserId, true)), name })
    if (!registered.ok) throw new Error(registered.message)
    return registered
  }
  async function buy(memberId: number, purchaseAmount: number) {
    const earned = await earnPoints(t.deps, {
      memberNumber: numbers[memberId]!,
      storeId: clerk.storeId,
      purchaseAmount,
      idempotencyKey: crypto.randomUUID(),
      cashier: staffCashier(clerk),
    })
    expect(earned).toMatchObject({ ok: true })
  }
  async function report(query = 'from=2026-11-23&to=2026-11-24') {
    const admin = await t.signIn('admin')
    const res = await t.app.request(`/api/admin/reports?${query}`, bearer(admin))
    return {
      status: res.status,
      body: (await res.json()) as { rows: Row[]; days: Record<string, unknown>[]; error?: { code: string } },
    }
  }

  beforeAll(async () => {
    clerk = await seededClerk(t.db)
    const created = await createScenario(t.deps, {
      actor: 'staff:1',
      scenario: {
        name: '登録後のお知らせ',
        trigger: 'member.registered',
        status: 'active',
        reentry: false,
        stopOn: [],
        steps: [
          {
            wait: { kind: 'after', amount: 1, unit: 'hours' },
            content: { template: 'text', text: `冬の新作です ${news}` },
          },
        ],
      },
    })
    if (!created.ok) throw new Error(created.message)
    for (const [key, name] of [
      ['a', '会員 A'],
      ['b', '会員 B'],
      ['c', '会員 C'],
    ] as const) {
      const registered = await register(users[key], name)
      memberIds[key] = registered.memberId
      numbers[registered.memberId] = registered.memberNumber
    }
    await run()
    t.clock.advance(hour + 60_000)
    await run()
  })

  it('sends a step its own redirect links, counts each click and redirects to the stored link', async () => {
    const path = trackedPath(users.a)
    expect(texts(users.a).some((m) => m.includes(news))).toBe(false)
    expect(trackedPath(users.b)).not.toBe(path)
    for (let i = 0; i < 2; i++) {
      const res = await t.app.request(path)
      expect(res.status).toBe(302)
      expect(res.headers.get('location')).toBe(news)
    }
    const clicks = await t.db.select().from(messageClicks)
    expect(clicks).toHaveLength(2)
    expect(clicks[0]).toMatchObject({ memberId: memberIds.a, linkIndex: 0 })
    expect(clicks[0]!.source).toMatch(/^step:\d+:\d+$/)
  })

  it('counts a click on a trigger message (an order notice) under its trigger', async () => {
    const ec = await ecSite(t)
    const placed = await ec.order('EC-9', { event: 'placed', customer: { lineUserId: users.b }, orderUrl: orderPage })
    expect(placed.status).toBe(201)
    await run()
    const res = await t.app.request(trackedPath(users.b))
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe(orderPage)
    const [click] = await t.db.select().from(messageClicks).where(eq(messageClicks.memberId, memberIds.b!))
    expect(click?.source).toBe('trigger:order_placed')
  })

  it('attributes each purchase once to its last touch, and counts a block after the send', async () => {
    t.clock.advance(2 * hour)
    await buy(memberIds.a!, 5400) // clicked the step
    await buy(memberIds.b!, 2000) // got the step, then clicked the order notice: the click is the last touch
    await buy(memberIds.c!, 1000) // got the step, clicked nothing
    await buy(memberIds.c!, 700)
    expect((await t.sandbox.webhook.unfollow(users.c)).status).toBe(200)
    await t.settle()
    // Outside the 7-day window: attributed to nothing.
    t.clock.advance(8 * 24 * hour)
    await buy(memberIds.a!, 9999)

    const { status, body } = await report()
    expect(status).toBe(200)
    const step = body.rows.find((r) => r.source.kind === 'step')
    const order = body.rows.find((r) => r.source.kind === 'trigger')
    expect(step).toMatchObject({
      name: '登録後のお知らせ',
      stepNumber: 1,
      sent: 3,
      delivered: 3,
      clicked: 1,
      clicks: 2,
      purchasesAfterClick: 1,
      revenueAfterClick: 5400,
      purchasesAfterDelivery: 2,
      revenueAfterDelivery: 1700,
      blocks: 1,
      insight: null,
    })
    expect(order).toMatchObject({
      source: { kind: 'trigger', trigger: 'order_placed' },
      sent: 1,
      delivered: 1,
      clicked: 1,
      clicks: 1,
      purchasesAfterClick: 1,
      revenueAfterClick: 2000,
      purchasesAfterDelivery: 0,
      blocks: 0,
    })
    expect(body.rows).toHaveLength(2)
    // Per shop day of the period, by when the messages were planned: the days add up to the rows.
    expect(body.days).toEqual([
      { date: '2026-11-23', sent: 4, delivered: 4, clicked: 2, opened: null, purchases: 4, revenue: 9100 },
      { date: '2026-11-24', sent: 0, delivered: 0, clicked: 0, opened: null, purchases: 0, revenue: 0 },
    ])
    // Another period holds none of it.
    expect((await report('from=2026-11-20&to=2026-11-22')).body.rows).toEqual([])
  })

  it('refuses a period that is no period with a stable code', async () => {
    expect((await report('from=2026-11-25&to=2026-11-24')).body.error?.code).toBe('period_invalid')
    expect((await report('from=2025-01-01&to=2026-11-24')).body.error?.code).toBe('period_invalid')
    expect((await report('from=2026-02-30&to=2026-03-01')).body.error?.code).toBe('date_invalid')
    expect((await report('from=2026-11-01')).status).toBe(400)
  })

  it('exports the same figures as CSV headed in the chosen language', async () => {
    const admin = await t.signIn('admin')
    const res = await t.app.request(
      '/api/admin/reports/export.csv?from=2026-11-23&to=2026-11-24&lang=en',
      bearer(admin),
    )
    expect(res.status).toBe(200)
    const lines = (await res.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
    expect(lines[0]).toMatch(/^Kind,Name,Step,Sent,Delivered,Clicked \(unique\),CTR,/)
    expect(lines).toContain('Scenario step,登録後のお知らせ,1,3,3,1,0.3333,1,5400,2,1700,1,,')
    expect(lines).toContain('Trigger,order_placed,,1,1,1,1.0000,1,2000,0,0,0,,')
  })
})
