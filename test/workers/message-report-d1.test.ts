// The message report on D1 inside workerd: a scenario step's delivery code is counted by the click redirect, and the
// report's one statement (source ranges, clicks of both tables, last-touch purchases, blocks) gives exact figures, by
// period and by day; earlier deliveries get their source, and a campaign's results are its row.
import { env, exports } from 'cloudflare:workers'
import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { openD1 } from '../../db/d1'
import { loadConfig } from '../../server/config'
import { campaignResults } from '../../server/data/campaign-report'
import { backfillDeliverySources } from '../../server/data/delivery-sources'
import { messageReport, messageReportDays } from '../../server/data/message-report'
import { signClickCode } from '../../server/domain/click-links'
import { memberNumberFor } from '../../server/domain/member-number'

const db = openD1(env.DB)
const origin = 'https://tsunagu.test'
const news = 'https://shop.example/news'
const t0 = Date.parse('2026-10-05T03:00:00Z')
const hour = 3600_000
const user = (n: number) => `U${String(n).padStart(32, '0')}`
let scenarioId: number
let stepKey: number
const deliveryIds: number[] = []

beforeAll(async () => {
  const [scenario] = await db.all<{ id: number }>(sql`INSERT INTO scenarios (name, trigger, status, reentry, stop_on,
      steps, last_step_key, created_by, created_at, updated_at)
    VALUES ('D1 のシナリオ', 'member.registered', 'active', 0, '[]',
      ${JSON.stringify([{ key: 4, wait: { kind: 'after', amount: 1, unit: 'hours' }, content: { template: 'text', text: news } }])},
      4, 'staff:1', ${t0}, ${t0}) RETURNING id`)
  scenarioId = scenario!.id
  stepKey = 4
  for (const n of [9301, 9302, 9303]) {
    const [member] = await db.all<{
      id: number
    }>(sql`INSERT INTO members (member_number, name, marketing_opt_in, created_at)
      VALUES (${memberNumberFor(n)}, ${`会員 ${n}`}, 1, ${t0}) RETURNING id`)
    await db.run(sql`INSERT INTO line_accounts (line_user_id, member_id, friend_status, link_method, created_at)
      VALUES (${user(n)}, ${member!.id}, 'friend', 'liff', ${t0})`)
    const [delivery] = await db.all<{
      id: number
    }>(sql`INSERT INTO deliveries (dedupe_key, kind, line_user_id, messages,
        retry_key, status, attempts, next_attempt_at, source, sent_at, created_at)
      VALUES (${`scenario:${scenarioId}:${stepKey}:${n}`}, 'scenario', ${user(n)},
        ${JSON.stringify([{ type: 'text', text: `新作 ${news}` }])}, ${crypto.randomUUID()}, 'sent', 1, ${t0},
        ${`step:${scenarioId}:${stepKey}`}, ${t0 + hour}, ${t0}) RETURNING id`)
    deliveryIds.push(delivery!.id)
    // The first member buys after a click, the second after the delivery alone, the third blocks the account.
    if (n !== 9303)
      await db.run(sql`INSERT INTO point_ledger (member_id, kind, points, remaining, expires_at, purchase_amount, actor,
          idempotency_key, created_at)
        VALUES (${member!.id}, 'earn', 30, 30, ${t0 + 365 * 24 * hour}, ${n === 9301 ? 3000 : 1500}, 'staff:1',
          ${`d1-report-${n}`}, ${t0 + 5 * hour})`)
  }
  await db.run(sql`INSERT INTO webhook_events (webhook_event_id, type, event, status, received_at)
    VALUES ('d1-report-unfollow', 'unfollow', ${JSON.stringify({ type: 'unfollow', source: { type: 'user', userId: user(9303) } })},
      'done', ${t0 + 3 * hour})`)
})

describe('message report on D1', () => {
  it('counts a click on a step link through the redirect, and reports exact figures for the period', async () => {
    const secret = loadConfig(env).sessionSecret
    const code = signClickCode(secret, { deliveryId: deliveryIds[0]!, linkIndex: 0 })
    const res = await exports.default.fetch(`${origin}/r/${code}`, { redirect: 'manual' })
    expect([res.status, res.headers.get('location')], await res.clone().text()).toEqual([302, news])
    // The click row carries the redirect's clock; it is moved to the period's afternoon for the exact figures below.
    await db.run(sql`UPDATE message_clicks SET clicked_at = ${t0 + 2 * hour} WHERE delivery_id = ${deliveryIds[0]!}`)

    const report = await messageReport(db, { from: new Date(t0 - hour), to: new Date(t0 + 23 * hour) }, 7)
    const step = report.rows.find((r) => r.source.kind === 'step' && r.source.scenarioId === scenarioId)
    expect(step).toEqual({
      source: { kind: 'step', scenarioId, stepKey },
      name: 'D1 のシナリオ',
      stepNumber: 1,
      sent: 3,
      delivered: 3,
      clicked: 1,
      clicks: 1,
      purchasesAfterClick: 1,
      revenueAfterClick: 3000,
      purchasesAfterDelivery: 1,
      revenueAfterDelivery: 1500,
      blocks: 1,
      insight: null,
    })
  })

  it('adds the days up to the rows, by the shop day the messages were planned', async () => {
    const period = {
      from: new Date(t0 - hour),
      to: new Date(t0 + 23 * hour),
      firstDay: '2026-10-05',
      lastDay: '2026-10-05',
    }
    const [day] = await messageReportDays(db, { ...period, timeZone: 'Asia/Tokyo' }, 7)
    expect(day).toEqual({
      date: '2026-10-05',
      sent: 3,
      delivered: 3,
      clicked: 1,
      opened: null,
      purchases: 2,
      revenue: 4500,
    })
  })

  it("names the source of a campaign's deliveries written before 0038, and its results are then its report row", async () => {
    const at = t0 + 30 * 24 * hour
    const [campaign] = await db.all<{ id: number }>(sql`INSERT INTO campaigns (name, segment, messages, status,
        created_by, sent_at, created_at)
      VALUES ('D1 の古い配信', '{}', '[]', 'sent', 'staff:1', ${at}, ${at}) RETURNING id`)
    const id = campaign!.id
    for (const n of [9301, 9302])
      await db.run(sql`INSERT INTO deliveries (dedupe_key, kind, line_user_id, messages, retry_key, status, attempts,
          next_attempt_at, campaign_id, sent_at, created_at)
        VALUES (${`campaign:${id}:${n}`}, 'campaign', ${user(n)}, '[]', ${crypto.randomUUID()}, 'sent', 1, ${at}, ${id},
          ${at}, ${at})`)
    expect(await campaignResults(db, id, 7)).toMatchObject({ sent: 0 })
    let after = 0
    for (let chunks = 0; chunks < 50; chunks++) {
      const step = await backfillDeliverySources(db, after, 2)
      if (step.next === null) break
      after = step.next
    }
    const own = await campaignResults(db, id, 7)
    expect(own).toMatchObject({ sent: 2, delivered: 2, blocks: 0 })
    const report = await messageReport(db, { from: new Date(at - hour), to: new Date(at + hour) }, 7)
    const row = report.rows.find((r) => r.source.kind === 'campaign' && r.source.campaignId === id)!
    const { source: _source, name: _name, stepNumber: _step, ...figures } = row
    expect({ ...figures, attributionDays: 7 }).toEqual(own)
  })
})
