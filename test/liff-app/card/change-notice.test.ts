import { describe, expect, it } from 'vitest'
import type { HistoryEntry } from '../../../liff-app/src/card/api'
import { changeNotice, newEntries } from '../../../liff-app/src/card/change-notice'

const entry = (id: number, kind: HistoryEntry['kind'], points: number): HistoryEntry => ({
  id,
  kind,
  points,
  at: '2026-07-01T03:00:00.000Z',
  storeName: '渋谷店',
})

describe('newEntries', () => {
  it('finds the entries newer than every entry the card showed, newest first', () => {
    const before = [entry(5, 'earn', 100), entry(3, 'redeem', -50)]
    const after = [entry(7, 'redeem', -200), entry(6, 'earn', 109), ...before]
    expect(newEntries(before, after).map((e) => e.id)).toEqual([7, 6])
    expect(newEntries([], [entry(1, 'earn', 10)]).map((e) => e.id)).toEqual([1])
    expect(newEntries(before, before)).toEqual([])
  })
})

describe('changeNotice', () => {
  const all = [
    entry(5, 'earn', 109),
    entry(4, 'redeem', -500),
    entry(3, 'reverse', -109),
    entry(2, 'adjust', 1200),
    entry(1, 'expire', -30),
  ]

  it('says what changed in Japanese only', () => {
    expect(changeNotice(all, 'ja')).toEqual([
      '+109 pt 獲得しました',
      '500 pt 使いました',
      '取引が取り消されました（−109 pt）',
      'ポイントが調整されました（+1,200 pt）',
      '30 pt が失効しました',
    ])
  })

  it('says what changed in English only', () => {
    expect(changeNotice(all, 'en')).toEqual([
      '+109 pt earned',
      '500 pt redeemed',
      'A transaction was reversed (−109 pt)',
      'Points adjusted (+1,200 pt)',
      '30 pt expired',
    ])
  })
})
