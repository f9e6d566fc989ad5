import { describe, expect, it } from 'vitest'
import { receiptMessage } from '../../../server/domain/receipt'
import { startOfDay } from '../../../server/domain/time-zone'
import { schemaCheck } from '../../../server/sandbox/line-openapi/schema-validator'

describe('receiptMessage', () => {
  const check = schemaCheck('messaging-api', 'Message')
  const base = {
    balance: 1764,
    storeName: '渋谷店',
    shopName: 'デモショップ',
    at: new Date('2026-11-23T03:00:00Z'),
    timeZone: 'Asia/Tokyo',
    cardUrl: 'https://liff.line.me/1660000001-abc',
  }

  it('is a flex message valid against LINE’s Messaging API schema, for earn, redeem and reverse', () => {
    for (const m of [
      receiptMessage({ ...base, kind: 'earn', points: 64, purchaseAmount: 3240 }),
      receiptMessage({ ...base, kind: 'redeem', points: -500 }),
      receiptMessage({ ...base, kind: 'reverse', points: -64, storeName: null }),
      receiptMessage({ ...base, kind: 'reverse', points: -20, balance: 0, shortfall: { points: 80, yen: 80 } }),
    ]) {
      expect(check(m)).toEqual([])
    }
  })

  it('states the change and the new balance, in the alt text too', () => {
    const m = receiptMessage({ ...base, kind: 'earn', points: 64, purchaseAmount: 3240 })
    expect(m.altText).toBe('ポイントを獲得しました（+64 pt、保有 1,764 pt）')
    const text = JSON.stringify(m.contents)
    expect(text).toContain('¥3,240')
    expect(text).toContain('1,764 pt')
    expect(text).toContain('2026/11/23 12:00')
  })

  it('states a reversal’s shortfall: the used points that could not be taken back and what they cost', () => {
    const m = receiptMessage({
      ...base,
      kind: 'reverse',
      points: -20,
      balance: 0,
      shortfall: { points: 1200, yen: 1200 },
    })
    expect(m.altText).toBe('お取引を取り消しました（−20 pt、保有 0 pt、精算 1,200 pt）')
    expect(JSON.stringify(m.contents)).toContain(
      'ご利用済みの 1,200 pt は取り消せないため、¥1,200 をご返金額から差し引いて精算します',
    )
  })
})

describe('startOfDay', () => {
  it('gives midnight in the shop time zone as a UTC instant', () => {
    expect(startOfDay(new Date('2026-11-23T03:00:00Z'), 'Asia/Tokyo').toISOString()).toBe('2026-11-22T15:00:00.000Z')
    expect(startOfDay(new Date('2026-11-23T16:30:00Z'), 'Asia/Tokyo').toISOString()).toBe('2026-11-23T15:00:00.000Z')
    expect(startOfDay(new Date('2026-11-23T03:00:00Z'), 'UTC').toISOString()).toBe('2026-11-23T00:00:00.000Z')
  })
})

describe('receiptMessage in English', () => {
  const base = {
    balance: 1764,
    storeName: 'Shibuya',
    shopName: 'Demo Shop',
    at: new Date('2026-11-23T03:00:00Z'),
    timeZone: 'Asia/Tokyo',
    cardUrl: 'https://liff.line.me/1660000001-abc',
    locale: 'en' as const,
  }

  it('is all English for a member whose language is en, with English dates and numbers', () => {
    const m = receiptMessage({ ...base, kind: 'earn', points: 64, purchaseAmount: 3240 })
    expect(m.altText).toBe('You earned points (+64 pt, balance 1,764 pt)')
    const text = JSON.stringify(m)
    expect(text).toContain('Purchase amount')
    expect(text).toContain('Nov 23, 2026')
    expect(text).not.toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/)
  })

  it('explains a shortfall in English', () => {
    const m = receiptMessage({ ...base, kind: 'reverse', points: -20, balance: 0, shortfall: { points: 80, yen: 80 } })
    expect(JSON.stringify(m)).toContain(
      'The 80 pt already used cannot be taken back, so ¥80 is deducted from your refund',
    )
    expect(JSON.stringify(m)).not.toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/)
  })
})
