import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { campaignResults } from '../../../server/data/campaign-report'
import { runScheduledJobs } from '../../../server/jobs'
import { insertSentCampaign } from '../../support/sent-campaign'
import { testAppPerTest } from '../../support/test-app'

const t0 = Date.parse('2026-10-05T03:00:00Z')
const user = (n: number) => `U${String(n).padStart(32, '0')}`

describe('deliveries written before they had a source', () => {
  const t = testAppPerTest({ now: new Date('2026-11-23T12:00:00+09:00') })

  /** A delivery as a planner wrote it before migration 0038: no source. */
  const insert = (dedupeKey: string, kind: string, campaignId: number | null, n: number) =>
    t.db.run(sql`INSERT INTO deliveries (dedupe_key, kind, line_user_id, messages, retry_key, status, attempts,
        next_attempt_at, campaign_id, sent_at, created_at)
      VALUES (${dedupeKey}, ${kind}, ${user(n)}, '[]', ${crypto.randomUUID()}, 'sent', 1, ${t0}, ${campaignId}, ${t0}, ${t0})`)

  it('get theirs from the daily job in bounded chunks, once, and count on the campaign page', async () => {
    const campaignId = await insertSentCampaign(t.db, 'https://shop.example/old', new Date(t0))
    for (let n = 1; n <= 5; n++) await insert(`campaign:${campaignId}:${n}`, 'campaign', campaignId, n)
    await insert('scenario:3:5:901', 'scenario', null, 6)
    await insert('cart-reminder:c-1:2', 'cart_reminder', null, 7)
    await insert('receipt:55', 'receipt', null, 8)
    await insert(`campaign:${campaignId}:test:abc`, 'campaign_test', null, 9)
    expect(await campaignResults(t.db, campaignId, 7)).toMatchObject({ sent: 0 })

    // Two delivery ids a chunk, three chunks an invocation: the job goes on from its cursor in the next one.
    const first = await runScheduledJobs(t.deps, t.clock.now, 'daily', {
      budget: { steps: 3, rowsPerStep: 2 },
      period: '2026-11-23',
    })
    expect(first.dailyDone).toBe(false)
    const sources = () =>
      t.db.all<{ dedupeKey: string; source: string | null }>(
        sql`SELECT dedupe_key AS dedupeKey, source FROM deliveries WHERE created_at = ${t0} ORDER BY id`,
      )
    expect((await sources()).filter((r) => r.source !== null).length).toBeLessThan(7)
    for (let i = 0; i < 20; i++)
      await runScheduledJobs(t.deps, t.clock.now, 'daily', { budget: { steps: 3, rowsPerStep: 2 }, period: '2026-11-23' })
    expect(await sources()).toEqual([
      ...[1, 2, 3, 4, 5].map((n) => ({ dedupeKey: `campaign:${campaignId}:${n}`, source: `campaign:${campaignId}` })),
      { dedupeKey: 'scenario:3:5:901', source: 'step:3:5' },
      { dedupeKey: 'cart-reminder:c-1:2', source: 'trigger:cart_reminder' },
      { dedupeKey: 'receipt:55', source: null },
      { dedupeKey: `campaign:${campaignId}:test:abc`, source: null },
    ])
    expect(await campaignResults(t.db, campaignId, 7)).toMatchObject({ sent: 5, delivered: 5 })
    // Done once: a later day's run finds nothing left to do.
    const cursor = await t.db.all<{ done: number }>(sql`SELECT done FROM job_cursors WHERE name = 'backfill:delivery-sources'`)
    expect(cursor).toEqual([{ done: 1 }])
  })
})
