// The click redirect on D1 inside workerd: a signed code of a real delivery is counted and answered with a 302 to the
// campaign's stored link; a tampered code, or one whose delivery does not exist, gets the 404 page.
import { env, exports } from 'cloudflare:workers'
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { openD1 } from '../../db/d1'
import { campaignClicks, deliveries } from '../../db/schema'
import { loadConfig } from '../../server/config'
import { signClickCode } from '../../server/domain/click-links'
import { insertSentCampaign } from '../support/sent-campaign'

const db = openD1(env.DB)
const origin = 'https://tsunagu.test'
const target = 'https://shop.example/winter'
let campaignId: number

beforeAll(async () => {
  campaignId = await insertSentCampaign(db, target)
  await db.insert(deliveries).values({
    dedupeKey: `campaign:${campaignId}:7`,
    kind: 'campaign',
    lineUserId: 'U00000000000000000000000000000007',
    messages: [],
    retryKey: crypto.randomUUID(),
    status: 'sent',
    nextAttemptAt: new Date(),
    campaignId,
    sentAt: new Date(),
  })
})

describe('click redirect on D1', () => {
  it('counts a click on a delivery’s link and redirects to the campaign’s own URL; refuses bad codes with 404', async () => {
    const secret = loadConfig(env).sessionSecret
    const code = signClickCode(secret, { campaignId, memberId: 7, linkIndex: 0 })
    const res = await exports.default.fetch(`${origin}/r/${code}`, { redirect: 'manual' })
    expect([res.status, res.headers.get('location')], await res.clone().text()).toEqual([302, target])
    const tampered = code.slice(0, -2) + (code.endsWith('AA') ? 'BB' : 'AA')
    for (const bad of [tampered, signClickCode(secret, { campaignId, memberId: 8, linkIndex: 0 })]) {
      const refused = await exports.default.fetch(`${origin}/r/${bad}`, { redirect: 'manual' })
      expect(refused.status).toBe(404)
      expect(await refused.text()).toContain('このリンクは無効です')
    }
    const clicks = await db.select().from(campaignClicks).where(eq(campaignClicks.campaignId, campaignId))
    expect(clicks.map((c) => [c.memberId, c.linkIndex])).toEqual([[7, 0]])
  })

  it('records each of concurrent clicks once: every request writes its own, in the same statement as on Node', async () => {
    const secret = loadConfig(env).sessionSecret
    const before = await db.select().from(campaignClicks).where(eq(campaignClicks.campaignId, campaignId))
    const code = signClickCode(secret, { campaignId, memberId: 7, linkIndex: 0 })
    const unknown = signClickCode(secret, { campaignId, memberId: 9, linkIndex: 0 })
    const asked = Array.from({ length: 12 }, (_, i) => (i % 4 === 3 ? unknown : code))
    const answers = await Promise.all(
      asked.map((c) => exports.default.fetch(`${origin}/r/${c}`, { redirect: 'manual' })),
    )
    expect(answers.map((res) => res.status)).toEqual(asked.map((c) => (c === unknown ? 404 : 302)))
    const clicks = await db.select().from(campaignClicks).where(eq(campaignClicks.campaignId, campaignId))
    expect(clicks.length - before.length).toBe(9)
    expect(clicks.every((c) => c.memberId === 7)).toBe(true)
  })
})
