import { describe, expect, it } from 'vitest'
import { campaignMessages, CampaignContentSchema, type CampaignContent } from '../../../server/domain/campaign-content'
import { schemaCheck } from '../../../server/sandbox/line-openapi/schema-validator'

const check = schemaCheck('messaging-api', 'Message')
const full: CampaignContent[] = [
  { template: 'text', text: '冬のセールのお知らせです' },
  {
    template: 'coupon',
    title: '全品10%OFF',
    description: 'ご来店時にこの画面をお見せください',
    code: 'WINTER10',
    validUntil: '2026-12-31',
    imageUrl: 'https://example.com/c.png',
    url: 'https://example.com/coupon',
    buttonLabel: '使う',
  },
  { template: 'coupon', title: '全品10%OFF', description: '説明' },
  {
    template: 'news',
    title: '新メニュー',
    body: 'ヘッドスパ始めました',
    imageUrl: 'https://example.com/n.png',
    url: 'https://example.com/news',
  },
  { template: 'news', title: '新メニュー', body: '本文' },
  { template: 'points', title: 'ポイント2倍デー', body: '今週末はポイント2倍です', url: 'https://example.com/' },
]

describe('campaign content', () => {
  it.each(full.map((c) => [c.template, c]))('builds %s messages that LINE accepts', (_, content) => {
    const messages = campaignMessages(content as CampaignContent)
    expect(messages).toHaveLength(1)
    for (const message of messages) expect(check(message)).toEqual([])
  })

  it('refuses http links and over-long button labels', () => {
    expect(
      CampaignContentSchema.safeParse({ template: 'news', title: 'a', body: 'b', url: 'http://example.com' }).success,
    ).toBe(false)
    expect(
      CampaignContentSchema.safeParse({ template: 'points', title: 'a', body: 'b', buttonLabel: 'x'.repeat(21) })
        .success,
    ).toBe(false)
  })
})
