import { describe, expect, it } from 'vitest'
import { campaignMessages } from '../../../server/domain/campaign-content'
import {
  isPersonalised,
  personalise,
  placeholderValues,
  unknownPlaceholders,
} from '../../../server/domain/campaign-placeholders'
import { defaultRankTiers } from '../../../server/domain/ranks'

const ctx = { ranks: defaultRankTiers, timeZone: 'Asia/Tokyo', now: new Date('2026-12-01T15:30:00Z') }
const member = {
  name: '山田 花子',
  balance: 12345,
  rank: 'silver',
  expiringPoints: 900,
  expiringAt: new Date('2026-12-21T14:59:00Z'),
}

describe('campaign placeholders', () => {
  it('finds unknown placeholders in any text field, and none in URLs or plain text', () => {
    expect(
      unknownPlaceholders({ template: 'news', title: '{name}様', body: '{coupon} {name}', url: 'https://x.jp/{id}' }),
    ).toEqual(['coupon'])
    expect(isPersonalised({ template: 'text', text: '{ 名前 } と {名前} はただの文字' })).toBe(false)
  })

  it('gives a member’s values in Japanese, dates in the shop’s time zone', () => {
    expect(placeholderValues(member, ctx)).toEqual({
      name: '山田 花子',
      points: '12,345',
      rank: 'シルバー',
      expiringPoints: '900',
      expiryDate: '2026年12月21日',
      date: '2026年12月2日',
    })
    expect(placeholderValues(member, { ...ctx, locale: 'en' }).date).toBe('December 2, 2026')
  })

  it('fills in one pass, without control characters, into Flex as plain JSON text', () => {
    const values = placeholderValues({ ...member, name: '{points}"}\u0007<b>' }, ctx)
    const [flex] = campaignMessages(
      personalise({ template: 'news', title: '{name}さまへ', body: '残高 {points}pt' }, values),
    )
    const text = JSON.stringify(flex)
    expect(text).toContain('{points}\\"} <b>さまへ')
    expect(text).toContain('残高 12,345pt')
    expect(JSON.parse(text)).toEqual(flex)
  })
})
