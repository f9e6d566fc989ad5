import { eq, like } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import { deliveries, lineAccounts, memberCoupons, members } from '../../../db/schema'
import { claimCampaign, createCampaign } from '../../../server/data/campaigns'
import { campaignSendContext, enqueueCampaign } from '../../../server/data/campaign-enqueue'
import { memberNumberFor } from '../../../server/domain/member-number'
import { defineCoupon } from '../../support/coupons'
import { testAppPerTest } from '../../support/test-app'

/** A Tokyo wall-clock time as a UTC instant (quiet hours are the default 21:00–09:00 in Asia/Tokyo). */
const jst = (iso: string) => new Date(`${iso}+09:00`)

describe('a campaign that carries a coupon', () => {
  const t = testAppPerTest({ now: jst('2026-11-23T12:00:00') })
  beforeEach(async () => {
    // Members 10–14: linked friends in 大阪府 (14 reads English); 15 in 大阪府 but not linked; member 1 is in 東京都.
    for (const id of [10, 11, 12, 13, 14, 15]) {
      await t.db.insert(members).values({
        id,
        memberNumber: memberNumberFor(id),
        name: `会員 ${id}`,
        prefecture: '大阪府',
        language: id === 14 ? 'en' : null,
        marketingOptIn: true,
      })
      if (id !== 15) {
        await t.db.insert(lineAccounts).values({ lineUserId: `U${String(id).padStart(32, '0')}`, memberId: id })
      }
    }
  })

  const send = async (couponId: number, name = 'クーポン配信') => {
    const now = t.clock.now
    const draft = await createCampaign(
      t.db,
      {
        name,
        segment: { prefectures: ['大阪府'] },
        content: { template: 'text', text: 'いつもありがとうございます' },
        scheduledAt: null,
        couponId,
      },
      'staff:1',
      now,
    )
    if (!('id' in draft)) throw new Error(draft.message)
    const claimed = await claimCampaign(t.deps, draft.id, 'staff:1', now)
    if (!('id' in claimed)) throw new Error(claimed.message)
    const ctx = await campaignSendContext(t.deps)
    await enqueueCampaign(t.db, claimed, ctx, now)
    await enqueueCampaign(t.db, { ...claimed, status: 'sending' }, ctx, now)
    return claimed
  }

  it('issues each member of the segment one copy and sends each a message linking to it, once', async () => {
    const coupon = await defineCoupon(t.db, { title: '秋の感謝クーポン', validDays: 14 })
    const campaign = await send(coupon.id)
    const copies = await t.db.select().from(memberCoupons).where(eq(memberCoupons.couponId, coupon.id))
    expect(copies.map((c) => c.memberId).sort((a, b) => a - b)).toEqual([10, 11, 12, 13, 14])
    expect(copies.every((c) => c.source === 'campaign' && c.campaignId === campaign.id)).toBe(true)
    const sent = await t.db.select().from(deliveries).where(eq(deliveries.campaignId, campaign.id))
    expect(sent.map((d) => d.dedupeKey).sort()).toEqual(copies.map((c) => `campaign:${campaign.id}:${c.memberId}`).sort())
    expect(sent.every((d) => d.holdInQuietHours)).toBe(true)
    const english = sent.find((d) => d.dedupeKey.endsWith(':14'))!
    const japanese = sent.find((d) => d.dedupeKey.endsWith(':10'))!
    expect(JSON.stringify(japanese.messages)).toContain(`クーポンを見る：${t.config.publicUrl}/coupons?c=${coupon.id}`)
    expect(JSON.stringify(english.messages)).toContain(`See your coupon: ${t.config.publicUrl}/coupons?c=${coupon.id}`)
    expect(new Set(sent.map((d) => d.contentHash)).size).toBe(2)
  })

  it('stops at the total limit, and only members who got a copy get the message', async () => {
    const coupon = await defineCoupon(t.db, { totalLimit: 3 })
    const campaign = await send(coupon.id)
    const holders = (await t.db.select().from(memberCoupons).where(eq(memberCoupons.couponId, coupon.id))).map(
      (c) => c.memberId,
    )
    expect(holders.sort((a, b) => a - b)).toEqual([10, 11, 12])
    const sent = await t.db.select().from(deliveries).where(like(deliveries.dedupeKey, `campaign:${campaign.id}:%`))
    expect(sent.map((d) => d.dedupeKey).sort()).toEqual(holders.map((id) => `campaign:${campaign.id}:${id}`).sort())
  })

  it('waits for quiet hours to end like any campaign', async () => {
    t.clock.now = jst('2026-11-23T22:00:00')
    const coupon = await defineCoupon(t.db)
    const campaign = await send(coupon.id)
    const sent = await t.db.select().from(deliveries).where(eq(deliveries.campaignId, campaign.id))
    expect(sent.length).toBe(5)
    expect(sent.every((d) => d.nextAttemptAt.getTime() === jst('2026-11-24T09:00:00').getTime())).toBe(true)
  })
})
