// Segments and campaign enqueueing on D1 inside workerd: json_each list parameters, the line_status triggers, INSERT … SELECT.
import { env } from 'cloudflare:workers'
import { eq, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { openD1 } from '../../db/d1'
import { campaigns, deliveries } from '../../db/schema'
import { seedDemoShop } from '../../db/seed'
import { enqueueCampaign } from '../../server/data/campaign-enqueue'
import { createCampaign } from '../../server/data/campaigns'
import { defaultRankTiers } from '../../server/domain/ranks'
import { countSegment } from '../../server/data/segments'

const db = openD1(env.DB)
const now = new Date('2026-04-01T00:00:00Z')

beforeAll(() => seedDemoShop(db, now))

describe('segments on D1', () => {
  it('counts through json_each, follows line_accounts through the triggers, and enqueues one delivery per recipient', async () => {
    expect(await countSegment(db, { ranks: ['gold'], prefectures: ['東京都'], birthdayMonths: [7] }, now)).toEqual({
      members: 1,
      recipients: 1,
    })
    await db.run(sql`UPDATE line_accounts SET friend_status = 'blocked' WHERE member_id = 1`)
    expect(await countSegment(db, { ranks: ['gold'] }, now)).toEqual({ members: 1, recipients: 0 })
    await db.run(sql`UPDATE line_accounts SET friend_status = 'friend' WHERE member_id = 1`)

    const created = await createCampaign(
      db,
      {
        name: 'd1',
        segment: { ranks: ['gold'] },
        content: { template: 'text', text: 'こんにちは' },
        scheduledAt: null,
      },
      'admin:1',
      now,
    )
    if (!('id' in created)) throw new Error(created.message)
    const campaign = created
    await db.update(campaigns).set({ status: 'sending' }).where(eq(campaigns.id, campaign.id))
    expect(
      await enqueueCampaign(
        db,
        { ...campaign, status: 'sending' },
        { quiet: { hours: null, timeZone: 'Asia/Tokyo' }, ranks: defaultRankTiers },
        now,
      ),
    ).toBe(1)
    const [row] = await db.select().from(deliveries).where(eq(deliveries.campaignId, campaign.id))
    expect(row).toMatchObject({ kind: 'campaign', dedupeKey: `campaign:${campaign.id}:1`, status: 'pending' })
    expect(row!.retryKey).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  })
})
