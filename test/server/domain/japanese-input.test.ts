import { describe, expect, it } from 'vitest'
import { normalizeDate, normalizeKana, normalizePhone, prefectures } from '../../../server/domain/japanese-input'

describe('Japanese form input', () => {
  it('normalises phone numbers with full-width digits, hyphens, spaces and +81', () => {
    expect(normalizePhone('090-1234-5678')).toBe('09012345678')
    expect(normalizePhone('０９０－１２３４－５６７８')).toBe('09012345678')
    expect(normalizePhone('03 1234 5678')).toBe('0312345678')
    expect(normalizePhone('+81 90-1234-5678')).toBe('09012345678')
    expect(normalizePhone('1234')).toBeNull()
    expect(normalizePhone('090-1234-567a')).toBeNull()
  })

  it('turns hiragana and half-width katakana readings into full-width katakana', () => {
    expect(normalizeKana('やまだ はなこ')).toBe('ヤマダ ハナコ')
    expect(normalizeKana('ﾔﾏﾀﾞ　ﾊﾅｺ')).toBe('ヤマダ ハナコ')
    expect(normalizeKana('Yamada')).toBeNull()
    expect(normalizeKana('山田')).toBeNull()
  })

  it('reads dates in the common Japanese ways and rejects impossible days', () => {
    expect(normalizeDate('1990-07-15')).toBe('1990-07-15')
    expect(normalizeDate('1990/7/5')).toBe('1990-07-05')
    expect(normalizeDate('１９９０年７月１５日')).toBe('1990-07-15')
    expect(normalizeDate('1990-02-30')).toBeNull()
    expect(normalizeDate('yesterday')).toBeNull()
  })

  it('lists the 47 prefectures', () => {
    expect(prefectures).toHaveLength(47)
  })
})
