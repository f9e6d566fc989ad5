import { describe, expect, it } from 'vitest'
import { translate } from '../../../liff-app/src/i18n/messages'
import { format, pickLocale } from '../../../liff-app/src/i18n/translate'

describe('pickLocale', () => {
  it('is Japanese by default and English only for en-* browsers', () => {
    expect(pickLocale('ja-JP')).toBe('ja')
    expect(pickLocale('en-US')).toBe('en')
    expect(pickLocale('EN')).toBe('en')
    expect(pickLocale('zh-TW')).toBe('ja')
    expect(pickLocale(undefined)).toBe('ja')
  })
})

describe('translate', () => {
  it('fills placeholders in either language', () => {
    expect(translate('card.countdown', 'ja', { seconds: 42 })).toBe('有効期限まで あと42秒')
    expect(translate('card.countdown', 'en', { seconds: 42 })).toBe('Valid for 42s')
  })

  it('carries the offline notice the card shows when the network drops', () => {
    expect(translate('card.offline', 'ja')).toBe('オフライン: 有効期限まで表示しています')
  })

  it('leaves unknown placeholders visible rather than printing undefined', () => {
    expect(format(['{a}と{b}', '{a} and {b}'], 'en', { a: 1 })).toBe('1 and {b}')
  })
})
